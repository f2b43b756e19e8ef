using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Sites;

/// <summary>
/// The site's new events on one stream, with the version of that stream they were recorded after:
/// the centre appends them only if its own stream still stands at <see cref="BaseVersion"/>.
/// </summary>
public sealed record SiteStreamChange(Guid StreamId, long BaseVersion, IReadOnlyList<PortableEvent> Events);

/// <summary>What a site hands over: its events since the previous batch, under a batch id the centre receives once.</summary>
public sealed record SyncBatch(Guid BatchId, Guid SiteUnitId, Guid PackageId, Instant CreatedAt, IReadOnlyList<SiteStreamChange> Streams);

/// <summary>
/// A stream as the centre holds it now: its version (0 when it does not exist), for a member their cell
/// and the version of the last transfer event the centre recorded on them (issue, receipt, out of the city).
/// </summary>
public sealed record CentreStream(long Version, Guid? CellId, long? LastTransferVersion = null);

/// <summary>Why the site's events on a stream were set aside.</summary>
public static class SiteConflictReasons
{
    /// <summary>The centre recorded something on the stream after the version the site started from.</summary>
    public const string CentreMoved = "Site.Conflict.CentreMoved";

    /// <summary>The member is no longer in the site's units at the centre (transferred, the unit restructured).</summary>
    public const string OutsideSite = "Site.Conflict.OutsideSite";

    /// <summary>An earlier conflict on the stream is still open: later events wait behind it.</summary>
    public const string Pending = "Site.Conflict.Pending";

    /// <summary>The centre recorded a transfer of the member after the version the site started from.</summary>
    public const string TransferredAtCentre = "Site.Conflict.TransferredAtCentre";

    /// <summary>
    /// The site recorded a citizen ID or card number the register holds for another member (the same
    /// person admitted at the centre meanwhile, or a mistyped number): never appended as a duplicate.
    /// </summary>
    public const string RegisterKeyTaken = "Site.Conflict.RegisterKeyTaken";
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
                : now.LastTransferVersion > change.BaseVersion ? SiteConflictReasons.TransferredAtCentre
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

/// <summary>
/// The register keys (citizen IDs, card numbers) a site's events on a stream claim and free, so the centre
/// claims them as its own procedures would have (decision 0008) when it appends them.
/// </summary>
public sealed record SiteKeyClaims(IReadOnlyList<string> Claims, IReadOnlyList<string> Releases)
{
    public static readonly SiteKeyClaims None = new([], []);

    /// <summary>
    /// The keys <paramref name="events"/> claim and free when appended after <paramref name="member"/>, the
    /// record as the centre holds it where the events start (null for a new stream or one that is no member's).
    /// A rescinded card entry frees what <see cref="Rescissions.CardNumberFreed"/> says on the member as it
    /// stands just before the rescission, the events before it folded on in order, as the centre's own
    /// rescission does: a card issued and rescinded in the same events is then not claimed. A key the events
    /// still claim at their end is never freed.
    /// </summary>
    public static SiteKeyClaims Of(Member? member, IEnumerable<object> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var recorded = member?.History.Select(h => h.Event).ToList() ?? [];
        var claims = new List<string?>();
        var releases = new List<string?>();
        foreach (var e in events)
        {
            switch (e)
            {
                case MemberAdmitted admitted:
                    claims.Add(RegisterKeys.CitizenId(admitted.Profile.CitizenId));
                    break;
                case PartyCardIssued card:
                    claims.Add(RegisterKeys.Card(card.CardNumber));
                    break;
                case PartyCardReplaced card:
                    claims.Add(RegisterKeys.Card(card.CardNumber));
                    break;
                case ProfileCorrected { Field: MemberProfileFields.CitizenId } corrected:
                    releases.Add(RegisterKeys.CitizenId(corrected.OldValue));
                    claims.Add(RegisterKeys.CitizenId(corrected.NewValue));
                    break;
                case MemberEntryRescinded rescinded when FreedBy(recorded, rescinded) is { } freed:
                    // The number the rescinded entry named is named by nothing that stands: a claim of it
                    // earlier in these events goes with the entry, and the register lets it go.
                    claims.RemoveAll(k => k == freed);
                    releases.Add(freed);
                    break;
            }

            if (e is IMemberEvent memberEvent)
            {
                recorded.Add(memberEvent);
            }
        }

        var claimed = claims.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return new SiteKeyClaims(claimed, releases.OfType<string>().Where(r => !claimed.Contains(r, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// The card key a rescission frees on the member folded from <paramref name="recorded"/> (the stream so
    /// far, from its first entry), by the same rule as the centre's rescission; none on a stream that does
    /// not start a member's record.
    /// </summary>
    private static string? FreedBy(IReadOnlyList<IMemberEvent> recorded, MemberEntryRescinded rescinded) =>
        recorded is [MemberAdmitted or MemberTransferredIn, ..]
            ? RegisterKeys.Card(Rescissions.CardNumberFreed(Member.Replay(recorded), rescinded.EntryVersion))
            : null;
}

/// <summary>The centre's decision on the register keys of the streams a plan appends.</summary>
public static class SyncKeyDecision
{
    /// <summary>
    /// A stream whose events claim a key another member holds (or another stream of the same batch
    /// claims first) is set aside as a conflict instead of appended, so the register never holds the
    /// same citizen ID or card number twice. <paramref name="held"/> is each claimed key's owner at the centre.
    /// </summary>
    public static SyncPlan SetAsideTaken(SyncPlan plan, IReadOnlyDictionary<Guid, SiteKeyClaims> claims, IReadOnlyDictionary<string, Guid> held, IReadOnlyDictionary<Guid, CentreStream> centre)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(centre);
        var owners = new Dictionary<string, Guid>(held, StringComparer.Ordinal);
        var appends = new List<SiteStreamChange>();
        var conflicts = plan.Conflicts.ToList();
        foreach (var change in plan.Appends)
        {
            var wanted = claims.GetValueOrDefault(change.StreamId) ?? SiteKeyClaims.None;
            if (wanted.Claims.Any(k => owners.TryGetValue(k, out var owner) && owner != change.StreamId))
            {
                conflicts.Add((change, centre.GetValueOrDefault(change.StreamId)?.Version ?? 0, SiteConflictReasons.RegisterKeyTaken));
                continue;
            }

            foreach (var key in wanted.Claims)
            {
                owners[key] = change.StreamId;
            }

            appends.Add(change);
        }

        return plan with { Appends = appends, Conflicts = conflicts };
    }
}
