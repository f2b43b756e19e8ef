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
        // A correction must not break a rule of the dates that held before it (a record imported with an
        // irregular date can still have its other dates corrected).
        var before = Broken(member).Select(v => v.Code).ToHashSet();
        if (Broken(after).FirstOrDefault(v => !before.Contains(v.Code)) is { } broken)
        {
            throw broken;
        }

        MemberHistory.MustFit(member, corrected);
        return corrected;
    }

    /// <summary>
    /// The rules of a member's dates the record breaks: the ceremony before its (re)admission decision, the
    /// official date before the ceremony or, when recognised in the register, before the 12 months of
    /// probation end, an exemption ending before it begins or inside another, a readmission decided less than
    /// 36 months after the membership before it ended.
    /// </summary>
    public static IEnumerable<RuleViolation> Broken(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (member.Status is MembershipStatus.Probationary or MembershipStatus.Official)
        {
            var decided = member.Periods.Count > 0 ? member.Periods[^1].From : member.Admission.Date;
            if (member.CeremonyDate < decided)
            {
                yield return new RuleViolation("Member.CeremonyBeforeDecision");
            }

            if (member.OfficialDate is { } official)
            {
                if (official < member.CeremonyDate)
                {
                    yield return new RuleViolation("Member.OfficialBeforeCeremony");
                }
                else if (RecognisedInRegister(member) && official < MemberRules.ProbationEnds(member))
                {
                    yield return new RuleViolation("Member.OfficialBeforeProbationEnds", MemberRules.ProbationEnds(member));
                }
            }
        }

        // An end folded before its exemption (dated before it) leaves the exemption open: fewer periods closed than ends.
        var ends = member.History.Count(h => h.Event is MemberExemptionEnded && !member.RescindedEntries.Contains(h.Version));
        for (var i = 0; i < member.ExemptPeriods.Count; i++)
        {
            var period = member.ExemptPeriods[i];
            if (period.To is { } to && to < period.From || i > 0 && (member.ExemptPeriods[i - 1].To is not { } previous || period.From < previous))
            {
                yield return new RuleViolation("Member.ExemptionOverlapsEarlier", period.From);
            }
        }

        if (member.ExemptPeriods.Count(p => p.To is not null) < ends)
        {
            yield return new RuleViolation("Member.ExemptionOverlapsEarlier", member.ExemptPeriods.Count > 0 ? member.ExemptPeriods[^1].From : member.Admission.Date);
        }

        for (var i = 1; i < member.Periods.Count; i++)
        {
            var allowedFrom = member.Periods[i - 1].To is { } ended ? ended + MemberRules.ReadmissionWait : (LocalDate?)null;
            if (allowedFrom is null || member.Periods[i].From < allowedFrom)
            {
                yield return new RuleViolation("Member.ReadmissionTooSoon", allowedFrom ?? member.Periods[i].From);
            }
        }
    }

    /// <summary>Recognised as official by a decision recorded in the register, since the latest (re)admission.</summary>
    private static bool RecognisedInRegister(Member member)
    {
        var readmittedAt = member.History.LastOrDefault(h => h.Event is MemberReadmitted)?.Version ?? 0;
        return member.History.Any(h => h.Event is MemberRecognisedOfficial && h.Version > readmittedAt && !member.RescindedEntries.Contains(h.Version));
    }

    public static async Task Handle(CorrectDate command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, VietnamTime.Today(clock)));
    }
}
