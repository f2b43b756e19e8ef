using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Organisations;

public class OrganisationTreeTests
{
    private static readonly LocalDate Today = new(2024, 5, 1);

    [Fact]
    public void children_are_the_active_units_directly_below_in_code_order()
    {
        var tree = new TreeBuilder();
        var second = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);
        var closed = tree.Add(OrganisationKind.Cell, "BD.PX.00", "Chi bộ đã giải thể", tree.Ward);
        closed.Apply(new OrganisationDissolved(null, new LocalDate(2023, 1, 1)));

        var on = tree.On(Today);

        on.Children(tree.Ward.Id).Select(c => c.Id).ShouldBe([tree.Cell.Id, second.Id]);
        on.Children(tree.Ward.Id, includeClosed: true).Select(c => c.Id).ShouldBe([closed.Id, tree.Cell.Id, second.Id]);
    }

    [Fact]
    public void the_cells_of_a_subtree_are_its_active_cells_of_both_kinds_in_code_order_and_the_same_list_each_time()
    {
        var tree = new TreeBuilder();
        var otherWard = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.AA", "Đảng bộ phường Trúc Bạch", tree.District);
        var early = tree.Add(OrganisationKind.Cell, "BD.AA.01", "Chi bộ số 1", otherWard);
        var grassroots = tree.Add(OrganisationKind.GrassrootsCell, "BD.CS", "Chi bộ cơ sở trường học", tree.District);
        var closed = tree.Add(OrganisationKind.Cell, "BD.PX.00", "Chi bộ đã giải thể", tree.Ward);
        closed.Apply(new OrganisationDissolved(null, new LocalDate(2023, 1, 1)));

        var on = tree.On(Today);

        on.CellsByCode(tree.District.Id).Select(c => c.Id).ShouldBe([early.Id, grassroots.Id, tree.Cell.Id]);
        on.CellsByCode(tree.Ward.Id).Select(c => c.Id).ShouldBe([tree.Cell.Id]);
        on.CellsByCode(tree.Cell.Id).Select(c => c.Id).ShouldBe([tree.Cell.Id]);
        on.CellsByCode(Guid.NewGuid()).ShouldBeEmpty();
        on.CellsByCode(tree.District.Id).ShouldBeSameAs(on.CellsByCode(tree.District.Id));
    }

    [Fact]
    public void a_cell_and_an_unknown_unit_have_no_children()
    {
        var tree = new TreeBuilder();

        var on = tree.On(Today);

        on.Children(tree.Cell.Id).ShouldBeEmpty();
        on.Children(Guid.NewGuid()).ShouldBeEmpty();
    }

    [Fact]
    public void ancestors_run_from_the_root_down_to_the_parent()
    {
        var tree = new TreeBuilder();

        var on = tree.On(Today);

        on.Ancestors(tree.Cell.Id).Select(a => a.Id).ShouldBe([tree.City.Id, tree.District.Id, tree.Ward.Id]);
        on.Ancestors(tree.City.Id).ShouldBeEmpty();
    }

    [Fact]
    public void the_city_committee_is_the_only_root()
    {
        var tree = new TreeBuilder();

        tree.On(Today).Roots.Select(r => r.Id).ShouldBe([tree.City.Id]);
    }

    [Fact]
    public void a_unit_is_within_itself_and_its_ancestors_but_not_its_siblings_or_children()
    {
        var tree = new TreeBuilder();
        var sibling = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.TB", "Đảng bộ phường Trúc Bạch", tree.District);
        var on = tree.On(Today);

        on.IsWithin(tree.Ward.Id, tree.Ward.Id).ShouldBeTrue();
        on.IsWithin(tree.Cell.Id, tree.Ward.Id).ShouldBeTrue();
        on.IsWithin(tree.Cell.Id, tree.City.Id).ShouldBeTrue();
        on.IsWithin(tree.Cell.Id, sibling.Id).ShouldBeFalse();
        on.IsWithin(tree.District.Id, tree.Ward.Id).ShouldBeFalse();
    }

    [Fact]
    public void the_subtree_is_the_unit_and_every_active_unit_below_it()
    {
        var tree = new TreeBuilder();
        var second = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);
        second.Apply(new OrganisationDissolved(null, new LocalDate(2023, 1, 1)));
        var otherDistrict = tree.Add(OrganisationKind.DirectlySubordinateCommittee, "DD", "Quận ủy Đống Đa", tree.City);

        var on = tree.On(Today);

        on.Subtree(tree.District.Id).Select(n => n.Id).ShouldBe([tree.District.Id, tree.Ward.Id, tree.Cell.Id], ignoreOrder: true);
        on.Subtree(tree.District.Id, includeClosed: true).Select(n => n.Id).ShouldContain(second.Id);
        on.Subtree(tree.City.Id).Select(n => n.Id).ShouldContain(otherDistrict.Id);
        on.Subtree(Guid.NewGuid()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("phuc xa")]
    [InlineData("PHUC XA")]
    [InlineData("Phúc Xá")]
    [InlineData("  phường   phúc xá ")]
    public void search_finds_a_name_with_or_without_diacritics(string text)
    {
        var tree = new TreeBuilder();

        tree.On(Today).Search(text).Select(n => n.Name).ShouldBe(["Đảng bộ phường Phúc Xá"]);
    }

    [Theory]
    [InlineData("dong da")]
    [InlineData("Đống Đa")]
    [InlineData("\u00D0ống \u00D0a")]
    public void search_treats_d_with_stroke_and_its_eth_look_alike_as_d(string text)
    {
        var tree = new TreeBuilder();
        tree.Add(OrganisationKind.DirectlySubordinateCommittee, "DD", "Quận ủy Đống Đa", tree.City);

        tree.On(Today).Search(text).Select(n => n.Name).ShouldBe(["Quận ủy Đống Đa"]);
    }

    [Fact]
    public void search_finds_a_name_stored_with_the_eth_look_alike()
    {
        var tree = new TreeBuilder();
        tree.Add(OrganisationKind.DirectlySubordinateCommittee, "DD", "Quận ủy \u00D0ống \u00D0a", tree.City);

        tree.On(Today).Search("Đống Đa").Select(n => n.Code).ShouldBe(["DD"]);
    }

    [Fact]
    public void search_matches_codes_ignoring_case()
    {
        var tree = new TreeBuilder();

        tree.On(Today).Search("bd.px.01").Select(n => n.Id).ShouldBe([tree.Cell.Id]);
    }

    [Fact]
    public void search_leaves_out_closed_units_unless_asked()
    {
        var tree = new TreeBuilder();
        tree.Ward.Apply(new OrganisationMerged(tree.District.Id, [tree.Cell.Id], new LocalDate(2023, 1, 1)));

        var on = tree.On(Today);

        on.Search("phuc xa").ShouldBeEmpty();
        on.Search("phuc xa", includeClosed: true).Select(n => n.Id).ShouldBe([tree.Ward.Id]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void an_empty_search_finds_nothing(string text)
    {
        new TreeBuilder().On(Today).Search(text).ShouldBeEmpty();
    }

    [Fact]
    public void the_tree_on_a_date_before_a_move_still_shows_the_old_parent()
    {
        var tree = new TreeBuilder();
        var reform = new LocalDate(2025, 7, 1);
        tree.Ward.Apply(new OrganisationMoved(tree.City.Id, tree.District.Id, reform));

        var before = tree.On(reform.PlusDays(-1));
        var after = tree.On(reform);

        before.Find(tree.Ward.Id)!.ParentId.ShouldBe(tree.District.Id);
        before.Children(tree.District.Id).Select(c => c.Id).ShouldBe([tree.Ward.Id]);
        before.Ancestors(tree.Cell.Id).Select(a => a.Id).ShouldBe([tree.City.Id, tree.District.Id, tree.Ward.Id]);
        after.Find(tree.Ward.Id)!.ParentId.ShouldBe(tree.City.Id);
        after.Children(tree.District.Id).ShouldBeEmpty();
        after.Ancestors(tree.Cell.Id).Select(a => a.Id).ShouldBe([tree.City.Id, tree.Ward.Id]);
    }

    [Fact]
    public void a_unit_not_yet_founded_is_not_in_the_tree()
    {
        var tree = new TreeBuilder();
        var later = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward, new LocalDate(2025, 1, 1));

        tree.On(Today).Find(later.Id).ShouldBeNull();
        tree.On(new LocalDate(2025, 1, 1)).Find(later.Id).ShouldNotBeNull();
        tree.On(Today).Count.ShouldBe(4);
    }

    [Fact]
    public void each_node_carries_the_names_of_its_date_and_the_unit_s_current_version()
    {
        var tree = new TreeBuilder();
        tree.Ward.Apply(new OrganisationRenamed("PX", "Đảng bộ phường Phúc Xá mới", "BD.PX", "Đảng bộ phường Phúc Xá", new LocalDate(2025, 7, 1)));

        var node = tree.On(Today).Find(tree.Ward.Id)!;

        node.Code.ShouldBe("BD.PX");
        node.Name.ShouldBe("Đảng bộ phường Phúc Xá");
        node.Version.ShouldBe(2);
    }

    [Fact]
    public void finding_an_active_code_ignores_case_closed_units_and_the_unit_itself()
    {
        var tree = new TreeBuilder();
        var closed = tree.Add(OrganisationKind.Cell, "BD.PX.09", "Chi bộ khu dân cư số 9", tree.Ward);
        closed.Apply(new OrganisationDissolved(null, new LocalDate(2023, 1, 1)));
        var on = tree.On(Today);

        on.FindActiveByCode(" bd.px.01 ")!.Id.ShouldBe(tree.Cell.Id);
        on.FindActiveByCode("BD.PX.01", except: tree.Cell.Id).ShouldBeNull();
        on.FindActiveByCode("BD.PX.09").ShouldBeNull();
    }
}
