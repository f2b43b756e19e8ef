using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Members;

/// <summary>
/// One user proposes to rescind an entry that takes the member off or onto the roll; another must
/// confirm it (<see cref="MemberEntryRescinded"/>). The entry stays on the stream.
/// </summary>
public sealed record MemberEntryRescissionProposed(
    Guid ProposalId,
    int EntryVersion,
    string EntryType,
    Decision Decision,
    string Reason,
    Guid ProposedBy,
    string ProposedByName,
    LocalDate EffectiveDate) : IMemberEvent;

/// <summary>A rescission proposal withdrawn by its author or declined by another user.</summary>
public sealed record MemberRescissionWithdrawn(Guid ProposalId, Guid By, string ByName, LocalDate EffectiveDate) : IMemberEvent;

/// <summary>
/// The entry at <paramref name="EntryVersion"/> was recorded in error: the member is folded as if it
/// had not happened, and the timeline shows both. A rescission that needed a second person names
/// the proposal and its author; <paramref name="RecordedBy"/> is the user who made it take effect.
/// </summary>
public sealed record MemberEntryRescinded(
    int EntryVersion,
    string EntryType,
    Decision Decision,
    string Reason,
    Guid? ProposalId,
    Guid? ProposedBy,
    string? ProposedByName,
    Guid RecordedBy,
    string RecordedByName,
    LocalDate EffectiveDate) : IMemberEvent;

/// <summary>Rescind the entry at <paramref name="EntryVersion"/> of the member's stream, on a decision and for a reason.</summary>
public sealed record RescindEntry(
    Guid MemberId,
    int ExpectedVersion,
    Guid ProposalId,
    int EntryVersion,
    Decision Decision,
    string Reason,
    Guid ActorId,
    string ActorName);

/// <summary>Confirm another user's rescission proposal.</summary>
public sealed record ConfirmRescission(Guid MemberId, int ExpectedVersion, Guid ProposalId, Guid ActorId, string ActorName);

/// <summary>Withdraw (the author) or decline (another user) a rescission proposal.</summary>
public sealed record WithdrawRescission(Guid MemberId, int ExpectedVersion, Guid ProposalId, Guid ActorId, string ActorName);

/// <summary>Which entries can be rescinded, and which need a second person.</summary>
public static class Rescissions
{
    /// <summary>Entries that take the member off or onto the roll: a second person confirms their rescission.</summary>
    public static bool NeedsSecondPerson(IMemberEvent e) => e is MemberAdmitted or MemberReadmitted or MemberTransferredIn
        or MemberRemovedFromRolls or MemberLeftVoluntarily or MemberDied or MemberTransferredOut
        or DisciplineImposed { Kind: DisciplineKind.Expulsion };

    /// <summary>
    /// Facts that can be found recorded in error. Other disciplines are annulled, profiles corrected; a
    /// transfer letter issued in error is cancelled on the transfer.
    /// </summary>
    public static bool CanRescind(IMemberEvent e) => NeedsSecondPerson(e)
        || e is MemberTransferred or MemberExempted or MemberExemptionEnded
            or PartyCardIssued or PartyCardReplaced or PartyBadgeAwarded;

    /// <summary>
    /// What a rescinded entry leaves on its transfer's own stream, so the transfer does not keep saying
    /// what the member's record no longer does: a receipt rescinded puts the transfer in transit again;
    /// a departure from the city rescinded while its letter is in transit cancels the letter (the
    /// member never left). Null when nothing fits: an arrival from outside rescinded leaves its
    /// transfer received, there being no event for an arrival that never happened.
    /// </summary>
    public static object? OnTransfer(IMemberEvent entry, Transfers.Transfer? transfer, MemberEntryRescinded rescinded)
    {
        ArgumentNullException.ThrowIfNull(rescinded);
        return (entry, transfer) switch
        {
            (MemberTransferred, { Status: Transfers.TransferStatus.Received }) =>
                new Transfers.TransferReceiptRescinded(rescinded.EntryVersion, rescinded.Reason, rescinded.EffectiveDate),
            (MemberTransferredOut, { Status: Transfers.TransferStatus.InTransit }) =>
                new Transfers.TransferCancelled(rescinded.EffectiveDate, rescinded.Reason),
            _ => null,
        };
    }

    /// <summary>
    /// The entry that ended a temporary stay because of the entry at <paramref name="entryVersion"/>, or null: a
    /// departure from the city, or a receipt into the cell hosting the member, ends the stay the same day and
    /// records that end on the member just before itself, in the same append (IssueTransferOut, ReceiveTransfer).
    /// </summary>
    public static MemberEntry? StayEndedWith(Member member, int entryVersion)
    {
        ArgumentNullException.ThrowIfNull(member);
        return MemberHistory.Entry(member, entryVersion) is { Event: MemberTransferredOut or MemberTransferred } entry
            && MemberHistory.Entry(member, entryVersion - 1) is { Event: MemberTemporaryHostingEnded ended } before
            && ended.On >= entry.Event.EffectiveDate
            && !member.RescindedEntries.Contains(before.Version)
                ? before
                : null;
    }

    /// <summary>
    /// What a rescinded departure (or receipt into the host cell) gives back of the temporary stay it ended: the
    /// stay as it was before, its end rescinded on the member's record and on the stay, with the same decision and
    /// people. A stay whose own end date has come by then ends on that date, as its scheduled end would have ended it
    /// (a check scheduled for a later date is still pending and ends it then). Nothing when the entry ended no stay or
    /// the stay has changed since.
    /// </summary>
    public static IReadOnlyList<StreamEvent> OnStay(Member member, MemberEntryRescinded rescinded, Transfers.Transfer? stay)
    {
        ArgumentNullException.ThrowIfNull(rescinded);
        if (StayEndedWith(member, rescinded.EntryVersion) is not { Event: MemberTemporaryHostingEnded ended } entry
            || stay is not { Kind: Transfers.TransferKind.Temporary, Status: Transfers.TransferStatus.Ended, TemporaryUntil: { } until }
            || stay.Id != ended.TransferId || stay.ClosedOn != ended.On)
        {
            return [];
        }

        var events = new List<StreamEvent>
        {
            new(member.Id, rescinded with { EntryVersion = entry.Version, EntryType = nameof(MemberTemporaryHostingEnded) }),
            new(stay.Id, new Transfers.TemporaryTransferEndRescinded(entry.Version, rescinded.Reason, rescinded.EffectiveDate)),
        };
        if (rescinded.EffectiveDate >= until)
        {
            events.Add(new(stay.Id, new Transfers.TemporaryTransferEnded(until, Early: false)));
            events.Add(new(member.Id, new MemberTemporaryHostingEnded(stay.Id, until)));
        }

        return events;
    }

    /// <summary>
    /// The card number a rescinded card entry frees: a card recorded in error names a number the member was
    /// never given, so the member who holds it may be recorded with it (in any province, decision 0034). Null
    /// when the entry is no card, or when another standing entry of the member still names the number (the
    /// card a rescinded replacement had replaced stays the member's).
    /// </summary>
    public static string? CardNumberFreed(Member member, int entryVersion)
    {
        ArgumentNullException.ThrowIfNull(member);
        var number = MemberHistory.Entry(member, entryVersion)?.Event switch
        {
            PartyCardIssued issued => issued.CardNumber,
            PartyCardReplaced replaced => replaced.CardNumber,
            _ => null,
        };
        var stillNamed = member.History
            .Where(h => h.Version != entryVersion && !member.RescindedEntries.Contains(h.Version))
            .Any(h => h.Event is PartyCardIssued i && i.CardNumber == number
                || h.Event is PartyCardReplaced r && (r.CardNumber == number || r.PreviousCardNumber == number));
        return number is null || stillNamed ? null : number;
    }

    /// <summary>Every register key the record holds: its citizen ID and its cards, current and previous.</summary>
    public static IEnumerable<string> KeysOfRecord(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new[] { RegisterKeys.CitizenId(member.Profile.CitizenId), RegisterKeys.Card(member.CardNumber) }
            .Concat(member.PreviousCardNumbers.Select(RegisterKeys.Card))
            .OfType<string>()
            .Distinct();
    }

    /// <summary>Whether the entry at <paramref name="version"/> may be offered for rescission now.</summary>
    public static bool Offered(Member member, int version) =>
        MemberHistory.Entry(member, version) is { } entry && CanRescind(entry.Event)
        && !member.RescindedEntries.Contains(version) && member.PendingRescissions.All(p => p.EntryVersion != version);
}

public static class RescindEntryHandler
{
    /// <summary>A rescission, or its proposal when the entry takes the member off or onto the roll.</summary>
    public static IMemberEvent Decide(RescindEntry command, Member member, LocalDate today)
    {
        var entry = MemberHistory.Entry(member, command.EntryVersion) ?? throw new RuleViolation("Member.EntryNotFound");
        if (member.RescindedEntries.Contains(entry.Version))
        {
            throw new RuleViolation("Member.EntryAlreadyRescinded");
        }

        if (!Rescissions.CanRescind(entry.Event))
        {
            throw new RuleViolation("Member.EntryNotRescindable");
        }

        if (member.PendingRescissions.Any(p => p.EntryVersion == entry.Version))
        {
            throw new RuleViolation("Member.RescissionPending");
        }

        var decision = MemberRules.Valid(command.Decision, today);
        var reason = MemberRules.Reason(command.Reason);
        var type = entry.Event.GetType().Name;
        IMemberEvent result = Rescissions.NeedsSecondPerson(entry.Event)
            ? new MemberEntryRescissionProposed(command.ProposalId, entry.Version, type, decision, reason, command.ActorId, command.ActorName, today)
            : new MemberEntryRescinded(entry.Version, type, decision, reason, null, null, null, command.ActorId, command.ActorName, today);
        // Without the entry, what is recorded after it must still hold: rescinding a removal the
        // member was later readmitted after is refused, naming the readmission.
        MemberHistory.MustFit(member, new MemberEntryRescinded(entry.Version, type, decision, reason, null, null, null, command.ActorId, command.ActorName, today));
        return result;
    }

    // tiedToActor: the proposer, when the proposer's account and the confirmer's are tied (AccountControl).
    public static MemberEntryRescinded Decide(ConfirmRescission command, Member member, LocalDate today, IReadOnlySet<Guid>? tiedToActor = null)
    {
        var proposal = member.PendingRescissions.FirstOrDefault(p => p.ProposalId == command.ProposalId)
            ?? throw new RuleViolation("Member.RescissionNotPending");
        if (proposal.ProposedBy == command.ActorId)
        {
            throw new RuleViolation("Member.RescissionOwnProposal");
        }

        Accounts.AccountControl.MustNotBeTied([proposal.ProposedBy], tiedToActor);

        var rescinded = new MemberEntryRescinded(
            proposal.EntryVersion,
            proposal.EntryType,
            proposal.Decision,
            proposal.Reason,
            proposal.ProposalId,
            proposal.ProposedBy,
            proposal.ProposedByName,
            command.ActorId,
            command.ActorName,
            today);
        MemberHistory.MustFit(member, rescinded);
        return rescinded;
    }

    public static MemberRescissionWithdrawn Decide(WithdrawRescission command, Member member, LocalDate today) =>
        member.PendingRescissions.Any(p => p.ProposalId == command.ProposalId)
            ? new MemberRescissionWithdrawn(command.ProposalId, command.ActorId, command.ActorName, today)
            : throw new RuleViolation("Member.RescissionNotPending");

    public static async Task Handle(RescindEntry command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        var rescission = Decide(command, stream.Aggregate!, VietnamTime.Today(clock));
        if (rescission is MemberEntryRescinded rescinded)
        {
            RegisterKeys.Release(session, command.MemberId, RegisterKeys.Card(Rescissions.CardNumberFreed(stream.Aggregate!, rescinded.EntryVersion)));
        }

        stream.AppendOne(rescission);
        if (rescission is MemberEntryRescinded done)
        {
            await MirrorOnTransferAsync(session, stream, done, ct);
        }
    }

    /// <summary>
    /// The member's version the confirming user saw is checked on append, so of two confirmations
    /// sent at once one is recorded and the other is refused as stale.
    /// </summary>
    public static async Task Handle(ConfirmRescission command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        var member = stream.Aggregate!;
        var proposers = member.PendingRescissions.Where(p => p.ProposalId == command.ProposalId).Select(p => p.ProposedBy);
        var tied = await Accounts.AccountControl.TiedAsync(session, command.ActorId, proposers, ct);
        var rescinded = Decide(command, member, VietnamTime.Today(clock), tied);
        RegisterKeys.Release(session, command.MemberId, RegisterKeys.Card(Rescissions.CardNumberFreed(member, rescinded.EntryVersion)));
        if (rescinded.EntryVersion == member.History[0].Version)
        {
            // The admission (or arrival) itself recorded in error: the person was never a member here, so the
            // record no longer holds their citizen ID or cards, and they can be admitted anew.
            foreach (var key in Rescissions.KeysOfRecord(member))
            {
                RegisterKeys.Release(session, command.MemberId, key);
            }
        }

        stream.AppendOne(rescinded);
        // An end rescinded gives the membership back in the last cell; one closed since sends the member on (RestoredMembership).
        // The end is out of the fold as if never recorded, so the member moved with the others on the closing's own day.
        if (!member.IsMember)
        {
            var ended = MemberHistory.Entry(member, rescinded.EntryVersion)?.Event.EffectiveDate ?? rescinded.EffectiveDate;
            stream.AppendMany(await RestoredMembership.MovesAsync(session, Member.Replay(member.History.Select(h => h.Event).Append(rescinded)), ended, ct));
        }

        await MirrorOnTransferAsync(session, stream, rescinded, ct);
    }

    /// <summary>
    /// Appends what the rescission of a transfer's entry means to the transfer itself (<see cref="Rescissions.OnTransfer"/>)
    /// and to the temporary stay the entry ended (<see cref="Rescissions.OnStay"/>).
    /// </summary>
    private static async Task MirrorOnTransferAsync(IDocumentSession session, JasperFx.Events.IEventStream<Member> stream, MemberEntryRescinded rescinded, CancellationToken ct)
    {
        var member = stream.Aggregate!;
        if (Rescissions.StayEndedWith(member, rescinded.EntryVersion) is { Event: MemberTemporaryHostingEnded ended })
        {
            var stay = await session.Events.FetchForWriting<Transfers.Transfer>(ended.TransferId, ct);
            foreach (var given in Rescissions.OnStay(member, rescinded, stay.Aggregate))
            {
                if (given.StreamId == stay.Id)
                {
                    stay.AppendOne(given.Event);
                }
                else
                {
                    stream.AppendOne(given.Event);
                }
            }
        }

        var entry = MemberHistory.Entry(member, rescinded.EntryVersion)?.Event;
        Guid? transferId = entry switch
        {
            MemberTransferred x => x.TransferId,
            MemberTransferredOut x => x.TransferId,
            _ => null,
        };
        if (entry is null || transferId is not { } id)
        {
            return;
        }

        var transfer = await session.Events.FetchForWriting<Transfers.Transfer>(id, ct);
        if (Rescissions.OnTransfer(entry, transfer.Aggregate, rescinded) is { } e)
        {
            transfer.AppendOne(e);
        }
    }

    public static async Task Handle(WithdrawRescission command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, VietnamTime.Today(clock)));
    }
}
