using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Sites;

/// <summary>
/// At the site: the package it was installed from and how far its own events have been handed over.
/// One document (<see cref="TheId"/>); the last batch is kept so a lost file can be written again
/// under the same batch id, which the centre receives once.
/// </summary>
public sealed class SiteInstallation
{
    public static readonly Guid TheId = new("5e7e0000-0000-4000-8000-000000000001");

    public Guid Id { get; set; } = TheId;

    public Guid UnitId { get; set; }

    public string UnitCode { get; set; } = string.Empty;

    public string UnitName { get; set; } = string.Empty;

    public Guid PackageId { get; set; }

    public string Centre { get; set; } = string.Empty;

    public Instant PackageCutAt { get; set; }

    public Instant InstalledAt { get; set; }

    /// <summary>The store's sequence up to which events are the package's or already in a batch.</summary>
    public long ExportedThrough { get; set; }

    public Guid? LastBatchId { get; set; }

    public Instant? LastBatchAt { get; set; }

    public int LastBatchEvents { get; set; }

    /// <summary>The last batch's file, as written, for writing it again.</summary>
    public string? LastBatchFile { get; set; }

    /// <summary>Every package and update installed here: an update must stand on one of them.</summary>
    public List<Guid> InstalledCuts { get; set; } = [];

    /// <summary>Every batch written here: an update cut before the centre received one of them is refused.</summary>
    public List<Guid> ExportedBatches { get; set; } = [];

    /// <summary>
    /// Streams whose events recorded here since the last batch were moved after the centre's by an update,
    /// with the version they were recorded on: the next batch names that version, so the centre sets them
    /// before staff above instead of appending work decided without the centre's change.
    /// </summary>
    public Dictionary<Guid, long> RecordedOn { get; set; } = [];

    /// <summary>Batches the centre said it received (over the network, or listed in an update).</summary>
    public List<Guid> ReceivedBatches { get; set; } = [];

    public SiteUpdateReport? LastUpdate { get; set; }
}

/// <summary>What an update did at the site, kept for the site's staff.</summary>
public sealed record SiteUpdateReport(
    Guid UpdateId,
    Instant InstalledAt,
    int Streams,
    int EventsAppended,
    IReadOnlyList<SupersededEvent> Superseded,
    IReadOnlyList<Guid> Requeued,
    int WaitingEvents,
    IReadOnlyList<SiteUpdateResolution> Resolutions,
    int OpenConflicts)
{
    /// <summary>Events recorded here wait for a new batch (<c>site export</c>).</summary>
    public bool NeedsBatch => WaitingEvents > 0;
}

/// <summary>A site event taken off its stream by an update: the centre holds it on the conflict it was set aside on.</summary>
public sealed record SupersededEvent(Guid StreamId, long Version, string Type);

/// <summary>The site installs a package into its own (empty) register.</summary>
public static class InstallSitePackage
{
    /// <summary>
    /// Appends every stream of the package at the same stream id, so the site's versions are the
    /// centre's; refused when the file is not this site's genuine package or a package is installed already.
    /// </summary>
    public static async Task<SiteInstallation> InstallAsync(IDocumentStore store, SignedSiteFile file, Guid siteUnitId, byte[] siteKey, IClock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(clock);
        if (file.SiteUnitId != siteUnitId)
        {
            throw new RuleViolation(SiteFileRefusals.NotForThisSite);
        }

        var (package, refusal) = SiteSigning.Open<SitePackage>(file, SiteFileKind.Package, siteKey);
        if (refusal is not null)
        {
            throw new RuleViolation(refusal);
        }

        await using var session = store.LightweightSession();
        if (await session.LoadAsync<SiteInstallation>(SiteInstallation.TheId, ct) is not null)
        {
            throw new RuleViolation("Site.AlreadyInstalled");
        }

        foreach (var stream in package!.Streams)
        {
            session.Events.StartStream(stream.Id, stream.Events.Select(e => PortableEvents.ToEvent(e)).ToArray());
        }

        await session.SaveChangesAsync(ct);

        var installation = new SiteInstallation
        {
            UnitId = package.UnitId,
            UnitCode = package.UnitCode,
            UnitName = package.UnitName,
            PackageId = package.PackageId,
            Centre = package.Centre,
            PackageCutAt = package.CutAt,
            InstalledAt = clock.GetCurrentInstant(),
            InstalledCuts = [package.PackageId],
            ExportedThrough = await LastSequenceAsync(session, ct),
        };
        session.Store(installation);
        // Records written around the handlers: until the check below has built their keys, the next
        // start must check in full (if this process stops in between).
        session.Delete<RegisterKeysCheck>(RegisterKeysCheck.TheOne);
        await session.SaveChangesAsync(ct);
        // The package's events were written behind the procedures' backs: the unique register keys
        // (citizen IDs, card numbers, unit codes) are built from the snapshots, as after a demo load.
        await RegisterKeys.BackfillAsync(store, ct);
        return installation;
    }

    public static async Task<long> LastSequenceAsync(IQuerySession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var events = session.Events.QueryAllRawEvents();
        return await events.AnyAsync(ct) ? await events.MaxAsync(e => e.Sequence, ct) : 0;
    }
}

/// <summary>The site writes a batch of its events recorded since the previous batch.</summary>
public static class ExportSyncBatch
{
    public static async Task<(SignedSiteFile File, SyncBatch Batch)> ExportAsync(IDocumentStore store, byte[] siteKey, IClock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        await using var session = store.LightweightSession();
        var installation = await session.LoadAsync<SiteInstallation>(SiteInstallation.TheId, ct) ?? throw new RuleViolation("Site.NotInstalled");
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence > installation.ExportedThrough)
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        var through = events.Count == 0 ? installation.ExportedThrough : events.Max(e => e.Sequence);
        // The centre's events an update brought are the centre's already: only the site's own go up.
        var changes = events
            .Where(e => PortableEvents.MaySync(PortableEvents.TypeName(e.EventType)) && !SiteUpdates.CameWithUpdate(e))
            .GroupBy(e => e.StreamId)
            .Select(g => new SiteStreamChange(g.Key, installation.RecordedOn.GetValueOrDefault(g.Key, g.Min(e => e.Version) - 1), g.OrderBy(e => e.Version).Select(PortableEvents.From).ToList()))
            .ToList();
        foreach (var change in changes)
        {
            installation.RecordedOn.Remove(change.StreamId);
        }

        var batch = new SyncBatch(Guid.CreateVersion7(), installation.UnitId, installation.PackageId, clock.GetCurrentInstant(), changes);
        var file = SiteSigning.Sign(SiteFileKind.Batch, installation.UnitId, batch, siteKey);
        installation.ExportedThrough = through;
        installation.LastBatchId = batch.BatchId;
        installation.LastBatchAt = batch.CreatedAt;
        installation.LastBatchEvents = changes.Sum(c => c.Events.Count);
        installation.LastBatchFile = SiteSigning.Write(file);
        installation.ExportedBatches.Add(batch.BatchId);
        session.Store(installation);
        await session.SaveChangesAsync(ct);
        return (file, batch);
    }
}
