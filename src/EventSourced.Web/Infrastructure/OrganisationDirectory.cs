using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Every unit's snapshot, held in memory and refreshed when the stored units change. Screens and
/// access checks ask it for the tree on a date instead of loading eighteen thousand documents per
/// request; the freshness check is one cheap aggregate query on the snapshot table.
/// </summary>
/// <remarks>With provinces (decision 0025) each province's units are held apart, keyed by the request's province.</remarks>
public sealed class OrganisationDirectory(IDocumentStore store, IClock clock, CurrentProvince province) : IDisposable
{
    /// <summary>
    /// How long a freshness check holds. Changes sent from this process invalidate at once
    /// (<see cref="Invalidate"/>); another process's change shows within this window.
    /// </summary>
    private static readonly TimeSpan FreshFor = TimeSpan.FromMilliseconds(500);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Held> _held = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<Organisation>> UnitsAsync(CancellationToken ct = default) =>
        (await CurrentAsync(ct)).Units;

    /// <summary>The tree as it stood on <paramref name="date"/> (today when null).</summary>
    public async Task<OrganisationTree> TreeAsync(LocalDate? date = null, CancellationToken ct = default)
    {
        var snapshot = await CurrentAsync(ct);
        var day = date ?? VietnamTime.Today(clock);
        lock (snapshot.Trees)
        {
            if (!snapshot.Trees.TryGetValue(day, out var tree))
            {
                tree = OrganisationTree.AsOf(day, snapshot.Units);
                if (snapshot.Trees.Count > 32)
                {
                    snapshot.Trees.Clear();
                }

                snapshot.Trees[day] = tree;
            }

            return tree;
        }
    }

    public async Task<Organisation?> FindAsync(Guid id, CancellationToken ct = default) =>
        (await CurrentAsync(ct)).Units.FirstOrDefault(u => u.Id == id);

    /// <summary>The next read checks the database again (called after every command sent from here).</summary>
    public void Invalidate()
    {
        foreach (var held in _held.Values)
        {
            Interlocked.Exchange(ref held.CheckedAt, 0);
        }
    }

    private async Task<Snapshot> CurrentAsync(CancellationToken ct)
    {
        var held = _held.GetOrAdd(province.TenantId ?? string.Empty, _ => new Held());
        var checkedAt = Interlocked.Read(ref held.CheckedAt);
        if (checkedAt != 0 && System.Diagnostics.Stopwatch.GetElapsedTime(checkedAt) < FreshFor)
        {
            return held.Snapshot;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var token = await FreshnessTokenAsync(ct);
        if (token == held.Snapshot.Token)
        {
            Interlocked.Exchange(ref held.CheckedAt, started);
            return held.Snapshot;
        }

        await held.Lock.WaitAsync(ct);
        try
        {
            if (token != held.Snapshot.Token)
            {
                await using var session = province.QuerySession(store);
                var units = await session.Query<Organisation>().ToListAsync(ct);
                held.Snapshot = new Snapshot(token, units.ToList(), new Dictionary<LocalDate, OrganisationTree>());
            }

            Interlocked.Exchange(ref held.CheckedAt, started);

            return held.Snapshot;
        }
        finally
        {
            held.Lock.Release();
        }
    }

    private async Task<string> FreshnessTokenAsync(CancellationToken ct)
    {
        await using var session = province.QuerySession(store);
        var table = session.DocumentStore.Options.Schema.For<Organisation>(qualified: true);
        var rows = await session.QueryAsync<string>(
            $"select count(*)::text || ':' || coalesce(max(mt_version)::text, '') || ':' || coalesce(sum(mt_version)::text, '') from {table}", ct);
        return rows.Count > 0 ? rows[0] : string.Empty;
    }

    public void Dispose()
    {
        foreach (var held in _held.Values)
        {
            held.Dispose();
        }
    }

    /// <summary>Loads the units in the background at start, so the first visitor does not wait for it.</summary>
    public sealed class Warmup(OrganisationDirectory directory, CurrentProvince province, ILogger<Warmup> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            // With provinces there is no request to name one: each province's first visitor loads its units.
            if (province.Enabled)
            {
                return;
            }

            try
            {
                await directory.TreeAsync(ct: stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Only a head start: the first request loads the units anyway.
                logger.LogWarning(e, "Could not preload the organisation tree");
            }
        }
    }

    /// <summary>One province's units (the only one's when provinces are off) and when they were last checked.</summary>
    private sealed class Held : IDisposable
    {
        public readonly SemaphoreSlim Lock = new(1, 1);
        public long CheckedAt;
        public Snapshot Snapshot = new(string.Empty, [], new Dictionary<LocalDate, OrganisationTree>());

        public void Dispose() => Lock.Dispose();
    }

    private sealed record Snapshot(string Token, IReadOnlyList<Organisation> Units, Dictionary<LocalDate, OrganisationTree> Trees);
}
