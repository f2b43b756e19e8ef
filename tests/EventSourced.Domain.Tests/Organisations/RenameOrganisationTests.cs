using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Organisations;

public class RenameOrganisationTests
{
    private static readonly LocalDate March = new(2024, 3, 1);

    private static RenameOrganisation Rename(Organisation unit, string code, string name, LocalDate date) =>
        new(unit.Id, unit.Version, code, name, date);

    [Fact]
    public void renaming_gives_the_new_and_the_previous_code_and_name()
    {
        var tree = new TreeBuilder();

        var renamed = RenameOrganisationHandler.Decide(Rename(tree.Cell, "BD.PX.1A", "Chi bộ tổ dân phố 1", March), tree.Cell, tree.On(March));

        renamed.ShouldBe(new OrganisationRenamed("BD.PX.1A", "Chi bộ tổ dân phố 1", "BD.PX.01", "Chi bộ khu dân cư số 1", March));
    }

    [Fact]
    public void changing_only_the_name_keeps_the_code()
    {
        var tree = new TreeBuilder();

        var renamed = RenameOrganisationHandler.Decide(Rename(tree.Cell, "BD.PX.01", "Chi bộ tổ dân phố 1", March), tree.Cell, tree.On(March));

        renamed.Code.ShouldBe("BD.PX.01");
        renamed.PreviousCode.ShouldBe("BD.PX.01");
        renamed.Name.ShouldBe("Chi bộ tổ dân phố 1");
    }

    [Theory]
    [InlineData("BD.PX.01", "Chi bộ khu dân cư số 1")]
    [InlineData(" bd.px.01 ", "  Chi bộ  khu dân cư số 1 ")]
    public void a_rename_that_changes_nothing_is_refused(string code, string name)
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => RenameOrganisationHandler.Decide(Rename(tree.Cell, code, name, March), tree.Cell, tree.On(March)))
            .Code.ShouldBe("Organisation.NothingChanged");
    }

    [Fact]
    public void a_rename_that_differs_only_by_the_eth_look_alike_of_d_is_refused_as_changing_nothing()
    {
        var tree = new TreeBuilder();

        // "Ð" below is U+00D0, which the name normalisation maps to "Đ".
        Should.Throw<RuleViolation>(() => RenameOrganisationHandler.Decide(Rename(tree.District, "BD", "Quận ủy Ba \u00D0ình", March), tree.District, tree.On(March)))
            .Code.ShouldBe("Organisation.NothingChanged");
    }

    [Fact]
    public void a_rename_effective_before_the_founding_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => RenameOrganisationHandler.Decide(Rename(tree.Cell, "BD.PX.1A", "Chi bộ 1A", new LocalDate(2019, 12, 31)), tree.Cell, tree.On(March)))
            .Code.ShouldBe("Organisation.DateBeforeFounding");
    }

    [Fact]
    public void taking_the_code_of_another_active_unit_is_refused()
    {
        var tree = new TreeBuilder();
        tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);

        Should.Throw<RuleViolation>(() => RenameOrganisationHandler.Decide(Rename(tree.Cell, "bd.px.02", "Chi bộ mới", March), tree.Cell, tree.On(March)))
            .Code.ShouldBe("Organisation.CodeTaken");
    }

    [Fact]
    public void taking_the_code_of_a_merged_unit_is_allowed()
    {
        var tree = new TreeBuilder();
        var merged = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);
        merged.Apply(new OrganisationMerged(tree.Cell.Id, [], new LocalDate(2024, 1, 1)));

        var renamed = RenameOrganisationHandler.Decide(Rename(tree.Cell, "BD.PX.02", "Chi bộ khu dân cư số 1 và 2", March), tree.Cell, tree.On(March));

        renamed.Code.ShouldBe("BD.PX.02");
    }

    [Fact]
    public void renaming_a_unit_closed_on_that_date_is_refused()
    {
        var tree = new TreeBuilder();
        tree.Cell.Apply(new OrganisationDissolved(null, new LocalDate(2024, 1, 1)));

        Should.Throw<RuleViolation>(() => RenameOrganisationHandler.Decide(Rename(tree.Cell, "BD.PX.1A", "Chi bộ 1A", March), tree.Cell, tree.On(March)))
            .Code.ShouldBe("Organisation.Closed");
    }

    [Fact]
    public void a_rename_recorded_late_takes_the_previous_values_of_its_own_date()
    {
        var tree = new TreeBuilder();
        tree.Cell.Apply(new OrganisationRenamed("BD.PX.1B", "Chi bộ 1B", "BD.PX.01", "Chi bộ khu dân cư số 1", new LocalDate(2024, 6, 1)));

        var renamed = RenameOrganisationHandler.Decide(Rename(tree.Cell, "BD.PX.1A", "Chi bộ 1A", March), tree.Cell, tree.On(March));

        renamed.PreviousCode.ShouldBe("BD.PX.01");
        renamed.PreviousName.ShouldBe("Chi bộ khu dân cư số 1");
    }

    [Fact]
    public void a_unit_may_be_renamed_on_a_date_before_it_was_dissolved()
    {
        var tree = new TreeBuilder();
        tree.Cell.Apply(new OrganisationDissolved(null, new LocalDate(2024, 6, 1)));

        RenameOrganisationHandler.Decide(Rename(tree.Cell, "BD.PX.1A", "Chi bộ 1A", March), tree.Cell, tree.On(March))
            .Code.ShouldBe("BD.PX.1A");
    }

    [Fact]
    public void a_name_change_recorded_late_is_not_undone_by_a_later_dated_change_of_code()
    {
        // The June decision changes only the code and is entered first; the March decision
        // changes only the name and is entered afterwards. From June the unit has both changes.
        var tree = new TreeBuilder();
        var june = new LocalDate(2024, 6, 1);
        tree.Cell.Apply(RenameOrganisationHandler.Decide(Rename(tree.Cell, "BD.PX.1A", "Chi bộ khu dân cư số 1", june), tree.Cell, tree.On(june)));
        tree.Cell.Apply(RenameOrganisationHandler.Decide(Rename(tree.Cell, "BD.PX.01", "Chi bộ tổ dân phố 1", March), tree.Cell, tree.On(March)));

        tree.Cell.AsOf(March)!.Name.ShouldBe("Chi bộ tổ dân phố 1");
        tree.Cell.AsOf(june)!.Code.ShouldBe("BD.PX.1A");
        tree.Cell.AsOf(june)!.Name.ShouldBe("Chi bộ tổ dân phố 1");
        tree.Cell.Name.ShouldBe("Chi bộ tổ dân phố 1");
    }

    [Fact]
    public void taking_the_name_of_an_active_sibling_is_refused_whatever_its_case()
    {
        var tree = new TreeBuilder();
        var sibling = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);

        var refusal = Should.Throw<RuleViolation>(() => RenameOrganisationHandler.Decide(Rename(tree.Cell, tree.Cell.Code, "CHI BỘ KHU DÂN CƯ SỐ 2", March), tree.Cell, tree.On(March)));

        refusal.Code.ShouldBe("Organisation.NameTakenUnderParent");
        refusal.Arguments.ShouldBe(["CHI BỘ KHU DÂN CƯ SỐ 2", sibling.Code]);
    }

    [Fact]
    public void a_name_held_under_another_parent_or_by_a_closed_sibling_or_differing_in_tone_marks_is_free()
    {
        var tree = new TreeBuilder();
        var otherWard = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.TB", "Đảng bộ phường Trúc Bạch", tree.District);
        tree.Add(OrganisationKind.Cell, "BD.TB.01", "Chi bộ số 5", otherWard);
        var merged = tree.Add(OrganisationKind.Cell, "BD.PX.03", "Chi bộ số 3", tree.Ward);
        merged.Apply(new OrganisationMerged(tree.Cell.Id, [], new LocalDate(2024, 1, 1)));
        tree.Add(OrganisationKind.Cell, "BD.PX.04", "Chi bộ Tô Hiệu", tree.Ward);

        RenameOrganisationHandler.Decide(Rename(tree.Cell, tree.Cell.Code, "Chi bộ số 5", March), tree.Cell, tree.On(March)).Name.ShouldBe("Chi bộ số 5");
        RenameOrganisationHandler.Decide(Rename(tree.Cell, tree.Cell.Code, "Chi bộ số 3", March), tree.Cell, tree.On(March)).Name.ShouldBe("Chi bộ số 3");
        RenameOrganisationHandler.Decide(Rename(tree.Cell, tree.Cell.Code, "Chi bộ Tô Hiếu", March), tree.Cell, tree.On(March)).Name.ShouldBe("Chi bộ Tô Hiếu");
    }

    [Fact]
    public void a_name_a_sibling_founded_later_holds_is_refused_for_a_back_dated_rename()
    {
        var tree = new TreeBuilder();
        tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward, founded: March.PlusMonths(2));

        Should.Throw<RuleViolation>(() => RenameOrganisationHandler.Decide(Rename(tree.Cell, tree.Cell.Code, "Chi bộ khu dân cư số 2", March), tree.Cell, tree.On(March)))
            .Code.ShouldBe("Organisation.NameTakenUnderParent");
    }
}
