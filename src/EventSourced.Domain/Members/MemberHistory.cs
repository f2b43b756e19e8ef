using EventSourced.Domain.Common;
using NodaTime;

namespace EventSourced.Domain.Members;

/// <summary>An entry the fold could not apply, and the entry that had ended membership before its date.</summary>
public sealed record SkippedEntry(MemberEntry Entry, MemberEntry? Because);

/// <summary>A rescission proposed by one user, waiting for another to confirm it.</summary>
public sealed record RescissionProposal(
    Guid ProposalId,
    int EntryVersion,
    string EntryType,
    Decision Decision,
    string Reason,
    Guid ProposedBy,
    string ProposedByName,
    LocalDate ProposedOn);

/// <summary>
/// How the member's stream is read in business-date order (decision 0019): which events are notes
/// about other entries rather than facts, the date each fact is folded on, and the check that a
/// back-dated entry fits what is already recorded after its date.
/// </summary>
public static class MemberHistory
{
    /// <summary>Notes about other entries (rescissions, their proposals, date corrections): they change which facts count, not the state.</summary>
    public static bool IsNote(IMemberEvent e) =>
        e is MemberEntryRescissionProposed or MemberRescissionWithdrawn or MemberEntryRescinded or MemberDateCorrected;

    /// <summary>The date a fact is folded on; the entry that starts the record comes first whatever its dates.</summary>
    public static LocalDate OrderDate(IMemberEvent e) => e switch
    {
        MemberAdmitted or MemberTransferredIn => LocalDate.MinIsoValue,
        _ => e.EffectiveDate,
    };

    /// <summary>Steps only a member takes: on a date the member was not one, they contradict the record.</summary>
    public static bool RequiresMembership(IMemberEvent e) => e is MemberRecognisedOfficial or MemberExempted or MemberExemptionEnded
        or DisciplineImposed or MemberRemovedFromRolls or MemberLeftVoluntarily or MemberTransferred or MemberTransferLetterIssued
        or MemberTransferredOut or MemberHostedTemporarily or PartyBadgeAwarded or MemberAppAccessGranted;

    /// <summary>
    /// Refuses <paramref name="events"/> when, folded at their business dates among what is recorded,
    /// an entry could no longer apply: "Member.ContradictsEntry" names the entry in the way (its event
    /// type, shown by the web as "MemberEventName.{type}", and its date) so staff can see what to correct first. Returns the events for chaining.
    /// </summary>
    public static IReadOnlyList<IMemberEvent> MustFit(Member member, params IMemberEvent[] events)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (member.History.Count == 0)
        {
            return events;
        }

        var recorded = member.History.Select(h => h.Event).ToList();
        var before = Member.Replay(recorded).Skipped.Select(s => s.Entry.Version).ToHashSet();
        var after = Member.Replay(recorded.Concat(events));
        if (after.Skipped.FirstOrDefault(s => !before.Contains(s.Entry.Version)) is { } conflict)
        {
            // A later entry that no longer applies is the one in the way; when the new entry (or the
            // entry whose date is being corrected) cannot apply, the end of membership before it is.
            var moved = events.OfType<MemberDateCorrected>().Select(c => c.EntryVersion).ToHashSet();
            var own = conflict.Entry.Version > recorded.Count || moved.Contains(conflict.Entry.Version);
            var named = own ? conflict.Because ?? conflict.Entry : conflict.Entry;
            throw new RuleViolation("Member.ContradictsEntry", named.Event.GetType(), named.Event.EffectiveDate);
        }

        return events;
    }

    /// <summary>Each entry whose dates were corrected, as the corrections (in recording order) leave it, by version.</summary>
    public static Dictionary<int, IMemberEvent> CorrectedDates(IReadOnlyList<MemberEntry> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var corrected = new Dictionary<int, IMemberEvent>();
        foreach (var c in history.Select(h => h.Event).OfType<MemberDateCorrected>().Where(c => c.EntryVersion >= 1 && c.EntryVersion <= history.Count))
        {
            var target = corrected.GetValueOrDefault(c.EntryVersion) ?? history[c.EntryVersion - 1].Event;
            corrected[c.EntryVersion] = MemberDates.With(target, c.Date, c.NewDate) ?? target;
        }

        return corrected;
    }

    /// <summary>The facts of the record as they count: rescinded entries left out, corrected dates applied, in business-date order.</summary>
    public static IReadOnlyList<MemberEntry> FactsInEffect(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var corrected = CorrectedDates(member.History);
        var rescinded = member.RescindedEntries.ToHashSet();
        return [.. member.History
            .Where(h => !IsNote(h.Event) && !rescinded.Contains(h.Version))
            .Select(h => corrected.TryGetValue(h.Version, out var c) ? h with { Event = c } : h)
            .OrderBy(h => OrderDate(h.Event))
            .ThenBy(h => h.Version)];
    }

    /// <summary>The entry of the stream at <paramref name="version"/>, or null.</summary>
    public static MemberEntry? Entry(Member member, int version) =>
        version >= 1 && version <= member.History.Count ? member.History[version - 1] : null;
}
