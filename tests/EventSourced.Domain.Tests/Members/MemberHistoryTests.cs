using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

public class MemberHistoryTests
{
    private static readonly LocalDate Today = new(2025, 8, 15);
    private static readonly LocalDate Merged = new(2025, 7, 1);
    private static readonly LocalDate RemovedOn = new(2025, 6, 20);

    private static RemoveFromRolls Remove(Member member, LocalDate decided) =>
        new(member.Id, member.Version, RemovalGround.AbandonedActivityOrUnpaidDues, MemberBuilder.DecisionOn(decided, "70-QĐ/ĐU"), null);

    [Fact]
    public void a_removal_decided_before_a_recorded_cell_merge_leaves_the_member_in_no_cell_from_its_date()
    {
        var member = MemberBuilder.Official();
        var oldCell = member.CellId;
        var newCell = Guid.NewGuid();
        member.With(new MemberCellChanged(oldCell, newCell, CellChangeCause.CellMerged, Merged));

        member.With(EndMembershipHandler.Decide(Remove(member, RemovedOn), member, Today));

        member.Status.ShouldBe(MembershipStatus.RemovedFromRolls);
        member.Cells.ShouldBe([new CellPeriod(oldCell, MemberBuilder.Ceremony, RemovedOn)]);
        member.Cells.ShouldAllBe(c => c.To == null || c.To >= c.From);
        member.CellOn(RemovedOn.PlusDays(-1)).ShouldBe(oldCell);
        member.CellOn(RemovedOn).ShouldBeNull();
        member.CellOn(new LocalDate(2025, 6, 30)).ShouldBeNull();
        member.CellOn(Merged).ShouldBeNull();
        member.Periods[^1].To.ShouldBe(RemovedOn);
    }

    [Fact]
    public void a_removal_decided_before_a_recorded_transfer_receipt_is_refused_naming_the_receipt()
    {
        var member = MemberBuilder.Official();
        member.With(new MemberTransferred(Guid.NewGuid(), member.CellId, Guid.NewGuid(), Merged));

        var refusal = Should.Throw<RuleViolation>(() => EndMembershipHandler.Decide(Remove(member, RemovedOn), member, Today));

        refusal.Code.ShouldBe("Member.ContradictsEntry");
        refusal.Arguments.ShouldBe([typeof(MemberTransferred), Merged]);
    }

    [Fact]
    public void a_removal_decided_after_everything_recorded_is_accepted()
    {
        var member = MemberBuilder.Official();
        member.With(new MemberTransferred(Guid.NewGuid(), member.CellId, Guid.NewGuid(), RemovedOn.PlusDays(-5)));

        Should.NotThrow(() => EndMembershipHandler.Decide(Remove(member, RemovedOn), member, Today));
    }

    [Fact]
    public void events_of_one_date_are_folded_in_the_order_recorded()
    {
        var member = MemberBuilder.Official();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        member.With(
            new MemberCellChanged(member.CellId, first, CellChangeCause.CellMerged, Merged),
            new MemberCellChanged(first, second, CellChangeCause.CellMerged, Merged));

        member.CellId.ShouldBe(second);
    }

    [Fact]
    public void an_exemption_recorded_late_is_folded_at_its_date_before_a_later_transfer()
    {
        var member = MemberBuilder.Official();
        var target = Guid.NewGuid();
        member.With(new MemberTransferred(Guid.NewGuid(), member.CellId, target, Merged));

        member.With(new MemberExempted(MemberBuilder.DecisionOn(RemovedOn), "Ốm nặng", RemovedOn));

        member.ExemptOn(RemovedOn).ShouldBeTrue();
        member.CellId.ShouldBe(target);
        member.Version.ShouldBe(member.History.Count);
    }

    [Fact]
    public void the_snapshot_folded_late_equals_the_snapshot_folded_in_date_order()
    {
        var cell = Guid.NewGuid();
        var late = MemberBuilder.Official();
        late.With(new MemberCellChanged(late.CellId, cell, CellChangeCause.CellMerged, Merged));
        late.With(new MemberRemovedFromRolls(RemovalGround.Other, MemberBuilder.DecisionOn(RemovedOn), "x", RemovedOn));

        var replayed = Member.Replay(late.History.Select(h => h.Event));

        replayed.Cells.ShouldBe(late.Cells);
        replayed.Status.ShouldBe(late.Status);
        replayed.Periods.ShouldBe(late.Periods);
    }
    [Fact]
    public void an_exemption_dated_in_a_gap_between_two_memberships_is_refused_naming_the_end_before_it()
    {
        var removed = new LocalDate(2021, 1, 10);
        var member = MemberBuilder.Official().Removed(removed).Readmitted(Guid.NewGuid(), new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 10));
        var exempt = new ExemptMember(member.Id, member.Version, MemberBuilder.DecisionOn(new LocalDate(2024, 5, 1)), "Ốm nặng", new LocalDate(2022, 6, 1));

        var refusal = Should.Throw<RuleViolation>(() => ExemptMemberHandler.Decide(exempt, member, Today));

        refusal.Code.ShouldBe("Member.ContradictsEntry");
        refusal.Arguments.ShouldBe([typeof(MemberRemovedFromRolls), removed]);
    }

    [Fact]
    public void a_cell_change_dated_after_the_member_left_moves_nobody()
    {
        var member = MemberBuilder.Official().Removed(RemovedOn);
        var cells = member.Cells.ToList();

        member.With(new MemberCellChanged(member.CellId, Guid.NewGuid(), CellChangeCause.CellDissolved, Merged));

        member.Cells.ShouldBe(cells);
    }
}
