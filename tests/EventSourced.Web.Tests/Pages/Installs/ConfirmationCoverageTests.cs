using System.Net.Http.Json;
using System.Text.RegularExpressions;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members.RecordReviews;
using EventSourced.Web.Api;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Installs;

/// <summary>
/// Confirmation coverage beside the install figures: a cell and the units above it count the members
/// who confirmed, who reported and the open reports on the date shown, and none before.
/// </summary>
public sealed partial class ConfirmationCoverageTests(ConfirmationCoverageTests.Fixture app) : IClassFixture<ConfirmationCoverageTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    [Fact]
    public async Task a_cell_and_its_district_count_confirmations_and_open_reports_on_the_date_and_none_the_day_before()
    {
        var confirming = await AppMember.CreateAsync(app, "Tạ Văn Nhận", "001090000901", signInThroughApi: false);
        var reporting = await AppMember.CreateAsync(app, "Tạ Thị Báo", "001190000902", signInThroughApi: false);
        using (var client = confirming.Client(app))
        {
            var me = (await client.GetFromJsonAsync<AppMe>("/api/app/me", WebSession.Json))!;
            (await client.PostAsJsonAsync("/api/app/me/confirmation", new AppConfirmBody(Guid.NewGuid(), me.RecordVersion), WebSession.Json)).EnsureSuccessStatusCode();
        }

        await reporting.ReportAsync(app, RecordField.Phone, "0987000903");
        var staff = await app.SignInAsync("staff");
        var today = VietnamTime.Today(SystemClock.Instance);

        var cell = await staff.GetTextAsync($"/installs?unit={AdmissionForm.Cell.Code}");
        var district = await staff.GetTextAsync($"/installs?unit={DemoUnits.BaDinh.Code}");
        var before = await staff.GetTextAsync($"/installs?unit={AdmissionForm.Cell.Code}&date={today.PlusDays(-1):yyyy-MM-dd}");

        Coverage(cell, AdmissionForm.Cell.Code).ShouldBe(("1", "1", "1"));
        Coverage(district, DemoUnits.BaDinh.Code).ShouldBe(("1", "1", "1"));
        Coverage(before, AdmissionForm.Cell.Code).ShouldBe(("0", "0", "0"));
    }

    private static (string Confirmed, string Reported, string Open) Coverage(string page, string unit)
    {
        var row = RowPattern().Matches(page).Single(m => m.Groups["unit"].Value == unit).Value;
        string Cell(string id) => Regex.Match(row, $"data-testid=\"{id}\">([^<]*)<").Groups[1].Value;
        return (Cell("confirmed"), Cell("reported"), Cell("open-reports"));
    }

    [GeneratedRegex("<tr data-testid=\"coverage-row\" data-unit=\"(?<unit>[^\"]+)\">.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();
}
