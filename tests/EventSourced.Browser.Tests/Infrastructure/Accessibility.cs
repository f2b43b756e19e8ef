using Microsoft.Playwright;

namespace EventSourced.Browser.Tests.Infrastructure;

/// <summary>What every page must hold for a screen reader and a keyboard, checked the same way on each page a test visits.</summary>
public static class Accessibility
{
    /// <summary>
    /// One h1, headings that never skip a level, the main landmark, no link without text, and every
    /// form control with a label (its own, a wrapping one, or an aria-label).
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        (await page.Locator("main").CountAsync()).ShouldBe(1);
        (await page.Locator("main h1").CountAsync()).ShouldBe(1);
        var levels = await page.Locator("main :is(h1, h2, h3, h4)").EvaluateAllAsync<int[]>("hs => hs.map(h => Number(h.tagName[1]))");
        levels.Zip(levels.Skip(1)).ShouldAllBe(pair => pair.Second <= pair.First + 1);
        var names = await page.Locator("a").EvaluateAllAsync<string[]>("links => links.map(a => (a.getAttribute('aria-label') || a.textContent || '').trim())");
        names.ShouldAllBe(name => name.Length > 0);
        var unlabelled = await page.Locator("main :is(input, select, textarea):not([type=hidden]):not([type=submit])").EvaluateAllAsync<string[]>(
            "controls => controls.filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label')).map(c => c.name || c.id)");
        unlabelled.ShouldBeEmpty("every form control has a label");
    }
}
