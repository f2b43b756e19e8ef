using System.Globalization;
using EventSourced.Domain.Common;
using NodaTime;
using NodaTime.Text;

namespace EventSourced.Domain.Members.RecordReviews;

/// <summary>
/// What the member is asked to check, read from the register, and how a value the member reports is
/// cleaned before it is stored: one list, so the app, the worklist and the corrections agree.
/// </summary>
public static class RecordCheck
{
    /// <summary>The fields, in the order the app shows them.</summary>
    public static readonly IReadOnlyList<RecordField> Fields = Enum.GetValues<RecordField>();

    /// <summary>The longest note a member may add to a report.</summary>
    public const int NoteLimit = 1000;

    /// <summary>Each field as the register holds it now.</summary>
    public static IReadOnlyList<CheckedValue> Values(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return [.. Fields.Select(f => new CheckedValue(f, Read(member, f)))];
    }

    public static string? Read(Member member, RecordField field)
    {
        ArgumentNullException.ThrowIfNull(member);
        return field switch
        {
            RecordField.FullName => member.Profile.FullName,
            RecordField.DateOfBirth => Iso(member.Profile.DateOfBirth),
            RecordField.CitizenId => member.Profile.CitizenId,
            RecordField.Cell => member.CellId.ToString(),
            RecordField.AdmissionDate => Iso(member.Admission.Date),
            RecordField.OfficialDate => member.OfficialDate is { } d ? Iso(d) : null,
            RecordField.CardNumber => member.CardNumber,
            RecordField.Phone => member.Profile.Phone,
            _ => throw new RuleViolation("Review.FieldInvalid"),
        };
    }

    /// <summary>The profile field a correction changes for <paramref name="field"/>, or null when it is not a profile field.</summary>
    public static string? ProfileField(RecordField field) => field switch
    {
        RecordField.FullName => MemberProfileFields.FullName,
        RecordField.DateOfBirth => MemberProfileFields.DateOfBirth,
        RecordField.CitizenId => MemberProfileFields.CitizenId,
        RecordField.Phone => MemberProfileFields.Phone,
        _ => null,
    };

    /// <summary>The date of an entry a date correction changes for <paramref name="field"/>, or null.</summary>
    public static MemberDateKind? DateKind(RecordField field) => field switch
    {
        RecordField.AdmissionDate => MemberDateKind.AdmissionDecision,
        RecordField.OfficialDate => MemberDateKind.OfficialRecognition,
        _ => null,
    };

    /// <summary>
    /// The procedure that changes a field no correction may change: a member's cell changes by a
    /// transfer (with its letter and dates), a card number by issuing or replacing the card.
    /// </summary>
    public static string? Procedure(RecordField field) => field switch
    {
        RecordField.Cell => "Transfer",
        RecordField.CardNumber => "PartyCard",
        _ => null,
    };

    /// <summary>The member's value as it will be stored, or a refusal naming what is wrong with it.</summary>
    public static string Clean(RecordField field, string? value, LocalDate today)
    {
        if (!Enum.IsDefined(field))
        {
            throw new RuleViolation("Review.FieldInvalid");
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new RuleViolation("Review.ValueRequired");
        }

        if (ProfileField(field) is { } profileField)
        {
            var clean = MemberProfileFields.Clean(profileField, value) ?? throw new RuleViolation("Review.ValueRequired");
            if (field == RecordField.DateOfBirth && LocalDatePattern.Iso.Parse(clean).Value > today)
            {
                throw new RuleViolation("Member.DateOfBirthInvalid");
            }

            return clean;
        }

        return field switch
        {
            RecordField.AdmissionDate or RecordField.OfficialDate => Date(value, today),
            RecordField.CardNumber => PartyCardsHandler.Normalise(value),
            _ => Input.Required(value, TextLimits.Name, "Review.Value"),
        };
    }

    /// <summary>The reference a correction's reason carries, so the timeline names the report it came from.</summary>
    public static string Reference(Guid reportId) => "APP-" + reportId.ToString("N", CultureInfo.InvariantCulture)[..8].ToUpperInvariant();

    private static string Date(string text, LocalDate today)
    {
        var parsed = LocalDatePattern.Iso.Parse(text.Trim());
        return parsed.Success && parsed.Value.Year >= 1900 && parsed.Value <= today
            ? Iso(parsed.Value)
            : throw new RuleViolation("Review.DateInvalid");
    }

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);
}
