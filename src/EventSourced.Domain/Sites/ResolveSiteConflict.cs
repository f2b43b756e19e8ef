using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using Marten;

namespace EventSourced.Domain.Sites;

/// <summary>Staff above a site resolve one of its conflicts, at the version of the site they saw.</summary>
public sealed record ResolveSiteConflict(Guid SiteUnitId, Guid ConflictId, int ExpectedVersion, SiteConflictResolution Resolution, string Reason);

public static class ResolveSiteConflictHandler
{
    /// <summary>
    /// The conflict must be open, and nothing is decided about a member's record without a reason. The site's
    /// side of a record is taken in the order the site wrote it: not while an earlier conflict on the same
    /// record is open, and not at all when it was written on the site's side of an earlier conflict whose
    /// events were discarded ("keep the centre's"): the site must install an update and send it again.
    /// </summary>
    public static SiteConflict Decide(ResolveSiteConflict command, Site? site)
    {
        ArgumentNullException.ThrowIfNull(command);
        var conflict = site?.Conflicts.FirstOrDefault(c => c.Id == command.ConflictId) ?? throw new RuleViolation("Site.ConflictNotFound");
        if (!conflict.IsOpen)
        {
            throw new RuleViolation("Site.ConflictResolved");
        }

        if (command.Resolution == SiteConflictResolution.AcceptSite)
        {
            var earlier = Earlier(site!, conflict).ToList();
            if (earlier.Any(c => c.IsOpen))
            {
                throw new RuleViolation("Site.EarlierConflictOpen");
            }

            if (earlier.Any(c => c.Resolution == SiteConflictResolution.KeepCentre && site!.StoodBeforeResolution(conflict.PackageId, c)))
            {
                throw new RuleViolation("Site.ConflictDependsOnDiscarded");
            }
        }

        return string.IsNullOrWhiteSpace(command.Reason) ? throw new RuleViolation("Site.ResolutionReasonRequired") : conflict;
    }

    /// <summary>
    /// Where the site's entries of earlier conflicts on the same record, taken since, stand at the centre, for a
    /// conflict written on top of them (its batch stood on a cut issued before they were taken): the site's
    /// version of each entry, and the centre's.
    /// </summary>
    public static IReadOnlyDictionary<long, long> TakenEarlier(Site site, SiteConflict conflict)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(conflict);
        var moved = new Dictionary<long, long>();
        foreach (var earlier in Earlier(site, conflict).Where(c => c.AppendedFromVersion is not null && site.StoodBeforeResolution(conflict.PackageId, c)))
        {
            for (var i = 0; i < earlier.SiteEvents.Count; i++)
            {
                moved[earlier.SiteEvents[i].Version] = earlier.AppendedFromVersion!.Value + i + 1;
            }
        }

        return moved;
    }

    private static IEnumerable<SiteConflict> Earlier(Site site, SiteConflict conflict) =>
        site.Conflicts.TakeWhile(c => c.Id != conflict.Id).Where(c => c.StreamId == conflict.StreamId);

    /// <summary>
    /// The cells whose records taking the site's events writes on: where the record is at the centre now
    /// (<paramref name="cellNow"/>: the member's cell, for a transfer its member's) and every cell the events
    /// place anyone in. A record the centre does not hold must be started by the events (an admission, an
    /// arrival, a transfer's letter); a stream the centre holds that is no member's or transfer's takes nothing.
    /// </summary>
    public static IReadOnlyCollection<Guid> CellsTaken(IReadOnlyList<object> siteEvents, bool exists, Guid? cellNow)
    {
        ArgumentNullException.ThrowIfNull(siteEvents);
        var starts = siteEvents.Count > 0 && (SiteCells.StartsMember(siteEvents[0]) || SiteCells.MemberOfTransfer(siteEvents[0]) is not null);
        if (exists ? cellNow is null : !starts)
        {
            throw new RuleViolation("Site.ConflictNoRecord");
        }

        var cells = siteEvents.SelectMany(SiteCells.Placed).Concat(cellNow is { } now ? [now] : []).Distinct().ToList();
        return cells.Count > 0 ? cells : throw new RuleViolation("Site.ConflictNoRecord");
    }

    /// <summary>
    /// Accepting re-bases the site's events after whatever the centre holds now (the member's stream is
    /// written at its current version, so a change meanwhile fails the whole resolution); keeping the
    /// centre's record writes nothing on the member. Either way the resolution is an event on the site's
    /// stream, in the same transaction. The caller saves.
    /// <paramref name="authoriseChangesIn"/> is asked, before anything is written, for a right to change
    /// members in every cell taking the site's events writes on (<see cref="CellsTaken"/>): a right over the
    /// site's parent is not one over a member the centre has moved to another district meanwhile.
    /// </summary>
    public static async Task ResolveAsync(IDocumentSession session, ResolveSiteConflict command, OrganisationTree tree, Func<IReadOnlyCollection<Guid>, Task> authoriseChangesIn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(authoriseChangesIn);
        var site = await session.Events.FetchForWriting<Site>(Site.StreamIdFor(command.SiteUnitId), command.ExpectedVersion, ct);
        var conflict = Decide(command, site.Aggregate);
        long appendedFrom = 0;
        if (command.Resolution == SiteConflictResolution.AcceptSite)
        {
            // The stream's version and its record (a member's or a transfer's), in one round trip.
            var batch = session.CreateBatchQuery();
            var stateRead = batch.Events.FetchStreamState(conflict.StreamId);
            var memberRead = batch.Load<Members.Member>(conflict.StreamId);
            var transferRead = batch.Load<Transfers.Transfer>(conflict.StreamId);
            await batch.Execute(ct);
            var state = await stateRead;
            var transfer = await transferRead;
            var cellNow = (await memberRead)?.CellId
                ?? (transfer is null ? null : (await session.LoadAsync<Members.Member>(transfer.MemberId, ct))?.CellId ?? transfer.FromCellId ?? transfer.ToCellId);
            await authoriseChangesIn(CellsTaken(conflict.SiteEvents.Select(PortableEvents.Read).ToList(), state is not null, cellNow));
            appendedFrom = state?.Version ?? 0;
            var code = tree.Find(command.SiteUnitId)?.Code ?? string.Empty;
            var (from, to) = (conflict.BaseVersion, appendedFrom);
            var taken = TakenEarlier(site.Aggregate!, conflict);
            var events = conflict.SiteEvents
                .Select(e => PortableEvents.ToEvent(e, ReceiveSyncBatch.SiteHeaders(code, conflict.BatchId, e), data => Rebased(data, from, to, taken)))
                .ToArray();
            // Taking the site's events takes the register keys they claim: a citizen ID held by another
            // member refuses the resolution (Register.CitizenIdTaken), never a second holder. They follow the
            // record as the centre holds it now, so a rescinded card frees what it frees on that record.
            var member = await memberRead;
            var keys = SiteKeyClaims.Of(member, events.Select(e => e.Data));
            foreach (var key in keys.Releases)
            {
                RegisterKeys.Release(session, conflict.StreamId, key);
            }

            await RegisterKeys.ClaimAsync(session, conflict.StreamId, keys.Claims, ct);
            if (appendedFrom == 0)
            {
                session.Events.StartStream(conflict.StreamId, events);
            }
            else
            {
                session.Events.Append(conflict.StreamId, appendedFrom + events.Length, events);
            }
        }

        site.AppendOne(new SiteConflictResolved(conflict.Id, command.Resolution, command.Reason.Trim(), appendedFrom));
    }

    /// <summary>
    /// A site's event as the centre appends it after its own entries: the site recorded its entries after
    /// <paramref name="baseVersion"/>, the centre appends them after <paramref name="appendedFrom"/>, so an
    /// event naming one of those entries (a rescission, its proposal, a corrected date) is made to name it
    /// where it now stands, not the centre's own entry at that number. Entries up to the base are the same
    /// record on both sides and keep their number, except the site's entries of earlier conflicts taken since
    /// (<paramref name="takenEarlier"/>: the site's number and the centre's); any other event is returned as it is.
    /// </summary>
    public static object Rebased(object data, long baseVersion, long appendedFrom, IReadOnlyDictionary<long, long>? takenEarlier = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var shift = checked((int)(appendedFrom - baseVersion));
        int At(int entry) =>
            entry > baseVersion ? entry + shift
            : takenEarlier is not null && takenEarlier.TryGetValue(entry, out var centre) ? checked((int)centre)
            : entry;
        return data switch
        {
            Members.MemberEntryRescinded rescinded => rescinded with { EntryVersion = At(rescinded.EntryVersion) },
            Members.MemberEntryRescissionProposed proposed => proposed with { EntryVersion = At(proposed.EntryVersion) },
            Members.MemberDateCorrected corrected => corrected with { EntryVersion = At(corrected.EntryVersion) },
            _ => data,
        };
    }
}
