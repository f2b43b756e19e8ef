using System.Globalization;
using EventSourced.Domain.Common;
using NodaTime;
using NodaTime.Text;

namespace EventSourced.Domain.Members;

/// <summary>
/// The profile fields a correction may change, by name, with how each is read, validated and
/// written back. One list, so the correction form, the event and the timeline name fields alike.
/// </summary>
public static class MemberProfileFields
{
    public const string FullName = nameof(MemberProfile.FullName);
    public const string BirthName = nameof(MemberProfile.BirthName);
    public const string Aliases = nameof(MemberProfile.Aliases);
    public const string Sex = nameof(MemberProfile.Sex);
    public const string DateOfBirth = nameof(MemberProfile.DateOfBirth);
    public const string PlaceOfBirth = nameof(MemberProfile.PlaceOfBirth);
    public const string HomeTown = nameof(MemberProfile.HomeTown);
    public const string Ethnicity = nameof(MemberProfile.Ethnicity);
    public const string Religion = nameof(MemberProfile.Religion);
    public const string CitizenId = nameof(MemberProfile.CitizenId);
    public const string Phone = nameof(MemberProfile.Phone);

    public static readonly IReadOnlyList<string> All =
        [FullName, BirthName, Aliases, Sex, DateOfBirth, PlaceOfBirth, HomeTown, Ethnicity, Religion, CitizenId, Phone];

    public static string? Read(MemberProfile profile, string field) => field switch
    {
        FullName => profile.FullName,
        BirthName => profile.BirthName,
        Aliases => profile.Aliases,
        Sex => profile.Sex.ToString(),
        DateOfBirth => LocalDatePattern.Iso.Format(profile.DateOfBirth),
        PlaceOfBirth => profile.PlaceOfBirth,
        HomeTown => profile.HomeTown,
        Ethnicity => profile.Ethnicity,
        Religion => profile.Religion,
        CitizenId => profile.CitizenId,
        Phone => profile.Phone,
        _ => throw new RuleViolation("Member.UnknownField", field),
    };

    /// <summary>The value as it will be stored, or a refusal when it cannot be one.</summary>
    public static string? Clean(string field, string? value)
    {
        var text = VietnameseText.Normalise(value);
        switch (field)
        {
            case FullName when text.Length == 0:
                throw new RuleViolation("Member.NameRequired");
            case FullName or BirthName or Aliases or PlaceOfBirth or HomeTown or Ethnicity or Religion when text.Length > TextLimits.Name:
                // One code for the seven fields (the field is its first argument): the import file and the correction form name the column.
                throw new RuleViolation("Member.TextTooLong", field, TextLimits.Name);
            case Sex:
                // Names only: Enum.TryParse would also take "5".
                return Enum.GetNames<Sex>().FirstOrDefault(n => n.Equals(text, StringComparison.OrdinalIgnoreCase)) ?? throw new RuleViolation("Member.SexInvalid");
            case DateOfBirth:
                // The same bounds as at admission (AdmitMemberHandler.CleanProfile adds "not in the future").
                return LocalDatePattern.Iso.Parse(text) is { Success: true } parsed && parsed.Value.Year >= 1900 ? text : throw new RuleViolation("Member.DateOfBirthInvalid");
            case CitizenId:
                return Members.CitizenId.LostDigits(text) ? throw new RuleViolation("Member.CitizenIdLostDigits", text)
                    : Members.CitizenId.Normalise(text) is not { Length: > 0 } id ? null
                    : id.Length > TextLimits.CitizenId ? throw new RuleViolation("Member.TextTooLong", field, TextLimits.CitizenId)
                    : Members.CitizenId.IsPlaceholder(id) ? throw new RuleViolation("Member.CitizenIdPlaceholder")
                    : id;
            case Phone:
                var digits = new string(text.Where(c => char.IsAsciiDigit(c) || c == '+').ToArray());
                return digits.Length == 0 ? null : digits.Length is >= 9 and <= 15 ? digits : throw new RuleViolation("Member.PhoneInvalid");
            default:
                return text.Length == 0 ? null : text;
        }
    }

    public static MemberProfile With(MemberProfile profile, string field, string? value) => field switch
    {
        FullName => profile with { FullName = value ?? string.Empty },
        BirthName => profile with { BirthName = value },
        Aliases => profile with { Aliases = value },
        Sex => profile with { Sex = Enum.Parse<Sex>(value!) },
        DateOfBirth => profile with { DateOfBirth = LocalDatePattern.Iso.Parse(value!).Value },
        PlaceOfBirth => profile with { PlaceOfBirth = value },
        HomeTown => profile with { HomeTown = value },
        Ethnicity => profile with { Ethnicity = value },
        Religion => profile with { Religion = value },
        CitizenId => profile with { CitizenId = value },
        Phone => profile with { Phone = value },
        _ => profile,
    };
}

/// <summary>What a citizen ID says about its holder, checked against the profile.</summary>
public enum CitizenIdWarning
{
    NotTwelveDigits,
    CenturyOrSexMismatch,
    BirthYearMismatch,
}

/// <summary>
/// The 12-digit citizen ID (CCCD): 3 digits of province, 1 digit for century and sex (0/1 = male/
/// female born 1900s, 2/3 = 2000s, 4/5 = 2100s...), 2 digits of birth year, 6 digits. Legacy data has
/// errors and old 9-digit IDs, so a mismatch is a warning on the record, never a refusal.
/// </summary>
public static class CitizenId
{
    public static string Normalise(string text) => new(text.Where(c => !char.IsWhiteSpace(c) && c != '.' && c != '-').ToArray());

    /// <summary>
    /// A number in scientific notation ("1.23457E+11", "1,23457E+11" in a Vietnamese Excel): how Excel shows a
    /// 12-digit number in a General cell, and how a CSV saved from it keeps it. Its last digits are gone for
    /// good: it is no citizen ID, neither to store nor to compare.
    /// </summary>
    public static bool LostDigits(string? text)
    {
        var value = (text ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal);
        var e = value.IndexOfAny(['E', 'e']);
        if (e <= 0 || e == value.Length - 1)
        {
            return false;
        }

        var mantissa = value[..e];
        var exponent = value[(e + 1)..].TrimStart('+');
        var separators = mantissa.Count(c => c is '.' or ',');
        return exponent.Length > 0 && exponent.All(char.IsAsciiDigit) && separators <= 1
            && mantissa.All(c => char.IsAsciiDigit(c) || c is '.' or ',') && char.IsAsciiDigit(mantissa[0]);
    }

    /// <summary>
    /// Digits that are one digit repeated ("000000000000", "111111111"): what is typed when the ID is
    /// not known. No province code is 000 or repeats its digit, so it names nobody; taken as an ID it
    /// would make everyone typed so one person in the register. Refused at entry (leave the field
    /// empty instead) and never a register key.
    /// </summary>
    public static bool IsPlaceholder(string? citizenId)
    {
        var digits = (citizenId ?? string.Empty).Where(char.IsAsciiDigit).ToArray();
        return digits.Length > 0 && digits.All(d => d == digits[0]);
    }

    public static IReadOnlyList<CitizenIdWarning> Check(string? citizenId, LocalDate dateOfBirth, Sex sex)
    {
        if (string.IsNullOrEmpty(citizenId))
        {
            return [];
        }

        if (citizenId.Length != 12 || !citizenId.All(char.IsAsciiDigit))
        {
            return [CitizenIdWarning.NotTwelveDigits];
        }

        var warnings = new List<CitizenIdWarning>();
        var code = citizenId[3] - '0';
        var century = 1900 + (code / 2 * 100);
        var female = code % 2 == 1;
        if (century != dateOfBirth.Year / 100 * 100 || female != (sex == Members.Sex.Female))
        {
            warnings.Add(CitizenIdWarning.CenturyOrSexMismatch);
        }

        if (int.Parse(citizenId.AsSpan(4, 2), CultureInfo.InvariantCulture) != dateOfBirth.Year % 100)
        {
            warnings.Add(CitizenIdWarning.BirthYearMismatch);
        }

        return warnings;
    }
}
