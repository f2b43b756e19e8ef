using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourced.Browser.Tests.Infrastructure;
using EventSourced.Domain.Members.RecordReviews;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;

namespace EventSourced.Browser.Tests.Members;

/// <summary>
/// A member reports through the app that their phone is wrong; staff accept it from the worklist; the
/// app then reads the report accepted and the record corrected, and the timeline shows the correction
/// naming the report.
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class RecordReportTests(AppProcess app)
{
    private static readonly OrganisationCreated Cell = DemoCity.Build(DemoSize.Small)
        .First(u => u.Kind == OrganisationKind.Cell && u.Code.StartsWith("HN.BD.", StringComparison.Ordinal));

    [BrowserFact]
    public async Task a_difference_reported_in_the_app_is_accepted_by_staff_and_the_member_reads_the_corrected_record()
    {
        var serial = (Environment.TickCount64 % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var citizenId = "001085" + serial;
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "staff");
        await page.GotoAsync("/members/admit");
        await page.Locator("#FullName").FillAsync($"Đoàn Văn Báo {serial}");
        await page.Locator("#Sex").SelectOptionAsync("Male");
        await page.Locator("#DateOfBirth").FillAsync("1985-07-01");
        await page.Locator("#CitizenId").FillAsync(citizenId);
        await page.Locator("#CellCode").FillAsync(Cell.Code);
        await page.Locator("#DecisionNumber").FillAsync("21-QĐ/ĐU");
        await page.Locator("#DecisionDate").FillAsync("2021-02-26");
        await page.Locator("#CeremonyDate").FillAsync("2021-03-01");
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath.StartsWith("/members/", StringComparison.Ordinal) && !url.EndsWith("/admit", StringComparison.Ordinal));
        var memberUrl = new Uri(page.Url).AbsolutePath;

        await page.GotoAsync(memberUrl + "/app");
        await page.Locator("form[action*='handler=Grant'] button[type=submit]").ClickAsync();
        var secret = await page.Locator("[data-testid=secret]").InnerTextAsync();

        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        var token = await client.PostAsJsonAsync("/api/app/token", new { login = citizenId, secret });
        using (var answer = JsonDocument.Parse(await token.Content.ReadAsStringAsync()))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", answer.RootElement.GetProperty("accessToken").GetString());
        }

        var reportId = Guid.NewGuid();
        var reported = await client.PostAsJsonAsync("/api/app/me/reports", new { reportId, field = "Phone", value = "0987 123 456", note = "Số mới" });
        reported.EnsureSuccessStatusCode();

        await page.GotoAsync("/members/record-reports");
        var row = page.Locator($"[data-testid=record-report][data-report='{reportId}']");
        await Expect(row.Locator("[data-testid=member-value]")).ToContainTextAsync("0987123456");
        await row.Locator("[data-testid=accept-report] button[type=submit]").ClickAsync();
        await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath == "/members/record-reports");
        await Expect(row).ToHaveCountAsync(0);

        using (var reports = JsonDocument.Parse(await client.GetStringAsync("/api/app/me/reports")))
        {
            reports.RootElement[0].GetProperty("state").GetString().ShouldBe(nameof(ReportState.Accepted));
        }

        using (var me = JsonDocument.Parse(await client.GetStringAsync("/api/app/me")))
        {
            me.RootElement.GetProperty("phone").GetString().ShouldBe("0987123456");
            me.RootElement.GetProperty("openReports").GetInt32().ShouldBe(0);
        }

        await page.GotoAsync(memberUrl);
        await Expect(page.Locator("[data-testid=timeline] li[data-event=ProfileCorrected]")).ToContainTextAsync(RecordCheck.Reference(reportId));
        await page.ScreenshotAsync(new() { Path = AppProcess.ScreenshotPath("browser-record-report-accepted.png"), FullPage = true });
    }
}
