using NodaTime;

namespace EventSourced.Domain.Sites;

/// <summary>
/// The site's new events on one stream, with the version of that stream they were recorded after:
/// the centre appends them only if its own stream still stands at <see cref="BaseVersion"/>.
/// </summary>
public sealed record SiteStreamChange(Guid StreamId, long BaseVersion, IReadOnlyList<PortableEvent> Events);

/// <summary>What a site hands over: its events since the previous batch, under a batch id the centre receives once.</summary>
public sealed record SyncBatch(Guid BatchId, Guid SiteUnitId, Guid PackageId, Instant CreatedAt, IReadOnlyList<SiteStreamChange> Streams);

/// <summary>A stream as the centre holds it now: its version (0 when it does not exist) and, for a member, their cell.</summary>
public sealed record CentreStream(long Version, Guid? CellId);

/// <summary>Why the site's events on a stream were set aside.</summary>
public static class SiteConflictReasons
{
    /// <summary>The centre recorded something on the stream after the version the site started from.</summary>
    public const string CentreMoved = "Site.Conflict.CentreMoved";

    /// <summary>The member is no longer in the site's units at the centre (transferred, the unit restructured).</summary>
    public const string OutsideSite = "Site.Conflict.OutsideSite";

    /// <summary>An earlier conflict on the stream is still open: later events wait behind it.</summary>
    public const string Pending = "Site.Conflict.Pending";
}

/// <summary>What the centre does with a batch: nothing (already received), or these appends and conflicts.</summary>
public sealed record SyncPlan(bool AlreadyReceived, IReadOnlyList<SiteStreamChange> Appends, IReadOnlyList<(SiteStreamChange Change, long CentreVersion, string Reason)> Conflicts)
{
    public static readonly SyncPlan Nothing = new(true, [], []);
}

/// <summary>The centre's decision on a verified batch, pure so each case is a plain test.</summary>
public static class SyncDecision
{
    public static SyncPlan Decide(SyncBatch batch, Site? site, IReadOnlySet<Guid> siteUnits, IReadOnlyDictionary<Guid, CentreStream> centre)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(siteUnits);
        ArgumentNullException.ThrowIfNull(centre);
        // Only a package the centre cut for this site can be the ground the batch stands on.
        if (site is null || !site.Packages.Contains(batch.PackageId))
        {
            throw new Common.RuleViolation(SiteFileRefusals.PackageUnknown);
        }

        if (batch.Streams.SelectMany(s => s.Events).Any(e => !PortableEvents.MaySync(e.Type)))
        {
            throw new Common.RuleViolation(SiteFileRefusals.EventNotAllowed);
        }

        if (site.Batches.Contains(batch.BatchId))
        {
            return SyncPlan.Nothing;
        }

        var pending = site.Conflicts.Where(c => c.IsOpen).Select(c => c.StreamId).ToHashSet();
        var appends = new List<SiteStreamChange>();
        var conflicts = new List<(SiteStreamChange, long, string)>();
        foreach (var change in batch.Streams.Where(s => s.Events.Count > 0))
        {
            var now = centre.GetValueOrDefault(change.StreamId) ?? new CentreStream(0, null);
            var reason =
                pending.Contains(change.StreamId) ? SiteConflictReasons.Pending
                : now.CellId is { } cell && !siteUnits.Contains(cell) ? SiteConflictReasons.OutsideSite
                : now.Version != change.BaseVersion ? SiteConflictReasons.CentreMoved
                : null;
            if (reason is null)
            {
                appends.Add(change);
            }
            else
            {
                conflicts.Add((change, now.Version, reason));
            }
        }

        return new SyncPlan(false, appends, conflicts);
    }
}
