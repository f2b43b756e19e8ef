using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Organisations;

public class CreateOrganisationTests
{
    private static readonly LocalDate Today = new(2024, 3, 1);

    private static CreateOrganisation Found(OrganisationKind kind, Organisation? parent, string code = "NEW", string name = "Chi bộ mới") =>
        new(Guid.NewGuid(), code, name, kind, parent?.Id, OrganisationFlags.None, Today);

    [Fact]
    public void founding_a_cell_under_a_ward_committee_gives_the_created_event()
    {
        var tree = new TreeBuilder();
        var command = Found(OrganisationKind.Cell, tree.Ward, "BD.PX.02", "Chi bộ khu dân cư số 2");

        var created = CreateOrganisationHandler.Decide(command, tree.On(Today));

        created.ShouldBe(new OrganisationCreated(
            command.OrganisationId, "BD.PX.02", "Chi bộ khu dân cư số 2", OrganisationKind.Cell, tree.Ward.Id, OrganisationFlags.None, Today));
    }

    [Fact]
    public void the_code_is_trimmed_and_upper_cased_and_the_name_normalised()
    {
        var tree = new TreeBuilder();
        // "Ð" here is U+00D0 (Icelandic eth), as old spreadsheets have it.
        var command = Found(OrganisationKind.Cell, tree.Ward, "  bd.px.02 ", "  Chi bộ  \u00D0ội  2 ");

        var created = CreateOrganisationHandler.Decide(command, tree.On(Today));

        created.Code.ShouldBe("BD.PX.02");
        created.Name.ShouldBe("Chi bộ Đội 2");
    }

    [Fact]
    public void the_city_committee_can_be_founded_in_an_empty_tree()
    {
        var command = Found(OrganisationKind.CityCommittee, null, "HN", "Thành ủy Hà Nội");

        var created = CreateOrganisationHandler.Decide(command, new OrganisationTree(Today, []));

        created.ParentId.ShouldBeNull();
        created.Kind.ShouldBe(OrganisationKind.CityCommittee);
    }

    [Fact]
    public void a_second_city_committee_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => CreateOrganisationHandler.Decide(Found(OrganisationKind.CityCommittee, null, "HN2"), tree.On(Today)))
            .Code.ShouldBe("Organisation.OneCityCommittee");
    }

    [Fact]
    public void a_city_committee_under_a_parent_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => CreateOrganisationHandler.Decide(Found(OrganisationKind.CityCommittee, tree.City), tree.On(Today)))
            .Code.ShouldBe("Organisation.CityCommitteeIsRoot");
    }

    [Theory]
    [InlineData(OrganisationKind.DirectlySubordinateCommittee)]
    [InlineData(OrganisationKind.GrassrootsCommittee)]
    [InlineData(OrganisationKind.GrassrootsCell)]
    [InlineData(OrganisationKind.SubCommittee)]
    [InlineData(OrganisationKind.Cell)]
    public void any_unit_but_the_city_committee_needs_a_parent(OrganisationKind kind)
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => CreateOrganisationHandler.Decide(Found(kind, null), tree.On(Today)))
            .Code.ShouldBe("Organisation.ParentRequired");
    }

    [Theory]
    [InlineData(OrganisationKind.DirectlySubordinateCommittee, OrganisationKind.CityCommittee)]
    [InlineData(OrganisationKind.GrassrootsCommittee, OrganisationKind.CityCommittee)]
    [InlineData(OrganisationKind.GrassrootsCommittee, OrganisationKind.DirectlySubordinateCommittee)]
    [InlineData(OrganisationKind.GrassrootsCell, OrganisationKind.CityCommittee)]
    [InlineData(OrganisationKind.GrassrootsCell, OrganisationKind.DirectlySubordinateCommittee)]
    [InlineData(OrganisationKind.SubCommittee, OrganisationKind.GrassrootsCommittee)]
    [InlineData(OrganisationKind.Cell, OrganisationKind.GrassrootsCommittee)]
    [InlineData(OrganisationKind.Cell, OrganisationKind.SubCommittee)]
    public void a_kind_may_be_founded_where_it_belongs(OrganisationKind kind, OrganisationKind parentKind)
    {
        var tree = new TreeBuilder();
        var parent = ParentOfKind(tree, parentKind);

        CreateOrganisationHandler.Decide(Found(kind, parent), tree.On(Today)).ParentId.ShouldBe(parent.Id);
    }

    [Theory]
    [InlineData(OrganisationKind.DirectlySubordinateCommittee, OrganisationKind.DirectlySubordinateCommittee)]
    [InlineData(OrganisationKind.DirectlySubordinateCommittee, OrganisationKind.GrassrootsCommittee)]
    [InlineData(OrganisationKind.GrassrootsCommittee, OrganisationKind.GrassrootsCommittee)]
    [InlineData(OrganisationKind.GrassrootsCommittee, OrganisationKind.SubCommittee)]
    [InlineData(OrganisationKind.GrassrootsCell, OrganisationKind.GrassrootsCommittee)]
    [InlineData(OrganisationKind.SubCommittee, OrganisationKind.CityCommittee)]
    [InlineData(OrganisationKind.SubCommittee, OrganisationKind.DirectlySubordinateCommittee)]
    [InlineData(OrganisationKind.SubCommittee, OrganisationKind.SubCommittee)]
    [InlineData(OrganisationKind.Cell, OrganisationKind.CityCommittee)]
    [InlineData(OrganisationKind.Cell, OrganisationKind.DirectlySubordinateCommittee)]
    public void a_kind_placed_where_it_does_not_belong_is_refused(OrganisationKind kind, OrganisationKind parentKind)
    {
        var tree = new TreeBuilder();
        var parent = ParentOfKind(tree, parentKind);

        Should.Throw<RuleViolation>(() => CreateOrganisationHandler.Decide(Found(kind, parent), tree.On(Today)))
            .Code.ShouldBe("Organisation.KindDoesNotFitParent");
    }

    [Theory]
    [InlineData(OrganisationKind.Cell)]
    [InlineData(OrganisationKind.GrassrootsCell)]
    public void nothing_can_be_founded_under_a_cell(OrganisationKind cellKind)
    {
        var tree = new TreeBuilder();
        var cell = ParentOfKind(tree, cellKind);

        Should.Throw<RuleViolation>(() => CreateOrganisationHandler.Decide(Found(OrganisationKind.Cell, cell), tree.On(Today)))
            .Code.ShouldBe("Organisation.CellCannotHaveChildren");
    }

    [Fact]
    public void founding_under_a_dissolved_unit_is_refused()
    {
        var tree = new TreeBuilder();
        tree.Ward.Apply(new OrganisationDissolved(null, new LocalDate(2024, 1, 1)));

        Should.Throw<RuleViolation>(() => CreateOrganisationHandler.Decide(Found(OrganisationKind.Cell, tree.Ward), tree.On(Today)))
            .Code.ShouldBe("Organisation.ParentClosed");
    }

    [Fact]
    public void founding_under_a_merged_unit_is_refused()
    {
        var tree = new TreeBuilder();
        var other = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.TB", "Đảng bộ phường Trúc Bạch", tree.District);
        tree.Ward.Apply(new OrganisationMerged(other.Id, [], new LocalDate(2024, 1, 1)));

        Should.Throw<RuleViolation>(() => CreateOrganisationHandler.Decide(Found(OrganisationKind.Cell, tree.Ward), tree.On(Today)))
            .Code.ShouldBe("Organisation.ParentClosed");
    }

    [Fact]
    public void founding_under_a_unit_already_recorded_as_dissolved_later_is_refused()
    {
        // The new cell would be left under a dissolved parent from the dissolution on.
        var tree = new TreeBuilder();
        tree.Ward.Apply(new OrganisationDissolved(null, new LocalDate(2024, 6, 1)));

        Should.Throw<RuleViolation>(() => CreateOrganisationHandler.Decide(Found(OrganisationKind.Cell, tree.Ward), tree.On(Today)))
            .Code.ShouldBe("Organisation.ParentClosesLater");
    }

    [Fact]
    public void founding_under_a_unit_that_does_not_exist_yet_on_the_date_is_refused()
    {
        var tree = new TreeBuilder();
        var later = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.NEW", "Đảng bộ phường mới", tree.District, new LocalDate(2025, 1, 1));

        Should.Throw<RuleViolation>(() => CreateOrganisationHandler.Decide(Found(OrganisationKind.Cell, later), tree.On(Today)))
            .Code.ShouldBe("Organisation.ParentNotFound");
    }

    [Fact]
    public void founding_a_unit_whose_id_is_already_in_the_tree_is_refused()
    {
        var tree = new TreeBuilder();
        var command = Found(OrganisationKind.Cell, tree.Ward) with { OrganisationId = tree.Cell.Id };

        Should.Throw<RuleViolation>(() => CreateOrganisationHandler.Decide(command, tree.On(Today)))
            .Code.ShouldBe("Organisation.AlreadyExists");
    }

    [Theory]
    [InlineData("BD.PX.01")]
    [InlineData("bd.px.01")]
    [InlineData(" BD.PX.01 ")]
    public void a_code_used_by_an_active_unit_is_refused_whatever_its_case(string code)
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => CreateOrganisationHandler.Decide(Found(OrganisationKind.Cell, tree.Ward, code), tree.On(Today)))
            .Code.ShouldBe("Organisation.CodeTaken");
    }

    [Fact]
    public void the_code_of_a_merged_unit_may_be_reused()
    {
        var tree = new TreeBuilder();
        var other = tree.Add(OrganisationKind.Cell, "BD.PX.09", "Chi bộ khu dân cư số 9", tree.Ward);
        tree.Cell.Apply(new OrganisationMerged(other.Id, [], new LocalDate(2024, 1, 1)));

        CreateOrganisationHandler.Decide(Found(OrganisationKind.Cell, tree.Ward, "BD.PX.01"), tree.On(Today)).Code.ShouldBe("BD.PX.01");
    }

    [Fact]
    public void the_code_of_a_dissolved_unit_may_be_reused()
    {
        var tree = new TreeBuilder();
        tree.Cell.Apply(new OrganisationDissolved(null, new LocalDate(2024, 1, 1)));

        CreateOrganisationHandler.Decide(Found(OrganisationKind.Cell, tree.Ward, "BD.PX.01"), tree.On(Today)).Code.ShouldBe("BD.PX.01");
    }

    [Fact]
    public void the_code_of_a_merged_unit_is_still_taken_on_a_date_before_the_merger()
    {
        var tree = new TreeBuilder();
        var other = tree.Add(OrganisationKind.Cell, "BD.PX.09", "Chi bộ khu dân cư số 9", tree.Ward);
        tree.Cell.Apply(new OrganisationMerged(other.Id, [], new LocalDate(2024, 6, 1)));

        Should.Throw<RuleViolation>(() => CreateOrganisationHandler.Decide(Found(OrganisationKind.Cell, tree.Ward, "BD.PX.01"), tree.On(Today)))
            .Code.ShouldBe("Organisation.CodeTaken");
    }

    [Theory]
    [InlineData("", "Organisation.CodeRequired")]
    [InlineData("   ", "Organisation.CodeRequired")]
    [InlineData("BD PX 02", "Organisation.CodeInvalid")]
    [InlineData("BĐ.02", "Organisation.CodeInvalid")]
    [InlineData("BD/02", "Organisation.CodeInvalid")]
    [InlineData("A23456789012345678901234567890123", "Organisation.CodeInvalid")]
    public void a_missing_or_malformed_code_is_refused(string code, string rule)
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => CreateOrganisationHandler.Decide(Found(OrganisationKind.Cell, tree.Ward, code), tree.On(Today)))
            .Code.ShouldBe(rule);
    }

    [Fact]
    public void a_code_of_32_characters_is_accepted()
    {
        var tree = new TreeBuilder();
        var code = new string('A', 32);

        CreateOrganisationHandler.Decide(Found(OrganisationKind.Cell, tree.Ward, code), tree.On(Today)).Code.ShouldBe(code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void a_missing_name_is_refused(string name)
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => CreateOrganisationHandler.Decide(Found(OrganisationKind.Cell, tree.Ward, "BD.PX.02", name), tree.On(Today)))
            .Code.ShouldBe("Organisation.NameRequired");
    }

    [Fact]
    public void a_name_over_200_characters_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => CreateOrganisationHandler.Decide(Found(OrganisationKind.Cell, tree.Ward, "BD.PX.02", new string('a', 201)), tree.On(Today)))
            .Code.ShouldBe("Organisation.NameTooLong");
    }

    private static Organisation ParentOfKind(TreeBuilder tree, OrganisationKind kind) => kind switch
    {
        OrganisationKind.CityCommittee => tree.City,
        OrganisationKind.DirectlySubordinateCommittee => tree.District,
        OrganisationKind.GrassrootsCommittee => tree.Ward,
        OrganisationKind.Cell => tree.Cell,
        OrganisationKind.SubCommittee => tree.Add(kind, "BD.PX.KV1", "Đảng bộ bộ phận khu vực 1", tree.Ward),
        OrganisationKind.GrassrootsCell => tree.Add(kind, "BD.CBCS", "Chi bộ cơ sở Trường THPT Phan Đình Phùng", tree.District),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Fact]
    public void a_code_already_used_by_a_unit_founded_later_is_refused()
    {
        // The later unit is already recorded; founding another with its code from an earlier date
        // would give two active units the same code from the later founding on.
        var tree = new TreeBuilder();
        tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward, new LocalDate(2025, 1, 1));

        Should.Throw<RuleViolation>(() => CreateOrganisationHandler.Decide(Found(OrganisationKind.Cell, tree.Ward, "BD.PX.02"), tree.On(Today)))
            .Code.ShouldBe("Organisation.CodeTaken");
    }

    [Fact]
    public void founding_a_unit_with_the_name_of_an_active_sibling_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => CreateOrganisationHandler.Decide(Found(OrganisationKind.Cell, tree.Ward, name: tree.Cell.Name), tree.On(Today)))
            .Code.ShouldBe("Organisation.NameTakenUnderParent");
    }
}
