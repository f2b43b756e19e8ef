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
/// moved: each result is stored with what it was counted from (the change counter of the rollout spans,
/// the training classes, and the very tree of the date) and served again as long as all are unchanged
/// (one small query to check). Not the event store's position: under load it moves every second for
/// reasons that change no figure (every roll looked at is recorded), and a city recounted on every request
/// took two seconds of the server's two cores. Counting the city takes most of a second; reading it back, none.
/// <c>Rollout:ReuseFiguresForSeconds</c> lets a busy deployment serve figures up to that many seconds
/// behind the events (the page says when they were computed): 30 in appsettings.json, where install
/// reports arrive every second; 0 in Development and tests.
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
            tree,
            async c => RolloutFigures.Compute(tree, await RolloutDashboardQuery.OwnCountsAsync(session, date, c, cells)),
            ct);

    /// <summary>Installed members week by week up to <paramref name="date"/>, over <paramref name="cells"/> (null: the whole city).</summary>
    /// <remarks><paramref name="tree"/> is the tree <paramref name="cells"/> were taken from: another tree may put other cells under the unit.</remarks>
    public Task<(IReadOnlyList<InstallsOnDay> Value, DateTimeOffset ComputedAt)> SeriesAsync(
        IQuerySession session, OrganisationTree tree, LocalDate date, IReadOnlyCollection<Guid>? cells, Guid unitId, CancellationToken ct) =>
        GetAsync(
            $"series:{date}:{(cells is null ? "all" : unitId.ToString("N"))}",
            tree,
            c => RolloutDashboardQuery.InstalledSeriesAsync(session, cells, date.PlusWeeks(-SeriesWeeks), date, 7, c),
            ct);

    /// <summary>
    /// The value for <paramref name="key"/>, computed now or reused, and when it was computed; reused only
    /// if counted on the same <paramref name="tree"/> (the directory keeps one per date until the units change).
    /// </summary>
    public async Task<(T Value, DateTimeOffset ComputedAt)> GetAsync<T>(string key, OrganisationTree tree, Func<CancellationToken, Task<T>> compute, CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(compute);
        // Each province's figures apart (decision 0025); the key alone when provinces are off.
        key = province.TenantId is { } tenant ? tenant + ":" + key : key;
        var position = await PositionAsync(ct);
        if (_entries.TryGetValue(key, out var entry) && entry.Value is T cached && ReferenceEquals(entry.Tree, tree)
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
        _entries[key] = new Entry(position, tree, Stopwatch.GetTimestamp(), computedAt, value);
        return (value, computedAt);
    }

    /// <summary>
    /// What the figures are counted from, besides the tree: the spans' change counter (moved by a trigger
    /// on every statement that writes them, in the writing transaction, so a count never sees spans newer
    /// than the counter it is stored with) and the training classes.
    /// </summary>
    private async Task<(long Spans, string Classes)> PositionAsync(CancellationToken ct)
    {
        var schema = store.Options.DatabaseSchemaName;
        var classes = store.Options.Schema.For<TrainingClass>(qualified: true);
        await using var connection = (await province.DatabaseAsync(store)).CreateConnection(Marten.Storage.ConnectionUsage.Read);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            select coalesce((select version from {schema}.{RolloutSpansTable.ChangesTableName} where id = 1), 0),
                   (select count(*)::text || ':' || coalesce(sum(mt_version)::text, '') || ':' || coalesce(max(mt_last_modified)::text, '') from {classes})
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetString(1));
    }

    private sealed record Entry((long Spans, string Classes) Position, OrganisationTree Tree, long Stamp, DateTimeOffset ComputedAt, object Value);
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
                await cache.SeriesAsync(session, tree, today, null, city.Id, stoppingToken);
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
