using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Transfers;

/// <summary>
/// The receiving unit records that the member presented the letter, on <paramref name="ReceivedOn"/>.
/// Within the city the member moves to the receiving cell on that date; for a transfer out of the city
/// this records the other organisation's confirmation.
/// </summary>
public sealed record ReceiveTransfer(Guid TransferId, int ExpectedVersion, LocalDate ReceivedOn);

public static class ReceiveTransferHandler
{
    // tree: the organisation tree on the receipt date.
    // hosting: the member's active temporary transfer, if any: it ends when the member joins its host cell.
    public static IReadOnlyList<StreamEvent> Decide(ReceiveTransfer command, Transfer transfer, Member member, OrganisationTree tree, LocalDate today, Transfer? hosting = null)
    {
        TransferRules.MustBeInTransit(transfer);
        TransferRules.BetweenIssueAndToday(transfer, command.ReceivedOn, today);
        var received = new StreamEvent(transfer.Id, new TransferReceived(command.ReceivedOn));
        if (transfer.Kind == TransferKind.OutOfCity)
        {
            // The member left the register on the letter's date; nothing changes on their stream.
            return [received];
        }

        // A member who died or was removed in transit cannot arrive: the sender cancels instead.
        TransferRules.MustBeCurrentMember(member);
        TransferRules.NotBeforeCurrentCell(member, command.ReceivedOn);
        var toCellId = transfer.ToCellId!.Value;
        if (member.CellId == toCellId)
        {
            throw new RuleViolation("Transfer.SameCell");
        }

        // The receiving cell may have been merged or dissolved while the letter was on its way; its
        // members were moved then, but this member was not yet one of them.
        TransferRules.ActiveCell(tree, toCellId);

        // The member leaves the cell they are in now, which is the sending cell unless that cell was
        // merged or dissolved in the meantime and its members moved.
        var moved = new MemberTransferred(transfer.Id, member.CellId, toCellId, command.ReceivedOn);

        // A member received into the cell that hosts them is its own member from then on, no longer its
        // guest: the hosting ends the same day, before the move (as when the member leaves the city), so
        // the home cell's "away" list and the host's roll stop listing them.
        if (hosting is { Kind: TransferKind.Temporary, Status: TransferStatus.Active } && hosting.ToCellId == toCellId && hosting.MemberId == member.Id)
        {
            var on = LocalDate.Max(command.ReceivedOn, hosting.TemporaryFrom ?? command.ReceivedOn);
            var hostingEnded = new MemberTemporaryHostingEnded(hosting.Id, on);
            MemberHistory.MustFit(member, hostingEnded, moved);
            return
            [
                received,
                new StreamEvent(hosting.Id, new TemporaryTransferEnded(on, Early: on < hosting.TemporaryUntil)),
                new StreamEvent(member.Id, hostingEnded),
                new StreamEvent(member.Id, moved),
            ];
        }

        MemberHistory.MustFit(member, moved);
        return [received, new StreamEvent(member.Id, moved)];
    }

    public static async Task Handle(ReceiveTransfer command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        // The member is read before the transfer: a receipt racing this one and committed in between
        // then shows as a changed transfer version (a conflict naming who received it), never as a
        // member "already in that cell".
        var seen = await session.LoadAsync<Transfer>(command.TransferId, ct) ?? throw new RuleViolation("Transfer.NotFound");
        // The rest in one round trip (decision 0033), its statements run in this order. The receiving
        // cell never changes on a transfer, so the one just read names it.
        var batch = session.CreateBatchQuery();
        var fetchedMember = batch.Events.FetchForWriting<Member>(seen.MemberId);
        var fetchedTransfer = batch.Events.FetchForWriting<Transfer>(command.TransferId, command.ExpectedVersion);
        // The decision looks up the receiving cell and nothing else in the tree.
        var cell = batch.LoadMany<Organisation>().ById(seen.ToCellId is { } toCellId ? [toCellId] : Array.Empty<Guid>());
        await batch.Execute(ct);
        var member = await fetchedMember;
        var transfer = await fetchedTransfer;
        if (member.Aggregate is null)
        {
            throw new RuleViolation("Transfer.MemberNotFound");
        }

        if (transfer.Aggregate is null)
        {
            throw new RuleViolation("Transfer.NotFound");
        }

        var tree = OrganisationTree.AsOf(command.ReceivedOn, await cell);
        // Only a member hosted by the receiving cell has a hosting the receipt ends; fetched for writing
        // so that its scheduled end, run at the same moment, cannot end it a second time.
        var hosting = member.Aggregate.HostCellId is { } host && host == seen.ToCellId
            ? await session.Query<Transfer>().FirstOrDefaultAsync(t => t.MemberId == seen.MemberId && t.Kind == TransferKind.Temporary && t.Status == TransferStatus.Active, ct)
            : null;
        var hostingStream = hosting is null ? null : await session.Events.FetchForWriting<Transfer>(hosting.Id, hosting.Version, ct);
        var events = Decide(command, transfer.Aggregate, member.Aggregate, tree, VietnamTime.Today(clock), hostingStream?.Aggregate);
        foreach (var e in events)
        {
            if (e.StreamId == transfer.Id)
            {
                transfer.AppendOne(e.Event);
            }
            else if (hostingStream is not null && e.StreamId == hostingStream.Id)
            {
                hostingStream.AppendOne(e.Event);
            }
            else
            {
                member.AppendOne(e.Event);
            }
        }
    }
}
