using System.Text.RegularExpressions;
using EventSourced.Browser.Tests.Infrastructure;

namespace EventSourced.Browser.Tests.Installs;

/// <summary>
/// The rollout dashboard as the city committee reads it over the demo rollout: the city's figures,
/// the three charts each with its table, the figures on the day of the February 2023 conference, and
/// a drill-down into a pilot committee.
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class DashboardTests(AppProcess app)
{
    [BrowserFact]
    public async Task the_city_dashboard_shows_its_charts_with_their_tables_and_goes_back_to_the_conference()
    {
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "admin");

        // The figures come from the async projection: right after start it may still be catching up.
        await page.GotoUntilAsync("/installs", () => Expect(page.Locator("[data-testid=kpi-installed]")).Not.ToHaveTextAsync("0"), attempts: 12);

        var installed = Number(await page.Locator("[data-testid=kpi-installed]").InnerTextAsync());
        installed.ShouldBeGreaterThan(0);
        (await page.Locator("[data-testid=kpi-trained]").InnerTextAsync()).ShouldNotBe("0");

        // Installs over time: a drawn line, a target line, and the last row of its table is the figure above.
        (await page.Locator("[data-testid=installs-line]").GetAttributeAsync("points"))!.Split(' ').Length.ShouldBeGreaterThan(20);
        await Expect(page.Locator("[data-testid=target-line]")).ToHaveCountAsync(1);
        Number(await page.Locator("[data-testid=over-time-table] tbody tr").First.Locator("td").Nth(1).InnerTextAsync()).ShouldBe(installed);

        // Ranked units: one bar per unit shown, and the table lists every unit below the city.
        var children = await page.Locator("[data-testid=units-table] tbody tr").CountAsync();
        (await page.Locator("[data-testid=chart-ranked] svg rect").CountAsync()).ShouldBeGreaterThan(0);
        (await page.Locator("[data-testid=ranked-table] tbody tr").CountAsync()).ShouldBe(children);

        // Distribution over 50 % and 80 %: the bands add up to the units below.
        var bands = await page.Locator("[data-testid=distribution-table] tbody tr td:nth-child(2)").AllInnerTextsAsync();
        bands.Sum(Number).ShouldBe(children);
        await page.ScreenshotAsync(new() { Path = AppProcess.ScreenshotPath("browser-installs-dashboard.png"), FullPage = true });

        // The day of the conference: fewer installs, and the pilot committees ahead of the rest.
        await page.Locator("#date").FillAsync("2023-02-20");
        await page.Locator("[data-testid=dashboard-filter] button[type=submit]").ClickAsync();
        await page.WaitForAddressAsync(url => url.Contains("date=2023-02-20", StringComparison.Ordinal));
        Number(await page.Locator("[data-testid=kpi-installed]").InnerTextAsync()).ShouldBeLessThan(installed);
        var pilot = await page.Locator("[data-testid=pilot-table] tbody tr").Nth(0).Locator("td").Nth(5).InnerTextAsync();
        var rest = await page.Locator("[data-testid=pilot-table] tbody tr").Nth(1).Locator("td").Nth(5).InnerTextAsync();
        Percent(pilot).ShouldBeGreaterThan(Percent(rest));

        // Drill down into the first pilot committee, keeping the date.
        var pilotRow = page.Locator("[data-testid=units-table] tbody tr").Filter(new() { Has = page.Locator(".badge.pilot") }).First;
        var name = await pilotRow.Locator("a").InnerTextAsync();
        await pilotRow.Locator("a").ClickAsync();
        await Expect(page.Locator("[data-testid=unit-name]")).ToHaveTextAsync(name);
        await Expect(page).ToHaveURLAsync(new Regex("date=2023-02-20"));
        await Expect(page.Locator("[data-testid=kpi-target]")).ToContainTextAsync("80%");
    }

    private static int Number(string text) => int.Parse(new string([.. text.Where(char.IsAsciiDigit)]), System.Globalization.CultureInfo.InvariantCulture);

    private static decimal Percent(string text) => decimal.Parse(text.Replace("%", string.Empty, StringComparison.Ordinal).Replace(',', '.').Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
