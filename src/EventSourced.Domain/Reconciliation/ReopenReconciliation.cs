using EventSourced.Domain.Common;
using Marten;

namespace EventSourced.Domain.Reconciliation;

/// <summary>Staff open a finished reconciliation again, with why and the version of it they saw.</summary>
public sealed record ReopenReconciliation(Guid ReconciliationId, int ExpectedVersion, string Reason);

public static class ReopenReconciliationHandler
{
    public static ReconciliationReopened Decide(ReopenReconciliation command, Reconciliation reconciliation)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(reconciliation);
        if (reconciliation.Status != ReconciliationStatus.Finished)
        {
            throw new RuleViolation("Reconciliation.NotFinished");
        }

        var reason = Input.Required(command.Reason, TextLimits.Reason, "Reconciliation.Reason");
        return new ReconciliationReopened(reconciliation.Id, reason);
    }

    // Two reopens sent at once carry the same version: the second append conflicts, so the stream
    // records one reopening and its reason.
    public static async Task Handle(ReopenReconciliation command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await Streams.AtVersionAsync<Reconciliation>(session, command.ReconciliationId, command.ExpectedVersion, "Reconciliation.NotFound", ct);
        stream.AppendOne(Decide(command, stream.Aggregate!));
    }
}
