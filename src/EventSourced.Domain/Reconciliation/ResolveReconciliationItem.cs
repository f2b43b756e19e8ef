using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Reconciliation;

/// <summary>How staff may resolve an item (the minimum: correcting the register or starting a procedure comes later).</summary>
public static class Resolutions
{
    public const string AcceptPair = "AcceptPair";
    public const string RejectPair = "RejectPair";
    public const string NoChangeNeeded = "NoChangeNeeded";

    /// <summary>What a screen may offer for an item, decided here so the page and the rule cannot disagree.</summary>
    public static IReadOnlyList<string> For(ItemCategory category) => category switch
    {
        ItemCategory.Matched => [],
        ItemCategory.ToReview => [AcceptPair, RejectPair, NoChangeNeeded],
        _ => [NoChangeNeeded],
    };
}

/// <summary>Staff resolve one item of a reconciliation, with the version of the reconciliation they saw.</summary>
public sealed record ResolveReconciliationItem(Guid ReconciliationId, int ExpectedVersion, int ItemNumber, string Resolution, string Reason);

/// <summary>Staff declare the unit's roll and register reconciled.</summary>
public sealed record FinishReconciliation(Guid ReconciliationId, int ExpectedVersion);

public static class ResolveReconciliationItemHandler
{
    public static ReconciliationItemResolved Decide(ResolveReconciliationItem command, Reconciliation reconciliation, ReconciliationItem? item)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(reconciliation);
        if (reconciliation.Status != ReconciliationStatus.InProgress)
        {
            throw new RuleViolation("Reconciliation.NotInProgress");
        }

        if (item is null || item.ReconciliationId != reconciliation.Id)
        {
            throw new RuleViolation("Reconciliation.ItemNotFound");
        }

        if (reconciliation.Resolved.Contains(item.Number) && !reconciliation.Revising)
        {
            throw new RuleViolation("Reconciliation.AlreadyResolved");
        }

        if (!Resolutions.For(item.Category).Contains(command.Resolution))
        {
            throw new RuleViolation("Reconciliation.ResolutionNotAllowed");
        }

        var reason = Input.Required(command.Reason, TextLimits.Reason, "Reconciliation.Reason");
        return new ReconciliationItemResolved(reconciliation.Id, item.Number, command.Resolution, reason, item.MemberId);
    }

    public static ReconciliationFinished Decide(FinishReconciliation command, Reconciliation reconciliation, LocalDate today)
    {
        ArgumentNullException.ThrowIfNull(reconciliation);
        if (reconciliation.Status != ReconciliationStatus.InProgress)
        {
            throw new RuleViolation("Reconciliation.NotInProgress");
        }

        if (reconciliation.OpenItems > 0)
        {
            throw new RuleViolation("Reconciliation.ItemsOpen", reconciliation.OpenItems);
        }

        return new ReconciliationFinished(reconciliation.Id, today);
    }

    // The expected version is the page's: of two browsers resolving at once, the second append
    // conflicts and its page then finds the item resolved.
    public static async Task Handle(ResolveReconciliationItem command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await Streams.AtVersionAsync<Reconciliation>(session, command.ReconciliationId, command.ExpectedVersion, "Reconciliation.NotFound", ct);
        var item = await session.LoadAsync<ReconciliationItem>(ReconciliationItem.IdOf(command.ReconciliationId, command.ItemNumber), ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, item));
    }

    public static async Task Handle(FinishReconciliation command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await Streams.AtVersionAsync<Reconciliation>(session, command.ReconciliationId, command.ExpectedVersion, "Reconciliation.NotFound", ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, VietnamTime.Today(clock)));
    }
}
