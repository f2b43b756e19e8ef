using EventSourced.Browser.Tests.Infrastructure;

namespace EventSourced.Browser.Tests.Statistics;

/// <summary>
/// A district's organisation staff read the statistics of their district over the demo city: the
/// table by standing with its chart, a drill-down into a unit below, and the export of the printed form.
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class StatisticsTests(AppProcess app)
{
    [BrowserFact]
    public async Task district_staff_read_the_tables_with_their_chart_drill_down_and_export_them()
    {
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "staff");

        // The counts come from the async projections: right after start they may still be catching up.
        await page.GotoUntilAsync("/statistics", () => Expect(page.Locator("[data-table=Status] tfoot td[data-column='*']")).Not.ToHaveTextAsync("0"), attempts: 12);

        await Expect(page.Locator("[data-testid=chart-Status] rect")).ToHaveCountAsync(3);
        await Expect(page.Locator("[data-testid=counted-by]")).ToContainTextAsync("(staff)");
        await Accessibility.AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = AppProcess.ScreenshotPath("browser-statistics.png"), FullPage = true });

        var child = page.Locator("[data-table=Status] tbody tr a").First;
        var name = await child.InnerTextAsync();
        await child.ClickAsync();
        await Expect(page.Locator("[data-testid=unit-name]")).ToHaveTextAsync(name);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export-xlsx]").ClickAsync());
        download.SuggestedFilename.ShouldEndWith(".xlsx");
        var csv = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export-csv]").ClickAsync());
        (await File.ReadAllTextAsync((await csv.PathAsync())!)).ShouldContain(name);
    }
}
