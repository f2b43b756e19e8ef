namespace EventSourced.Browser.Tests.Infrastructure;

/// <summary>
/// A test that needs the machine's Chromium. Skipped on a developer machine without it, so that
/// <c>dotnet test</c> still runs everything else; under CI (CI=true) it is never skipped, so a build
/// agent that lost its browser fails instead of quietly passing.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (SkipReason is { } reason)
        {
            Skip = reason;
        }
    }

    /// <summary>Why browser tests are skipped here, or null when they run.</summary>
    public static string? SkipReason =>
        File.Exists(ChromiumPath) || IsCi
            ? null
            : $"Chromium not found at {ChromiumPath}: install it (apt-get install chromium) to run browser tests";

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
