using System.Diagnostics;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Gives every refused sign-in the same answer time. A known login costs a hash and a durable write
/// of the failure on its account; an unknown one only the hash; without a floor the difference tells
/// an attacker which logins exist. Every refusal (known or unknown) is held until <see cref="Floor"/>
/// plus a little jitter has passed since the attempt began. Successes are not held.
/// </summary>
public class SignInPacing(TimeSpan floor, TimeSpan jitter)
{
    /// <summary>Comfortably above a hash plus one write on a healthy database.</summary>
    public static readonly TimeSpan DefaultFloor = TimeSpan.FromMilliseconds(250);

    public static readonly TimeSpan DefaultJitter = TimeSpan.FromMilliseconds(50);

    public const string FloorSetting = "SignIn:FailureFloorMilliseconds";

    public TimeSpan Floor { get; } = floor;

    /// <summary>Marks the start of an attempt.</summary>
    public static long Start() => Stopwatch.GetTimestamp();

    /// <summary>Waits out what is left of the floor for an attempt that began at <paramref name="started"/>.</summary>
    public Task PadFailureAsync(long started, CancellationToken ct)
    {
        var target = Floor + TimeSpan.FromTicks((long)(jitter.Ticks * Random.Shared.NextDouble()));
        var remaining = target - Stopwatch.GetElapsedTime(started);
        return DelayAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, ct);
    }

    /// <summary>The wait itself; tests replace it so nothing sleeps for real.</summary>
    protected virtual Task DelayAsync(TimeSpan delay, CancellationToken ct) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, ct) : Task.CompletedTask;
}
