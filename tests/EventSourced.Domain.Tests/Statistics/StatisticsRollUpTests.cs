using EventSourced.Domain.Audit;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Statistics;
using NodaTime;

namespace EventSourced.Domain.Tests.Statistics;

public sealed class StatisticsRollUpTests
{
    private static readonly LocalDate On = new(2025, 1, 1);
    private static readonly OrganisationFlags NoFlags = new(false, false, false);
    private static readonly Guid City = Guid.NewGuid(), D1 = Guid.NewGuid(), D2 = Guid.NewGuid(), G = Guid.NewGuid(), C1 = Guid.NewGuid(), C2 = Guid.NewGuid(), C3 = Guid.NewGuid(), Closed = Guid.NewGuid();

    private static OrganisationTree Tree() => new(On,
    [
        new(City, OrganisationKind.CityCommittee, "HN", "Thành ủy", null, OrganisationStatus.Active, NoFlags, 1),
        new(D1, OrganisationKind.DirectlySubordinateCommittee, "D1", "Quận 1", City, OrganisationStatus.Active, NoFlags, 1),
        new(D2, OrganisationKind.DirectlySubordinateCommittee, "D2", "Quận 2", City, OrganisationStatus.Active, NoFlags, 1),
        new(G, OrganisationKind.GrassrootsCommittee, "G", "Đảng bộ phường", D1, OrganisationStatus.Active, NoFlags, 1),
        new(C1, OrganisationKind.Cell, "C1", "Chi bộ 1", G, OrganisationStatus.Active, NoFlags, 1),
        new(C2, OrganisationKind.Cell, "C2", "Chi bộ 2", G, OrganisationStatus.Active, NoFlags, 1),
        new(Closed, OrganisationKind.Cell, "C9", "Chi bộ đã sáp nhập", G, OrganisationStatus.Merged, NoFlags, 2),
        new(C3, OrganisationKind.GrassrootsCell, "C3", "Chi bộ cơ sở", D2, OrganisationStatus.Active, NoFlags, 1),
    ]);

    private static MembershipAsOf.Counted Member(Guid cell, RollStatus status, Sex sex, int age, int partyAge, string? ethnicity = "Kinh", string? religion = null) =>
        new(cell, status, sex, age, partyAge, ethnicity, religion);

    private static Dictionary<Guid, Tally> PerCell(params MembershipAsOf.Counted[] members) =>
        members.GroupBy(m => m.CellId).ToDictionary(g => g.Key, g => MembershipAsOf.Count(g, StatisticsBands.Default));

    private static readonly Dictionary<Guid, Tally> Sample = PerCell(
        Member(C1, RollStatus.Official, Sex.Male, 30, 5),
        Member(C1, RollStatus.Probationary, Sex.Female, 31, 0, "Tày"),
        Member(C2, RollStatus.Exempt, Sex.Male, 75, 50, religion: "Công giáo"),
        Member(C3, RollStatus.Official, Sex.Female, 45, 20, ethnicity: null));

    [Fact]
    public void every_parent_row_is_the_sum_of_its_children_on_every_table()
    {
        var tree = Tree();
        foreach (var unit in new[] { City, D1, G })
        {
            foreach (var table in MembershipAsOf.Tables(tree, unit, Sample, StatisticsBands.Default))
            {
                for (var column = 0; column < table.Columns.Count; column++)
                {
                    table.Total.Counts[column].ShouldBe(table.Rows.Sum(r => r.Counts[column]), $"{table.Dimension.Key} {table.Columns[column]} at {unit}");
                }
            }
        }
    }

    [Fact]
    public void the_city_counts_by_status_sex_and_bands_as_worked_out_by_hand()
    {
        var tables = MembershipAsOf.Tables(Tree(), City, Sample, StatisticsBands.Default).ToDictionary(t => t.Dimension.Key);

        tables["Status"].Total.Counts.ShouldBe([1, 2, 1]);
        tables["Status"].Rows.Select(r => r.Unit.Code).ShouldBe(["D1", "D2"]);
        tables["Status"].Rows[0].Counts.ShouldBe([1, 1, 1]);
        tables["Sex"].Total.Counts.ShouldBe([2, 2]);
        tables["Age"].Columns.ShouldBe(["0-30", "31-40", "41-50", "51-60", "61-70", "71+"]);
        tables["Age"].Total.Counts.ShouldBe([1, 1, 1, 0, 0, 1]);
        tables["PartyAge"].Columns.ShouldBe(["0-9", "10-19", "20-29", "30-39", "40-49", "50+"]);
        tables["PartyAge"].Total.Counts.ShouldBe([2, 0, 1, 0, 0, 1]);
    }

    [Fact]
    public void free_text_fields_are_columns_of_the_values_found_and_a_missing_one_is_not_recorded()
    {
        var tables = MembershipAsOf.Tables(Tree(), City, Sample, StatisticsBands.Default).ToDictionary(t => t.Dimension.Key);

        tables["Ethnicity"].Columns.ShouldBe(["Kinh", StatisticsDimension.NotRecorded, "Tày"]);
        tables["Ethnicity"].Total.Counts.ShouldBe([2, 1, 1]);
        tables["Religion"].Columns.ShouldBe([StatisticsDimension.NotRecorded, "Công giáo"]);
        tables["Education"].Columns.ShouldBe([StatisticsDimension.NotRecorded]);
        tables["Education"].Total.Counts.ShouldBe([4]);
        tables["PoliticalTheory"].Total.Counts.ShouldBe([4]);
    }

    [Fact]
    public void a_cell_closed_by_the_date_still_counts_in_its_parent_and_shows_while_it_has_anything()
    {
        var perCell = new Dictionary<Guid, Tally>(Sample) { [Closed] = MembershipAsOf.Count([Member(Closed, RollStatus.Official, Sex.Male, 40, 10)], StatisticsBands.Default) };

        var status = MembershipAsOf.Tables(Tree(), G, perCell, StatisticsBands.Default).Single(t => t.Dimension.Key == "Status");

        status.Rows.Select(r => r.Unit.Code).ShouldBe(["C1", "C2", "C9"]);
        status.Total.Counts.ShouldBe([1, 2, 1]);
        MembershipAsOf.Tables(Tree(), G, Sample, StatisticsBands.Default).Single(t => t.Dimension.Key == "Status").Rows.Select(r => r.Unit.Code).ShouldBe(["C1", "C2"]);
    }

    [Fact]
    public void a_grassroots_cell_without_cells_below_is_its_own_total()
    {
        var status = MembershipAsOf.Tables(Tree(), C3, Sample, StatisticsBands.Default).Single(t => t.Dimension.Key == "Status");

        status.Rows.ShouldBeEmpty();
        status.Total.Counts.ShouldBe([0, 1, 0]);
    }

    [Theory]
    [InlineData(30, 0)]
    [InlineData(31, 1)]
    [InlineData(70, 4)]
    [InlineData(71, 5)]
    public void age_bands_start_where_configured(int years, int band) =>
        StatisticsBands.Band(StatisticsBands.Default.AgeBands, years).ShouldBe(band);
}
