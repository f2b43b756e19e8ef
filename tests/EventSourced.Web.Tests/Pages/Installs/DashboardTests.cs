using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using EventSourced.Domain.Common;
using EventSourced.Domain.Installs;
using EventSourced.Domain.Installs.Rollout;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Installs;

/// <summary>
/// The rollout dashboard read over HTTP after real reports from the app and real staff forms: the
/// figures of a cell, the same cell on a past date, parents equal to the sum of their children in the
/// export, and the target and training forms with their refusals.
/// </summary>
public sealed partial class DashboardTests(DashboardTests.Fixture app) : IClassFixture<DashboardTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        // The reports are dated spring 2025 and the clock runs today: the report window is opened wide.
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["Installs:ReportWindowDays"] = "36500" };

        public AppMember Installed { get; private set; } = null!;

        public AppMember Uninstalled { get; private set; } = null!;

        public AppMember WithoutPhone { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Installed = await AppMember.CreateAsync(this, "Nguyễn Văn Cài", "001090000701");
            Uninstalled = await AppMember.CreateAsync(this, "Trần Văn Gỡ", "001090000702");
            WithoutPhone = await AppMember.CreateAsync(this, "Lê Thị Không", "001190000703");
            await ReportAsync(Installed, ("Installed", "2025-03-01T01:00:00Z"), ("Activated", "2025-03-01T01:05:00Z"));
            await ReportAsync(Uninstalled, ("Activated", "2025-03-02T01:00:00Z"), ("Uninstalled", "2025-04-01T01:00:00Z"));
            await ReportAsync(Uninstalled, ("Activated", "2025-03-02T01:00:00Z"));
        }

        public async Task ReportAsync(AppMember member, params (string Kind, string At)[] events)
        {
            using var client = member.Client(this);
            var body = events.Select(e => new { eventId = EventId(member, e), kind = e.Kind, deviceId = "d-1", platform = "android", appVersion = "1.0.0", occurredAt = e.At });
            (await client.PostAsJsonAsync("/api/app/installs", body, WebSession.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        public async Task CaughtUpAsync() => await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        // The same report sent again carries the same id, as the app's retry does.
        private static Guid EventId(AppMember member, (string Kind, string At) e) =>
            new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{member.Id}{e.Kind}{e.At}")).AsSpan(0, 16));
    }

    private static readonly Domain.Organisations.OrganisationCreated Cell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh));

    private static Dictionary<string, string> Kpis(string html) =>
        KpiPattern().Matches(html).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());

    [Fact]
    public async Task a_cell_counts_its_members_installs_and_eligibility_today_and_on_a_past_date()
    {
        var staff = await app.SignInAsync("staff");
        var notEligible = await staff.PostFormAsync(
            $"/members/{app.WithoutPhone.Id}/app-usage",
            $"/members/{app.WithoutPhone.Id}/app-usage?handler=NotEligible",
            new Dictionary<string, string> { ["UsageVersion"] = "0", ["On"] = "2025-02-01", ["Reason"] = "Không có điện thoại thông minh" });
        notEligible.StatusCode.ShouldBe(HttpStatusCode.Redirect, await notEligible.Content.ReadAsStringAsync());
        await app.CaughtUpAsync();

        var today = Kpis(await staff.GetTextAsync($"/installs?unit={Cell.Code}"));
        var march = Kpis(await staff.GetTextAsync($"/installs?unit={Cell.Code}&date=2025-03-15"));
        var january = Kpis(await staff.GetTextAsync($"/installs?unit={Cell.Code}&date=2025-01-15"));

        (today["members"], today["eligible"], today["installed"]).ShouldBe(("3", "2", "1"));
        (march["members"], march["eligible"], march["installed"]).ShouldBe(("3", "2", "2"));
        (january["members"], january["eligible"], january["installed"]).ShouldBe(("3", "3", "0"));
    }

    [Fact]
    public async Task the_figures_are_reused_while_other_events_arrive_and_counted_again_once_a_span_is_written()
    {
        var cache = app.Host.Services.GetRequiredService<RolloutFiguresCache>();
        var directory = app.Host.Services.GetRequiredService<OrganisationDirectory>();
        var today = VietnamTime.Today(app.Host.Services.GetRequiredService<IClock>());
        await app.CaughtUpAsync();
        var tree = await directory.TreeAsync(today);
        var cells = RolloutDashboardQuery.CellsUnder(tree, Cell.OrganisationId);
        await using var session = app.Store.QuerySession();
        var counted = await cache.FiguresAsync(session, tree, today, cells, Cell.OrganisationId, CancellationToken.None);

        // Looking at a roll is recorded as an event: the store moves, no span does.
        var events = await app.EventCountAsync();
        var auditor = await app.SignInAsync("auditor");
        (await auditor.GetAsync($"/audit/roll?unit={Cell.Code}&on=2025-03-15")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.EventCountAsync()).ShouldBeGreaterThan(events);
        await app.CaughtUpAsync();
        var reused = await cache.FiguresAsync(session, tree, today, cells, Cell.OrganisationId, CancellationToken.None);

        // Any statement on the spans moves their counter, even one that changes no row.
        await using (var write = app.Store.LightweightSession())
        {
            write.QueueSqlCommand($"update {write.DocumentStore.Options.DatabaseSchemaName}.{RolloutSpansProjection.TableName} set active = active where false");
            await write.SaveChangesAsync();
        }

        var recounted = await cache.FiguresAsync(session, tree, today, cells, Cell.OrganisationId, CancellationToken.None);

        reused.ComputedAt.ShouldBe(counted.ComputedAt);
        recounted.ComputedAt.ShouldBeGreaterThan(counted.ComputedAt);
        recounted.Value.Single(f => f.UnitId == Cell.OrganisationId).ShouldBe(counted.Value.Single(f => f.UnitId == Cell.OrganisationId));
    }

    [Fact]
    public async Task a_parent_equals_the_sum_of_its_children_in_the_export()
    {
        var admin = await app.SignInAsync("admin");
        await app.CaughtUpAsync();

        foreach (var unit in new[] { DemoUnits.BaDinh.Code, EventSourced.Web.Demo.DemoCity.CityCode })
        {
            var response = await admin.GetAsync($"/installs/export?unit={unit}&format=csv");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var rows = lines.Skip(1).Select(Fields).ToList();
            foreach (var column in new[] { 3, 4, 5, 8, 9 })
            {
                int Value(string[] row) => int.Parse(row[column], CultureInfo.InvariantCulture);
                Value(rows[0]).ShouldBe(rows.Skip(1).Sum(Value), $"column {Fields(lines[0])[column]} of {unit}");
            }
        }
    }

    [Fact]
    public async Task the_export_comes_as_xlsx_too()
    {
        var admin = await app.SignInAsync("admin");

        var response = await admin.GetAsync($"/installs/export?unit={DemoUnits.BaDinh.Code}&format=xlsx");

        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        (await response.Content.ReadAsByteArrayAsync())[..2].ShouldBe("PK"u8.ToArray());
    }

    [Fact]
    public async Task a_staff_install_sent_twice_counts_once()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AppMember.CreateAsync(app, "Phạm Văn Giúp", "001090000704");
        var form = new Dictionary<string, string> { ["InstallEventId"] = Guid.NewGuid().ToString(), ["On"] = "2025-05-01", ["DeviceNote"] = "Điện thoại của con" };

        for (var i = 0; i < 2; i++)
        {
            (await staff.PostFormAsync($"/members/{member.Id}/app-usage", $"/members/{member.Id}/app-usage?handler=Install", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(MemberAppUsage.StreamIdFor(member.Id))).Count.ShouldBe(1);
        (await staff.GetTextAsync($"/members/{member.Id}/app-usage")).ShouldContain("data-testid=\"installed-now\">Có<");
    }

    [Fact]
    public async Task marking_not_eligible_without_a_reason_is_refused_with_nothing_stored()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AppMember.CreateAsync(app, "Đỗ Văn Lý", "001090000705");

        var response = await staff.PostFormAsync($"/members/{member.Id}/app-usage", $"/members/{member.Id}/app-usage?handler=NotEligible", new Dictionary<string, string> { ["UsageVersion"] = "0", ["On"] = "2025-02-01", ["Reason"] = " " });

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldShow(Texts.Vi("Install.ReasonRequired"));
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamStateAsync(MemberAppUsage.StreamIdFor(member.Id))).ShouldBeNull();
    }

    [Fact]
    public async Task a_training_class_counts_its_trainees_and_a_count_that_disagrees_with_the_names_is_refused()
    {
        var staff = await app.SignInAsync("staff");
        var refused = await staff.PostFormAsync("/installs/training", "/installs/training?handler=Record", new Dictionary<string, string>
        {
            ["ClassId"] = Guid.NewGuid().ToString(), ["Level"] = "Grassroots", ["UnitCode"] = Cell.Code, ["HeldOn"] = "2025-02-10",
            ["Trainer"] = "Đ/c Hà", ["TraineeCount"] = "3", ["TraineeNames"] = "Nguyễn Văn An\nTrần Thị Bình",
        });
        var recorded = await staff.PostFormAsync("/installs/training", "/installs/training?handler=Record", new Dictionary<string, string>
        {
            ["ClassId"] = Guid.NewGuid().ToString(), ["Level"] = "Grassroots", ["UnitCode"] = Cell.Code, ["HeldOn"] = "2025-02-10",
            ["Trainer"] = "Đ/c Hà", ["TraineeNames"] = "Nguyễn Văn An\nTrần Thị Bình",
        });

        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldShow(Texts.Vi("Install.TraineeCountMismatch", 2));
        recorded.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Kpis(await staff.GetTextAsync($"/installs?unit={DemoUnits.BaDinh.Code}"))["trained"].ShouldBe("2");
        Kpis(await staff.GetTextAsync($"/installs?unit={DemoUnits.BaDinh.Code}&date=2025-02-09"))["trained"].ShouldBe("0");
    }

    [Fact]
    public async Task a_target_is_set_on_a_decision_and_a_stale_form_is_refused()
    {
        var staff = await app.SignInAsync("staff");
        var unit = DemoUnits.GrassrootsUnder(DemoUnits.BaDinh);
        var form = new Dictionary<string, string>
        {
            ["Target.ExpectedVersion"] = "0", ["Target.Percent"] = "80", ["Target.Deadline"] = "2025-04-30",
            ["Target.DecisionReference"] = "05-KH/TU", ["Target.EffectiveDate"] = "2025-01-03",
        };

        var first = await staff.PostFormAsync($"/installs?unit={unit.Code}", $"/installs?handler=Target&unit={unit.Code}", form);
        var stale = await staff.PostFormAsync($"/installs?unit={unit.Code}", $"/installs?handler=Target&unit={unit.Code}", form);

        first.StatusCode.ShouldBe(HttpStatusCode.Redirect, await first.Content.ReadAsStringAsync());
        stale.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        Kpis(await staff.GetTextAsync($"/installs?unit={unit.Code}"))["target"].ShouldContain("80%");
        Kpis(await staff.GetTextAsync($"/installs?unit={Cell.Code}"))["target"].ShouldContain("80%");
    }

    [Fact]
    public async Task someone_else_s_unit_is_refused_and_nothing_is_recorded()
    {
        var other = await app.SignInAsync("staff2");

        (await other.GetAsync($"/installs?unit={DemoUnits.BaDinh.Code}")).Headers.Location!.ToString().ShouldContain("/forbidden");
        (await other.GetAsync($"/installs/export?unit={DemoUnits.BaDinh.Code}&format=csv")).Headers.Location!.ToString().ShouldContain("/forbidden");
        var training = await other.PostFormAsync("/installs/training", "/installs/training?handler=Record", new Dictionary<string, string>
        {
            ["ClassId"] = Guid.NewGuid().ToString(), ["Level"] = "Grassroots", ["UnitCode"] = Cell.Code, ["HeldOn"] = "2025-02-10", ["Trainer"] = "X", ["TraineeCount"] = "5",
        });
        training.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        await using var session = app.Store.QuerySession();
        (await session.Query<TrainingClass>().CountAsync(c => c.TraineeCount == 5)).ShouldBe(0);
    }

    [Fact]
    public async Task a_date_in_the_future_says_so_and_shows_today()
    {
        var staff = await app.SignInAsync("staff");

        var html = await staff.GetTextAsync($"/installs?unit={Cell.Code}&date=2099-01-01");

        html.TestIdText("form-error").ShouldBe(Texts.Vi("Installs.DateInFuture", new NodaTime.LocalDate(2099, 1, 1)));
        html.HasTestId("kpi-members").ShouldBeTrue();
    }

    [Fact]
    public async Task a_date_that_cannot_be_read_says_so_and_shows_today()
    {
        var staff = await app.SignInAsync("staff");

        var html = await staff.GetTextAsync($"/installs?unit={Cell.Code}&date=not-a-date");

        html.TestIdText("form-error").ShouldBe(Texts.Vi("Installs.DateInvalid"));
        html.HasTestId("kpi-members").ShouldBeTrue();
    }

    /// <summary>The fields of a CSV line, quoted ones unquoted (unit names may hold commas).</summary>
    private static string[] Fields(string line) =>
        [.. CsvField().Matches(line).Select(m => m.Groups[1].Success ? m.Groups[1].Value.Replace("\"\"", "\"", StringComparison.Ordinal) : m.Groups[2].Value)];

    [GeneratedRegex("(?:^|,)(?:\"((?:[^\"]|\"\")*)\"|([^,]*))")]
    private static partial Regex CsvField();

    [GeneratedRegex("data-testid=\"kpi-([a-z-]+)\">([^<]*)")]
    private static partial Regex KpiPattern();
}
