using System.Diagnostics;
using System.Text.RegularExpressions;

namespace EventSourced.Benchmarks;

/// <summary>
/// From launching the application process to the first served page (the sign-in form), five
/// times on one data directory: the first run creates the cluster and loads the small demo, the
/// others are the ordinary start a developer waits for after a build.
/// </summary>
internal static partial class StartupBenchmark
{
    public const string Name = "startup";
    public const int Runs = 5;

    /// <summary>"Under 5 seconds after a build" for an ordinary (warm) start.</summary>
    public static readonly LatencyTarget Target = new(TimeSpan.FromSeconds(5), "p95 of the warm runs");

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public static async Task<BenchmarkResult> RunAsync(Workspace workspace, CancellationToken ct)
    {
        var starts = new List<TimeSpan>();
        var stops = new List<TimeSpan>();
        var notes = new List<string>();
        for (var run = 1; run <= Runs; run++)
        {
            var clock = Stopwatch.StartNew();
            await using var app = AppProcess.Start(workspace, workspace.SmallDataDirectory);
            await app.WaitUntilServedAsync("/login", StartTimeout, ct);
            var started = clock.Elapsed;
            var stopped = await app.StopAsync();
            starts.Add(started);
            stops.Add(stopped);
            Console.WriteLine($"  {Name} run {run}/{Runs}: first page after {Format.Duration(started)}, stopped {Format.Duration(stopped)} after SIGTERM{(run == 1 ? " (cold: creates the cluster, loads the demo)" : string.Empty)}");

            if (run == 1 && app.Output.Select(l => DemoLoaded().Match(l)).FirstOrDefault(m => m.Success) is { } loaded)
            {
                notes.Add($"Run 1 created the embedded cluster (initdb) and loaded the small demo: {loaded.Groups["units"].Value} units and the demo accounts.");
            }

            if (app.Killed)
            {
                notes.Add($"Run {run}: the application did not exit within {AppProcess.GracePeriod.TotalSeconds:0} s of SIGTERM and was killed.");
            }
            else if (app.ExitCode is { } code and not 0)
            {
                notes.Add($"Run {run}: the application exited with code {code} after SIGTERM.");
            }
        }

        notes.Add("The stop time runs from SIGTERM to the process's exit and includes stopping the embedded PostgreSQL (`pg_ctl stop -m fast`).");
        return new BenchmarkResult(
            Name,
            "Start-up: launching the application to the first served page",
            $"""
            Wall-clock time from starting `dotnet src/EventSourced.Web/bin/Release/net10.0/EventSourced.Web.dll --urls http://127.0.0.1:PORT --contentRoot src/EventSourced.Web --environment Development --EmbeddedDatabase:DataDirectory=DIR` (after a Release build, not timed) until `GET /login`, the sign-in form, first answers 200, polled every 25 ms. {Runs} runs on one temporary data directory: run 1 is cold (the application creates its embedded PostgreSQL cluster and loads the small demo), runs 2–{Runs} are warm, the ordinary start after a build that the target is about. After each run the application is stopped with SIGTERM.
            """,
            [
                new ResultRow("launch → GET /login 200", starts[0], new Measurement(starts.Skip(1)), Target, "cold = run 1"),
                new ResultRow("SIGTERM → process exit", stops[0], new Measurement(stops.Skip(1))),
            ],
            notes);
    }

    [GeneratedRegex(@"Loaded the small demo city \((?<units>\d+) units\)")]
    private static partial Regex DemoLoaded();
}
