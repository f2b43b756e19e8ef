using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace EventSourced.Domain.Sites;

/// <summary>
/// A site package was cut for the grassroots organisation at the stream versions it lists
/// (<see cref="Versions"/>, absent on packages cut before updates existed): the ground the next update
/// is measured from.
/// </summary>
public sealed record SitePackageIssued(Guid UnitId, Guid PackageId, int Streams, int Events, Instant IssuedAt, IReadOnlyDictionary<Guid, long>? Versions = null);

/// <summary>
/// An update was cut for an installed site: the streams that changed since the cut <see cref="BasedOn"/>,
/// whole; <see cref="Versions"/> are every stream of the site's at this cut, the ground of the next one.
/// </summary>
public sealed record SiteUpdateIssued(Guid UnitId, Guid UpdateId, Guid BasedOn, int Streams, int Events, int Resolutions, Instant IssuedAt, IReadOnlyDictionary<Guid, long> Versions);

/// <summary>
/// A sync batch from the site was received: the events of <see cref="Appended"/> streams were appended
/// and <see cref="Conflicts"/> streams were set aside as conflicts, in the same transaction as this event.
/// </summary>
public sealed record SiteBatchReceived(Guid BatchId, Guid PackageId, int Appended, int AppendedEvents, int Conflicts, Instant CreatedAtSite, Instant ReceivedAt);

/// <summary>
/// The site recorded events on a stream that the centre changed meanwhile (or that is no longer the
/// site's): both sides are kept, the centre's in its stream and the site's here, until staff above
/// the site resolve it.
/// </summary>
/// <see cref="PackageId"/> is the cut the batch stood on (absent on conflicts recorded before it was kept).
public sealed record SiteConflictRecorded(Guid ConflictId, Guid BatchId, Guid StreamId, long BaseVersion, long CentreVersion, string Reason, IReadOnlyList<PortableEvent> SiteEvents, Guid? PackageId = null);

/// <summary>Staff above the site resolved a conflict: the site's events re-based onto the centre's stream, or discarded with a reason.</summary>
public sealed record SiteConflictResolved(Guid ConflictId, SiteConflictResolution Resolution, string Reason, long AppendedFromVersion);

public enum SiteConflictResolution
{
    /// <summary>The site's events were appended after the centre's, in the order the site recorded them.</summary>
    AcceptSite,

    /// <summary>The centre's stream stands; the site's events stay on the conflict only.</summary>
    KeepCentre,
}

/// <summary>
/// An open or resolved conflict, with the site's side of it: the cut its batch stood on, and once resolved how
/// many cuts had been issued for the site by then (a batch on an earlier cut was written without knowing the
/// resolution) and where the site's events were appended when taken.
/// </summary>
public sealed record SiteConflict(
    Guid Id,
    Guid BatchId,
    Guid StreamId,
    long BaseVersion,
    long CentreVersion,
    string Reason,
    IReadOnlyList<PortableEvent> SiteEvents,
    SiteConflictResolution? Resolution,
    string? ResolutionReason,
    Guid? PackageId = null,
    int? ResolvedAfterCuts = null,
    long? AppendedFromVersion = null)
{
    public bool IsOpen => Resolution is null;
}

/// <summary>
/// The centre's view of one offline site (a grassroots organisation's installation): the packages cut
/// for it, the batches received from it and their conflicts. One stream per site (<see cref="StreamIdFor"/>).
/// </summary>
public sealed class Site
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public Guid UnitId { get; set; }

    public Guid? PackageId { get; set; }

    public Instant? PackageIssuedAt { get; set; }

    public Instant? LastSyncAt { get; set; }

    /// <summary>
    /// The cut the site is known to stand on: the package, or the package or update its latest batch was
    /// recorded on. An update carries what changed since this cut, so a lost update is never a gap.
    /// </summary>
    public Guid? Ground { get; set; }

    public Instant? LastUpdateAt { get; set; }

    public int BatchesReceived { get; set; }

    public int EventsReceived { get; set; }

    /// <summary>Every package cut for the site: a batch stands on one of them.</summary>
    public List<Guid> Packages { get; set; } = [];

    public List<Guid> Batches { get; set; } = [];

    public List<SiteConflict> Conflicts { get; set; } = [];

    public int OpenConflicts => Conflicts.Count(c => c.IsOpen);

    /// <summary>One stream per grassroots organisation, found without a lookup.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "name-based ids, not security")]
    public static Guid StreamIdFor(Guid unitId)
    {
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes("site:" + unitId.ToString("N"))).AsSpan(0, 16).ToArray();
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true);
    }

    public static Site Create(SitePackageIssued issued)
    {
        ArgumentNullException.ThrowIfNull(issued);
        var site = new Site { Id = StreamIdFor(issued.UnitId), UnitId = issued.UnitId };
        site.Apply(issued);
        return site;
    }

    public void Apply(SitePackageIssued issued)
    {
        ArgumentNullException.ThrowIfNull(issued);
        UnitId = issued.UnitId;
        PackageId = issued.PackageId;
        Packages.Add(issued.PackageId);
        PackageIssuedAt = issued.IssuedAt;
        Ground = issued.PackageId;
    }

    public void Apply(SiteUpdateIssued issued)
    {
        ArgumentNullException.ThrowIfNull(issued);
        Packages.Add(issued.UpdateId);
        LastUpdateAt = issued.IssuedAt;
    }

    public void Apply(SiteBatchReceived received)
    {
        ArgumentNullException.ThrowIfNull(received);
        Batches.Add(received.BatchId);
        BatchesReceived++;
        EventsReceived += received.AppendedEvents;
        LastSyncAt = received.ReceivedAt;
        if (Packages.Contains(received.PackageId))
        {
            Ground = received.PackageId;
        }
    }

    public void Apply(SiteConflictRecorded recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        Conflicts.Add(new SiteConflict(recorded.ConflictId, recorded.BatchId, recorded.StreamId, recorded.BaseVersion, recorded.CentreVersion, recorded.Reason, recorded.SiteEvents, null, null, recorded.PackageId));
    }

    public void Apply(SiteConflictResolved resolved)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var index = Conflicts.FindIndex(c => c.Id == resolved.ConflictId);
        if (index >= 0)
        {
            Conflicts[index] = Conflicts[index] with
            {
                Resolution = resolved.Resolution,
                ResolutionReason = resolved.Reason,
                ResolvedAfterCuts = Packages.Count,
                AppendedFromVersion = resolved.Resolution == SiteConflictResolution.AcceptSite ? resolved.AppendedFromVersion : null,
            };
        }
    }

    /// <summary>
    /// Whether work on <paramref name="cut"/> was written without knowing how <paramref name="earlier"/> was
    /// resolved: the cut was issued before the resolution (or either is not known, as in snapshots kept before
    /// this was recorded: then it is assumed so), so the site still held its own side of that conflict.
    /// </summary>
    public bool StoodBeforeResolution(Guid? cut, SiteConflict earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var index = cut is { } id ? Packages.IndexOf(id) : -1;
        return earlier.Resolution is not null && (index < 0 || earlier.ResolvedAfterCuts is not { } after || index < after);
    }
}
