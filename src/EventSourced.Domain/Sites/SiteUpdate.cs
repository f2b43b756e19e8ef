using EventSourced.Domain.Common;
using NodaTime;

namespace EventSourced.Domain.Sites;

/// <summary>
/// What the centre sends down to an installed site: every stream of the site's that changed at the centre
/// since the cut the site last stood on (<see cref="BasedOn"/>), whole, so the site can tell what it
/// already holds; the batches the centre has received from the site; and the conflicts staff above have
/// resolved, so the site can say what happened to its own events.
/// </summary>
public sealed record SiteUpdate(
    Guid UpdateId,
    Guid UnitId,
    Guid BasedOn,
    Instant CutAt,
    IReadOnlyList<Guid> ReceivedBatches,
    IReadOnlyList<PortableStream> Streams,
    IReadOnlyList<SiteUpdateResolution> Resolutions,
    int OpenConflicts);

/// <summary>
/// A site asks the centre over the network for its update, signed with its key: the signature is the
/// site's credential, and <see cref="At"/> keeps a request overheard on the way from being played again later.
/// </summary>
public sealed record SiteUpdateRequest(Guid SiteUnitId, Instant At)
{
    /// <summary>How far a request's time may be from the centre's clock.</summary>
    public static readonly Duration Tolerance = Duration.FromMinutes(10);

    /// <summary>The request when the file is the site's own and fresh; refused with a code otherwise.</summary>
    public static SiteUpdateRequest Open(SignedSiteFile file, Organisations.OrganisationTree tree, byte[] centreKey, Instant now)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(tree);
        if (tree.Find(file.SiteUnitId) is not { Flags.OfflineSite: true })
        {
            throw new RuleViolation(SiteFileRefusals.UnknownSite);
        }

        var (request, refusal) = SiteSigning.Open<SiteUpdateRequest>(file, SiteFileKind.UpdateRequest, SiteSigning.SiteKey(centreKey, file.SiteUnitId));
        if (refusal is not null)
        {
            throw new RuleViolation(refusal);
        }

        if (request!.SiteUnitId != file.SiteUnitId)
        {
            throw new RuleViolation(SiteFileRefusals.NotForThisSite);
        }

        var drift = request.At - now;
        return drift > Tolerance || -drift > Tolerance ? throw new RuleViolation(SiteFileRefusals.RequestExpired) : request;
    }
}

/// <summary>A conflict of the site's as staff above resolved it.</summary>
public sealed record SiteUpdateResolution(Guid ConflictId, Guid StreamId, SiteConflictResolution Resolution, string Reason, int SiteEvents);

/// <summary>One event of a stream as the site holds it, for comparing with the centre's.</summary>
public sealed record LocalEvent(long Version, string Type, string Data, bool Unsent);

/// <summary>
/// How the site brings one stream into line: keep its events up to <see cref="KeepThrough"/>, remove the
/// ones after it (<see cref="Superseded"/> were in a batch already, so the centre holds them on a
/// conflict; <see cref="Requeued"/> were not, and go back on after the centre's), and append the
/// centre's <see cref="Append"/> at the centre's versions.
/// </summary>
public sealed record StreamRealignment(
    Guid StreamId,
    long KeepThrough,
    IReadOnlyList<PortableEvent> Append,
    IReadOnlyList<LocalEvent> Superseded,
    IReadOnlyList<LocalEvent> Requeued)
{
    /// <summary>The site's own events after <see cref="KeepThrough"/> must be taken off the stream first.</summary>
    public bool RemovesLocal => Superseded.Count > 0 || (Requeued.Count > 0 && Append.Count > 0);
}

/// <summary>Why an update was refused at the site: nothing of it is applied.</summary>
public static class SiteUpdateRefusals
{
    public const string Outdated = "Site.UpdateOutdated";
    public const string AlreadyInstalled = "Site.UpdateAlreadyInstalled";
    public const string BasedElsewhere = "Site.UpdateBasedElsewhere";
    public const string BatchNotReceived = "Site.BatchNotReceived";
}

/// <summary>The site's decision on a verified update, pure so each case is a plain test.</summary>
public static class SiteUpdateDecision
{
    /// <summary>
    /// Refuses an update that is not for this installation's next step: an update of another site, one
    /// cut before the package or update installed (or that one again), one standing on a cut this site
    /// never installed, or one cut before the centre received a batch the site has written (applying it
    /// would leave that batch's events out of the site's copy until a later update).
    /// </summary>
    public static void Check(SiteUpdate update, SiteInstallation installation)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(installation);
        if (update.UnitId != installation.UnitId)
        {
            throw new RuleViolation(SiteFileRefusals.NotForThisSite);
        }

        if (update.UpdateId == installation.PackageId)
        {
            throw new RuleViolation(SiteUpdateRefusals.AlreadyInstalled);
        }

        if (update.CutAt <= installation.PackageCutAt)
        {
            throw new RuleViolation(SiteUpdateRefusals.Outdated);
        }

        if (!installation.InstalledCuts.Contains(update.BasedOn) && update.BasedOn != installation.PackageId)
        {
            throw new RuleViolation(SiteUpdateRefusals.BasedElsewhere);
        }

        if (installation.ExportedBatches.Except(update.ReceivedBatches).Any())
        {
            throw new RuleViolation(SiteUpdateRefusals.BatchNotReceived);
        }
    }

    /// <summary>
    /// The centre's stream is the record: the site keeps the longest run of its events that the centre
    /// holds at the same versions, and takes the centre's events after it. The site's events after that
    /// run that were in a batch are superseded (the centre kept them on a conflict and staff resolved it,
    /// or will); those recorded since the last batch are kept, after the centre's, for the next batch.
    /// </summary>
    public static StreamRealignment Decide(PortableStream centre, IReadOnlyList<LocalEvent> local)
    {
        ArgumentNullException.ThrowIfNull(centre);
        ArgumentNullException.ThrowIfNull(local);
        var common = 0;
        while (common < local.Count && common < centre.Events.Count && Same(local[common], centre.Events[common]))
        {
            common++;
        }

        var rest = local.Skip(common).ToList();
        var append = centre.Events.Skip(common).ToList();
        return new StreamRealignment(centre.Id, common, append, rest.Where(e => !e.Unsent).ToList(), rest.Where(e => e.Unsent).ToList());
    }

    /// <summary>The same event: at the same version, of the same type, with the same data (headers and times differ by where it was stored).</summary>
    public static bool Same(LocalEvent local, PortableEvent centre)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(centre);
        return local.Version == centre.Version
            && string.Equals(local.Type, centre.Type, StringComparison.Ordinal)
            && string.Equals(local.Data, centre.Data.GetRawText(), StringComparison.Ordinal);
    }
}
