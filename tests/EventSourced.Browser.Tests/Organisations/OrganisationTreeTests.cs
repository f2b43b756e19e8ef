using EventSourced.Browser.Tests.Infrastructure;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;
using Microsoft.Playwright;

namespace EventSourced.Browser.Tests.Organisations;

/// <summary>The organisation tree and a unit's page, as a user clicks through them in Chromium.</summary>
[Collection(AppProcess.Collection)]
public sealed class OrganisationTreeTests(AppProcess app)
{
    private const string BaDinhName = "Đảng bộ quận Ba Đình";
    private const string PhucXaName = "Đảng bộ phường Phúc Xá";

    private static readonly IReadOnlyList<OrganisationCreated> Demo = DemoCity.Build(DemoSize.Small);

    private static OrganisationCreated BaDinh => Demo.Single(u => u.Name == BaDinhName);

    private static OrganisationCreated PhucXa => Demo.Single(u => u.Name == PhucXaName);

    [BrowserFact]
    public async Task staff_browses_the_tree_renames_a_unit_and_sees_it_in_the_history()
    {
        const string newName = "Đảng bộ phường Hồng Hà";
        const string decision = "123-QĐ/QU, 19/05/2024";
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "staff");

        await page.GotoAsync("/organisations");
        var tree = page.Locator("[data-testid=tree]");
        await Expect(tree).ToContainTextAsync(BaDinhName);
        // Staff of Ba Đình must not see other districts.
        await Expect(tree).Not.ToContainTextAsync("Hoàn Kiếm");

        // Children are fetched by htmx when the branch is opened.
        var district = tree.Locator(":scope > li").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = BaDinhName, Exact = true }) });
        await district.Locator(":scope > button.toggle").ClickAsync();
        var children = district.Locator(":scope > ul[role=group] > li");
        await Expect(children.First).ToBeVisibleAsync();
        await Expect(district.Locator(":scope > ul[role=group]")).ToContainTextAsync("Phúc Xá");
        await Expect(district).ToHaveAttributeAsync("aria-expanded", "true");

        // A second click folds the branch without another request; a third unfolds it again.
        await district.Locator(":scope > button.toggle").ClickAsync();
        await Expect(district).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(district.Locator(":scope > ul[role=group]")).ToBeHiddenAsync();
        await district.Locator(":scope > button.toggle").ClickAsync();
        await Expect(district.Locator(":scope > ul[role=group]")).ToBeVisibleAsync();

        // Search ignores diacritics and updates the tree region as the user types.
        await page.Locator("#q").FillAsync("phuc xa");
        var results = page.Locator("[data-testid=search-results]");
        var result = results.GetByRole(AriaRole.Link, new() { Name = PhucXaName, Exact = true });
        await Expect(result).ToBeVisibleAsync();
        await Expect(results).ToContainTextAsync("Phúc Xá");
        await result.ClickAsync();
        await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath == $"/organisations/{PhucXa.OrganisationId}");
        var heading = page.Locator("[data-testid=unit-name]");
        await Expect(heading).ToHaveTextAsync(PhucXaName);

        await page.Locator("[data-testid=unit-actions] a[href$='/rename']").ClickAsync();
        await page.Locator("#Name").FillAsync(newName);
        await page.Locator("#EffectiveDate").FillAsync("2024-05-19");
        await page.Locator("#DecisionReference").FillAsync(decision);
        await page.Locator("#Reason").FillAsync("Sắp xếp lại đơn vị hành chính cấp phường");
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath == $"/organisations/{PhucXa.OrganisationId}");

        await Expect(heading).ToHaveTextAsync(newName);
        await Expect(page.Locator("main .flash")).ToHaveTextAsync(Texts.Vi("Organisation.Saved"));
        var history = page.Locator("[data-testid=history]");
        await Expect(history).ToContainTextAsync(PhucXaName);
        await Expect(history).ToContainTextAsync(newName);
        await Expect(history).ToContainTextAsync(decision);
        await Expect(history).ToContainTextAsync("Nguyễn Thị Lan");
        await page.ScreenshotAsync(new() { Path = AppProcess.ScreenshotPath("browser-unit-page.png"), FullPage = true });

        // The date field submits its form when it changes (data-autosubmit); the page then shows
        // the unit as it stood the day before the rename took effect.
        await page.Locator("#asOf").FillAsync("2024-05-18");
        await page.WaitForAddressAsync(url => new Uri(url).Query.Contains("asOf=2024-05-18", StringComparison.Ordinal));
        await Expect(heading).ToHaveTextAsync(PhucXaName);
    }

    [BrowserFact]
    public async Task the_interface_switches_to_english_and_back()
    {
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "auditor");
        var nav = page.Locator("header nav");

        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = Texts.Vi("Nav.Organisations"), Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");

        await page.GetByTestId("culture-en").ClickAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = Texts.En("Nav.Organisations"), Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.GetByTestId("culture-vi").ClickAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = Texts.Vi("Nav.Organisations"), Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");
    }

    [BrowserFact]
    public async Task a_refused_change_shows_the_reason_in_place()
    {
        // A unit under Ba Đình other than the one the rename test changes, with units of its own.
        var unit = Demo.First(u => u.ParentId == BaDinh.OrganisationId && u.OrganisationId != PhucXa.OrganisationId && Demo.Any(c => c.ParentId == u.OrganisationId));
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "staff");

        await page.GotoAsync($"/organisations/{unit.OrganisationId}");
        var history = page.Locator("[data-testid=history] > li");
        await history.First.WaitForAsync();
        var entriesBefore = await history.CountAsync();
        var childCodes = page.Locator("[data-testid=children] .code");
        var cycle = await childCodes.CountAsync() > 0
            ? await childCodes.First.InnerTextAsync()
            : await page.Locator("[data-testid=unit-code]").InnerTextAsync();

        await page.Locator("[data-testid=unit-actions] a[href$='/move']").ClickAsync();
        await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath == $"/organisations/{unit.OrganisationId}/move");
        await page.Locator("#ParentCode").FillAsync(cycle);
        await page.Locator("main form button[type=submit]").ClickAsync();

        await Expect(page.Locator("[data-testid=form-error]")).ToContainTextAsync(Texts.Vi("Organisation.MoveWouldCycle"));
        // The user's entry stays in the form.
        await Expect(page.Locator("#ParentCode")).ToHaveValueAsync(cycle);

        await page.GotoAsync($"/organisations/{unit.OrganisationId}");
        // A refused move records nothing.
        await Expect(history).ToHaveCountAsync(entriesBefore);
        await Expect(page.Locator("[data-testid=parent-chain]")).ToContainTextAsync(BaDinhName);
    }

    [BrowserFact]
    public async Task the_pages_work_without_javascript()
    {
        await using var context = await app.NewContextAsync(javaScriptEnabled: false);
        var page = await app.SignInAsync(context, "admin");

        await page.GotoAsync("/organisations");
        await Expect(page.Locator("[data-testid=tree]")).ToContainTextAsync("Đảng bộ Thành phố Hà Nội");

        // Without htmx, Enter submits the search form as a plain GET.
        await page.Locator("#q").FillAsync("hoan kiem");
        await page.Locator("#q").PressAsync("Enter");
        await page.WaitForAddressAsync(url => new Uri(url).Query.Contains("q=hoan", StringComparison.Ordinal));
        await Expect(page.Locator("[data-testid=search-results]")).ToContainTextAsync("Đảng bộ quận Hoàn Kiếm");
    }
}
