using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Tests.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

public class MembersOfClosedUnitTests
{
    private static readonly LocalDate Reform = new(2025, 7, 1);

    [Fact]
    public void each_member_of_a_closed_cell_moves_to_the_target_cell_on_the_effective_date()
    {
        var tree = new TreeBuilder();
        var target = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);
        Guid[] members = [Guid.NewGuid(), Guid.NewGuid()];

        var events = MembersOfClosedUnit.Decide(members, tree.Cell.Id, tree.On(Reform).Find(target.Id), CellChangeCause.CellMerged, Reform);

        events.Select(e => e.StreamId).ShouldBe(members);
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

        var refusal = Should.Throw<RuleViolation>(() => MembersOfClosedUnit.Decide([Guid.NewGuid(), Guid.NewGuid()], tree.Cell.Id, null, CellChangeCause.CellDissolved, Reform));

        refusal.Code.ShouldBe("Organisation.DissolveWithMembers");
        refusal.Arguments.Single().ShouldBe(2);
    }

    [Fact]
    public void members_can_only_be_sent_to_a_cell()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => MembersOfClosedUnit.Decide([Guid.NewGuid()], tree.Cell.Id, tree.On(Reform).Find(tree.Ward.Id), CellChangeCause.CellDissolved, Reform))
            .Code.ShouldBe("Organisation.MembersNeedACell");
    }

    [Fact]
    public void members_may_be_sent_to_a_grassroots_cell()
    {
        var tree = new TreeBuilder();
        var grassrootsCell = tree.Add(OrganisationKind.GrassrootsCell, "BD.CB1", "Chi bộ cơ sở Trường THPT Phan Đình Phùng", tree.District);

        MembersOfClosedUnit.Decide([Guid.NewGuid()], tree.Cell.Id, tree.On(Reform).Find(grassrootsCell.Id), CellChangeCause.CellDissolved, Reform)
            .ShouldHaveSingleItem().Event.ShouldBeOfType<MemberCellChanged>().ToCellId.ShouldBe(grassrootsCell.Id);
    }

    [Fact]
    public void after_the_move_the_roster_of_each_cell_is_answered_as_of_any_date()
    {
        var tree = new TreeBuilder();
        var target = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);
        var member = MemberBuilder.Official(cellId: tree.Cell.Id);

        var move = MembersOfClosedUnit.Decide([member.Id], tree.Cell.Id, tree.On(Reform).Find(target.Id), CellChangeCause.CellDissolved, Reform).Single();
        member.With(move.Event);

        member.CellId.ShouldBe(target.Id);
        member.CellOn(Reform.PlusDays(-1)).ShouldBe(tree.Cell.Id);
        member.CellOn(Reform).ShouldBe(target.Id);
        member.IsMember.ShouldBeTrue();
    }
}
