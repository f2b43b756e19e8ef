using EventSourced.Domain.Common;
using Marten;

namespace EventSourced.Domain.Reconciliation;

/// <summary>
/// Staff abandon a reconciliation that cannot stand (another unit's roll uploaded, the wrong date, a sheet
/// misread, matching that never ended), with why and the version of it they saw.
/// </summary>
public sealed record AbandonReconciliation(Guid ReconciliationId, int ExpectedVersion, string Reason);

public static class AbandonReconciliationHandler
{
    /// <summary>
    /// A reconciliation still matching or in progress can be abandoned; a finished one is the unit's record
    /// and is reopened first. What was resolved stays on the stream, and register changes made from its items
    /// stand: they are the members' own events.
    /// </summary>
    public static ReconciliationAbandoned Decide(AbandonReconciliation command, Reconciliation reconciliation)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(reconciliation);
        switch (reconciliation.Status)
        {
            case ReconciliationStatus.Finished:
                throw new RuleViolation("Reconciliation.FinishedNotAbandoned");
            case ReconciliationStatus.Abandoned:
                throw new RuleViolation("Reconciliation.AlreadyAbandoned");
        }

        var reason = Input.Required(command.Reason, TextLimits.Reason, "Reconciliation.Reason");
        return new ReconciliationAbandoned(reconciliation.Id, reason);
    }

    /// <summary>
    /// Appended at the version the page showed, so two abandonments at once (or an abandonment racing the
    /// matching's own append) record one. The roll's people as read, kept for the matching only, are deleted in
    /// the same transaction; the items stay as the abandoned reconciliation's record.
    /// </summary>
    public static async Task Handle(AbandonReconciliation command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await Streams.AtVersionAsync<Reconciliation>(session, command.ReconciliationId, command.ExpectedVersion, "Reconciliation.NotFound", ct);
        stream.AppendOne(Decide(command, stream.Aggregate!));
        session.Delete<ReconciliationRoll>(command.ReconciliationId);
    }
}
