using System.Net;
using System.Text.RegularExpressions;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;
using ReconciliationSnapshot = EventSourced.Domain.Reconciliation.Reconciliation;

namespace EventSourced.Web.Tests.Pages.Reconciliation;

/// <summary>
/// A round's page after reconciliation events were appended for some of its units (as the unit's own
/// reconciliation pages append them): each unit's status, the open differences rolled up, the late
/// units and the export.
/// </summary>
public sealed partial class RoundTests(RoundTests.Fixture app) : IClassFixture<RoundTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        public static readonly LocalDate Reference = new(2025, 6, 1);

        public Guid RoundId { get; } = Guid.CreateVersion7();

        /// <summary>A round the city committee opened for the whole city.</summary>
        public Guid CityRoundId { get; } = Guid.CreateVersion7();

        public OrganisationCreated Grassroots { get; } = DemoUnits.GrassrootsUnder(DemoUnits.BaDinh);

        public IReadOnlyList<OrganisationCreated> Cells => DemoUnits.ChildrenOf(Grassroots.OrganisationId).Where(u => u.Kind == OrganisationKind.Cell).ToList();

        public OrganisationCreated Working => Cells[0];

        public OrganisationCreated Done => Cells[1];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var session = Store.LightweightSession();
            // The deadline has passed (the app's clock runs today): every unit not finished is late.
            session.Events.StartStream<ReconciliationRound>(RoundId, new ReconciliationRoundOpened(RoundId, DemoUnits.BaDinh.OrganisationId, "Rà soát 2025", Reference, Reference.PlusDays(30), "15-KH/QU"));

            session.Events.StartStream<ReconciliationRound>(CityRoundId, new ReconciliationRoundOpened(CityRoundId, DemoUnits.City, "Rà soát toàn thành phố", Reference, Reference.PlusDays(60), "20-KH/TU"));

            var working = Guid.CreateVersion7();
            session.Events.StartStream<ReconciliationSnapshot>(
                working,
                new ReconciliationStarted(working, Working.OrganisationId, RoundId, Reference, "chi-bo.xlsx", "h1", 20),
                new RollMatched(working, new ReconciliationCounts(15, 2, 1, 1, 1, 0)),
                new ReconciliationItemResolved(working, 1, "Accept", "Đúng người", null));

            // A first try with the wrong file, superseded by the one that finished.
            var first = Guid.Parse("00000000-0000-7000-8000-000000000001");
            var done = Guid.CreateVersion7();
            session.Events.StartStream<ReconciliationSnapshot>(
                first,
                new ReconciliationStarted(first, Done.OrganisationId, RoundId, Reference, "sai.xlsx", "h2", 3),
                new RollMatched(first, new ReconciliationCounts(0, 0, 3, 0, 0, 0)));
            session.Events.StartStream<ReconciliationSnapshot>(
                done,
                new ReconciliationStarted(done, Done.OrganisationId, RoundId, Reference, "dung.xlsx", "h3", 10),
                new RollMatched(done, new ReconciliationCounts(10, 0, 0, 0, 0, 0)),
                new ReconciliationFinished(done, Reference.PlusDays(10)));

            // The same unit reconciling outside the round does not count in it.
            var outside = Guid.CreateVersion7();
            session.Events.StartStream<ReconciliationSnapshot>(
                outside,
                new ReconciliationStarted(outside, Cells[2].OrganisationId, null, Reference, "ngoai.xlsx", "h4", 5),
                new RollMatched(outside, new ReconciliationCounts(0, 5, 0, 0, 0, 0)));
            await session.SaveChangesAsync();
        }
    }

    private static Dictionary<string, string> Kpis(string html) =>
        KpiPattern().Matches(html).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());

    private static Dictionary<string, string> Statuses(string html) =>
        RowPattern().Matches(html).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    [Fact]
    public async Task each_unit_shows_its_status_and_its_parent_the_sum_of_its_units()
    {
        var staff = await app.SignInAsync("staff");

        var html = await staff.GetTextAsync($"/reconciliation/rounds/{app.RoundId}?unit={app.Grassroots.Code}");

        var statuses = Statuses(html);
        statuses[app.Working.Code].ShouldBe("InProgress");
        statuses[app.Done.Code].ShouldBe("Finished");
        statuses[app.Cells[2].Code].ShouldBe("NotStarted");
        var kpis = Kpis(html);
        (kpis["finished"], kpis["in-progress"], kpis["not-started"], kpis["open-items"])
            .ShouldBe(("1", "1", (app.Cells.Count - 2).ToString(System.Globalization.CultureInfo.InvariantCulture), "4"));
        html.ShouldContain($"href=\"/reconciliation/units/{app.Working.Code}?round={app.RoundId}\"");
    }

    [Fact]
    public async Task the_district_rolls_up_its_grassroots_organisations()
    {
        var staff = await app.SignInAsync("staff");

        var html = await staff.GetTextAsync($"/reconciliation/rounds/{app.RoundId}");

        var kpis = Kpis(html);
        (kpis["finished"], kpis["in-progress"], kpis["open-items"]).ShouldBe(("1", "1", "4"));
        Statuses(html).ShouldContainKey(app.Grassroots.Code);
    }

    [Fact]
    public async Task units_not_finished_after_the_deadline_are_listed_as_late()
    {
        var staff = await app.SignInAsync("staff");

        var html = await staff.GetTextAsync($"/reconciliation/rounds/{app.RoundId}?unit={app.Grassroots.Code}");

        var late = LatePattern().Matches(html).Select(m => m.Groups[1].Value).ToList();
        late.ShouldContain(app.Working.Code);
        late.ShouldContain(app.Cells[2].Code);
        late.ShouldNotContain(app.Done.Code);
    }

    [Fact]
    public async Task the_round_exports_its_units_as_csv_and_xlsx()
    {
        var staff = await app.SignInAsync("staff");

        var csv = await staff.GetAsync($"/reconciliation/rounds/{app.RoundId}?handler=Export&unit={app.Grassroots.Code}&format=csv");
        var xlsx = await staff.GetAsync($"/reconciliation/rounds/{app.RoundId}?handler=Export&unit={app.Grassroots.Code}&format=xlsx");

        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBeGreaterThanOrEqualTo(app.Cells.Count + 2);
        lines.Single(l => l.StartsWith(app.Working.Code + ",", StringComparison.Ordinal)).ShouldContain(",0,1,0,4,");
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    [Fact]
    public async Task another_districts_staff_may_not_see_the_round()
    {
        var other = await app.SignInAsync("staff2");

        var response = await other.GetAsync($"/reconciliation/rounds/{app.RoundId}");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/forbidden");
    }

    [Fact]
    public async Task district_staff_follow_their_part_of_a_city_round_and_no_other_district()
    {
        var staff = await app.SignInAsync("staff");

        (await staff.GetTextAsync("/reconciliation")).ShouldContain($"data-round=\"{app.CityRoundId}\"");
        var html = await staff.GetTextAsync($"/reconciliation/rounds/{app.CityRoundId}");
        html.ShouldContain($"data-testid=\"unit-name\">{DemoUnits.BaDinh.Name}<");
        Statuses(html).ShouldContainKey(app.Grassroots.Code);

        var other = await staff.GetAsync($"/reconciliation/rounds/{app.CityRoundId}?unit={DemoUnits.HoanKiem.Code}");
        other.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        other.Headers.Location!.ToString().ShouldContain("/forbidden");
    }

    [GeneratedRegex("data-testid=\"kpi-([a-z-]+)\">([^<]*)<")]
    private static partial Regex KpiPattern();

    [GeneratedRegex("<tr data-unit=\"([^\"]+)\" data-status=\"([^\"]*)\"")]
    private static partial Regex RowPattern();

    [GeneratedRegex("data-late=\"([^\"]+)\"")]
    private static partial Regex LatePattern();
}
