using EventSourced.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EventSourced.Browser.Tests.Audit;

/// <summary>
/// The auditors' chain screen as an auditor uses it: the verification started from the keyboard, followed
/// while it runs, and its result read at the chain's head; the page passes the accessibility checks.
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class ChainTests(AppProcess app)
{
    [BrowserFact]
    public async Task an_auditor_verifies_the_whole_chain_with_the_keyboard_and_reads_that_it_is_intact()
    {
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "auditor");
        await page.GotoAsync("/audit/chain");
        await Accessibility.AssertAccessibleAsync(page);

        var verify = page.Locator("[data-testid=verify-chain]");
        await verify.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        // The page polls while the run lasts and reloads itself when it is over.
        await Assertions.Expect(page.Locator("[data-testid=chain-intact]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var checkedUpTo = await page.Locator("[data-testid=chain-checked]").GetAttributeAsync("data-head");
        long.Parse(checkedUpTo ?? "0", System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        // What the screens read is held to the events in the same run (decision 0051), and said on the same page.
        await Assertions.Expect(page.Locator("[data-testid=read-models-agree]")).ToBeVisibleAsync();
        await Accessibility.AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = AppProcess.ScreenshotPath("browser-audit-chain.png"), FullPage = true });
    }
}
