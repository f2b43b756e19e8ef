using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Organisations;

public class MoveOrganisationTests
{
    // The day district committees were abolished and wards came directly under the city.
    private static readonly LocalDate Reform = new(2025, 7, 1);

    private static MoveOrganisation Move(Organisation unit, Organisation newParent, LocalDate date) =>
        new(unit.Id, unit.Version, newParent.Id, date);

    [Fact]
    public void moving_a_ward_directly_under_the_city_gives_the_moved_event()
    {
        var tree = new TreeBuilder();

        var moved = MoveOrganisationHandler.Decide(Move(tree.Ward, tree.City, Reform), tree.Ward, tree.On(Reform));

        moved.ShouldBe(new OrganisationMoved(tree.City.Id, tree.District.Id, Reform, MoveCause.Decision));
    }

    [Fact]
    public void moving_a_cell_to_another_ward_is_allowed()
    {
        var tree = new TreeBuilder();
        var otherWard = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.TB", "Đảng bộ phường Trúc Bạch", tree.District);

        var moved = MoveOrganisationHandler.Decide(Move(tree.Cell, otherWard, Reform), tree.Cell, tree.On(Reform));

        moved.NewParentId.ShouldBe(otherWard.Id);
        moved.PreviousParentId.ShouldBe(tree.Ward.Id);
    }

    [Fact]
    public void moving_a_unit_under_itself_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => MoveOrganisationHandler.Decide(Move(tree.Ward, tree.Ward, Reform), tree.Ward, tree.On(Reform)))
            .Code.ShouldBe("Organisation.MoveWouldCycle");
    }

    [Fact]
    public void moving_a_unit_under_its_own_child_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => MoveOrganisationHandler.Decide(Move(tree.District, tree.Ward, Reform), tree.District, tree.On(Reform)))
            .Code.ShouldBe("Organisation.MoveWouldCycle");
    }

    [Fact]
    public void moving_a_unit_under_a_deeper_descendant_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => MoveOrganisationHandler.Decide(Move(tree.District, tree.Cell, Reform), tree.District, tree.On(Reform)))
            .Code.ShouldBe("Organisation.MoveWouldCycle");
    }

    [Fact]
    public void the_root_cannot_move()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => MoveOrganisationHandler.Decide(Move(tree.City, tree.District, Reform), tree.City, tree.On(Reform)))
            .Code.ShouldBe("Organisation.RootCannotMove");
    }

    [Fact]
    public void moving_a_unit_under_the_parent_it_already_has_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => MoveOrganisationHandler.Decide(Move(tree.Ward, tree.District, Reform), tree.Ward, tree.On(Reform)))
            .Code.ShouldBe("Organisation.AlreadyUnderParent");
    }

    [Fact]
    public void moving_under_a_dissolved_unit_is_refused()
    {
        var tree = new TreeBuilder();
        var otherWard = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.TB", "Đảng bộ phường Trúc Bạch", tree.District);
        otherWard.Apply(new OrganisationDissolved(null, new LocalDate(2025, 1, 1)));

        Should.Throw<RuleViolation>(() => MoveOrganisationHandler.Decide(Move(tree.Cell, otherWard, Reform), tree.Cell, tree.On(Reform)))
            .Code.ShouldBe("Organisation.ParentClosed");
    }

    [Fact]
    public void moving_under_a_merged_unit_is_refused()
    {
        var tree = new TreeBuilder();
        var otherWard = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.TB", "Đảng bộ phường Trúc Bạch", tree.District);
        otherWard.Apply(new OrganisationMerged(tree.Ward.Id, [], new LocalDate(2025, 1, 1)));

        Should.Throw<RuleViolation>(() => MoveOrganisationHandler.Decide(Move(tree.Cell, otherWard, Reform), tree.Cell, tree.On(Reform)))
            .Code.ShouldBe("Organisation.ParentClosed");
    }

    [Fact]
    public void moving_under_a_unit_not_founded_by_that_date_is_refused()
    {
        var tree = new TreeBuilder();
        var newWard = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.NEW", "Đảng bộ phường mới", tree.District, new LocalDate(2026, 1, 1));

        Should.Throw<RuleViolation>(() => MoveOrganisationHandler.Decide(Move(tree.Cell, newWard, Reform), tree.Cell, tree.On(Reform)))
            .Code.ShouldBe("Organisation.ParentNotFound");
    }

    [Theory]
    [InlineData(OrganisationKind.Cell)]
    [InlineData(OrganisationKind.GrassrootsCell)]
    public void moving_under_a_cell_is_refused(OrganisationKind cellKind)
    {
        var tree = new TreeBuilder();
        var cell = cellKind == OrganisationKind.Cell
            ? tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward)
            : tree.Add(OrganisationKind.GrassrootsCell, "BD.CBCS", "Chi bộ cơ sở Trường THPT Phan Đình Phùng", tree.District);

        Should.Throw<RuleViolation>(() => MoveOrganisationHandler.Decide(Move(tree.Cell, cell, Reform), tree.Cell, tree.On(Reform)))
            .Code.ShouldBe("Organisation.CellCannotHaveChildren");
    }

    [Fact]
    public void moving_a_cell_directly_under_a_district_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => MoveOrganisationHandler.Decide(Move(tree.Cell, tree.District, Reform), tree.Cell, tree.On(Reform)))
            .Code.ShouldBe("Organisation.KindDoesNotFitParent");
    }

    [Fact]
    public void moving_a_ward_under_another_ward_is_refused()
    {
        var tree = new TreeBuilder();
        var otherWard = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.TB", "Đảng bộ phường Trúc Bạch", tree.District);

        Should.Throw<RuleViolation>(() => MoveOrganisationHandler.Decide(Move(tree.Ward, otherWard, Reform), tree.Ward, tree.On(Reform)))
            .Code.ShouldBe("Organisation.KindDoesNotFitParent");
    }

    [Fact]
    public void a_move_effective_before_the_founding_is_refused()
    {
        var tree = new TreeBuilder(new LocalDate(2024, 1, 1));

        Should.Throw<RuleViolation>(() => MoveOrganisationHandler.Decide(Move(tree.Ward, tree.City, new LocalDate(2023, 12, 31)), tree.Ward, tree.On(Reform)))
            .Code.ShouldBe("Organisation.DateBeforeFounding");
    }

    [Fact]
    public void moving_a_unit_closed_on_that_date_is_refused()
    {
        var tree = new TreeBuilder();
        tree.Cell.Apply(new OrganisationDissolved(null, new LocalDate(2025, 1, 1)));
        var otherWard = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.TB", "Đảng bộ phường Trúc Bạch", tree.District);

        Should.Throw<RuleViolation>(() => MoveOrganisationHandler.Decide(Move(tree.Cell, otherWard, Reform), tree.Cell, tree.On(Reform)))
            .Code.ShouldBe("Organisation.Closed");
    }

    [Fact]
    public void the_previous_parent_is_the_one_on_the_effective_date()
    {
        var tree = new TreeBuilder();
        var otherWard = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.TB", "Đảng bộ phường Trúc Bạch", tree.District);
        tree.Cell.Apply(new OrganisationMoved(otherWard.Id, tree.Ward.Id, new LocalDate(2026, 1, 1)));
        var thirdWard = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.QT", "Đảng bộ phường Quán Thánh", tree.District);

        var moved = MoveOrganisationHandler.Decide(Move(tree.Cell, thirdWard, Reform), tree.Cell, tree.On(Reform));

        moved.PreviousParentId.ShouldBe(tree.Ward.Id);
    }

    [Fact]
    public void moving_under_a_unit_already_recorded_as_closing_later_is_refused()
    {
        // The target ward is dissolved from 1 January 2026 (already recorded). A move effective
        // on the reform day would leave the cell, active, under a dissolved ward from 2026 on.
        var tree = new TreeBuilder();
        var otherWard = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.TB", "Đảng bộ phường Trúc Bạch", tree.District);
        otherWard.Apply(new OrganisationDissolved(null, new LocalDate(2026, 1, 1)));

        Should.Throw<RuleViolation>(() => MoveOrganisationHandler.Decide(Move(tree.Cell, otherWard, Reform), tree.Cell, tree.On(Reform)));
    }
}
