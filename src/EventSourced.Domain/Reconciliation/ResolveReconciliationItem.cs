using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Reconciliation;

/// <summary>How staff may resolve an item: by a note alone, or by changing the register in the same transaction.</summary>
public static class Resolutions
{
    public const string AcceptPair = "AcceptPair";
    public const string RejectPair = "RejectPair";
    public const string NoChangeNeeded = "NoChangeNeeded";

    /// <summary>Profile fields taken from the roll into the register (<see cref="CorrectRegisterFromRoll"/>); for a pair to review it also accepts the pair.</summary>
    public const string CorrectFromRoll = "CorrectFromRoll";

    /// <summary>The person on the roll was admitted (<see cref="ResolveByProcedure"/>).</summary>
    public const string Admitted = "Admitted";

    /// <summary>The person on the roll arrived from outside the city with an introduction letter (<see cref="ResolveByProcedure"/>).</summary>
    public const string Arrived = "Arrived";

    /// <summary>The member absent from the roll left the register: removed, exited or died (<see cref="ResolveByProcedure"/>).</summary>
    public const string MembershipEnded = "MembershipEnded";

    /// <summary>The member absent from the roll was transferred out of the city (<see cref="ResolveByProcedure"/>).</summary>
    public const string TransferredOut = "TransferredOut";

    /// <summary>What a screen may offer for an item, decided here so the page and the rule cannot disagree.</summary>
    public static IReadOnlyList<string> For(ItemCategory category) => category switch
    {
        ItemCategory.Matched => [],
        ItemCategory.ToReview => [AcceptPair, RejectPair, CorrectFromRoll, NoChangeNeeded],
        ItemCategory.MatchedWithDifferences => [CorrectFromRoll, NoChangeNeeded],
        ItemCategory.OnRollOnly => [Admitted, Arrived, NoChangeNeeded],
        ItemCategory.InRegisterOnly => [MembershipEnded, TransferredOut, NoChangeNeeded],
        _ => [NoChangeNeeded],
    };

    /// <summary>
    /// Resolutions that change the register: only their own commands record them, with the change, so
    /// an item is never marked corrected or admitted while the register stays as it was.
    /// </summary>
    public static bool ChangesRegister(string resolution) => resolution is CorrectFromRoll or Admitted or Arrived or MembershipEnded or TransferredOut;

    /// <summary>The resolutions a note alone records (the plain resolve form).</summary>
    public static IReadOnlyList<string> NotesFor(ItemCategory category) => [.. For(category).Where(r => !ChangesRegister(r))];
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
        if (Resolutions.ChangesRegister(command.Resolution))
        {
            throw new RuleViolation("Reconciliation.ResolutionChangesRegister");
        }

        return Resolve(command, reconciliation, item);
    }

    /// <summary>
    /// The checks every resolution passes, whatever records it: the reconciliation in progress, the item
    /// its own and still open, the resolution one its category allows, a reason.
    /// </summary>
    public static ReconciliationItemResolved Resolve(ResolveReconciliationItem command, Reconciliation reconciliation, ReconciliationItem? item)
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
