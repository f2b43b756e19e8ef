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

/// <summary>What a stream the site changed is at the centre.</summary>
public enum CentreStreamKind
{
    Member,
    Transfer,

    /// <summary>Neither a member nor a transfer (a unit, an account...): no site event may land on it.</summary>
    Other,
}

/// <summary>
/// A stream as the centre holds it now: its version (0 when it does not exist), for a member their cell
/// and the version of the last transfer event the centre recorded on them (issue, receipt, out of the city).
/// </summary>
public sealed record CentreStream(long Version, Guid? CellId, long? LastTransferVersion = null)
{
    public CentreStreamKind Kind { get; init; } = CentreStreamKind.Member;

    /// <summary>For a transfer, its member: the transfer is the site's while the member is.</summary>
    public Guid? MemberId { get; init; }
}

/// <summary>Why the site's events on a stream were set aside.</summary>
public static class SiteConflictReasons
{
    /// <summary>The centre recorded something on the stream after the version the site started from.</summary>
    public const string CentreMoved = "Site.Conflict.CentreMoved";

    /// <summary>The member is no longer in the site's units at the centre (transferred, the unit restructured).</summary>
    public const string OutsideSite = "Site.Conflict.OutsideSite";

    /// <summary>An earlier conflict on the stream is still open: later events wait behind it.</summary>
    public const string Pending = "Site.Conflict.Pending";

    /// <summary>
    /// An earlier conflict on the stream was resolved by keeping the centre's record after the cut this batch
    /// stands on was issued: the site wrote these changes on its own discarded side, so even where the versions
    /// happen to match they wait until the site has installed an update cut after the resolution.
    /// </summary>
    public const string CentreKept = "Site.Conflict.CentreKept";

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
    /// <summary>
    /// The batch's events read as the types they name, per stream. A batch carrying any event that is
    /// not a member or transfer event is refused whole.
    /// </summary>
    public static IReadOnlyDictionary<Guid, IReadOnlyList<object>> Read(SyncBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        // Signed is not well formed: a batch missing its parts, or naming a stream twice, is refused whole.
        if (batch.Streams is null
            || batch.Streams.Any(s => s?.Events is null || s.Events.Any(e => e is null || e.Headers is null))
            || batch.Streams.GroupBy(s => s.StreamId).Any(g => g.Count() > 1))
        {
            throw new Common.RuleViolation(SiteFileRefusals.Malformed);
        }

        if (batch.Streams.SelectMany(s => s.Events).Any(e => !PortableEvents.MaySync(e.Type)))
        {
            throw new Common.RuleViolation(SiteFileRefusals.EventNotAllowed);
        }

        return batch.Streams.ToDictionary(s => s.StreamId, s => (IReadOnlyList<object>)s.Events.Select(PortableEvents.Read).ToArray());
    }

    /// <summary>The members the transfers a batch starts are for: the centre reads their cells to know whether the transfer is the site's.</summary>
    public static IEnumerable<Guid> MembersOfNewTransfers(IReadOnlyDictionary<Guid, IReadOnlyList<object>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        return read.Values.Select(events => events.Count > 0 ? SiteCells.MemberOfTransfer(events[0]) : null).OfType<Guid>().Distinct();
    }

    public static SyncPlan Decide(SyncBatch batch, Site? site, IReadOnlySet<Guid> siteUnits, IReadOnlyDictionary<Guid, CentreStream> centre) =>
        Decide(batch, Read(batch), site, siteUnits, centre);

    /// <summary>
    /// A stream is appended when it still stands where the site left it and is the site's: a member in
    /// the site's units (or one the batch admits or receives into them), a transfer of such a member, and
    /// no event placing anyone in a cell outside the site (<see cref="SiteCells.Placed"/>). A site key
    /// signs for its own units only; anything else is set aside for staff above, never appended.
    /// </summary>
    public static SyncPlan Decide(SyncBatch batch, IReadOnlyDictionary<Guid, IReadOnlyList<object>> read, Site? site, IReadOnlySet<Guid> siteUnits, IReadOnlyDictionary<Guid, CentreStream> centre)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(siteUnits);
        ArgumentNullException.ThrowIfNull(centre);
        // Only a package the centre cut for this site can be the ground the batch stands on.
        if (site is null || !site.Packages.Contains(batch.PackageId))
        {
            throw new Common.RuleViolation(SiteFileRefusals.PackageUnknown);
        }

        if (site.Batches.Contains(batch.BatchId))
        {
            return SyncPlan.Nothing;
        }

        foreach (var change in batch.Streams.Where(s => s.Events.Count > 0))
        {
            // Member events on a member's stream, transfer events on a transfer's, never on anything else.
            var kinds = read[change.StreamId].Select(SiteCells.KindOf).Distinct().ToList();
            if (kinds.Count != 1 || (centre.TryGetValue(change.StreamId, out var existing) && existing.Kind != kinds[0]))
            {
                throw new Common.RuleViolation(SiteFileRefusals.EventNotAllowed);
            }
        }

        // Members the batch starts inside the site's units: their transfers in the same batch are the site's too.
        var admitted = batch.Streams
            .Where(s => s.Events.Count > 0 && !centre.ContainsKey(s.StreamId) && SiteCells.StartsMember(read[s.StreamId][0]))
            .Where(s => read[s.StreamId].SelectMany(SiteCells.Placed).All(siteUnits.Contains))
            .Select(s => s.StreamId)
            .ToHashSet();

        bool IsSitesMember(Guid? member) =>
            member is { } id && (admitted.Contains(id) || (centre.GetValueOrDefault(id) is { Kind: CentreStreamKind.Member, CellId: { } cell } && siteUnits.Contains(cell)));

        bool WithinSite(SiteStreamChange change, CentreStream? now)
        {
            var events = read[change.StreamId];
            if (!events.SelectMany(SiteCells.Placed).All(siteUnits.Contains))
            {
                return false;
            }

            return SiteCells.KindOf(events[0]) switch
            {
                CentreStreamKind.Member => now is null ? admitted.Contains(change.StreamId) : now.CellId is { } cell && siteUnits.Contains(cell),
                CentreStreamKind.Transfer => IsSitesMember(now is null ? SiteCells.MemberOfTransfer(events[0]) : now.MemberId),
                _ => false,
            };
        }

        var pending = site.Conflicts.Where(c => c.IsOpen).Select(c => c.StreamId).ToHashSet();
        var discarded = site.Conflicts
            .Where(c => c.Resolution == SiteConflictResolution.KeepCentre && site.StoodBeforeResolution(batch.PackageId, c))
            .Select(c => c.StreamId)
            .ToHashSet();
        var appends = new List<SiteStreamChange>();
        var conflicts = new List<(SiteStreamChange, long, string)>();
        foreach (var change in batch.Streams.Where(s => s.Events.Count > 0))
        {
            var known = centre.GetValueOrDefault(change.StreamId);
            var now = known ?? new CentreStream(0, null);
            var reason =
                pending.Contains(change.StreamId) ? SiteConflictReasons.Pending
                : discarded.Contains(change.StreamId) ? SiteConflictReasons.CentreKept
                : now.LastTransferVersion > change.BaseVersion ? SiteConflictReasons.TransferredAtCentre
                : !WithinSite(change, known) ? SiteConflictReasons.OutsideSite
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

/// <summary>The cells a site's event names, and what it starts: the site may act only inside its own units.</summary>
public static class SiteCells
{
    /// <summary>
    /// The cells an event places a member in or acts for: they must be the site's. The far end of a letter
    /// the site issues (the cell a member is sent to, a host cell) is not among them: the sending cell
    /// decides a transfer, at the centre as at a site, and the receiving cell records the arrival.
    /// </summary>
    public static IReadOnlyList<Guid> Placed(object e) => e switch
    {
        MemberAdmitted admitted => [admitted.CellId],
        MemberReadmitted readmitted => [readmitted.CellId],
        MemberTransferredIn arrived => [arrived.CellId],
        MemberReturnedToCity returned => [returned.CellId],
        MemberCellChanged changed => [changed.FromCellId, changed.ToCellId],
        MemberTransferred transferred => [transferred.FromCellId, transferred.ToCellId],
        Transfers.TransferIssued issued => [issued.FromCellId],
        Transfers.TemporaryTransferIssued temporary => [temporary.HomeCellId],
        Transfers.TransferArrivedFromOutside arrived => [arrived.ToCellId],
        _ => [],
    };

    /// <summary>Whether the event starts a member's record (an admission, an arrival from outside the city).</summary>
    public static bool StartsMember(object e) => e is MemberAdmitted or MemberTransferredIn;

    /// <summary>The member a transfer's first event is for; null for any other event.</summary>
    public static Guid? MemberOfTransfer(object e) => e switch
    {
        Transfers.TransferIssued issued => issued.MemberId,
        Transfers.TemporaryTransferIssued temporary => temporary.MemberId,
        Transfers.TransferArrivedFromOutside arrived => arrived.MemberId,
        _ => null,
    };

    /// <summary>The kind of stream the event belongs on.</summary>
    public static CentreStreamKind KindOf(object e) =>
        e is IMemberEvent ? CentreStreamKind.Member
        : e.GetType().Namespace == typeof(Transfers.Transfer).Namespace ? CentreStreamKind.Transfer
        : CentreStreamKind.Other;
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
