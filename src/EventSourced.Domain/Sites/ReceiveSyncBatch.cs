using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Transfers;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Sites;

/// <summary>What the centre did with a batch.</summary>
public sealed record SyncReceipt(Guid BatchId, Guid SiteUnitId, bool AlreadyReceived, int AppendedStreams, int AppendedEvents, int Conflicts);

/// <summary>
/// Written with the batch's events in the same transaction, keyed by the batch id: a second delivery of
/// the same batch, even at the same moment, cannot commit a second time (the key is taken).
/// </summary>
public sealed class SiteBatchReceipt
{
    public Guid Id { get; set; }

    public Guid SiteUnitId { get; set; }

    public Instant ReceivedAt { get; set; }
}

/// <summary>
/// The centre receives a site's batch: checks it is a genuine file of an offline site of the tree, then
/// appends the streams that still stand where the site left them and sets the others aside as conflicts.
/// </summary>
public static class ReceiveSyncBatch
{
    /// <summary>The batch, opened and checked against the site's key; refused with a code otherwise.</summary>
    public static SyncBatch Open(SignedSiteFile file, OrganisationTree tree, byte[] centreKey)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(tree);
        if (tree.Find(file.SiteUnitId) is not { Flags.OfflineSite: true })
        {
            throw new RuleViolation(SiteFileRefusals.UnknownSite);
        }

        var (batch, refusal) = SiteSigning.Open<SyncBatch>(file, SiteFileKind.Batch, SiteSigning.SiteKey(centreKey, file.SiteUnitId));
        if (refusal is not null)
        {
            throw new RuleViolation(refusal);
        }

        return batch!.SiteUnitId == file.SiteUnitId ? batch : throw new RuleViolation(SiteFileRefusals.NotForThisSite);
    }

    /// <summary>
    /// Queues the appends, the conflicts, the site's <see cref="SiteBatchReceived"/> and the receipt on
    /// <paramref name="session"/>; the caller saves, so it all commits or none of it does. Every event
    /// keeps the site's user, headers and recording time and is marked with the site and the batch;
    /// the centre's own timestamp is the receipt time.
    /// </summary>
    public static async Task<SyncReceipt> ReceiveAsync(IDocumentSession session, SignedSiteFile file, OrganisationTree tree, byte[] centreKey, IClock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(clock);
        var batch = Open(file, tree, centreKey);
        var siteId = Site.StreamIdFor(batch.SiteUnitId);
        // Fetched for writing: two deliveries of the batch at once both find it new, and the second to
        // commit fails on the site stream's version (and on the receipt's key) instead of appending twice.
        var site = await session.Events.FetchForWriting<Site>(siteId, ct);
        var read = SyncDecision.Read(batch);
        var ids = batch.Streams.Select(s => s.StreamId).Distinct().ToArray();
        var centre = new Dictionary<Guid, CentreStream>();
        var members = new Dictionary<Guid, Member>();
        foreach (var member in await session.LoadManyAsync<Member>(ct, ids))
        {
            centre[member.Id] = new CentreStream(member.Version, member.CellId);
            members[member.Id] = member;
        }

        foreach (var transfer in await session.LoadManyAsync<Transfer>(ct, ids.Where(id => !centre.ContainsKey(id)).ToArray()))
        {
            centre[transfer.Id] = new CentreStream(transfer.Version, null) { Kind = CentreStreamKind.Transfer, MemberId = transfer.MemberId };
        }

        // A stream the batch names that the centre holds as something else (a unit, an account) takes no site event.
        var unknown = ids.Where(id => !centre.ContainsKey(id)).ToArray();
        if (unknown.Length > 0)
        {
            var states = session.CreateBatchQuery();
            var reads = unknown.Select(id => states.Events.FetchStreamState(id)).ToList();
            await states.Execute(ct);
            foreach (var state in reads)
            {
                if (await state is { } other)
                {
                    centre[other.Id] = new CentreStream(other.Version, null) { Kind = CentreStreamKind.Other };
                }
            }
        }

        // The members of the transfers the batch changes, where they are now: a transfer is the site's while its member is.
        var transferMembers = centre.Values.Select(c => c.MemberId).OfType<Guid>().Concat(SyncDecision.MembersOfNewTransfers(read)).Where(id => !centre.ContainsKey(id)).Distinct().ToArray();
        if (transferMembers.Length > 0)
        {
            foreach (var member in await session.LoadManyAsync<Member>(ct, transferMembers))
            {
                centre[member.Id] = new CentreStream(member.Version, member.CellId);
            }
        }

        // Where the centre moved a member since the site's base, whether it moved them by a transfer: that
        // conflict has its own reason. Only the moved streams are read, which in a normal batch are few.
        var moved = batch.Streams.Where(c => centre.TryGetValue(c.StreamId, out var now) && now.CellId is not null && now.Version != c.BaseVersion).Select(c => c.StreamId).ToArray();
        foreach (var chunk in moved.Chunk(500))
        {
            var transfers = await session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(chunk)).ToListAsync(ct);
            foreach (var last in transfers.Where(e => e.Data is MemberTransferred or MemberTransferredOut or MemberTransferLetterIssued).GroupBy(e => e.StreamId))
            {
                centre[last.Key] = centre[last.Key] with { LastTransferVersion = last.Max(e => e.Version) };
            }
        }

        var siteUnits = tree.Subtree(batch.SiteUnitId, includeClosed: true).Select(n => n.Id).ToHashSet();
        var plan = SyncDecision.Decide(batch, read, site.Aggregate, siteUnits, centre);
        if (plan.AlreadyReceived)
        {
            return new SyncReceipt(batch.BatchId, batch.SiteUnitId, true, 0, 0, 0);
        }

        // The register keys the appended events claim and free, claimed here as the procedures would have: a
        // key another member holds sets the stream aside; one claimed by another transaction meanwhile fails
        // the commit, and the caller's second attempt finds it held. An appended stream stands at the batch's
        // base version, so the member loaded above is the record the site's events follow.
        // Each event is read once: the keys are worked out from the events that are then appended.
        var siteCode = tree.Find(batch.SiteUnitId)!.Code;
        var appended = plan.Appends.ToDictionary(a => a.StreamId, a => a.Events.Select((e, i) => PortableEvents.Wrap(e, read[a.StreamId][i], SiteHeaders(siteCode, batch.BatchId, e))).ToArray());
        var claims = plan.Appends.ToDictionary(a => a.StreamId, a => SiteKeyClaims.Of(members.GetValueOrDefault(a.StreamId), appended[a.StreamId].Select(e => e.Data)));
        var wantedKeys = claims.Values.SelectMany(c => c.Claims).Distinct(StringComparer.Ordinal).ToArray();
        var held = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var chunk in wantedKeys.Chunk(1000))
        {
            foreach (var key in await session.LoadManyAsync<RegisterKey>(ct, chunk))
            {
                held[key.Id] = key.OwnerId;
            }
        }

        plan = SyncKeyDecision.SetAsideTaken(plan, claims, held, centre);
        foreach (var change in plan.Appends)
        {
            foreach (var key in claims[change.StreamId].Releases)
            {
                RegisterKeys.Release(session, change.StreamId, key);
            }

            foreach (var key in claims[change.StreamId].Claims.Where(k => !held.ContainsKey(k)))
            {
                session.Insert(new RegisterKey { Id = key, OwnerId = change.StreamId });
            }
        }

        foreach (var change in plan.Appends)
        {
            var events = appended[change.StreamId];
            if (change.BaseVersion == 0)
            {
                session.Events.StartStream(change.StreamId, events);
            }
            else
            {
                session.Events.Append(change.StreamId, change.BaseVersion + events.Length, events);
            }
        }

        var now = clock.GetCurrentInstant();
        foreach (var (change, centreVersion, reason) in plan.Conflicts)
        {
            site.AppendOne(new SiteConflictRecorded(Guid.CreateVersion7(), batch.BatchId, change.StreamId, change.BaseVersion, centreVersion, reason, change.Events, batch.PackageId));
        }

        var appendedEvents = plan.Appends.Sum(a => a.Events.Count);
        site.AppendOne(new SiteBatchReceived(batch.BatchId, batch.PackageId, plan.Appends.Count, appendedEvents, plan.Conflicts.Count, batch.CreatedAt, now));
        session.Insert(new SiteBatchReceipt { Id = batch.BatchId, SiteUnitId = batch.SiteUnitId, ReceivedAt = now });
        return new SyncReceipt(batch.BatchId, batch.SiteUnitId, false, plan.Appends.Count, appendedEvents, plan.Conflicts.Count);
    }

    /// <summary>Where and when the site recorded the event, beside its own actor headers.</summary>
    public static Dictionary<string, string> SiteHeaders(string siteCode, Guid batchId, PortableEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new Dictionary<string, string>
        {
            [PortableEvents.SiteHeader] = siteCode,
            [PortableEvents.SiteBatchHeader] = batchId.ToString(),
            // An event an update moved after the centre's keeps the time it was first recorded at the site.
            [PortableEvents.SiteRecordedAtHeader] = e.Headers.TryGetValue(PortableEvents.SiteRecordedAtHeader, out var first) ? first : NodaTime.Text.InstantPattern.ExtendedIso.Format(e.RecordedAt),
            [PortableEvents.SiteVersionHeader] = e.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
