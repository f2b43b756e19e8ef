using Microsoft.Playwright;

namespace EventSourced.Browser.Tests.Infrastructure;

/// <summary>
/// For what the server finishes after it has served a page (an async projection catching up, a
/// scheduled message landing): the page does not refresh itself, so it is opened again until
/// Playwright's own expectation holds. Nothing sleeps: each attempt waits only as long as the expectation does.
/// </summary>
public static class PageReload
{
    /// <summary>Opens <paramref name="url"/> until <paramref name="expectation"/> passes, at most <paramref name="attempts"/> times.</summary>
    public static async Task GotoUntilAsync(this IPage page, string url, Func<Task> expectation, int attempts = 15)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.GotoAsync(url);
            try
            {
                await expectation();
                return;
            }
            catch (PlaywrightException) when (attempt < attempts)
            {
                // Not there yet on this copy of the page: open it again.
            }
        }
    }
}
