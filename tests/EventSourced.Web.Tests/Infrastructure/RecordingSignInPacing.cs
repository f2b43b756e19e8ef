using System.Collections.Concurrent;
using EventSourced.Web.Infrastructure;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>The real floor, but the waits are noted instead of slept, so sign-in tests stay fast.</summary>
public sealed class RecordingSignInPacing() : SignInPacing(DefaultFloor, DefaultJitter)
{
    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    protected override Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        Delays.Enqueue(delay);
        return Task.CompletedTask;
    }
}
