using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Organisations;

public class MergeOrganisationTests
{
    private static readonly LocalDate Reform = new(2025, 7, 1);

    private static MergeOrganisation Merge(Organisation unit, Organisation target, LocalDate date) =>
        new(unit.Id, unit.Version, target.Id, date);

    [Fact]
    public void merging_moves_every_active_child_to_the_target_and_records_the_absorption_there()
    {
        var tree = new TreeBuilder();
        var secondWard = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.TB", "Đảng bộ phường Trúc Bạch", tree.District);
        var target = tree.Add(OrganisationKind.DirectlySubordinateCommittee, "DD", "Quận ủy Đống Đa", tree.City);

        var events = MergeOrganisationHandler.Decide(Merge(tree.District, target, Reform), tree.District, tree.On(Reform));

        events.Count.ShouldBe(4);
        var merged = events.Single(e => e.StreamId == tree.District.Id).Event.ShouldBeOfType<OrganisationMerged>();
        merged.TargetId.ShouldBe(target.Id);
        merged.MovedChildIds.ShouldBe([tree.Ward.Id, secondWard.Id], ignoreOrder: true);
        merged.EffectiveDate.ShouldBe(Reform);
        events.Single(e => e.StreamId == target.Id).Event.ShouldBe(new OrganisationAbsorbed(tree.District.Id, Reform));
        foreach (var child in new[] { tree.Ward, secondWard })
        {
            events.Single(e => e.StreamId == child.Id).Event
                .ShouldBe(new OrganisationMoved(target.Id, tree.District.Id, Reform, MoveCause.ParentMerged, tree.District.Id));
        }
    }

    [Fact]
    public void after_the_merger_the_children_stand_under_the_target_and_before_it_nothing_changed()
    {
        var tree = new TreeBuilder();
        var target = tree.Add(OrganisationKind.DirectlySubordinateCommittee, "DD", "Quận ủy Đống Đa", tree.City);

        tree.Record(MergeOrganisationHandler.Decide(Merge(tree.District, target, Reform), tree.District, tree.On(Reform)));

        var after = tree.On(Reform);
        after.Children(target.Id).Select(c => c.Id).ShouldBe([tree.Ward.Id]);
        after.Find(tree.District.Id)!.Status.ShouldBe(OrganisationStatus.Merged);
        after.Children(tree.District.Id).ShouldBeEmpty();
        var before = tree.On(Reform.PlusDays(-1));
        before.Children(tree.District.Id).Select(c => c.Id).ShouldBe([tree.Ward.Id]);
        before.Find(tree.District.Id)!.Status.ShouldBe(OrganisationStatus.Active);
    }

    [Fact]
    public void closed_children_stay_where_they_were()
    {
        var tree = new TreeBuilder();
        var closedCell = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);
        closedCell.Apply(new OrganisationDissolved(null, new LocalDate(2024, 1, 1)));
        var target = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.TB", "Đảng bộ phường Trúc Bạch", tree.District);

        var events = MergeOrganisationHandler.Decide(Merge(tree.Ward, target, Reform), tree.Ward, tree.On(Reform));

        events.Select(e => e.Event).OfType<OrganisationMerged>().Single().MovedChildIds.ShouldBe([tree.Cell.Id]);
        events.ShouldNotContain(e => e.StreamId == closedCell.Id);
    }

    [Fact]
    public void a_back_dated_merge_of_a_unit_whose_child_left_later_is_refused()
    {
        // The cell left for another district after the merger's date: merging as of that date would
        // append a move to a unit that is now someone else's and rewrite its history.
        var tree = new TreeBuilder();
        var elsewhere = tree.Add(OrganisationKind.GrassrootsCommittee, "HK.HB", "Đảng bộ phường Hàng Bạc", tree.City);
        var target = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.TB", "Đảng bộ phường Trúc Bạch", tree.District);
        tree.Cell.Apply(new OrganisationMoved(elsewhere.Id, tree.Ward.Id, Reform.PlusDays(30)));

        Should.Throw<RuleViolation>(() => MergeOrganisationHandler.Decide(Merge(tree.Ward, target, Reform), tree.Ward, tree.On(Reform)))
            .Code.ShouldBe("Organisation.LaterChildrenRecorded");
    }

    [Fact]
    public void merging_a_unit_without_children_moves_nothing()
    {
        var tree = new TreeBuilder();
        var target = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);

        var events = MergeOrganisationHandler.Decide(Merge(tree.Cell, target, Reform), tree.Cell, tree.On(Reform));

        events.Select(e => e.Event.GetType()).ShouldBe([typeof(OrganisationMerged), typeof(OrganisationAbsorbed)]);
        events.Select(e => e.Event).OfType<OrganisationMerged>().Single().MovedChildIds.ShouldBeEmpty();
    }

    [Fact]
    public void merging_a_unit_into_itself_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => MergeOrganisationHandler.Decide(Merge(tree.Ward, tree.Ward, Reform), tree.Ward, tree.On(Reform)))
            .Code.ShouldBe("Organisation.MergeIntoItself");
    }

    [Fact]
    public void merging_a_unit_into_its_own_child_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => MergeOrganisationHandler.Decide(Merge(tree.District, tree.Ward, Reform), tree.District, tree.On(Reform)))
            .Code.ShouldBe("Organisation.MergeIntoOwnChild");
    }

    [Fact]
    public void merging_a_unit_into_a_deeper_descendant_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => MergeOrganisationHandler.Decide(Merge(tree.District, tree.Cell, Reform), tree.District, tree.On(Reform)))
            .Code.ShouldBe("Organisation.MergeIntoOwnChild");
    }

    [Fact]
    public void the_root_cannot_be_merged()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => MergeOrganisationHandler.Decide(Merge(tree.City, tree.District, Reform), tree.City, tree.On(Reform)))
            .Code.ShouldBe("Organisation.RootCannotClose");
    }

    [Fact]
    public void merging_into_a_closed_unit_is_refused()
    {
        var tree = new TreeBuilder();
        var target = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.TB", "Đảng bộ phường Trúc Bạch", tree.District);
        target.Apply(new OrganisationDissolved(null, new LocalDate(2025, 1, 1)));

        Should.Throw<RuleViolation>(() => MergeOrganisationHandler.Decide(Merge(tree.Ward, target, Reform), tree.Ward, tree.On(Reform)))
            .Code.ShouldBe("Organisation.Closed");
    }

    [Fact]
    public void merging_into_a_unit_not_founded_by_that_date_is_refused()
    {
        var tree = new TreeBuilder();
        var target = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.NEW", "Đảng bộ phường mới", tree.District, new LocalDate(2026, 1, 1));

        Should.Throw<RuleViolation>(() => MergeOrganisationHandler.Decide(Merge(tree.Ward, target, Reform), tree.Ward, tree.On(Reform)))
            .Code.ShouldBe("Organisation.NotFoundOnDate");
    }

    [Fact]
    public void merging_a_unit_already_merged_is_refused()
    {
        var tree = new TreeBuilder();
        var target = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);
        tree.Cell.Apply(new OrganisationMerged(target.Id, [], new LocalDate(2025, 1, 1)));

        Should.Throw<RuleViolation>(() => MergeOrganisationHandler.Decide(Merge(tree.Cell, target, Reform), tree.Cell, tree.On(Reform)))
            .Code.ShouldBe("Organisation.Closed");
    }

    [Fact]
    public void merging_a_unit_with_children_into_a_cell_is_refused()
    {
        var tree = new TreeBuilder();
        var grassrootsCell = tree.Add(OrganisationKind.GrassrootsCell, "BD.CBCS", "Chi bộ cơ sở Trường THPT Phan Đình Phùng", tree.District);

        Should.Throw<RuleViolation>(() => MergeOrganisationHandler.Decide(Merge(tree.Ward, grassrootsCell, Reform), tree.Ward, tree.On(Reform)))
            .Code.ShouldBe("Organisation.CellCannotHaveChildren");
    }

    [Fact]
    public void merging_a_ward_into_a_district_is_refused_because_its_cells_cannot_sit_there()
    {
        var tree = new TreeBuilder();
        var otherDistrict = tree.Add(OrganisationKind.DirectlySubordinateCommittee, "DD", "Quận ủy Đống Đa", tree.City);

        Should.Throw<RuleViolation>(() => MergeOrganisationHandler.Decide(Merge(tree.Ward, otherDistrict, Reform), tree.Ward, tree.On(Reform)))
            .Code.ShouldBe("Organisation.KindDoesNotFitParent");
    }

    [Fact]
    public void a_merger_effective_before_the_founding_is_refused()
    {
        var tree = new TreeBuilder();
        var target = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);

        Should.Throw<RuleViolation>(() => MergeOrganisationHandler.Decide(Merge(tree.Cell, target, new LocalDate(2019, 6, 1)), tree.Cell, tree.On(Reform)))
            .Code.ShouldBe("Organisation.DateBeforeFounding");
    }
}
