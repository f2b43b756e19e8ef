using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Transfers;

/// <summary>The sending unit withdraws a letter before the member presented it; the reason is optional.</summary>
public sealed record CancelTransfer(Guid TransferId, int ExpectedVersion, LocalDate On, string? Reason);

public static class CancelTransferHandler
{
    public static TransferCancelled Decide(CancelTransfer command, Transfer transfer, LocalDate today)
    {
        TransferRules.MustBeInTransit(transfer);
        // Out of the city the member already left the register on the letter's date; bringing them
        // back needs its own procedure, not a cancellation.
        if (transfer.Kind != TransferKind.WithinCity)
        {
            throw new RuleViolation("Transfer.OnlyWithinCity", transfer.Kind);
        }

        TransferRules.BetweenIssueAndToday(transfer, command.On, today);
        // By the counting rule the member never left the sending cell, so only the transfer changes.
        return new TransferCancelled(command.On, Input.Optional(command.Reason, TextLimits.Reason, "Transfer.Reason"));
    }

    public static async Task Handle(CancelTransfer command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await TransferRules.FetchAtVersionAsync(session, command.TransferId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, VietnamTime.Today(clock)));
    }
}
