using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Transfers;

/// <summary>The scheduled check: mark an official transfer overdue once its due date has passed without receipt.</summary>
public sealed record MarkTransferOverdue(Guid TransferId);

/// <summary>Either side records what it did about an overdue transfer (a call, a reminder, a report).</summary>
public sealed record RecordOverdueFollowUp(Guid TransferId, int ExpectedVersion, LocalDate On, string Note);

public static class OverdueTransfersHandler
{
    /// <summary>Null when there is nothing to mark: the check may run more than once, or after receipt.</summary>
    public static TransferBecameOverdue? Decide(MarkTransferOverdue command, Transfer transfer, LocalDate today) =>
        !transfer.Overdue && TransferRules.IsOverdue(transfer, today)
            // The business fact is the first day past the due date, whenever the check ran.
            ? new TransferBecameOverdue(transfer.DueBy!.Value.PlusDays(1))
            : null;

    public static TransferOverdueFollowUpRecorded Decide(RecordOverdueFollowUp command, Transfer transfer, LocalDate today)
    {
        TransferRules.MustBeInTransit(transfer);
        var due = transfer.DueBy!.Value;
        if (command.On <= due)
        {
            throw new RuleViolation("Transfer.NotYetOverdue", due);
        }

        TransferRules.NotInFuture(command.On, today);
        return new TransferOverdueFollowUpRecorded(command.On, Input.Required(command.Note, TextLimits.Reason, "Transfer.Note"));
    }

    // The scheduled check and a check started by hand (or a restart's catch-up) can meet on one
    // transfer: the loser's append conflicts, and a retry then finds it already marked.
    [Wolverine.Attributes.RetryNow(typeof(JasperFx.ConcurrencyException), 50, 200, 500)]
    public static async Task Handle(MarkTransferOverdue command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await TransferRules.FetchAsync(session, command.TransferId, ct);
        // A letter out of the city whose member came back is no longer awaited: a return recorded before such
        // letters were closed on it left the letter in transit, and the check closes it instead of reporting it.
        if (stream.Aggregate is { Kind: TransferKind.OutOfCity, Status: TransferStatus.InTransit } letter
            && await session.LoadAsync<Members.Member>(letter.MemberId, ct) is { } member
            && ReceiveFromOutsideHandler.ClosedOnReturn(letter, member) is { } closed)
        {
            stream.AppendOne(closed);
            return;
        }

        if (Decide(command, stream.Aggregate!, VietnamTime.Today(clock)) is { } overdue)
        {
            stream.AppendOne(overdue);
            // Both units' staff are told in the application; the notification's id comes from the
            // transfer, so a check that runs twice writes it once.
            session.Store(Notifications.TransferNotifications.Overdue(stream.Aggregate!, overdue.On, clock.GetCurrentInstant()));
        }
    }

    public static async Task Handle(RecordOverdueFollowUp command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await TransferRules.FetchAtVersionAsync(session, command.TransferId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, VietnamTime.Today(clock)));
    }
}
