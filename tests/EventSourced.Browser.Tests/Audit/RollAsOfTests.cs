using EventSourced.Browser.Tests.Infrastructure;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;

namespace EventSourced.Browser.Tests.Audit;

/// <summary>
/// An auditor asks for a cell's roll as of a date, then the difference between two dates, and exports
/// it: every screen keyboard-reachable, labelled and quiet.
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class RollAsOfTests(AppProcess app)
{
    private static readonly OrganisationCreated Cell = DemoCity.Build(DemoSize.Small)
        .First(u => u.Kind == OrganisationKind.Cell && u.Code.StartsWith("HN.BD.", StringComparison.Ordinal));

    [BrowserFact]
    public async Task an_auditor_reads_a_roll_as_of_a_date_its_difference_and_exports_it()
    {
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "auditor");

        await page.GotoAsync("/audit/roll");
        await page.Locator("#unit").FillAsync(Cell.Code);
        await page.Locator("#on").FillAsync(DateTime.UtcNow.AddHours(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("[data-testid=roll-filters] button[type=submit]").ClickAsync();
        await Expect(page.Locator("[data-testid=roll-dates]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=roll] tbody tr").First).ToBeVisibleAsync();
        await Accessibility.AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = AppProcess.ScreenshotPath("browser-audit-roll.png"), FullPage = true });

        await page.Locator("nav.subnav a[href='/audit/difference']").ClickAsync();
        await page.Locator("#unit").FillAsync(Cell.Code);
        await page.Locator("#from").FillAsync("2000-01-01");
        await page.Locator("#to").FillAsync(DateTime.UtcNow.AddHours(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("[data-testid=difference-filters] button[type=submit]").ClickAsync();
        await Expect(page.Locator("[data-testid=difference-dates]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=difference] tr[data-change=Joined]").First).ToBeVisibleAsync();
        await Accessibility.AssertAccessibleAsync(page);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export-csv]").ClickAsync());
        download.SuggestedFilename.ShouldEndWith(".csv");
        var path = await download.PathAsync();
        var csv = await File.ReadAllTextAsync(path!);
        csv.ShouldContain(Cell.Code);
    }
}
