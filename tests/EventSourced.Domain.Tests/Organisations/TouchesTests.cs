using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Organisations;

/// <summary>
/// Each structural command names every existing unit it changes, so access is checked on all of
/// them: the unit acted on first, then the parent a new unit is founded under, the parent a unit
/// leaves or closes under, and the unit that receives child units or members.
/// </summary>
public class TouchesTests
{
    private static readonly LocalDate Day = new(2024, 9, 1);

    private readonly TreeBuilder _tree = new();

    private OrganisationTree Tree => _tree.On(Day);

    [Fact]
    public void a_split_touches_the_parent_its_new_unit_is_founded_under_and_the_units_it_takes()
    {
        var second = _tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", _tree.Ward);

        var touched = new SplitOrganisation(_tree.Ward.Id, 1, Guid.NewGuid(), "BD.PX2", "Phúc Xá 2", [second.Id], Day).Touches(Tree);

        touched.ShouldBe([_tree.Ward.Id, _tree.District.Id, second.Id]);
    }

    [Fact]
    public void a_split_of_a_district_touches_the_city_its_new_sibling_would_sit_under()
    {
        var touched = new SplitOrganisation(_tree.District.Id, 1, Guid.NewGuid(), "BD2", "Ba Đình 2", [_tree.Ward.Id], Day).Touches(Tree);

        touched.ShouldBe([_tree.District.Id, _tree.City.Id, _tree.Ward.Id]);
    }

    [Fact]
    public void a_split_reads_the_parent_on_its_effective_date_not_today()
    {
        var other = _tree.Add(OrganisationKind.DirectlySubordinateCommittee, "HK", "Hoàn Kiếm", _tree.City);
        _tree.Ward.Apply(new OrganisationMoved(other.Id, _tree.District.Id, new LocalDate(2025, 7, 1)));

        var command = new SplitOrganisation(_tree.Ward.Id, 2, Guid.NewGuid(), "X", "X", [], Day);

        command.Touches(_tree.On(Day)).ShouldBe([_tree.Ward.Id, _tree.District.Id]);
        command.Touches(_tree.On(new LocalDate(2025, 8, 1))).ShouldBe([_tree.Ward.Id, other.Id]);
    }

    [Fact]
    public void founding_touches_the_parent_and_a_root_only_itself()
    {
        var id = Guid.NewGuid();

        new CreateOrganisation(id, "C", "C", OrganisationKind.Cell, _tree.Ward.Id, OrganisationFlags.None, Day).Touches(Tree).ShouldBe([_tree.Ward.Id]);
        new CreateOrganisation(id, "C", "C", OrganisationKind.CityCommittee, null, OrganisationFlags.None, Day).Touches(Tree).ShouldBe([id]);
    }

    [Fact]
    public void a_move_touches_the_unit_the_parent_it_leaves_and_the_parent_it_joins()
    {
        var other = _tree.Add(OrganisationKind.DirectlySubordinateCommittee, "HK", "Hoàn Kiếm", _tree.City);

        new MoveOrganisation(_tree.Ward.Id, 1, other.Id, Day).Touches(Tree).ShouldBe([_tree.Ward.Id, _tree.District.Id, other.Id]);
    }

    [Fact]
    public void a_merge_touches_the_parent_it_closes_under_the_target_and_the_units_it_moves()
    {
        var other = _tree.Add(OrganisationKind.GrassrootsCommittee, "HK.X", "Hàng Bạc", _tree.City);

        new MergeOrganisation(_tree.Ward.Id, 1, other.Id, Day).Touches(Tree).ShouldBe([_tree.Ward.Id, _tree.District.Id, other.Id, _tree.Cell.Id]);
    }

    [Fact]
    public void dissolving_touches_the_parent_and_the_unit_that_receives_the_members()
    {
        var other = _tree.Add(OrganisationKind.Cell, "HK.X.01", "Chi bộ 1", _tree.City);

        new DissolveOrganisation(_tree.Cell.Id, 1, other.Id, Day).Touches(Tree).ShouldBe([_tree.Cell.Id, _tree.Ward.Id, other.Id]);
        new DissolveOrganisation(_tree.Cell.Id, 1, null, Day).Touches(Tree).ShouldBe([_tree.Cell.Id, _tree.Ward.Id]);
    }

    [Fact]
    public void renaming_and_changing_flags_touch_only_the_unit()
    {
        new RenameOrganisation(_tree.District.Id, 1, "BD", "Ba Đình", Day).Touches(Tree).ShouldBe([_tree.District.Id]);
        new ChangeOrganisationFlags(_tree.District.Id, 1, OrganisationFlags.None, Day).Touches(Tree).ShouldBe([_tree.District.Id]);
    }

    [Fact]
    public void a_unit_named_twice_is_checked_once()
    {
        new SplitOrganisation(_tree.Ward.Id, 1, Guid.NewGuid(), "X", "X", [_tree.Cell.Id, _tree.Cell.Id], Day).Touches(Tree)
            .ShouldBe([_tree.Ward.Id, _tree.District.Id, _tree.Cell.Id]);
    }
}
