using System.Globalization;
using System.Text.RegularExpressions;
using EventSourced.Browser.Tests.Infrastructure;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;

namespace EventSourced.Browser.Tests.Content;

/// <summary>
/// The content coverage dashboard as the city's propaganda department reads it over the demo posts:
/// the city's figures for the last half year, the chart beside its table, sorting, a drill-down that
/// keeps the period, an empty cell, and an expected document listed and shown as missing.
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class CoverageDashboardTests(AppProcess app)
{
    private static readonly IReadOnlyList<OrganisationCreated> Demo = DemoCity.Build(DemoSize.Small);

    [BrowserFact]
    public async Task the_city_sees_its_posts_sorts_and_drills_down_and_an_expected_document_shows_as_missing()
    {
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "admin");
        await page.GotoAsync("/content/coverage");
        var to = await page.Locator("#to").InputValueAsync();
        var from = DateOnly.ParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(-180).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.Locator("#from").FillAsync(from);
        await page.Locator("[data-testid=coverage-filter] button[type=submit]").ClickAsync();
        await page.WaitForAddressAsync(url => url.Contains("from=" + from, StringComparison.Ordinal));

        Number(await page.Locator("[data-testid=kpi-own]").InnerTextAsync()).ShouldBeGreaterThan(0);
        Number(await page.Locator("[data-testid=kpi-total]").InnerTextAsync()).ShouldBeGreaterThanOrEqualTo(Number(await page.Locator("[data-testid=kpi-own]").InnerTextAsync()));
        var children = await page.Locator("[data-testid=units-table] tbody tr").CountAsync();
        children.ShouldBeGreaterThan(0);
        (await page.Locator("[data-testid=chart-posts] svg rect").CountAsync()).ShouldBe(await page.Locator("[data-testid=chart-table] tbody tr").CountAsync());
        await Accessibility.AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = AppProcess.ScreenshotPath("browser-content-coverage.png"), FullPage = true });

        // Most posts first: the column says so, and the first row has at least as many as the last.
        await page.Locator("[data-testid=sort-posts]").ClickAsync();
        await page.WaitForAddressAsync(url => url.Contains("sort=Posts", StringComparison.Ordinal));
        await Expect(page.Locator("th[aria-sort=descending]")).ToHaveCountAsync(1);
        var posts = (await page.Locator("[data-testid=units-table] tbody [data-testid=posts]").AllInnerTextsAsync()).Select(Number).ToList();
        posts.ShouldBeInOrder(SortDirection.Descending);

        // Down into the first unit, keeping the period.
        var first = page.Locator("[data-testid=units-table] tbody tr").First.Locator("a");
        var name = await first.InnerTextAsync();
        await first.ClickAsync();
        await Expect(page.Locator("[data-testid=unit-name]")).ToHaveTextAsync(name);
        await Expect(page).ToHaveURLAsync(new Regex("from=" + from));

        // A cell has nobody below it: the empty states say so.
        var cell = Demo.First(u => u.Kind == OrganisationKind.Cell);
        await page.GotoAsync($"/content/coverage?unit={cell.Code}&from={from}&to={to}");
        await Expect(page.Locator("[data-testid=no-units-below]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=no-silent-units]")).ToBeVisibleAsync();
        await Accessibility.AssertAccessibleAsync(page);

        // An expected document of the city, entered on screen, is missing from the library.
        var number = "9" + Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture) + "-NQ/TU";
        await page.GotoAsync($"/content/coverage/documents?unit={DemoCity.CityCode}");
        await Accessibility.AssertAccessibleAsync(page);
        await page.Locator("#number").FillAsync(number);
        await page.Locator("#kind").SelectOptionAsync("Resolution");
        await page.Locator("#period").FillAsync(to[..4]);
        await page.Locator("#title").FillAsync("Nghị quyết về công tác tuyên truyền");
        await page.Locator("[data-testid=add-form] button[type=submit]").ClickAsync();
        await page.Locator("p.flash").WaitForAsync();
        await page.GotoAsync($"/content/coverage?unit={DemoCity.CityCode}&from={from}&to={to}");
        await Expect(page.Locator($"[data-testid=expected-table] tr[data-number='{number}']")).ToHaveAttributeAsync("data-in-library", "false");
    }

    private static int Number(string text) => int.Parse(new string([.. text.Where(char.IsAsciiDigit)]), CultureInfo.InvariantCulture);
}
