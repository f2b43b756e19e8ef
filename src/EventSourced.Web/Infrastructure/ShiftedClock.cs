using NodaTime;
using NodaTime.Text;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// A clock that starts at a configured instant and then runs at normal speed. Outside Production,
/// <c>Clock:Now</c> (e.g. 2025-03-01T09:00:00Z) lets a demo or a browser test run the application
/// "as of" another day: admit a member today, restart a year later, recognise them.
/// </summary>
public sealed class ShiftedClock(Instant start) : IClock
{
    private readonly Instant _realStart = SystemClock.Instance.GetCurrentInstant();

    public Instant GetCurrentInstant() => start + (SystemClock.Instance.GetCurrentInstant() - _realStart);

    /// <summary>The clock the configuration asks for: the system clock unless Clock:Now is set outside Production.</summary>
    public static IClock FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Clock:Now"];
        if (string.IsNullOrWhiteSpace(configured) || environment.IsProduction())
        {
            return SystemClock.Instance;
        }

        var parsed = InstantPattern.ExtendedIso.Parse(configured.Trim());
        return parsed.Success
            ? new ShiftedClock(parsed.Value)
            : throw new InvalidOperationException($"Clock:Now must be an ISO instant such as 2025-03-01T09:00:00Z, not '{configured}'.");
    }
}
