using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Tests.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

public class MembersOfClosedUnitTests
{
    private static readonly LocalDate Reform = new(2025, 7, 1);

    private static Member InCell(TreeBuilder tree) => MemberBuilder.Official(cellId: tree.Cell.Id);

    [Fact]
    public void each_member_of_a_closed_cell_moves_to_the_target_cell_on_the_effective_date()
    {
        var tree = new TreeBuilder();
        var target = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);
        Member[] members = [MemberBuilder.Official(cellId: tree.Cell.Id), MemberBuilder.Official(cellId: tree.Cell.Id)];

        var events = MembersOfClosedUnit.Decide(members, tree.Cell.Id, tree.On(Reform).Find(target.Id), CellChangeCause.CellMerged, Reform);

        events.Select(e => e.StreamId).ShouldBe(members.Select(m => m.Id));
        events.ShouldAllBe(e => e.Event.Equals(new MemberCellChanged(tree.Cell.Id, target.Id, CellChangeCause.CellMerged, Reform)));
    }

    [Fact]
    public void a_unit_without_members_moves_nobody_and_needs_no_target()
    {
        var tree = new TreeBuilder();

        MembersOfClosedUnit.Decide([], tree.Cell.Id, null, CellChangeCause.CellDissolved, Reform).ShouldBeEmpty();
    }

    [Fact]
    public void closing_a_cell_with_members_without_saying_where_they_go_is_refused()
    {
        var tree = new TreeBuilder();

        var refusal = Should.Throw<RuleViolation>(() => MembersOfClosedUnit.Decide([InCell(tree), InCell(tree)], tree.Cell.Id, null, CellChangeCause.CellDissolved, Reform));

        refusal.Code.ShouldBe("Organisation.DissolveWithMembers");
        refusal.Arguments.Single().ShouldBe(2);
    }

    [Fact]
    public void members_can_only_be_sent_to_a_cell()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => MembersOfClosedUnit.Decide([InCell(tree)], tree.Cell.Id, tree.On(Reform).Find(tree.Ward.Id), CellChangeCause.CellDissolved, Reform))
            .Code.ShouldBe("Organisation.MembersNeedACell");
    }

    [Fact]
    public void members_may_be_sent_to_a_grassroots_cell()
    {
        var tree = new TreeBuilder();
        var grassrootsCell = tree.Add(OrganisationKind.GrassrootsCell, "BD.CB1", "Chi bộ cơ sở Trường THPT Phan Đình Phùng", tree.District);

        MembersOfClosedUnit.Decide([InCell(tree)], tree.Cell.Id, tree.On(Reform).Find(grassrootsCell.Id), CellChangeCause.CellDissolved, Reform)
            .ShouldHaveSingleItem().Event.ShouldBeOfType<MemberCellChanged>().ToCellId.ShouldBe(grassrootsCell.Id);
    }

    [Fact]
    public void after_the_move_the_roster_of_each_cell_is_answered_as_of_any_date()
    {
        var tree = new TreeBuilder();
        var target = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);
        var member = MemberBuilder.Official(cellId: tree.Cell.Id);

        var move = MembersOfClosedUnit.Decide([member], tree.Cell.Id, tree.On(Reform).Find(target.Id), CellChangeCause.CellDissolved, Reform).Single();
        member.With(move.Event);

        member.CellId.ShouldBe(target.Id);
        member.CellOn(Reform.PlusDays(-1)).ShouldBe(tree.Cell.Id);
        member.CellOn(Reform).ShouldBe(target.Id);
        member.IsMember.ShouldBeTrue();
    }

    [Fact]
    public void a_member_who_left_the_cell_before_the_merger_moves_nowhere()
    {
        var tree = new TreeBuilder();
        var target = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);
        var member = InCell(tree).Died(Reform.PlusDays(-1));

        MembersOfClosedUnit.Decide([member], tree.Cell.Id, tree.On(Reform).Find(target.Id), CellChangeCause.CellMerged, Reform).ShouldBeEmpty();
        MembersOfClosedUnit.Decide([member], tree.Cell.Id, null, CellChangeCause.CellDissolved, Reform).ShouldBeEmpty();
    }

    [Fact]
    public void a_member_who_died_after_a_back_dated_merger_was_in_the_target_cell_from_the_merger_until_death()
    {
        var tree = new TreeBuilder();
        var target = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);
        var died = Reform.PlusDays(9);
        var member = InCell(tree).Died(died);

        var move = MembersOfClosedUnit.Decide([member], tree.Cell.Id, tree.On(Reform).Find(target.Id), CellChangeCause.CellMerged, Reform).ShouldHaveSingleItem();
        member.With(move.Event);

        move.StreamId.ShouldBe(member.Id);
        member.Cells[^2..].ShouldBe([new CellPeriod(tree.Cell.Id, MemberBuilder.Ceremony, Reform), new CellPeriod(target.Id, Reform, died)]);
        member.CellOn(Reform.PlusDays(1)).ShouldBe(target.Id);
        member.CellOn(died).ShouldBeNull();
        member.Status.ShouldBe(MembershipStatus.Deceased);
    }

    [Fact]
    public void a_member_admitted_into_the_cell_after_a_back_dated_merger_is_in_the_target_cell_from_the_ceremony_not_before()
    {
        var tree = new TreeBuilder();
        var target = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);
        var ceremony = Reform.PlusDays(4);
        var member = MemberBuilder.Admitted(decided: Reform.PlusDays(-10), ceremony: ceremony, cellId: tree.Cell.Id);

        var move = MembersOfClosedUnit.Decide([member], tree.Cell.Id, tree.On(Reform).Find(target.Id), CellChangeCause.CellMerged, Reform).ShouldHaveSingleItem();
        member.With(move.Event);

        move.Event.ShouldBe(new MemberCellChanged(tree.Cell.Id, target.Id, CellChangeCause.CellMerged, ceremony));
        member.CellOn(ceremony.PlusDays(-1)).ShouldBeNull();
        member.CellOn(ceremony).ShouldBe(target.Id);
        EventSourced.Domain.Audit.MemberRollPeriods.For(member).ShouldHaveSingleItem().ShouldBe(new EventSourced.Domain.Audit.RollPeriod(target.Id, ceremony, null, EventSourced.Domain.Audit.RollStatus.Probationary));
    }
}
