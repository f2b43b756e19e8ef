using System.Diagnostics;
using System.Globalization;

namespace EventSourced.Benchmarks;

/// <summary>
/// CPU time spent by the server, its PostgreSQL and this process (the clients), read from /proc. On a
/// machine shared with other builds the wall-clock rates move with the neighbours' load; the CPU time
/// per request moves much less, and says which of the three a request's cost is in.
/// </summary>
internal sealed record CpuTime(TimeSpan Server, TimeSpan Database, TimeSpan Clients)
{
    /// <summary>Linux's clock ticks a second (<c>getconf CLK_TCK</c>), 100 on every kernel this runs on.</summary>
    private const double TicksPerSecond = 100;

    public static CpuTime Now(AppProcess app, string dataDirectory) =>
        new(app.TotalProcessorTime(), PostgresTime(dataDirectory), Process.GetCurrentProcess().TotalProcessorTime);

    public static CpuTime operator -(CpuTime after, CpuTime before) =>
        new(after.Server - before.Server, after.Database - before.Database, after.Clients - before.Clients);

    /// <summary>Per request, in milliseconds: "server 0.61, PostgreSQL 0.42, clients 0.20 ms CPU".</summary>
    public string PerRequest(int requests) => string.Create(
        CultureInfo.InvariantCulture,
        $"CPU per request: server {Ms(Server, requests):N2} ms, PostgreSQL {Ms(Database, requests):N2} ms, clients {Ms(Clients, requests):N2} ms");

    private static double Ms(TimeSpan time, int requests) => requests == 0 ? 0 : time.TotalMilliseconds / requests;

    /// <summary>
    /// The postmaster's own time and that of its children, live (the pooled backends serving the
    /// server) and exited (counted into the postmaster's <c>cutime</c>/<c>cstime</c> when it reaps them).
    /// </summary>
    private static TimeSpan PostgresTime(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture, out var postmaster))
        {
            return TimeSpan.Zero;
        }

        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // Fields after the command name in parentheses: state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17).
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (pid == postmaster)
                {
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)
                        + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
                }
                else if (parent == postmaster)
                {
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // A backend that ended while being read: its time is in the postmaster's children's time next read.
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
