using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Organisations;

public class SplitOrganisationTests
{
    private static readonly LocalDate SplitDay = new(2024, 9, 1);

    private static SplitOrganisation Split(Organisation unit, Guid newId, params Organisation[] children) =>
        new(unit.Id, unit.Version, newId, " bd.px2 ", "Đảng bộ phường  Phúc Xá 2", children.Select(c => c.Id).ToList(), SplitDay);

    [Fact]
    public void splitting_founds_a_sibling_of_the_same_kind_that_remembers_where_it_came_from()
    {
        var tree = new TreeBuilder();
        var newId = Guid.NewGuid();

        var events = SplitOrganisationHandler.Decide(Split(tree.Ward, newId), tree.Ward, tree.On(SplitDay));

        var created = events.Single(e => e.StreamId == newId).Event.ShouldBeOfType<OrganisationCreated>();
        created.ShouldBe(new OrganisationCreated(
            newId, "BD.PX2", "Đảng bộ phường Phúc Xá 2", OrganisationKind.GrassrootsCommittee, tree.District.Id, OrganisationFlags.None, SplitDay, tree.Ward.Id));
    }

    [Fact]
    public void splitting_moves_only_the_chosen_children()
    {
        var tree = new TreeBuilder();
        var second = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);
        var third = tree.Add(OrganisationKind.Cell, "BD.PX.03", "Chi bộ khu dân cư số 3", tree.Ward);
        var newId = Guid.NewGuid();

        var events = SplitOrganisationHandler.Decide(Split(tree.Ward, newId, second, third), tree.Ward, tree.On(SplitDay));

        events.Single(e => e.StreamId == tree.Ward.Id).Event.ShouldBeOfType<OrganisationSplit>().MovedChildIds.ShouldBe([second.Id, third.Id]);
        foreach (var child in new[] { second, third })
        {
            events.Single(e => e.StreamId == child.Id).Event
                .ShouldBe(new OrganisationMoved(newId, tree.Ward.Id, SplitDay, MoveCause.Split, tree.Ward.Id));
        }

        events.ShouldNotContain(e => e.StreamId == tree.Cell.Id);
        events.Count.ShouldBe(4);
    }

    [Fact]
    public void after_the_split_the_tree_shows_the_new_unit_with_its_children_beside_the_old_one()
    {
        var tree = new TreeBuilder();
        var second = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);
        var newId = Guid.NewGuid();

        tree.Record(SplitOrganisationHandler.Decide(Split(tree.Ward, newId, second), tree.Ward, tree.On(SplitDay)));

        var after = tree.On(SplitDay);
        after.Children(tree.District.Id).Select(c => c.Id).ShouldBe([tree.Ward.Id, newId]);
        after.Children(newId).Select(c => c.Id).ShouldBe([second.Id]);
        after.Children(tree.Ward.Id).Select(c => c.Id).ShouldBe([tree.Cell.Id]);
        after.Find(tree.Ward.Id)!.Status.ShouldBe(OrganisationStatus.Active);
        tree.On(SplitDay.PlusDays(-1)).Find(newId).ShouldBeNull();
    }

    [Fact]
    public void a_child_listed_twice_is_moved_once()
    {
        var tree = new TreeBuilder();
        var newId = Guid.NewGuid();

        var events = SplitOrganisationHandler.Decide(Split(tree.Ward, newId, tree.Cell, tree.Cell), tree.Ward, tree.On(SplitDay));

        events.Count(e => e.StreamId == tree.Cell.Id).ShouldBe(1);
        events.Select(e => e.Event).OfType<OrganisationSplit>().Single().MovedChildIds.ShouldBe([tree.Cell.Id]);
    }

    [Fact]
    public void splitting_off_a_child_of_another_unit_is_refused()
    {
        var tree = new TreeBuilder();
        var otherWard = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.TB", "Đảng bộ phường Trúc Bạch", tree.District);
        var foreignCell = tree.Add(OrganisationKind.Cell, "BD.TB.01", "Chi bộ Trúc Bạch 1", otherWard);

        Should.Throw<RuleViolation>(() => SplitOrganisationHandler.Decide(Split(tree.Ward, Guid.NewGuid(), tree.Cell, foreignCell), tree.Ward, tree.On(SplitDay)))
            .Code.ShouldBe("Organisation.SplitChildNotOwn");
    }

    [Fact]
    public void splitting_off_a_grandchild_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => SplitOrganisationHandler.Decide(Split(tree.District, Guid.NewGuid(), tree.Cell), tree.District, tree.On(SplitDay)))
            .Code.ShouldBe("Organisation.SplitChildNotOwn");
    }

    [Fact]
    public void the_root_cannot_be_split()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => SplitOrganisationHandler.Decide(Split(tree.City, Guid.NewGuid(), tree.District), tree.City, tree.On(SplitDay)))
            .Code.ShouldBe("Organisation.RootCannotSplit");
    }

    [Fact]
    public void the_new_unit_cannot_take_a_code_in_use()
    {
        var tree = new TreeBuilder();
        var command = Split(tree.Ward, Guid.NewGuid()) with { NewCode = "bd.px" };

        Should.Throw<RuleViolation>(() => SplitOrganisationHandler.Decide(command, tree.Ward, tree.On(SplitDay)))
            .Code.ShouldBe("Organisation.CodeTaken");
    }

    [Fact]
    public void the_new_unit_cannot_reuse_an_existing_id()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => SplitOrganisationHandler.Decide(Split(tree.Ward, tree.Cell.Id), tree.Ward, tree.On(SplitDay)))
            .Code.ShouldBe("Organisation.AlreadyExists");
    }

    [Fact]
    public void splitting_a_closed_unit_is_refused()
    {
        var tree = new TreeBuilder();
        tree.Cell.Apply(new OrganisationDissolved(null, new LocalDate(2024, 1, 1)));

        Should.Throw<RuleViolation>(() => SplitOrganisationHandler.Decide(Split(tree.Cell, Guid.NewGuid()), tree.Cell, tree.On(SplitDay)))
            .Code.ShouldBe("Organisation.Closed");
    }

    [Fact]
    public void a_split_effective_before_the_founding_is_refused()
    {
        var tree = new TreeBuilder(new LocalDate(2025, 1, 1));

        Should.Throw<RuleViolation>(() => SplitOrganisationHandler.Decide(Split(tree.Ward, Guid.NewGuid()), tree.Ward, tree.On(new LocalDate(2025, 1, 1))))
            .Code.ShouldBe("Organisation.DateBeforeFounding");
    }

    [Fact]
    public void the_new_unit_cannot_take_the_name_of_the_unit_it_splits_from_or_of_another_sibling()
    {
        var tree = new TreeBuilder();
        var split = Split(tree.Ward, Guid.NewGuid(), tree.Cell);

        Should.Throw<RuleViolation>(() => SplitOrganisationHandler.Decide(split with { NewName = tree.Ward.Name }, tree.Ward, tree.On(SplitDay)))
            .Code.ShouldBe("Organisation.NameTakenUnderParent");
    }
}
