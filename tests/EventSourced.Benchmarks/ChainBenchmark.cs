using System.Diagnostics;
using EventSourced.Domain.Audit;
using EventSourced.Domain.Common;
using EventSourced.Web.Infrastructure;
using Marten;
using Npgsql;

namespace EventSourced.Benchmarks;

/// <summary>
/// The hash chain over 3,000,000 stored events: linking them (what the keeper does after commit) and
/// verifying the whole chain, beside a plain sequential read of the same events, the floor.
/// </summary>
internal static class ChainBenchmark
{
    public const string Name = "chain";
    public const int Events = 3_000_000;
    public const int Runs = 3;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly LatencyTarget Under60 = new(TimeSpan.FromSeconds(60), "p95 of the runs");

    public static async Task<BenchmarkResult> RunAsync(Workspace workspace, CancellationToken ct)
    {
        var dataDirectory = Path.Combine(workspace.Temporary, "chain");
        var rows = new List<ResultRow>();
        var notes = new List<string>();
        try
        {
            // The application creates the cluster, the schema and the small demo, whose events are the
            // pattern the copies are made from; then it stops, so no keeper or daemon runs meanwhile.
            await using (var first = AppProcess.Start(workspace, dataDirectory))
            {
                await first.WaitUntilServedAsync("/login", StartTimeout, ct);
                await first.StopAsync();
            }

            await using var cluster = await EmbeddedPostgres.StartAsync(dataDirectory, ct);
            var connectionString = new NpgsqlConnectionStringBuilder(cluster.ConnectionString(DatabaseSetup.DatabaseName)) { CommandTimeout = 0 }.ConnectionString;
            using var store = DocumentStore.For(options => EventStoreConfiguration.Configure(options, connectionString));

            var (fill, pattern, bytes) = await FillAsync(connectionString, ct);
            rows.Add(new ResultRow($"fill to {Events:N0} events (SQL copies of the demo's own events)", fill, null, Note: "setup, not judged"));
            Console.WriteLine($"  {Name} filled to {Events:N0} events in {Format.Duration(fill)}");

            var clock = Stopwatch.StartNew();
            var linked = await ExtendEventChain.RunAsync(store, long.MaxValue, null, ct);
            var link = clock.Elapsed;
            rows.Add(new ResultRow($"link {linked:N0} events into the chain (batches of {ExtendEventChain.BatchSize:N0})", link, null, Rate: new Rate(linked / link.TotalSeconds, "events")));
            Console.WriteLine($"  {Name} linked {linked:N0} events in {Format.Duration(link)}");

            var reads = new List<TimeSpan>();
            var verifications = new List<TimeSpan>();
            ChainVerification? last = null;
            for (var run = 1; run <= Runs; run++)
            {
                reads.Add(await ReadAllAsync(store, ct));
                clock.Restart();
                last = await VerifyEventChain.RunAsync(store, null, [], null, TimeProvider.System, ct);
                verifications.Add(clock.Elapsed);
                Console.WriteLine($"  {Name} run {run}/{Runs}: read {Format.Duration(reads[^1])}, verified {last.Checked:N0} events in {Format.Duration(verifications[^1])} ({(last.Intact ? "intact" : "BROKEN")})");
                if (!last.Intact)
                {
                    throw new BenchmarkException($"the chain verified broken: {last.FirstBreak}");
                }
            }

            rows.Add(new ResultRow($"verify the whole chain ({last!.Checked:N0} events)", verifications[0], new Measurement(verifications), Under60));
            rows.Add(new ResultRow("floor: read the same events in order (same columns, no hashing, no links)", reads[0], new Measurement(reads)));
            notes.Add($"The events: {Events:N0} rows of `mt_events`, copies of the {pattern:N0} events the small demo stored (organisation tree, accounts, members, content) with new ids, sequence numbers and versions, so their data and headers have the real shapes; {bytes / (1024.0 * 1024 * 1024):0.00} GiB of event data as stored.");
            notes.Add("Verification reads the events and the links on two connections, side by side in sequence order, and recomputes every link (SHA-256 over the previous link and the row's immutable columns), then checks the checkpoints. The floor reads the same columns through the same reader without hashing and without the links.");
        }
        finally
        {
            await Workspace.StopClusterIfRunningAsync(dataDirectory);
        }

        return new BenchmarkResult(
            Name,
            "Event log hash chain: linking and verifying 3,000,000 events",
            $"""
            A fresh data directory: the application starts once to create the cluster, the schema and the small demo, and stops. The events table is then filled to {Events:N0} events by SQL copies of the demo's events (not timed against a target), linked into the chain once (`ExtendEventChain`, as the keeper does after commit), and the whole chain verified {Runs} times (`VerifyEventChain`, what `verify-chain` and `/audit/chain` run), each run beside a plain sequential read of the same events.
            """,
            rows,
            notes);
    }

    private static async Task<(TimeSpan Elapsed, long Pattern, long Bytes)> FillAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var pattern = await ScalarAsync(connection, "select count(*) from mt_events", ct);
        var copies = (Events - pattern + pattern - 1) / pattern;
        var clock = Stopwatch.StartNew();
        for (var copy = 1; copy <= copies; copy++)
        {
            var take = Math.Min(pattern, Events - await ScalarAsync(connection, "select count(*) from mt_events", ct));
            await using var insert = new NpgsqlCommand(
                $"""
                insert into mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, causation_id, headers, user_name)
                select nextval('mt_events_sequence'), gen_random_uuid(), stream_id, version + {copy}::bigint * 1000000, data, type, now(), tenant_id, mt_dotnet_type,
                       correlation_id, causation_id, headers, user_name
                from mt_events where seq_id <= (select min(seq_id) + {pattern} - 1 from mt_events) order by seq_id limit {take}
                """,
                connection);
            insert.CommandTimeout = 0;
            await insert.ExecuteNonQueryAsync(ct);
        }

        var elapsed = clock.Elapsed;
        await using (var analyse = new NpgsqlCommand("vacuum analyze mt_events", connection))
        {
            analyse.CommandTimeout = 0;
            await analyse.ExecuteNonQueryAsync(ct);
        }

        return (elapsed, pattern, await ScalarAsync(connection, "select sum(pg_column_size(data) + coalesce(pg_column_size(headers), 0)) from mt_events", ct));
    }

    private static async Task<TimeSpan> ReadAllAsync(IDocumentStore store, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await EventChainStorage.OpenAsync(store, ct);
        long count = 0;
        await foreach (var e in EventChainStorage.EventsAsync(connection, EventChainStorage.SchemaOf(store), 0, long.MaxValue, null, ct))
        {
            count += e.Data.Length > 0 ? 1 : 0;
        }

        return count > 0 ? clock.Elapsed : throw new BenchmarkException("no events read");
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.CommandTimeout = 0;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
