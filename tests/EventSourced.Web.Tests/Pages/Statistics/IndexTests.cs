using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EventSourced.Domain.Statistics;
using EventSourced.Web.Tests.Infrastructure;
using EventSourced.Web.Tests.Pages.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Wolverine;

namespace EventSourced.Web.Tests.Pages.Statistics;

/// <summary>
/// The statistics of the small history the roll tests work out by hand (cells X and Y of a
/// grassroots organisation G: an exemption, a transfer in transit then received, a temporary hosting,
/// an admission, a death recorded late, X merged into Y), on past dates and periods.
/// </summary>
public sealed class IndexTests(RollHistoryTests.Fixture app) : IClassFixture<RollHistoryTests.Fixture>
{
    private static readonly string G = DemoUnits.GrassrootsUnder(DemoUnits.BaDinh).Code;

    [Theory]
    [InlineData("X", "2023-01-01", "=X:0/1/1")]
    [InlineData("X", "2024-03-10", "=X:0/2/0")]
    [InlineData("Y", "2024-03-10", "=Y:0/0/0")]
    [InlineData("Y", "2024-07-01", "=Y:1/1/0")]
    [InlineData("G", "2024-12-31", "X:0/1/0 Y:0/1/0 =G:0/2/0")]
    [InlineData("G", "2025-01-02", "Y:0/2/0 =G:0/2/0")]
    public async Task members_by_standing_on_a_date_are_the_hand_computed_ones(string unit, string on, string expected)
    {
        var staff = await app.SignInAsync("staff");

        var page = await staff.GetTextAsync($"/statistics?unit={Code(unit)}&on={on}");

        Table(page, "Status", "Probationary", "Official", "Exempt").ShouldBe(expected);
    }

    [Theory]
    [InlineData("2019-01-01", "2019-12-31", "Admissions", "Admitted", "X:1 Y:0 =G:1")]
    [InlineData("2019-01-01", "2019-12-31", "Recognitions", "Recognised", "X:1 Y:0 =G:1")]
    [InlineData("2024-01-01", "2024-12-31", "Admissions", "Admitted", "X:0 Y:1 =G:1")]
    [InlineData("2024-01-01", "2024-12-31", "Transfers", "LeftWithinCity", "X:1 Y:0 =G:1")]
    [InlineData("2024-01-01", "2024-12-31", "Transfers", "ArrivedWithinCity", "X:0 Y:1 =G:1")]
    [InlineData("2024-01-01", "2024-12-31", "Ends", "Deceased", "X:0 Y:1 =G:1")]
    [InlineData("2024-01-01", "2024-08-31", "Ends", "Deceased", "X:0 Y:0 =G:0")]
    public async Task movements_in_a_period_are_the_hand_computed_ones(string from, string to, string table, string column, string expected)
    {
        var staff = await app.SignInAsync("staff");

        var page = await staff.GetTextAsync($"/statistics?unit={G}&on={to}&from={from}&to={to}");

        Table(page, table, column).ShouldBe(expected);
    }

    [Fact]
    public async Task every_total_on_the_page_is_the_sum_of_the_rows_above_it()
    {
        var staff = await app.SignInAsync("staff");

        var page = await staff.GetTextAsync($"/statistics?unit={G}&on=2024-12-31&from=2024-01-01&to=2024-12-31");

        var tables = Regex.Matches(page, "<table data-table=\"(\\w+)\">(.*?)</table>", RegexOptions.Singleline);
        tables.Count.ShouldBe(MembershipAsOf.Dimensions(StatisticsBands.Default).Count + MovementsInPeriod.Dimensions.Count);
        foreach (Match table in tables)
        {
            var rows = Rows(table.Groups[2].Value);
            var total = rows.Single(r => r.Total).Counts;
            var sum = rows.Where(r => !r.Total).Aggregate(new int[total.Length], (acc, r) => [.. acc.Zip(r.Counts, (a, b) => a + b)]);
            sum.ShouldBe(total, table.Groups[1].Value);
        }
    }

    [Fact]
    public async Task each_table_says_when_it_was_counted_and_by_whom()
    {
        var staff = await app.SignInAsync("staff");

        var page = await staff.GetTextAsync($"/statistics?unit={G}&on=2024-12-31");

        Regex.Match(page, "data-testid=\"counted-by\">([^<]*)<").Groups[1].Value.ShouldContain("(staff)");
        page.ShouldContain("data-testid=\"counted-at\"");
    }

    [Fact]
    public async Task a_unit_of_another_district_is_refused_on_the_page_and_its_export()
    {
        var other = await app.SignInAsync("staff2");

        var page = await other.GetAsync($"/statistics?unit={G}&on=2024-12-31");
        var export = await other.GetAsync($"/statistics?handler=Export&format=csv&unit={G}&on=2024-12-31");

        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldContain("forbidden");
        export.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        export.Headers.Location!.ToString().ShouldContain("forbidden");
    }

    [Fact]
    public async Task an_editor_without_the_register_sees_no_statistics()
    {
        var editor = await app.SignInAsync("editor");

        var page = await editor.GetAsync("/statistics");

        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldContain("forbidden");
    }

    [Fact]
    public async Task a_unit_founded_after_the_period_says_why_its_period_tables_are_not_there()
    {
        var id = Guid.CreateVersion7();
        await app.Host.MessageBus().InvokeAsync(
            new EventSourced.Domain.Organisations.CreateOrganisation(id, G + ".MOI", "Chi bộ Mới", EventSourced.Domain.Organisations.OrganisationKind.Cell, DemoUnits.GrassrootsUnder(DemoUnits.BaDinh).OrganisationId, EventSourced.Domain.Organisations.OrganisationFlags.None, new NodaTime.LocalDate(2025, 1, 10)));
        var staff = await app.SignInAsync("staff");

        var page = await staff.GetTextAsync($"/statistics?unit={G}.MOI&on=2025-02-01&from=2024-01-01&to=2024-12-31");

        page.ShouldContain("data-testid=\"period-notice\" data-rule=\"Statistics.UnitNotActiveInPeriod\"");
        page.ShouldContain("data-testid=\"statistics-header\"");
    }

    [Fact]
    public async Task a_future_date_or_a_reversed_period_is_refused_with_its_rule()
    {
        var staff = await app.SignInAsync("staff");

        var future = await staff.GetAsync($"/statistics?unit={G}&on=2199-01-01");
        var reversed = await staff.GetAsync($"/statistics?unit={G}&on=2024-12-31&from=2024-12-01&to=2024-01-01");

        future.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await future.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Statistics.DateInFuture\"");
        reversed.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await reversed.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Statistics.PeriodReversed\"");
    }

    [Fact]
    public async Task the_csv_export_is_the_printed_form_with_the_unit_the_counter_and_each_table()
    {
        var staff = await app.SignInAsync("staff");

        var csv = await staff.GetAsync($"/statistics?handler=Export&format=csv&unit={G}&on=2024-12-31");
        var xlsx = await staff.GetAsync($"/statistics?handler=Export&format=xlsx&unit={G}&on=2024-12-31");

        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await csv.Content.ReadAsStringAsync();
        text.ShouldContain($"({G})");
        text.ShouldContain("(staff)");
        text.Split("\r\n").Count(l => l.Trim(',').Length == 0).ShouldBeGreaterThanOrEqualTo(MembershipAsOf.Dimensions(StatisticsBands.Default).Count);
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    [Fact]
    public void every_table_and_every_translated_column_has_both_languages()
    {
        var text = app.Host.Services.GetRequiredService<IStringLocalizer<Web.SharedResource>>();
        var dimensions = MembershipAsOf.Dimensions(StatisticsBands.Default).Concat(MovementsInPeriod.Dimensions).ToList();
        var keys = dimensions.Select(d => $"Statistics.Table.{d.Key}")
            .Concat(dimensions.Where(d => d.Translated).SelectMany(d => d.Values.Where(v => v != StatisticsDimension.NotRecorded).Select(v => $"Statistics.{d.Key}.{v}")))
            .ToList();
        foreach (var culture in new[] { "vi-VN", "en-GB" })
        {
            var before = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            try
            {
                keys.Where(k => text[k].ResourceNotFound).ShouldBeEmpty(culture);
            }
            finally
            {
                CultureInfo.CurrentUICulture = before;
            }
        }
    }

    private static string Code(string unit) => unit switch
    {
        "X" => RollHistoryTests.Fixture.X.Code,
        "Y" => RollHistoryTests.Fixture.Y.Code,
        _ => G,
    };

    private static string Name(string code) =>
        code == RollHistoryTests.Fixture.X.Code ? "X" : code == RollHistoryTests.Fixture.Y.Code ? "Y" : code == G ? "G" : code;

    /// <summary>"X:0/1/0 Y:0/1/0 =G:0/2/0": each row of a table in the given columns, the total last with "=".</summary>
    private static string Table(string page, string table, params string[] columns)
    {
        var html = Regex.Match(page, $"<table data-table=\"{table}\">(.*?)</table>", RegexOptions.Singleline).Groups[1].Value;
        html.ShouldNotBeEmpty();
        // The demo's other cells of G hold no one in this history.
        var rows = Rows(html);
        rows.Where(r => Name(r.Unit) == r.Unit).SelectMany(r => r.Counts).ShouldAllBe(c => c == 0);
        return string.Join(' ', rows.Where(r => Name(r.Unit) != r.Unit).Select(r => $"{(r.Total ? "=" : string.Empty)}{Name(r.Unit)}:{string.Join('/', columns.Select(c => r.Cells[c]))}"));
    }

    private static List<(string Unit, bool Total, Dictionary<string, int> Cells, int[] Counts)> Rows(string html) =>
        [.. Regex.Matches(html, "<tr data-unit=\"([^\"]+)\"( data-total=\"true\")?>(.*?)</tr>", RegexOptions.Singleline).Select(m =>
        {
            var cells = Regex.Matches(m.Groups[3].Value, "data-column=\"([^\"]*)\">([^<]*)<")
                .Select(c => (Column: c.Groups[1].Value, Count: int.Parse(c.Groups[2].Value.Replace(".", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture)))
                .Where(c => c.Column != "*")
                .ToList();
            return (m.Groups[1].Value, m.Groups[2].Success, cells.ToDictionary(c => c.Column, c => c.Count), cells.Select(c => c.Count).ToArray());
        })];
}
