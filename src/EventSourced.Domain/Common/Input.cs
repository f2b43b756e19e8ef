using NodaTime;

namespace EventSourced.Domain.Common;

/// <summary>
/// The input rules every procedure shares, with one policy: text is normalised (NFC, "Ð" as "Đ",
/// spaces collapsed) and refused when missing or over its limit, never cut. A cut reason would be
/// stored as if the user had written it, and the record is never erased. Each refusal's code is
/// the field followed by what is wrong ("Member.ReasonRequired", "Member.ReasonTooLong" with the
/// limit, "Member.DateInFuture" with the date), a key in the web's resource files.
/// </summary>
public static class Input
{
    /// <summary>Normalised text; refused as "{field}Required" when empty or white space, "{field}TooLong" (limit) when longer.</summary>
    public static string Required(string? value, int limit, string field)
    {
        var clean = VietnameseText.Normalise(value);
        return clean.Length == 0 ? throw new RuleViolation(field + "Required") : AtMost(clean, limit, field);
    }

    /// <summary>Normalised text, or null when empty; refused as "{field}TooLong" (limit) when longer.</summary>
    public static string? Optional(string? value, int limit, string field)
    {
        var clean = VietnameseText.Normalise(value);
        return clean.Length == 0 ? null : AtMost(clean, limit, field);
    }

    /// <summary>Text already cleaned its own way (Markdown keeps its spacing), refused as "{field}TooLong" (limit) when longer.</summary>
    public static string AtMost(string clean, int limit, string field)
    {
        ArgumentNullException.ThrowIfNull(clean);
        return clean.Length > limit ? throw new RuleViolation(field + "TooLong", limit) : clean;
    }

    /// <summary>
    /// A business date must not lie after <paramref name="today"/>, Hanoi's date (<see cref="VietnamTime.Today"/>);
    /// refused as "{field}InFuture" with the date.
    /// </summary>
    public static void NotInFuture(LocalDate date, LocalDate today, string field)
    {
        if (date > today)
        {
            throw new RuleViolation(field + "InFuture", date);
        }
    }
}

/// <summary>
/// How long each kind of text may be, in characters after normalising: one list, so the rules and
/// the forms' <c>maxlength</c> cannot disagree.
/// </summary>
public static class TextLimits
{
    /// <summary>
    /// Why something was done, or a note or comment beside it: in a member or transfer procedure, an
    /// install, an editorial decision, and in the audit record of every change. One limit for all, so
    /// a reason accepted by one form is never refused (or, as before, cut) by the next step.
    /// </summary>
    public const int Reason = 1000;

    /// <summary>
    /// One line naming a person, a body or a place: profile names and places, a unit, an organisation
    /// outside the city, a trainer, a position, a document's number or issuing body; also a decision
    /// reference as the audit record keeps it (the number with its date).
    /// </summary>
    public const int Name = 200;

    /// <summary>A decision's or a transfer letter's number, such as "125-QĐ/TU".</summary>
    public const int DecisionReference = 100;

    public const int Title = 300;

    public const int Summary = 2000;

    /// <summary>Long documents are attachments; the Markdown body is for what is read on a phone.</summary>
    public const int Body = 100_000;

    public const int Tag = 50;

    /// <summary>A web address, such as a reposted article's original.</summary>
    public const int Url = 2000;

    /// <summary>What the mobile app reports about a device.</summary>
    public const int DeviceId = 128;

    /// <summary>A citizen ID as the register keeps it: 12 digits (9 for an old identity card), with room for a passport number; anything longer is not one.</summary>
    public const int CitizenId = 20;

    public const int Platform = 32;

    public const int AppVersion = 32;

    /// <summary>What staff note about a device when they record an install by hand.</summary>
    public const int DeviceNote = 200;
}
