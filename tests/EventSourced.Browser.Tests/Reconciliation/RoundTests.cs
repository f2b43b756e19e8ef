using System.Globalization;
using EventSourced.Browser.Tests.Infrastructure;

namespace EventSourced.Browser.Tests.Reconciliation;

/// <summary>
/// A district's staff open a reconciliation round from the menu: a deadline before the reference date is
/// refused on the form, the corrected form opens the round, and its page lists the district's units, none
/// started yet, with a drill-down into one of them.
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class RoundTests(AppProcess app)
{
    [BrowserFact]
    public async Task district_staff_open_a_round_and_follow_its_units()
    {
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "staff");
        await page.Locator("nav a[href='/reconciliation']").ClickAsync();
        await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath == "/reconciliation");

        var form = page.Locator("[data-testid=open-round-form]");
        var reference = LocalDate(await page.Locator("#ReferenceDate").InputValueAsync());
        await page.Locator("#Name").FillAsync("Rà soát danh sách đảng viên (thử)");
        await page.Locator("#DecisionReference").FillAsync("15-KH/QU");
        await page.Locator("#Deadline").FillAsync(Iso(reference.AddDays(-1)));
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("[data-testid=form-error][data-rule='Reconciliation.DeadlineNotAfterReferenceDate']")).ToBeVisibleAsync();

        await page.Locator("#Deadline").FillAsync(Iso(reference.AddDays(30)));
        await form.Locator("button[type=submit]").ClickAsync();
        await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath.StartsWith("/reconciliation/rounds/", StringComparison.Ordinal));
        await Expect(page.Locator("[data-testid=round-name]")).ToHaveTextAsync("Rà soát danh sách đảng viên (thử)");
        await Expect(page.Locator("[data-testid=round-opened]")).ToContainTextAsync("Nguyễn Thị Lan");
        await Expect(page.Locator("[data-testid=kpi-finished]")).ToHaveTextAsync("0");
        (await page.Locator("[data-testid=units-table] tbody tr").CountAsync()).ShouldBeGreaterThan(0);
        await page.ScreenshotAsync(new() { Path = AppProcess.ScreenshotPath("browser-reconciliation-round.png"), FullPage = true });

        var drill = page.Locator("[data-testid=units-table] tbody tr td:first-child a").First;
        var name = await drill.InnerTextAsync();
        await drill.ClickAsync();
        await Expect(page.Locator("[data-testid=unit-name]")).ToHaveTextAsync(name);
        await Expect(page.Locator("[data-testid=units-table] tbody tr[data-status=NotStarted]").First).ToBeVisibleAsync();
    }

    private static DateOnly LocalDate(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
