using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Transfers;

/// <summary>The receiving unit refuses the member, with a reason; the member stays with the sender.</summary>
public sealed record RefuseTransfer(Guid TransferId, int ExpectedVersion, LocalDate On, string Reason);

public static class RefuseTransferHandler
{
    public static TransferRefused Decide(RefuseTransfer command, Transfer transfer, LocalDate today)
    {
        TransferRules.MustBeInTransit(transfer);
        // Only a receiving cell in the register can refuse here; an organisation outside the city
        // answers on paper, and the member already left the register.
        if (transfer.Kind != TransferKind.WithinCity)
        {
            throw new RuleViolation("Transfer.OnlyWithinCity", transfer.Kind);
        }

        var reason = TransferRules.Reason(command.Reason);
        TransferRules.BetweenIssueAndToday(transfer, command.On, today);
        // By the counting rule the member never left the sending cell, so only the transfer changes.
        return new TransferRefused(command.On, reason);
    }

    public static async Task Handle(RefuseTransfer command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await TransferRules.FetchAtVersionAsync(session, command.TransferId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, VietnamTime.Today(clock)));
    }
}
