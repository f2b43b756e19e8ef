using EventSourced.Domain.Calendar;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Sites;

/// <summary>
/// What a site starts from: the grassroots organisation's units (with the path above them, read-only at
/// the site), its members' whole streams, the declared holiday years and the rules' settings, cut at
/// the stream versions the streams carry, under the package's id and the centre's name.
/// </summary>
public sealed record SitePackage(
    Guid PackageId,
    Guid UnitId,
    string UnitCode,
    string UnitName,
    string Centre,
    Instant CutAt,
    IReadOnlyList<PortableStream> Streams,
    IReadOnlyDictionary<string, string> Settings);

/// <summary>The centre cuts a site package for a grassroots organisation marked as an offline site.</summary>
public static class IssueSitePackage
{
    /// <summary>Only a unit marked as an offline site gets a package: the mark is what the /sites page counts.</summary>
    public static OrganisationNode Decide(OrganisationTree tree, Guid unitId)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var unit = tree.Find(unitId) ?? throw new RuleViolation("Organisation.NotFound");
        return unit.Flags.OfflineSite && unit.IsActive ? unit : throw new RuleViolation("Site.NotAnOfflineSite");
    }

    /// <summary>
    /// Cuts the package and records <see cref="SitePackageIssued"/> on the site's stream in
    /// <paramref name="session"/> (the caller saves). The streams are read in one query each, in order.
    /// </summary>
    public static async Task<SignedSiteFile> IssueAsync(IDocumentSession session, OrganisationTree tree, Guid unitId, string centre, IReadOnlyDictionary<string, string> settings, byte[] centreKey, IClock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(clock);
        var unit = Decide(tree, unitId);
        var units = tree.Subtree(unitId, includeClosed: true).Select(n => n.Id)
            .Concat(tree.Ancestors(unitId).Select(n => n.Id))
            .Distinct()
            .ToArray();
        var cells = tree.Subtree(unitId, includeClosed: true).Select(n => n.Id).ToArray();
        var members = (await session.Query<Member>().Where(m => m.CellId.IsOneOf(cells)).Select(m => m.Id).ToListAsync(ct)).ToArray();
        var holidays = (await session.Query<HolidayYear>().Select(h => h.Id).ToListAsync(ct)).ToArray();
        var streams = new List<PortableStream>();
        foreach (var ids in new[] { units, holidays, members })
        {
            streams.AddRange(await ReadStreamsAsync(session, ids, ct));
        }

        var now = clock.GetCurrentInstant();
        var package = new SitePackage(Guid.CreateVersion7(), unitId, unit.Code, unit.Name, centre, now, streams, settings);
        var issued = new SitePackageIssued(unitId, package.PackageId, streams.Count, streams.Sum(s => s.Events.Count), now, streams.ToDictionary(s => s.Id, s => s.Version));
        var siteId = Site.StreamIdFor(unitId);
        var state = await session.Events.FetchStreamStateAsync(siteId, ct);
        if (state is null)
        {
            session.Events.StartStream<Site>(siteId, issued);
        }
        else
        {
            session.Events.Append(siteId, issued);
        }

        return SiteSigning.Sign(SiteFileKind.Package, unitId, package, SiteSigning.SiteKey(centreKey, unitId));
    }

    /// <summary>Whole streams, a thousand at a time so the id list stays a reasonable parameter.</summary>
    public static async Task<IReadOnlyList<PortableStream>> ReadStreamsAsync(IQuerySession session, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(ids);
        var streams = new List<PortableStream>();
        foreach (var chunk in ids.Chunk(1000))
        {
            var events = await session.Events.QueryAllRawEvents()
                .Where(e => e.StreamId.IsOneOf(chunk))
                .OrderBy(e => e.Sequence)
                .ToListAsync(ct);
            streams.AddRange(events
                .GroupBy(e => e.StreamId)
                .Select(g => new PortableStream(g.Key, g.Max(e => e.Version), g.OrderBy(e => e.Version).Select(PortableEvents.From).ToList())));
        }

        return streams;
    }
}
