using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Pages.Reconciliation;

/// <summary>Opening a reconciliation round through the form at /reconciliation, and its refusals.</summary>
public sealed partial class IndexTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static Dictionary<string, string> Form(Guid roundId, string unitCode, string reference = "2025-06-01", string deadline = "2025-07-31") => new()
    {
        ["NewRoundId"] = roundId.ToString(),
        ["UnitCode"] = unitCode,
        ["Name"] = "Rà soát danh sách đảng viên 2025",
        ["ReferenceDate"] = reference,
        ["Deadline"] = deadline,
        ["DecisionReference"] = "15-KH/QU",
    };

    private static List<string> Rules(string html) => [.. RuleAttribute().Matches(html).Select(m => m.Groups[1].Value).Distinct()];

    private async Task<ReconciliationRound?> RoundAsync(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return await session.LoadAsync<ReconciliationRound>(id);
    }

    [Fact]
    public async Task district_staff_open_a_round_for_their_district_and_see_it_listed()
    {
        var staff = await app.SignInAsync("staff");
        var id = Guid.CreateVersion7();

        var response = await staff.PostFormAsync("/reconciliation", "/reconciliation", Form(id, DemoUnits.BaDinh.Code));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().ShouldBe($"/reconciliation/rounds/{id}");
        var round = (await RoundAsync(id)).ShouldNotBeNull();
        (round.UnitId, round.Name, round.DecisionReference).ShouldBe((DemoUnits.BaDinh.OrganisationId, "Rà soát danh sách đảng viên 2025", "15-KH/QU"));
        (await staff.GetTextAsync("/reconciliation")).ShouldContain($"data-round=\"{id}\"");
        var page = await staff.GetTextAsync($"/reconciliation/rounds/{id}");
        page.ShouldContain("data-testid=\"round-opened\"");
        page.ShouldShow("Nguyễn Thị Lan");
    }

    [Fact]
    public async Task a_round_for_another_districts_unit_is_refused_and_nothing_is_stored()
    {
        var staff = await app.SignInAsync("staff");
        var id = Guid.CreateVersion7();
        var before = await app.EventCountAsync();

        var response = await staff.PostFormAsync("/reconciliation", "/reconciliation", Form(id, DemoUnits.HoanKiem.Code));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        Rules(await response.Content.ReadAsStringAsync()).ShouldBe(["Access.Denied"]);
        (await RoundAsync(id)).ShouldBeNull();
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task an_auditor_records_no_round()
    {
        var auditor = await app.SignInAsync("auditor");
        var id = Guid.CreateVersion7();

        (await auditor.GetTextAsync("/reconciliation")).ShouldNotContain("data-testid=\"open-round-form\"");
        var response = await auditor.PostFormAsync("/reconciliation", "/reconciliation", Form(id, DemoUnits.BaDinh.Code));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        Rules(await response.Content.ReadAsStringAsync()).ShouldBe(["Access.Denied"]);
        (await RoundAsync(id)).ShouldBeNull();
    }

    [Theory]
    [InlineData("2025-06-01", "2025-05-31", "Reconciliation.DeadlineNotAfterReferenceDate")]
    [InlineData("2025-06-01", "2025-06-01", "Reconciliation.DeadlineNotAfterReferenceDate")]
    [InlineData("", "", "Reconciliation.ReferenceDateInFuture")]
    public async Task a_round_with_impossible_dates_is_refused_and_nothing_is_stored(string reference, string deadline, string rule)
    {
        if (reference.Length == 0)
        {
            // The day after tomorrow in Hanoi, whatever the hour the test runs.
            var future = DateTime.UtcNow.AddHours(7).AddDays(2);
            (reference, deadline) = (future.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), future.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        var staff = await app.SignInAsync("staff");
        var id = Guid.CreateVersion7();
        var before = await app.EventCountAsync();

        var response = await staff.PostFormAsync("/reconciliation", "/reconciliation", Form(id, DemoUnits.BaDinh.Code, reference, deadline));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var html = await response.Content.ReadAsStringAsync();
        Rules(html).ShouldBe([rule]);
        html.ShouldContain($"data-rule=\"{rule}\" data-field=\"{(rule.Contains("Deadline", StringComparison.Ordinal) ? "Deadline" : "ReferenceDate")}\"");
        (await RoundAsync(id)).ShouldBeNull();
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_unit_code_that_names_no_unit_is_refused_on_its_field()
    {
        var staff = await app.SignInAsync("staff");

        var response = await staff.PostFormAsync("/reconciliation", "/reconciliation", Form(Guid.CreateVersion7(), "NO.SUCH.UNIT"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var html = await response.Content.ReadAsStringAsync();
        Rules(html).ShouldBe(["Reconciliation.UnitNotFound"]);
        html.ShouldContain("data-field=\"UnitCode\"");
    }

    [Fact]
    public async Task the_same_round_sent_twice_at_the_same_moment_is_opened_once()
    {
        var staff = await app.SignInAsync("staff");
        var id = Guid.CreateVersion7();
        var grassroots = DemoUnits.GrassrootsUnder(DemoUnits.BaDinh);

        var (first, second) = await AtTheSameMoment.PostAsync(
            new AtTheSameMoment.Post(staff, "/reconciliation", "/reconciliation", Form(id, grassroots.Code)),
            new AtTheSameMoment.Post(staff, "/reconciliation", "/reconciliation", Form(id, grassroots.Code)));

        new[] { first.StatusCode, second.StatusCode }.Order().ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity]);
        var refused = first.StatusCode == HttpStatusCode.Redirect ? second : first;
        Rules(await refused.Content.ReadAsStringAsync()).ShouldBe(["Form.AlreadyRecorded"]);
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(id)).Count.ShouldBe(1);
    }

    [GeneratedRegex("data-rule=\"([^\"]+)\"")]
    private static partial Regex RuleAttribute();
}
