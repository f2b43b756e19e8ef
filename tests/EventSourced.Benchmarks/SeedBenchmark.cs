using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using EventSourced.Web.Infrastructure;
using Npgsql;

namespace EventSourced.Benchmarks;

/// <summary>
/// Loading the city and rebuilding every projection from its events: the seed command (bulk event load,
/// then the rebuild) beside PostgreSQL copying the same rows into plain tables, and its rebuild of every projection
/// beside a plain sequential read of <c>mt_events</c>.
/// </summary>
internal static partial class SeedBenchmark
{
    public const string Name = "seed";

    private static readonly TimeSpan SeedTimeout = TimeSpan.FromMinutes(45);
    private static readonly LatencyTarget Under3Minutes = new(TimeSpan.FromMinutes(3), "one run, the whole command");

    public static async Task<BenchmarkResult> RunAsync(Workspace workspace, CancellationToken ct)
    {
        var dataDirectory = Path.Combine(workspace.Temporary, "seed");
        var rows = new List<ResultRow>();
        var notes = new List<string>();
        try
        {
            var seed = await CitySeed.RunAsync(workspace, dataDirectory, Name, SeedTimeout, ct);
            var loaded = Loaded().Match(seed.Output);
            var rebuilt = Rebuilt().Match(seed.Output);
            if (!loaded.Success || !rebuilt.Success)
            {
                throw new BenchmarkException($"The seed command did not report its bulk load and rebuild:\n{Tail(seed.Output)}");
            }

            var events = Number(loaded.Groups["events"].Value);
            var streams = Number(loaded.Groups["streams"].Value);
            rows.Add(new ResultRow($"seed --size City ({seed.Units:N0} units, {seed.Members:N0} members; {events:N0} events in {streams:N0} streams), whole command", null, new Measurement([seed.Elapsed]), Under3Minutes, Note: $"{events / seed.Elapsed.TotalSeconds:N0} events/s"));
            rows.Add(new ResultRow("  of which the bulk event load (Marten `BulkInsertEventsAsync`, COPY)", Seconds(loaded.Groups["seconds"].Value), null, Note: "by the command's report"));
            notes.Add($"Seed phases as the command printed them:\n\n```\n{string.Join('\n', seed.Output.Split('\n').Where(l => l.StartsWith("seed:", StringComparison.Ordinal) || (l.StartsWith("rebuild:", StringComparison.Ordinal) && !l.Contains(" of ", StringComparison.Ordinal))).Select(l => l.TrimEnd()))}\n```");

            var (copy, read) = await BaselinesAsync(dataDirectory, ct);
            rows.Add(new ResultRow($"baseline: PostgreSQL COPY of the same rows ({streams:N0} streams, {events:N0} events) into plain tables", copy, null, Note: $"{events / copy.TotalSeconds:N0} events/s"));
            Console.WriteLine($"  {Name} baseline COPY of the same rows: {Format.Duration(copy)}; sequential read of mt_events: {Format.Duration(read)}");

            // The seed's second half is the rebuild from empty, the same code `rebuild` runs: timed once
            // here rather than a second time on a shared machine.
            var rebuildTime = Seconds(rebuilt.Groups["seconds"].Value);
            rows.Add(new ResultRow($"rebuild every projection ({rebuilt.Groups["projections"].Value}) from empty on the city (the seed's second half)", null, new Measurement([rebuildTime]), Under3Minutes, Note: $"{events / rebuildTime.TotalSeconds:N0} events/s"));
            rows.Add(new ResultRow($"baseline: plain sequential read of mt_events ({events:N0} rows, COPY TO, discarded)", read, null, Note: $"{events / read.TotalSeconds:N0} events/s"));
        }
        finally
        {
            await Workspace.StopClusterIfRunningAsync(dataDirectory);
        }

        return new BenchmarkResult(
            Name,
            "Loading the city and rebuilding every projection",
            """
            A fresh data directory is filled by `dotnet EventSourced.Web.dll seed --size City`: the demo's events (units, accounts, members, their app rollout, content) go in by Marten's bulk event loading, then every projection is rebuilt from them by Marten's daemon (the snapshots, then the asynchronous projections that read them) and the register keys are built. The whole command is timed, from the process start (initdb and the cluster start included). Then, on the same cluster, PostgreSQL copies the same rows (`mt_streams` and `mt_events`, read by `COPY TO` and written by `COPY FROM` into tables with the same columns and no index, trigger or key) and reads `mt_events` once more by `COPY TO` into nothing. The rebuild figure is the seed's own second half (every projection from empty, by the code `dotnet EventSourced.Web.dll rebuild` runs), as the command reported it.
            """,
            rows,
            notes);
    }

    /// <summary>The floor for the load (the same rows copied into plain tables) and for the rebuild (one sequential read of the events).</summary>
    private static async Task<(TimeSpan Copy, TimeSpan Read)> BaselinesAsync(string dataDirectory, CancellationToken ct)
    {
        await using var cluster = await EmbeddedPostgres.StartAsync(dataDirectory, ct);
        var connectionString = new NpgsqlConnectionStringBuilder(cluster.ConnectionString(DatabaseSetup.DatabaseName)) { CommandTimeout = 0 }.ConnectionString;
        await using var source = new NpgsqlConnection(connectionString);
        await using var target = new NpgsqlConnection(connectionString);
        await source.OpenAsync(ct);
        await target.OpenAsync(ct);
        await ExecuteAsync(target, "create table bench_streams (like mt_streams); create table bench_events (like mt_events)", ct);

        var clock = Stopwatch.StartNew();
        foreach (var (from, to) in new[] { ("mt_streams", "bench_streams"), ("mt_events", "bench_events") })
        {
            await using var reader = await source.BeginRawBinaryCopyAsync($"copy {from} to stdout (format binary)", ct);
            await using var writer = await target.BeginRawBinaryCopyAsync($"copy {to} from stdin (format binary)", ct);
            await reader.CopyToAsync(writer, ct);
        }

        var copy = clock.Elapsed;
        await ExecuteAsync(target, "drop table bench_streams; drop table bench_events", ct);

        clock.Restart();
        await using (var reader = await source.BeginRawBinaryCopyAsync("copy mt_events to stdout (format binary)", ct))
        {
            await reader.CopyToAsync(Stream.Null, ct);
        }

        return (copy, clock.Elapsed);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static long Number(string text) => long.Parse(text.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static TimeSpan Seconds(string text) => TimeSpan.FromSeconds(double.Parse(text.Replace(',', '.'), CultureInfo.InvariantCulture));

    private static string Tail(string output) => string.Join('\n', output.TrimEnd().Split('\n').TakeLast(20));

    [GeneratedRegex(@"seed: (?<events>[\d,]+) events in (?<streams>[\d,]+) streams bulk-loaded in (?<seconds>[\d.,]+) s")]
    private static partial Regex Loaded();

    [GeneratedRegex(@"rebuild: (?<projections>\d+) projections over [\d,]+ events in (?<seconds>[\d.,]+) s")]
    private static partial Regex Rebuilt();
}
