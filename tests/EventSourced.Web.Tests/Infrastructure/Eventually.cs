using System.Diagnostics;
using System.Globalization;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// Waits for work the application does in the background (a scheduled check, a projection, a standby
/// catching up): probe, stop once the answer is done, otherwise sleep a little and probe again until the
/// deadline. On timeout the failure names what was awaited, how long, and the last answer seen, so a CI
/// failure tells why. A probe that throws is not retried: its exception ends the wait at once, because
/// a probe that cannot read is a failure of its own, not "not yet".
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest last answer a failure message shows.</summary>
    private const int ShownLength = 500;

    /// <summary>
    /// Probes until <paramref name="done"/> holds for the answer and returns that answer; fails with a
    /// <see cref="TimeoutException"/> once <paramref name="within"/> has passed since the first probe.
    /// </summary>
    /// <param name="what">What is awaited, as the failure should name it ("the overdue check scheduled by the letter").</param>
    /// <param name="every">The sleep between probes; 100 ms unless given.</param>
    /// <param name="shown">What of the last answer the failure shows; the answer itself unless given.</param>
    public static async Task<T> UntilAsync<T>(
        Func<Task<T>> probe,
        Func<T, bool> done,
        TimeSpan within,
        string what,
        TimeSpan? every = null,
        Func<T, object?>? shown = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var answer = await probe();
            if (done(answer))
            {
                return answer;
            }

            if (clock.Elapsed >= within)
            {
                throw new TimeoutException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Waited {within.TotalSeconds:0.###} s for {what}; it did not happen. Last seen: {Show(shown is null ? answer : shown(answer))}"));
            }

            await Task.Delay(every ?? DefaultInterval);
        }
    }

    /// <summary>Probes <paramref name="condition"/> until it is true; fails once <paramref name="within"/> has passed.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, string what, TimeSpan? every = null) =>
        UntilAsync(condition, holds => holds, within, what, every);

    private static string Show(object? seen)
    {
        var text = seen is null ? "null" : Convert.ToString(seen, CultureInfo.InvariantCulture) ?? "null";
        return text.Length <= ShownLength ? text : string.Concat(text.AsSpan(0, ShownLength), "…");
    }
}
