using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Organisations;

public class DissolveOrganisationTests
{
    private static readonly LocalDate Today = new(2025, 3, 1);

    private static DissolveOrganisation Dissolve(Organisation unit, Organisation? membersTo, LocalDate date) =>
        new(unit.Id, unit.Version, membersTo?.Id, date);

    [Fact]
    public void dissolving_a_cell_names_where_its_members_go()
    {
        var tree = new TreeBuilder();
        var receiving = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);

        var dissolved = DissolveOrganisationHandler.Decide(Dissolve(tree.Cell, receiving, Today), tree.Cell, tree.On(Today));

        dissolved.ShouldBe(new OrganisationDissolved(receiving.Id, Today));
    }

    [Fact]
    public void a_unit_may_be_dissolved_without_naming_where_members_go()
    {
        var tree = new TreeBuilder();

        DissolveOrganisationHandler.Decide(Dissolve(tree.Cell, null, Today), tree.Cell, tree.On(Today))
            .MembersTransferredToId.ShouldBeNull();
    }

    [Fact]
    public void dissolving_a_unit_with_active_children_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => DissolveOrganisationHandler.Decide(Dissolve(tree.Ward, null, Today), tree.Ward, tree.On(Today)))
            .Code.ShouldBe("Organisation.DissolveWithChildren");
    }

    [Fact]
    public void a_unit_whose_children_are_all_closed_may_be_dissolved()
    {
        var tree = new TreeBuilder();
        tree.Cell.Apply(new OrganisationDissolved(null, new LocalDate(2025, 1, 1)));

        DissolveOrganisationHandler.Decide(Dissolve(tree.Ward, null, Today), tree.Ward, tree.On(Today))
            .EffectiveDate.ShouldBe(Today);
    }

    [Fact]
    public void a_unit_whose_last_child_closes_later_cannot_be_dissolved_before_that()
    {
        var tree = new TreeBuilder();
        tree.Cell.Apply(new OrganisationDissolved(null, new LocalDate(2025, 6, 1)));

        Should.Throw<RuleViolation>(() => DissolveOrganisationHandler.Decide(Dissolve(tree.Ward, null, Today), tree.Ward, tree.On(Today)))
            .Code.ShouldBe("Organisation.DissolveWithChildren");
    }

    [Fact]
    public void the_root_cannot_be_dissolved()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => DissolveOrganisationHandler.Decide(Dissolve(tree.City, null, Today), tree.City, tree.On(Today)))
            .Code.ShouldBe("Organisation.RootCannotClose");
    }

    [Fact]
    public void members_cannot_be_sent_to_the_unit_being_dissolved()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => DissolveOrganisationHandler.Decide(Dissolve(tree.Cell, tree.Cell, Today), tree.Cell, tree.On(Today)))
            .Code.ShouldBe("Organisation.MembersToItself");
    }

    [Fact]
    public void members_cannot_be_sent_to_a_closed_unit()
    {
        var tree = new TreeBuilder();
        var closed = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);
        closed.Apply(new OrganisationMerged(tree.Cell.Id, [], new LocalDate(2025, 1, 1)));

        Should.Throw<RuleViolation>(() => DissolveOrganisationHandler.Decide(Dissolve(tree.Cell, closed, Today), tree.Cell, tree.On(Today)))
            .Code.ShouldBe("Organisation.Closed");
    }

    [Fact]
    public void members_cannot_be_sent_to_a_unit_not_founded_by_that_date()
    {
        var tree = new TreeBuilder();
        var later = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward, new LocalDate(2026, 1, 1));

        Should.Throw<RuleViolation>(() => DissolveOrganisationHandler.Decide(Dissolve(tree.Cell, later, Today), tree.Cell, tree.On(Today)))
            .Code.ShouldBe("Organisation.NotFoundOnDate");
    }

    [Fact]
    public void dissolving_a_unit_already_dissolved_is_refused()
    {
        var tree = new TreeBuilder();
        tree.Cell.Apply(new OrganisationDissolved(null, new LocalDate(2025, 1, 1)));

        Should.Throw<RuleViolation>(() => DissolveOrganisationHandler.Decide(Dissolve(tree.Cell, null, Today), tree.Cell, tree.On(Today)))
            .Code.ShouldBe("Organisation.Closed");
    }

    [Fact]
    public void a_dissolution_effective_before_the_founding_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => DissolveOrganisationHandler.Decide(Dissolve(tree.Cell, null, new LocalDate(2019, 1, 1)), tree.Cell, tree.On(Today)))
            .Code.ShouldBe("Organisation.DateBeforeFounding");
    }

    [Fact]
    public void a_unit_already_recorded_as_receiving_a_child_later_cannot_be_dissolved_before_that()
    {
        // A cell is moved into the other ward from 1 June 2025 (already recorded). Dissolving that
        // ward from 1 March would leave the cell, active, under a dissolved ward from June on.
        var tree = new TreeBuilder();
        var otherWard = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.TB", "Đảng bộ phường Trúc Bạch", tree.District);
        tree.Cell.Apply(new OrganisationMoved(otherWard.Id, tree.Ward.Id, new LocalDate(2025, 6, 1)));

        Should.Throw<RuleViolation>(() => DissolveOrganisationHandler.Decide(Dissolve(otherWard, null, Today), otherWard, tree.On(Today)));
    }
}
