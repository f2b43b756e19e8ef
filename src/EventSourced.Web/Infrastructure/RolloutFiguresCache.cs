using System.Collections.Concurrent;
using System.Diagnostics;
using EventSourced.Domain.Installs.Rollout;
using Marten;

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
public sealed class RolloutFiguresCache(IDocumentStore store, IConfiguration configuration)
{
    private const int MaxEntries = 256;

    private readonly TimeSpan _reuseFor = TimeSpan.FromSeconds(configuration.GetValue("Rollout:ReuseFiguresForSeconds", 0));
    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    /// <summary>The value for <paramref name="key"/>, computed now or reused, and when it was computed.</summary>
    public async Task<(T Value, DateTimeOffset ComputedAt)> GetAsync<T>(string key, Func<CancellationToken, Task<T>> compute, CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(compute);
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
        await using var connection = store.Storage.Database.CreateConnection(Marten.Storage.ConnectionUsage.Read);
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
