using System.Diagnostics;
using System.Globalization;
using EventSourced.Web.Infrastructure;
using Npgsql;

namespace EventSourced.Benchmarks;

/// <summary>
/// A read-only look into the database of a running application, for what no page shows: which
/// members to use, what was stored, how far the async daemon has come. It connects to the cluster
/// the application started (port from <c>postmaster.pid</c>), never starts or stops one.
/// </summary>
internal sealed class AppDatabase : IAsyncDisposable
{
    /// <summary>The async projection behind the rollout dashboard, as the daemon names it in <c>mt_event_progression</c>.</summary>
    public const string RolloutProjection = "RolloutSpansProjection:All";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly NpgsqlDataSource _source;

    private AppDatabase(NpgsqlDataSource source, string connectionString)
    {
        _source = source;
        ConnectionString = connectionString;
    }

    /// <summary>For a benchmark that opens its own Marten store on the same database.</summary>
    public string ConnectionString { get; }

    public static AppDatabase Open(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        var lines = File.Exists(pidFile) ? File.ReadAllLines(pidFile) : [];
        // Line 4 of postmaster.pid is the port the server listens on.
        if (lines.Length < 4 || !int.TryParse(lines[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port))
        {
            throw new BenchmarkException($"No running cluster in {dataDirectory}: is the application up?");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "app",
            Database = DatabaseSetup.DatabaseName,
            // A city-scale check may scan millions of events.
            CommandTimeout = 600,
        };
        return new AppDatabase(NpgsqlDataSource.Create(builder.ConnectionString), builder.ConnectionString);
    }

    public NpgsqlCommand Command(string sql, params object[] parameters)
    {
        var command = _source.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return command;
    }

    public async Task<T> ScalarAsync<T>(string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = Command(sql, parameters);
        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>The sequence number of the newest event in the store.</summary>
    public Task<long> HeadAsync(CancellationToken ct) =>
        ScalarAsync<long>("select coalesce(max(seq_id), 0) from mt_events", ct);

    /// <summary>How far the rollout projection has come (the last event sequence it applied), 0 before it started.</summary>
    public Task<long> RolloutProgressAsync(CancellationToken ct) =>
        ScalarAsync<long>("select coalesce(max(last_seq_id), 0) from mt_event_progression where name = $1", ct, RolloutProjection);

    /// <summary>
    /// Polls until the rollout projection has applied every event up to <paramref name="head"/> and
    /// returns how long that took from <paramref name="since"/> (the moment the events were in);
    /// <paramref name="progress"/> hears about it every ten seconds.
    /// </summary>
    public async Task<TimeSpan> WaitForRolloutAsync(long head, Stopwatch since, TimeSpan timeout, Action<long>? progress, CancellationToken ct)
    {
        var reported = since.Elapsed;
        while (true)
        {
            var done = await RolloutProgressAsync(ct);
            if (done >= head)
            {
                return since.Elapsed;
            }

            if (since.Elapsed > timeout)
            {
                throw new BenchmarkException($"The rollout projection had applied events up to {done:N0} of {head:N0} after {Format.Duration(since.Elapsed)}: is the async daemon running?");
            }

            if (since.Elapsed - reported > TimeSpan.FromSeconds(10))
            {
                reported = since.Elapsed;
                progress?.Invoke(done);
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    /// <summary>Every asynchronous projection the daemon keeps, as named in <c>mt_event_progression</c>.</summary>
    public static readonly string[] AsyncProjections = [RolloutProjection, "AuditLogProjection:All", "MemberRollProjection:All", "MemberMovementsProjection:All"];

    /// <summary>How far the slowest asynchronous projection has come.</summary>
    public Task<long> SlowestProjectionAsync(CancellationToken ct) =>
        ScalarAsync<long>(
            "select coalesce(min(coalesce((select max(last_seq_id) from mt_event_progression e where e.name = p.name), 0)), 0) from unnest($1::text[]) as p(name)",
            ct,
            [AsyncProjections]);

    /// <summary>
    /// Polls until every asynchronous projection has applied every event up to <paramref name="head"/>
    /// and returns how long that took from <paramref name="since"/>; <paramref name="progress"/> hears
    /// about the slowest one every fifteen seconds.
    /// </summary>
    public async Task<TimeSpan> WaitForAllProjectionsAsync(long head, Stopwatch since, TimeSpan timeout, Action<long>? progress, CancellationToken ct)
    {
        var reported = since.Elapsed;
        while (true)
        {
            var done = await SlowestProjectionAsync(ct);
            if (done >= head)
            {
                return since.Elapsed;
            }

            if (since.Elapsed > timeout)
            {
                throw new BenchmarkException($"The slowest async projection had applied events up to {done:N0} of {head:N0} after {Format.Duration(since.Elapsed)}.");
            }

            if (since.Elapsed - reported > TimeSpan.FromSeconds(15))
            {
                reported = since.Elapsed;
                progress?.Invoke(done);
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
