using EventSourced.Domain.Calendar;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Transfers;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Sites;

/// <summary>The centre cuts an update for an installed offline site.</summary>
public static class IssueSiteUpdate
{
    /// <summary>Only an offline site that has a package has something to update.</summary>
    public static Guid Decide(OrganisationTree tree, Guid unitId, Site? site)
    {
        IssueSitePackage.Decide(tree, unitId);
        return site?.Ground ?? throw new RuleViolation("Site.NoPackage");
    }

    /// <summary>
    /// Streams changed since the ground cut (<see cref="Site.Ground"/>): the site's units and the path
    /// above them, the holiday years, the members in its units now or at the ground cut, their transfers,
    /// and the streams of conflicts recorded or resolved since; each whole, at the version read. Records
    /// <see cref="SiteUpdateIssued"/> with every stream's version on <paramref name="session"/> (the caller saves).
    /// </summary>
    public static async Task<(SignedSiteFile File, SiteUpdate Update)> IssueAsync(IDocumentSession session, OrganisationTree tree, Guid unitId, byte[] centreKey, IClock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(clock);
        var siteId = Site.StreamIdFor(unitId);
        var siteStream = await session.Events.FetchForWriting<Site>(siteId, ct);
        var ground = Decide(tree, unitId, siteStream.Aggregate);
        var history = (await session.Events.FetchStreamAsync(siteId, token: ct)).ToList();
        var groundAt = history.FindIndex(e => e.Data is SitePackageIssued p && p.PackageId == ground || e.Data is SiteUpdateIssued u && u.UpdateId == ground);
        var groundVersions = history[groundAt].Data switch
        {
            SitePackageIssued p => p.Versions,
            SiteUpdateIssued u => u.Versions,
            _ => null,
        } ?? new Dictionary<Guid, long>();
        var since = history.Skip(groundAt + 1).ToList();
        var conflictStreams = since.Select(e => e.Data).OfType<SiteConflictRecorded>().Select(c => c.StreamId)
            .Concat(since.Select(e => e.Data).OfType<SiteConflictResolved>()
                .Select(r => siteStream.Aggregate!.Conflicts.First(c => c.Id == r.ConflictId).StreamId))
            .ToHashSet();

        var units = tree.Subtree(unitId, includeClosed: true).Select(n => n.Id).Concat(tree.Ancestors(unitId).Select(n => n.Id)).Distinct().ToArray();
        var cells = tree.Subtree(unitId, includeClosed: true).Select(n => n.Id).ToArray();
        var current = new Dictionary<Guid, long>();
        foreach (var unit in await session.Query<Organisation>().Where(o => o.Id.IsOneOf(units)).ToListAsync(ct))
        {
            current[unit.Id] = unit.Version;
        }

        foreach (var year in await session.Query<HolidayYear>().ToListAsync(ct))
        {
            current[year.Id] = year.Version;
        }

        var known = groundVersions.Keys.ToArray();
        var members = (await session.Query<Member>().Where(m => m.CellId.IsOneOf(cells)).Select(m => new { m.Id, m.Version }).ToListAsync(ct)).ToList();
        foreach (var chunk in known.Concat(conflictStreams).Chunk(1000))
        {
            members.AddRange(await session.Query<Member>().Where(m => m.Id.IsOneOf(chunk)).Select(m => new { m.Id, m.Version }).ToListAsync(ct));
        }

        foreach (var member in members)
        {
            current[member.Id] = member.Version;
        }

        var memberIds = members.Select(m => m.Id).Distinct().ToArray();
        foreach (var chunk in memberIds.Chunk(1000))
        {
            foreach (var transfer in await session.Query<Transfer>().Where(t => t.MemberId.IsOneOf(chunk)).Select(t => new { t.Id, t.Version }).ToListAsync(ct))
            {
                current[transfer.Id] = transfer.Version;
            }
        }

        var changed = current
            .Where(s => conflictStreams.Contains(s.Key) || groundVersions.GetValueOrDefault(s.Key, -1) != s.Value)
            .Select(s => s.Key)
            .ToArray();
        var streams = await IssueSitePackage.ReadStreamsAsync(session, changed, ct);
        foreach (var stream in streams)
        {
            current[stream.Id] = stream.Version;
        }

        var site = siteStream.Aggregate!;
        var now = clock.GetCurrentInstant();
        var resolutions = site.Conflicts
            .Where(c => !c.IsOpen)
            .Select(c => new SiteUpdateResolution(c.Id, c.StreamId, c.Resolution!.Value, c.ResolutionReason ?? string.Empty, c.SiteEvents.Count))
            .ToList();
        var update = new SiteUpdate(Guid.CreateVersion7(), unitId, ground, now, site.Batches.ToList(), streams, resolutions, site.OpenConflicts);
        siteStream.AppendOne(new SiteUpdateIssued(unitId, update.UpdateId, ground, streams.Count, streams.Sum(s => s.Events.Count), resolutions.Count, now, current));
        return (SiteSigning.Sign(SiteFileKind.Update, unitId, update, SiteSigning.SiteKey(centreKey, unitId)), update);
    }
}
