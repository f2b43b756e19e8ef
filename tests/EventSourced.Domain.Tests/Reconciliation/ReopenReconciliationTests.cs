using EventSourced.Domain.Common;
using EventSourced.Domain.Reconciliation;
using NodaTime;
using ReconciliationState = EventSourced.Domain.Reconciliation.Reconciliation;

namespace EventSourced.Domain.Tests.Reconciliation;

public class ReopenReconciliationTests
{
    private static readonly Guid Id = Guid.CreateVersion7();

    private static readonly LocalDate Today = new(2026, 3, 1);

    private static ReconciliationState Finished()
    {
        var reconciliation = ReconciliationState.Create(new ReconciliationStarted(Id, Guid.CreateVersion7(), null, Today, "roll.csv", "hash", 2));
        reconciliation.Apply(new RollMatched(Id, new ReconciliationCounts(1, 0, 1, 0, 0, 0)));
        reconciliation.Apply(new ReconciliationItemResolved(Id, 1, Resolutions.NoChangeNeeded, "Đã kiểm tra", null));
        reconciliation.Apply(new ReconciliationFinished(Id, Today));
        return reconciliation;
    }

    private static ReconciliationItem OnRollOnly(int number) =>
        new() { Id = ReconciliationItem.IdOf(Id, number), ReconciliationId = Id, Number = number, Category = ItemCategory.OnRollOnly };

    [Fact]
    public void a_finished_reconciliation_reopens_with_its_reason()
    {
        var reopened = ReopenReconciliationHandler.Decide(new ReopenReconciliation(Id, 4, "  Chi bộ gửi bổ sung danh sách "), Finished());

        reopened.ShouldBe(new ReconciliationReopened(Id, "Chi bộ gửi bổ sung danh sách"));
    }

    [Fact]
    public void a_reconciliation_not_finished_cannot_be_reopened()
    {
        var reconciliation = Finished();
        reconciliation.Apply(new ReconciliationReopened(Id, "Bổ sung"));

        Should.Throw<RuleViolation>(() => ReopenReconciliationHandler.Decide(new ReopenReconciliation(Id, 5, "Lần nữa"), reconciliation))
            .Code.ShouldBe("Reconciliation.NotFinished");
    }

    [Fact]
    public void reopening_needs_a_reason()
    {
        Should.Throw<RuleViolation>(() => ReopenReconciliationHandler.Decide(new ReopenReconciliation(Id, 4, " "), Finished()))
            .Code.ShouldBe("Reconciliation.ReasonRequired");
    }

    [Fact]
    public void after_reopening_a_resolved_item_can_be_resolved_anew_until_finished_again()
    {
        var reconciliation = Finished();
        reconciliation.Apply(new ReconciliationReopened(Id, "Bổ sung"));

        var revised = ResolveReconciliationItemHandler.Decide(new ResolveReconciliationItem(Id, 5, 1, Resolutions.NoChangeNeeded, "Đã xác minh lại"), reconciliation, OnRollOnly(1));

        revised.ItemNumber.ShouldBe(1);
        reconciliation.Status.ShouldBe(ReconciliationStatus.InProgress);
        reconciliation.OpenItems.ShouldBe(0);
        reconciliation.Apply(revised);
        reconciliation.Apply(new ReconciliationFinished(Id, Today));
        reconciliation.Apply(new ReconciliationReopened(Id, "x"));
        reconciliation.Apply(new ReconciliationFinished(Id, Today));
        reconciliation.Revising.ShouldBeFalse();
        Should.Throw<RuleViolation>(() => ResolveReconciliationItemHandler.Decide(new ResolveReconciliationItem(Id, 9, 1, Resolutions.NoChangeNeeded, "y"), reconciliation, OnRollOnly(1)))
            .Code.ShouldBe("Reconciliation.NotInProgress");
    }
}
