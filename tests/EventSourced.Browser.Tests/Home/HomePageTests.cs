using System.Globalization;
using EventSourced.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EventSourced.Browser.Tests.Home;

/// <summary>
/// The home page as district staff use it each morning: their cards (the demo seats them as an author on
/// their district's board, hence the desk), reached with the keyboard alone,
/// one of them followed to its worklist, which counts the same members for the same district.
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class HomePageTests(AppProcess app)
{
    [BrowserFact]
    public async Task staff_follow_the_badge_card_with_the_keyboard_to_their_districts_worklist()
    {
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "staff");
        await page.GotoAsync("/");

        var cards = page.Locator("[data-testid=home-cards] article");
        (await cards.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.testid)"))
            .ShouldBe(["card-recognition", "card-badges", "card-transfers", "card-notifications", "card-recordreports", "card-desk"]);
        await AssertAccessibleAsync(page);

        var card = page.Locator("[data-testid=card-badges]");
        var count = int.Parse(await card.GetAttributeAsync("data-count") ?? "-1", CultureInfo.InvariantCulture);
        var link = card.Locator("[data-testid=card-link]");

        // From the top of the page, Tab alone reaches the card's link, and Enter follows it.
        await page.Locator("body").FocusAsync();
        for (var presses = 0; presses < 80 && await link.EvaluateAsync<bool>("a => a !== document.activeElement"); presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Assertions.Expect(link).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath == "/members/worklists");
        new Uri(page.Url).Query.ShouldBe("?unit=HN.BD");
        var heading = await page.Locator("#badges h2").InnerTextAsync();
        int.Parse(new string(heading[heading.LastIndexOf('(')..].Where(char.IsAsciiDigit).ToArray()), CultureInfo.InvariantCulture).ShouldBe(count);
        if (count > 0)
        {
            // The card's members, the longest-standing first, are on the worklist too.
            await page.GoBackAsync();
            var shown = await card.Locator("[data-testid=items] a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
            await page.GoForwardAsync();
            var listed = await page.Locator("[data-testid=badge-candidates] tbody a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
            shown.ShouldNotBeEmpty();
            shown.Except(listed).ShouldBeEmpty();
        }
    }

    /// <summary>
    /// The checks every page passes, and the home page's own: the cards' "open the list" links carry
    /// the card's title for screen readers.
    /// </summary>
    private static async Task AssertAccessibleAsync(IPage page)
    {
        await Accessibility.AssertAccessibleAsync(page);
        var openLinks = await page.Locator("[data-testid=card-link]").EvaluateAllAsync<string[]>("links => links.map(a => a.textContent.trim())");
        openLinks.Distinct().Count().ShouldBe(openLinks.Length, "each card's link says which list it opens");
        await page.ScreenshotAsync(new() { Path = AppProcess.ScreenshotPath("browser-home-staff.png"), FullPage = true });
    }
}
