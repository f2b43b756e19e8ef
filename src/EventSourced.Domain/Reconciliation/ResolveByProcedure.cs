using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Transfers;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace EventSourced.Domain.Reconciliation;

/// <summary>
/// A member procedure started from an item of a reconciliation (an admission or an arrival from outside
/// the city for someone on the roll only, an end of membership or a transfer out of the city for someone
/// in the register only): the procedure, recorded by its own handler, and the item's resolution, in one
/// transaction. A refused procedure resolves nothing.
/// </summary>
public sealed record ResolveByProcedure(Guid ReconciliationId, int ExpectedVersion, int ItemNumber, object Procedure);

public static class ResolveByProcedureHandler
{
    /// <summary>The resolution a procedure records, the member it concerns, and the note that says what was done.</summary>
    public static (string Resolution, Guid MemberId, string Reason) Describe(object procedure) => procedure switch
    {
        AdmitMember admit => (Resolutions.Admitted, admit.MemberId, admit.Decision.ToString()),
        RemoveFromRolls remove => (Resolutions.MembershipEnded, remove.MemberId, remove.Decision.ToString()),
        RecordVoluntaryExit exit => (Resolutions.MembershipEnded, exit.MemberId, exit.Decision.ToString()),
        RecordDeath death => (Resolutions.MembershipEnded, death.MemberId, LocalDatePattern.Iso.Format(death.DateOfDeath)),
        ReceiveFromOutside arrival => (Resolutions.Arrived, arrival.MemberId, new Decision(arrival.LetterNumber, arrival.LetterDate).ToString()),
        IssueTransferOut transfer => (Resolutions.TransferredOut, transfer.MemberId, new Decision(transfer.LetterNumber, transfer.LetterDate).ToString()),
        _ => throw new RuleViolation("Reconciliation.ProcedureNotAllowed", procedure?.GetType().Name ?? string.Empty),
    };

    public static ReconciliationItemResolved Decide(ResolveByProcedure command, Reconciliation reconciliation, ReconciliationItem? item)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (resolution, memberId, reason) = Describe(command.Procedure);
        var resolved = ResolveReconciliationItemHandler.Resolve(
            new ResolveReconciliationItem(command.ReconciliationId, command.ExpectedVersion, command.ItemNumber, resolution, reason),
            reconciliation,
            item);
        // An end of membership from an item ends the member the item names, not another one.
        if (item!.MemberId is { } named && named != memberId)
        {
            throw new RuleViolation("Reconciliation.ProcedureForAnotherMember");
        }

        return resolved with { MemberId = memberId };
    }

    public static async Task Handle(ResolveByProcedure command, IDocumentSession session, IClock clock, TransferSettings settings, CancellationToken ct)
    {
        var stream = await Streams.AtVersionAsync<Reconciliation>(session, command.ReconciliationId, command.ExpectedVersion, "Reconciliation.NotFound", ct);
        var reconciliation = stream.Aggregate!;
        var item = await session.LoadAsync<ReconciliationItem>(ReconciliationItem.IdOf(command.ReconciliationId, command.ItemNumber), ct);
        var resolved = Decide(command, reconciliation, item);
        // The procedure's own decision is its authority: only the reconciliation mark is added.
        ReconciliationReference.Mark(session, reconciliation.Id, resolved.ItemNumber, round: null);
        switch (command.Procedure)
        {
            case AdmitMember admit:
                await AdmitMemberHandler.Handle(admit, session, clock, ct);
                break;
            case RemoveFromRolls remove:
                await EndMembershipHandler.Handle(remove, session, clock, ct);
                break;
            case RecordVoluntaryExit exit:
                await EndMembershipHandler.Handle(exit, session, clock, ct);
                break;
            case RecordDeath death:
                await EndMembershipHandler.Handle(death, session, clock, ct);
                break;
            case ReceiveFromOutside arrival:
                await ReceiveFromOutsideHandler.Handle(arrival, session, clock, settings, ct);
                break;
            case IssueTransferOut transfer:
                await IssueTransferOutHandler.Handle(transfer, session, clock, settings, ct);
                break;
        }

        stream.AppendOne(resolved);
    }
}
