using System.Collections.Concurrent;
using System.Diagnostics;
using EventSourced.Domain.Common;
using EventSourced.Domain.Installs;
using EventSourced.Domain.Installs.Rollout;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Keeps the rollout dashboard's counts and series between requests while nothing they come from has
/// moved: each result is stored with the event store's position and the rollout projection's progress
/// when it was computed, and is served again as long as both are unchanged (one indexed query to
/// check). Counting the city takes a few hundred milliseconds on two cores; reading it back, none.
/// <c>Rollout:ReuseFiguresForSeconds</c> lets a busy deployment serve figures up to that many seconds
/// behind the events (the page says when they were computed): 30 in appsettings.json, where install
/// reports arrive every second and recounting the city takes most of one; 0 in Development and tests.
/// </summary>
public sealed class RolloutFiguresCache(IDocumentStore store, IConfiguration configuration, CurrentProvince province)
{
    /// <summary>Weeks the "installs over time" chart looks back from the date shown.</summary>
    public const int SeriesWeeks = 26;

    private const int MaxEntries = 256;

    private readonly TimeSpan _reuseFor = TimeSpan.FromSeconds(configuration.GetValue("Rollout:ReuseFiguresForSeconds", 0));
    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    /// <summary>
    /// Every unit's figures on <paramref name="date"/>, counted over <paramref name="cells"/> (null: the
    /// whole city) and rolled up the tree.
    /// </summary>
    public Task<(IReadOnlyList<UnitRolloutFigures> Value, DateTimeOffset ComputedAt)> FiguresAsync(
        IQuerySession session, OrganisationTree tree, LocalDate date, IReadOnlyCollection<Guid>? cells, Guid unitId, CancellationToken ct) =>
        GetAsync(
            $"figures:{date}:{(cells is null ? "all" : unitId.ToString("N"))}",
            async c => RolloutFigures.Compute(tree, await RolloutDashboardQuery.OwnCountsAsync(session, date, c, cells)),
            ct);

    /// <summary>Installed members week by week up to <paramref name="date"/>, over <paramref name="cells"/> (null: the whole city).</summary>
    public Task<(IReadOnlyList<InstallsOnDay> Value, DateTimeOffset ComputedAt)> SeriesAsync(
        IQuerySession session, LocalDate date, IReadOnlyCollection<Guid>? cells, Guid unitId, CancellationToken ct) =>
        GetAsync(
            $"series:{date}:{(cells is null ? "all" : unitId.ToString("N"))}",
            c => RolloutDashboardQuery.InstalledSeriesAsync(session, cells, date.PlusWeeks(-SeriesWeeks), date, 7, c),
            ct);

    /// <summary>The value for <paramref name="key"/>, computed now or reused, and when it was computed.</summary>
    public async Task<(T Value, DateTimeOffset ComputedAt)> GetAsync<T>(string key, Func<CancellationToken, Task<T>> compute, CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(compute);
        // Each province's figures apart (decision 0025); the key alone when provinces are off.
        key = province.TenantId is { } tenant ? tenant + ":" + key : key;
        var position = await PositionAsync(ct);
        if (_entries.TryGetValue(key, out var entry) && entry.Value is T cached
            && (entry.Position == position || Stopwatch.GetElapsedTime(entry.Stamp) < _reuseFor))
        {
            return (cached, entry.ComputedAt);
        }

        var value = await compute(ct);
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        var computedAt = DateTimeOffset.UtcNow;
        _entries[key] = new Entry(position, Stopwatch.GetTimestamp(), computedAt, value);
        return (value, computedAt);
    }

    /// <summary>The last event stored and how far the rollout projection has applied the events.</summary>
    private async Task<(long Events, long Projected)> PositionAsync(CancellationToken ct)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = (await province.DatabaseAsync(store)).CreateConnection(Marten.Storage.ConnectionUsage.Read);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            select (select coalesce(max(seq_id), 0) from {schema}.mt_events),
                   (select coalesce(max(last_seq_id), 0) from {schema}.mt_event_progression where name like '{nameof(RolloutSpansProjection)}%')
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private sealed record Entry((long Events, long Projected) Position, long Stamp, DateTimeOffset ComputedAt, object Value);
}

/// <summary>
/// Counts the whole city's figures of today in the background whenever the events or the projection
/// have moved (checked every few seconds), so the dashboard most people open first is counted before
/// anyone asks: at city scale the count takes most of a second on two cores, which no request should wait for.
/// </summary>
public sealed class RolloutFiguresWarmer(
    RolloutFiguresCache cache, IDocumentStore store, OrganisationDirectory directory, IClock clock, CurrentProvince province, ILogger<RolloutFiguresWarmer> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // With provinces there is no request to name one: each province's dashboard counts on demand.
        if (province.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var today = VietnamTime.Today(clock);
                var tree = await directory.TreeAsync(today, stoppingToken);
                if (tree.Roots.FirstOrDefault(r => r.IsActive) is not { } city)
                {
                    continue;
                }

                await using var session = store.QuerySession();
                // The same keys the page asks for; unchanged figures are only checked, not counted again.
                await cache.FiguresAsync(session, tree, today, null, city.Id, stoppingToken);
                await cache.SeriesAsync(session, today, null, city.Id, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A warm-up must never stop the host; whatever failed is logged and tried again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                // A warm-up that fails (the database restarting, the schema being built) is retried next tick.
                logger.LogWarning(e, "Counting the rollout figures in the background failed; trying again in {Seconds} s", Every.TotalSeconds);
            }
        }
    }
}
