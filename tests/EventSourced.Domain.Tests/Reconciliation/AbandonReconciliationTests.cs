using EventSourced.Domain.Common;
using EventSourced.Domain.Reconciliation;
using EventSourced.Domain.Tests.Organisations;
using NodaTime;
using ReconciliationState = EventSourced.Domain.Reconciliation.Reconciliation;

namespace EventSourced.Domain.Tests.Reconciliation;

public class AbandonReconciliationTests
{
    private static readonly Guid Id = Guid.CreateVersion7();

    private static readonly LocalDate Today = new(2026, 3, 1);

    private static ReconciliationState Matching(Guid? unitId = null, Guid? id = null) =>
        ReconciliationState.Create(new ReconciliationStarted(id ?? Id, unitId ?? Guid.CreateVersion7(), null, Today, "roll.csv", "hash", 3));

    private static ReconciliationState InProgress(Guid? unitId = null, Guid? id = null)
    {
        var reconciliation = Matching(unitId, id);
        reconciliation.Apply(new RollMatched(reconciliation.Id, new ReconciliationCounts(1, 0, 2, 0, 0, 0)));
        return reconciliation;
    }

    private static AbandonReconciliation Abandon(string reason = "  Tải nhầm danh sách của chi bộ khác ") => new(Id, 2, reason);

    [Fact]
    public void a_reconciliation_in_progress_is_abandoned_with_its_reason_and_leaves_nothing_open()
    {
        var reconciliation = InProgress();
        reconciliation.OpenItems.ShouldBe(2);

        var abandoned = AbandonReconciliationHandler.Decide(Abandon(), reconciliation);
        reconciliation.Apply(abandoned);

        abandoned.ShouldBe(new ReconciliationAbandoned(Id, "Tải nhầm danh sách của chi bộ khác"));
        (reconciliation.Status, reconciliation.AbandonedReason, reconciliation.OpenItems).ShouldBe((ReconciliationStatus.Abandoned, "Tải nhầm danh sách của chi bộ khác", 0));
    }

    [Fact]
    public void a_reconciliation_whose_matching_never_ended_can_be_abandoned()
    {
        AbandonReconciliationHandler.Decide(Abandon(), Matching()).Reason.ShouldBe("Tải nhầm danh sách của chi bộ khác");
    }

    [Fact]
    public void an_abandoned_reconciliation_takes_no_resolution_no_finish_no_reopening_and_no_second_abandonment()
    {
        var reconciliation = InProgress();
        reconciliation.Apply(new ReconciliationAbandoned(Id, "Sai ngày chốt"));
        var item = new ReconciliationItem { Id = ReconciliationItem.IdOf(Id, 2), ReconciliationId = Id, Number = 2, Category = ItemCategory.OnRollOnly };

        Should.Throw<RuleViolation>(() => ResolveReconciliationItemHandler.Decide(new ResolveReconciliationItem(Id, 3, 2, Resolutions.NoChangeNeeded, "x"), reconciliation, item))
            .Code.ShouldBe("Reconciliation.NotInProgress");
        Should.Throw<RuleViolation>(() => ResolveReconciliationItemHandler.Decide(new FinishReconciliation(Id, 3), reconciliation, Today))
            .Code.ShouldBe("Reconciliation.NotInProgress");
        Should.Throw<RuleViolation>(() => ReopenReconciliationHandler.Decide(new ReopenReconciliation(Id, 3, "x"), reconciliation))
            .Code.ShouldBe("Reconciliation.NotFinished");
        Should.Throw<RuleViolation>(() => AbandonReconciliationHandler.Decide(Abandon(), reconciliation))
            .Code.ShouldBe("Reconciliation.AlreadyAbandoned");
    }

    [Fact]
    public void a_finished_reconciliation_is_reopened_before_it_can_be_abandoned()
    {
        var reconciliation = InProgress();
        reconciliation.Apply(new ReconciliationItemResolved(Id, 2, Resolutions.NoChangeNeeded, "x", null));
        reconciliation.Apply(new ReconciliationItemResolved(Id, 3, Resolutions.NoChangeNeeded, "x", null));
        reconciliation.Apply(new ReconciliationFinished(Id, Today));

        Should.Throw<RuleViolation>(() => AbandonReconciliationHandler.Decide(Abandon(), reconciliation))
            .Code.ShouldBe("Reconciliation.FinishedNotAbandoned");
        reconciliation.Apply(new ReconciliationReopened(Id, "Sai ngày chốt"));
        AbandonReconciliationHandler.Decide(Abandon(), reconciliation).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void abandoning_needs_a_reason(string reason)
    {
        Should.Throw<RuleViolation>(() => AbandonReconciliationHandler.Decide(Abandon(reason), InProgress()))
            .Code.ShouldBe("Reconciliation.ReasonRequired");
    }

    [Fact]
    public void a_round_counts_a_units_latest_reconciliation_not_abandoned()
    {
        var tree = new TreeBuilder();
        var earlier = InProgress(tree.Cell.Id, Guid.CreateVersion7());
        earlier.Apply(new ReconciliationItemResolved(earlier.Id, 2, Resolutions.NoChangeNeeded, "x", null));
        earlier.Apply(new ReconciliationItemResolved(earlier.Id, 3, Resolutions.NoChangeNeeded, "x", null));
        earlier.Apply(new ReconciliationFinished(earlier.Id, Today));
        var later = InProgress(tree.Cell.Id, Guid.CreateVersion7());
        later.Apply(new ReconciliationAbandoned(later.Id, "Tải nhầm tệp"));

        RoundProgress.Latest([earlier, later])[tree.Cell.Id].Id.ShouldBe(earlier.Id);
        RoundProgress.Build(tree.On(Today), tree.District.Id, [earlier, later]).Single(r => r.Unit.Id == tree.Cell.Id).Status.ShouldBe(RoundUnitStatus.Finished);
        RoundProgress.Build(tree.On(Today), tree.District.Id, [later]).Single(r => r.Unit.Id == tree.Cell.Id).Status.ShouldBe(RoundUnitStatus.NotStarted);
    }
}
