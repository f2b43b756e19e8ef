using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Members;

/// <summary>The dates of a recorded entry that can be corrected.</summary>
public enum MemberDateKind
{
    AdmissionDecision,
    Ceremony,
    OfficialRecognition,
    Exemption,
    Transfer,
}

/// <summary>
/// A date of the entry at <paramref name="EntryVersion"/> was recorded wrong: the member is folded
/// with <paramref name="NewDate"/> instead, so probation, party age and badges follow. The entry keeps
/// its original date on the stream.
/// </summary>
public sealed record MemberDateCorrected(
    int EntryVersion,
    string EntryType,
    MemberDateKind Date,
    LocalDate OldDate,
    LocalDate NewDate,
    string Reason,
    LocalDate EffectiveDate) : IMemberEvent;

/// <summary>Correct a date of the entry at <paramref name="EntryVersion"/>, saying why.</summary>
public sealed record CorrectDate(Guid MemberId, int ExpectedVersion, int EntryVersion, MemberDateKind Date, LocalDate NewDate, string Reason);

/// <summary>Which date of which entry a <see cref="MemberDateKind"/> is.</summary>
public static class MemberDates
{
    /// <summary>The date of that kind the entry carries, or null when it carries none.</summary>
    public static LocalDate? Read(IMemberEvent e, MemberDateKind kind) => (e, kind) switch
    {
        (MemberAdmitted a, MemberDateKind.AdmissionDecision) => a.Decision.Date,
        (MemberAdmitted a, MemberDateKind.Ceremony) => a.CeremonyDate,
        (MemberReadmitted a, MemberDateKind.AdmissionDecision) => a.Decision.Date,
        (MemberReadmitted a, MemberDateKind.Ceremony) => a.CeremonyDate,
        (MemberTransferredIn t, MemberDateKind.AdmissionDecision) => t.Admission.Date,
        (MemberTransferredIn t, MemberDateKind.Ceremony) => t.CeremonyDate,
        (MemberTransferredIn t, MemberDateKind.OfficialRecognition) => t.OfficialDate,
        (MemberTransferredIn t, MemberDateKind.Transfer) => t.EffectiveDate,
        (MemberRecognisedOfficial r, MemberDateKind.OfficialRecognition) => r.EffectiveDate,
        (MemberExempted x, MemberDateKind.Exemption) => x.EffectiveDate,
        (MemberExemptionEnded x, MemberDateKind.Exemption) => x.EffectiveDate,
        (MemberTransferred t, MemberDateKind.Transfer) => t.EffectiveDate,
        (MemberTransferredOut t, MemberDateKind.Transfer) => t.EffectiveDate,
        _ => null,
    };

    /// <summary>The entry with that date replaced, or null when it carries no such date.</summary>
    public static IMemberEvent? With(IMemberEvent e, MemberDateKind kind, LocalDate date) => (e, kind) switch
    {
        (MemberAdmitted a, MemberDateKind.AdmissionDecision) => a with { Decision = a.Decision with { Date = date } },
        (MemberAdmitted a, MemberDateKind.Ceremony) => a with { CeremonyDate = date },
        (MemberReadmitted a, MemberDateKind.AdmissionDecision) => a with { Decision = a.Decision with { Date = date } },
        (MemberReadmitted a, MemberDateKind.Ceremony) => a with { CeremonyDate = date },
        (MemberTransferredIn t, MemberDateKind.AdmissionDecision) => t with { Admission = t.Admission with { Date = date } },
        (MemberTransferredIn t, MemberDateKind.Ceremony) => t with { CeremonyDate = date },
        (MemberTransferredIn t, MemberDateKind.OfficialRecognition) when t.OfficialDate is not null => t with { OfficialDate = date },
        (MemberTransferredIn t, MemberDateKind.Transfer) => t with { EffectiveDate = date },
        (MemberRecognisedOfficial r, MemberDateKind.OfficialRecognition) => r with { EffectiveDate = date },
        (MemberExempted x, MemberDateKind.Exemption) => x with { EffectiveDate = date },
        (MemberExemptionEnded x, MemberDateKind.Exemption) => x with { EffectiveDate = date },
        (MemberTransferred t, MemberDateKind.Transfer) => t with { EffectiveDate = date },
        (MemberTransferredOut t, MemberDateKind.Transfer) => t with { EffectiveDate = date },
        _ => null,
    };
}

public static class CorrectDateHandler
{
    public static MemberDateCorrected Decide(CorrectDate command, Member member, LocalDate today)
    {
        var entry = MemberHistory.Entry(member, command.EntryVersion) ?? throw new RuleViolation("Member.EntryNotFound");
        if (member.RescindedEntries.Contains(entry.Version))
        {
            throw new RuleViolation("Member.EntryAlreadyRescinded");
        }

        // The date as it stands after earlier corrections is the one being replaced.
        var current = member.History
            .Select(h => h.Event)
            .OfType<MemberDateCorrected>()
            .LastOrDefault(c => c.EntryVersion == entry.Version && c.Date == command.Date)?.NewDate
            ?? MemberDates.Read(entry.Event, command.Date)
            ?? throw new RuleViolation("Member.DateNotOnEntry");
        MemberRules.NotInFuture(command.NewDate, today);
        if (command.NewDate == current)
        {
            throw new RuleViolation("Member.NothingChanged");
        }

        if (command.NewDate < member.Profile.DateOfBirth)
        {
            throw new RuleViolation("Member.DateBeforeBirth");
        }

        var corrected = new MemberDateCorrected(entry.Version, entry.Event.GetType().Name, command.Date, current, command.NewDate, MemberRules.Reason(command.Reason), today);
        var after = Member.Replay(member.History.Select(h => h.Event).Append(corrected));
        if (after.Status is MembershipStatus.Probationary or MembershipStatus.Official && after.CeremonyDate < after.Admission.Date)
        {
            throw new RuleViolation("Member.CeremonyBeforeDecision");
        }

        MemberHistory.MustFit(member, corrected);
        return corrected;
    }

    public static async Task Handle(CorrectDate command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, VietnamTime.Today(clock)));
    }
}
