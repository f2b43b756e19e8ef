using EventSourced.Domain.Common;
using EventSourced.Domain.Reconciliation;
using NodaTime;
using ReconciliationState = EventSourced.Domain.Reconciliation.Reconciliation;

namespace EventSourced.Domain.Tests.Reconciliation;

public class ResolveReconciliationItemTests
{
    private static readonly Guid Id = Guid.CreateVersion7();

    private static readonly LocalDate Today = new(2026, 3, 1);

    private static ReconciliationState Matched(int toReview = 1, int onRollOnly = 1)
    {
        var reconciliation = ReconciliationState.Create(new ReconciliationStarted(Id, Guid.CreateVersion7(), null, Today, "roll.csv", "hash", 3));
        reconciliation.Apply(new RollMatched(Id, new ReconciliationCounts(1, 0, onRollOnly, 0, toReview, 0)));
        return reconciliation;
    }

    private static ReconciliationItem Item(int number, ItemCategory category, Guid? memberId = null) =>
        new() { Id = ReconciliationItem.IdOf(Id, number), ReconciliationId = Id, Number = number, Category = category, MemberId = memberId };

    private static ResolveReconciliationItem Resolve(int number, string resolution, string reason = "Đã kiểm tra hồ sơ") =>
        new(Id, 1, number, resolution, reason);

    [Fact]
    public void accepting_a_pair_to_review_records_it_with_the_member()
    {
        var member = Guid.CreateVersion7();

        var resolved = ResolveReconciliationItemHandler.Decide(Resolve(1, Resolutions.AcceptPair), Matched(), Item(1, ItemCategory.ToReview, member));

        resolved.ShouldBe(new ReconciliationItemResolved(Id, 1, Resolutions.AcceptPair, "Đã kiểm tra hồ sơ", member));
    }

    [Fact]
    public void an_item_resolved_once_is_refused_the_second_time()
    {
        var reconciliation = Matched();
        reconciliation.Apply(new ReconciliationItemResolved(Id, 1, Resolutions.RejectPair, "x", null));

        Should.Throw<RuleViolation>(() => ResolveReconciliationItemHandler.Decide(Resolve(1, Resolutions.AcceptPair), reconciliation, Item(1, ItemCategory.ToReview)))
            .Code.ShouldBe("Reconciliation.AlreadyResolved");
    }

    [Fact]
    public void only_a_pair_to_review_can_be_accepted_or_rejected_and_a_plain_match_needs_nothing()
    {
        Should.Throw<RuleViolation>(() => ResolveReconciliationItemHandler.Decide(Resolve(2, Resolutions.AcceptPair), Matched(), Item(2, ItemCategory.OnRollOnly)))
            .Code.ShouldBe("Reconciliation.ResolutionNotAllowed");
        Should.Throw<RuleViolation>(() => ResolveReconciliationItemHandler.Decide(Resolve(3, Resolutions.NoChangeNeeded), Matched(), Item(3, ItemCategory.Matched)))
            .Code.ShouldBe("Reconciliation.ResolutionNotAllowed");
        ResolveReconciliationItemHandler.Decide(Resolve(2, Resolutions.NoChangeNeeded), Matched(), Item(2, ItemCategory.OnRollOnly)).ItemNumber.ShouldBe(2);
    }

    [Fact]
    public void a_note_alone_cannot_record_a_resolution_that_changes_the_register()
    {
        Should.Throw<RuleViolation>(() => ResolveReconciliationItemHandler.Decide(Resolve(2, Resolutions.Admitted), Matched(), Item(2, ItemCategory.OnRollOnly)))
            .Code.ShouldBe("Reconciliation.ResolutionChangesRegister");
        Should.Throw<RuleViolation>(() => ResolveReconciliationItemHandler.Decide(Resolve(1, Resolutions.CorrectFromRoll), Matched(), Item(1, ItemCategory.ToReview, Guid.CreateVersion7())))
            .Code.ShouldBe("Reconciliation.ResolutionChangesRegister");
        Resolutions.NotesFor(ItemCategory.MatchedWithDifferences).ShouldBe([Resolutions.NoChangeNeeded]);
        Resolutions.For(ItemCategory.MatchedWithDifferences).ShouldContain(Resolutions.CorrectFromRoll);
        Resolutions.For(ItemCategory.OnRollOnly).ShouldContain(Resolutions.Admitted);
        Resolutions.For(ItemCategory.InRegisterOnly).ShouldContain(Resolutions.MembershipEnded);
    }

    [Fact]
    public void a_resolution_needs_a_reason()
    {
        Should.Throw<RuleViolation>(() => ResolveReconciliationItemHandler.Decide(Resolve(1, Resolutions.RejectPair, " "), Matched(), Item(1, ItemCategory.ToReview)))
            .Code.ShouldBe("Reconciliation.ReasonRequired");
    }

    [Fact]
    public void nothing_is_resolved_while_the_roll_is_still_matching()
    {
        var matching = ReconciliationState.Create(new ReconciliationStarted(Id, Guid.CreateVersion7(), null, Today, "roll.csv", "hash", 3));

        Should.Throw<RuleViolation>(() => ResolveReconciliationItemHandler.Decide(Resolve(1, Resolutions.AcceptPair), matching, Item(1, ItemCategory.ToReview)))
            .Code.ShouldBe("Reconciliation.NotInProgress");
    }

    [Fact]
    public void a_reconciliation_finishes_only_when_no_item_is_open()
    {
        var reconciliation = Matched(toReview: 1, onRollOnly: 0);

        Should.Throw<RuleViolation>(() => ResolveReconciliationItemHandler.Decide(new FinishReconciliation(Id, 2), reconciliation, Today))
            .Code.ShouldBe("Reconciliation.ItemsOpen");

        reconciliation.Apply(new ReconciliationItemResolved(Id, 1, Resolutions.AcceptPair, "x", null));
        ResolveReconciliationItemHandler.Decide(new FinishReconciliation(Id, 3), reconciliation, Today).ShouldBe(new ReconciliationFinished(Id, Today));
    }
}
