using System.Diagnostics;
using Microsoft.Playwright;

namespace EventSourced.Browser.Tests.Infrastructure;

/// <summary>
/// Waiting for the page to arrive at an address after a click, without Playwright's WaitForURLAsync: it checks
/// the address and then subscribes to the navigation event, and can lose an event that lands between the two
/// (microsoft/playwright-dotnet#3364); when the address already matches it waits for a "load" it may have
/// missed (#3365). Twice on CI a sign-in waited 30 s for a page the server had served at once. Here the
/// address is polled, then the load state is asked for in short waits: a state already reached is recorded,
/// so a later ask finds it at once.
/// </summary>
public static class PageAddress
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Waits until the page's address satisfies <paramref name="matches"/> and that page has loaded.</summary>
    public static async Task WaitForAddressAsync(this IPage page, Func<string, bool> matches)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(matches);
        var waited = Stopwatch.StartNew();
        while (!matches(page.Url))
        {
            if (waited.Elapsed > Limit)
            {
                throw new TimeoutException($"The page stayed at {page.Url} for {Limit.TotalSeconds:0} s.");
            }

            await Task.Delay(50);
        }

        while (true)
        {
            try
            {
                await page.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = 1_000 });
                return;
            }
            catch (TimeoutException) when (waited.Elapsed < Limit)
            {
                // Ask again: a load the last wait missed is recorded by now.
            }
        }
    }
}
