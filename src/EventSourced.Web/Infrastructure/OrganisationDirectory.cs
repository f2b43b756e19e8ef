using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Every unit's snapshot for the screens and access checks, which ask it for the tree on a date instead of
/// loading eighteen thousand documents per request. The units are the commands' own copy
/// (<see cref="HeldUnits"/>, decision 0027), checked against the store at most every <see cref="FreshFor"/>.
/// </summary>
/// <remarks>With provinces (decision 0025) each province's units are held apart, keyed by the request's province.</remarks>
public sealed class OrganisationDirectory(IDocumentStore store, IClock clock, CurrentProvince province, UnitChanges changes)
{
    /// <summary>
    /// How long a freshness check holds. A unit changed by this process is checked at once (a commit counted
    /// by <see cref="UnitChanges"/>, or <see cref="Invalidate"/> after a write around Marten); another
    /// process's change shows within this window (and in the next command's tree at once: the command checks
    /// the units' version on its own session, <see cref="HeldUnits"/>).
    /// </summary>
    private static readonly TimeSpan FreshFor = TimeSpan.FromMilliseconds(500);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Held> _held = new(StringComparer.Ordinal);

    private long _checks;

    public async Task<IReadOnlyList<Organisation>> UnitsAsync(CancellationToken ct = default) =>
        (await CurrentAsync(ct)).Units;

    /// <summary>The tree as it stood on <paramref name="date"/> (today when null).</summary>
    public async Task<OrganisationTree> TreeAsync(LocalDate? date = null, CancellationToken ct = default) =>
        (await CurrentAsync(ct)).TreeOn(date ?? VietnamTime.Today(clock));

    public async Task<Organisation?> FindAsync(Guid id, CancellationToken ct = default) =>
        (await CurrentAsync(ct)).Units.FirstOrDefault(u => u.Id == id);

    /// <summary>How many times the units were checked against the database (the tests count them).</summary>
    public long Checks => Interlocked.Read(ref _checks);

    /// <summary>The next read checks the database again: after units were written around Marten's sessions (a site's update, the demo loader).</summary>
    public void Invalidate()
    {
        foreach (var held in _held.Values)
        {
            Interlocked.Exchange(ref held.CheckedAt, 0);
        }
    }

    private async Task<HeldUnits.Snapshot> CurrentAsync(CancellationToken ct)
    {
        var held = _held.GetOrAdd(province.TenantId ?? string.Empty, _ => new Held());
        var checkedAt = Interlocked.Read(ref held.CheckedAt);
        var committed = changes.Count;
        if (checkedAt != 0 && held.Snapshot is { } recent && Interlocked.Read(ref held.CheckedChanges) == committed
            && System.Diagnostics.Stopwatch.GetElapsedTime(checkedAt) < FreshFor)
        {
            return recent;
        }

        // Both marks are taken before the read: a change committed during it makes the next request check again.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _checks);
        await using var session = province.QuerySession(store);
        var snapshot = await HeldUnits.CurrentAsync(session, ct);
        held.Snapshot = snapshot;
        Interlocked.Exchange(ref held.CheckedChanges, committed);
        Interlocked.Exchange(ref held.CheckedAt, started);
        return snapshot;
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
    private sealed class Held
    {
        public long CheckedAt;
        public long CheckedChanges;
        public HeldUnits.Snapshot? Snapshot;
    }
}
