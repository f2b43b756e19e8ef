using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Content.Coverage;

/// <summary>
/// A unit's line on the coverage dashboard: its figures, the content target that applies and how it
/// stands against it, and its own expected documents (as issuing body) listed and in the library.
/// </summary>
public sealed record CoverageRow(
    UnitCoverage Figures,
    EffectiveCoverageTarget? Target,
    CoverageProgress PostsProgress,
    CoverageProgress BulletinsProgress,
    int DocumentsExpected,
    int DocumentsInLibrary);

/// <summary>
/// One screen of the coverage dashboard: a unit over a period, each unit directly below it, the units
/// below with no post of their own, and the unit's expected documents ticked off against the library.
/// Built from figures summed up the whole tree, so the unit's totals are the sum of its children's
/// and its own.
/// </summary>
public sealed record CoverageDashboard(
    CoveragePeriod Period,
    CoverageRow Unit,
    IReadOnlyList<CoverageRow> Children,
    IReadOnlyList<UnitCoverage> Silent,
    IReadOnlyList<ExpectedDocumentStatus> Expected)
{
    /// <summary>The dashboard for <paramref name="unitId"/>, or null when it is not an active unit at the period's end.</summary>
    public static CoverageDashboard? Build(OrganisationTree tree, CoverageData data, Guid unitId, CoveragePeriod period, LocalDate today)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(period);
        var figures = CoverageFigures.Compute(tree, data.Posts, period, today, unitId);
        var byUnit = figures.ToDictionary(f => f.UnitId);
        if (!byUnit.TryGetValue(unitId, out var unit))
        {
            return null;
        }

        // The target of the period's last day that has come: a target set later does not judge the past.
        var on = period.To < today ? period.To : today;
        var library = data.LibraryNumbers;
        CoverageRow Row(UnitCoverage f)
        {
            var target = CoverageTargets.EffectiveOn(f.UnitId, tree, data.Targets, on);
            var expected = ExpectedDocumentsCheck.Check(data.ExpectedLists.GetValueOrDefault(f.UnitId), library, period);
            return new CoverageRow(
                f,
                target,
                CoverageTargets.Posts(f.Own.Total, target, period, today),
                CoverageTargets.Bulletins(f.BulletinsOnTime, target),
                expected.Count,
                expected.Count(e => e.InLibrary));
        }

        return new CoverageDashboard(
            period,
            Row(unit),
            [.. tree.Children(unitId).Select(c => Row(byUnit[c.Id]))],
            CoverageFigures.Silent(figures, unitId, tree),
            ExpectedDocumentsCheck.Check(data.ExpectedLists.GetValueOrDefault(unitId), library, period));
    }
}

/// <summary>What the coverage dashboard reads: the posts, the content targets and the expected-document lists, by unit.</summary>
public sealed record CoverageData(
    IReadOnlyList<Post> Posts,
    IReadOnlyDictionary<Guid, CoverageTarget> Targets,
    IReadOnlyDictionary<Guid, ExpectedDocumentList> ExpectedLists)
{
    /// <summary>The numbers of the documents live in the library, with their posts.</summary>
    public IReadOnlyList<(string Number, Guid PostId)> LibraryNumbers { get; } =
        [.. Posts.Where(p => p is { IsLive: true, Kind: PostKind.Document }).Select(p => (p.LiveContent?.DocumentNumber ?? string.Empty, p.Id))];

    /// <summary>
    /// Everything from the snapshots. Posts number in the thousands a year, not the hundreds of
    /// thousands: reading the snapshots whole keeps the figures on the aggregate's own rules (first
    /// publication, bulletin submission) instead of a second copy of them in SQL.
    /// </summary>
    public static async Task<CoverageData> LoadAsync(IQuerySession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var posts = await session.Query<Post>().Where(p => p.Status != PostStatus.Draft || p.LiveRevision != null).ToListAsync(ct);
        var targets = await session.Query<CoverageTarget>().ToListAsync(ct);
        var lists = await session.Query<ExpectedDocumentList>().ToListAsync(ct);
        return new CoverageData(posts, targets.ToDictionary(t => t.UnitId), lists.ToDictionary(l => l.UnitId));
    }
}
