using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Content.Coverage;

/// <summary>The days a coverage figure looks at, both ends included.</summary>
public sealed record CoveragePeriod(LocalDate From, LocalDate To)
{
    /// <summary>The calendar month of <paramref name="day"/>, the dashboard's default.</summary>
    public static CoveragePeriod MonthOf(LocalDate day)
    {
        var first = day.With(DateAdjusters.StartOfMonth);
        return new CoveragePeriod(first, day.With(DateAdjusters.EndOfMonth));
    }

    public bool Contains(LocalDate day) => day >= From && day <= To;

    /// <summary>The number of days, both ends included.</summary>
    public int Days => Period.Between(From, To, PeriodUnits.Days).Days + 1;

    /// <summary>The first day of every month the period touches: the bulletins it asks about.</summary>
    public IReadOnlyList<LocalDate> Months()
    {
        var months = new List<LocalDate>();
        for (var month = From.With(DateAdjusters.StartOfMonth); month <= To; month = month.PlusMonths(1))
        {
            months.Add(month);
        }

        return months;
    }

    /// <summary>The period's length in months, counted by days (a full month is 1, two weeks of March about 0.45).</summary>
    public decimal MonthsLong() =>
        Months().Sum(m =>
        {
            var end = m.With(DateAdjusters.EndOfMonth);
            var days = Period.Between(From > m ? From : m, To < end ? To : end, PeriodUnits.Days).Days + 1;
            return (decimal)days / end.Day;
        });
}

/// <summary>Published posts, by kind and by whether the board wrote them or reposted them.</summary>
public sealed record PostCounts(int News, int Documents, int Bulletins, int Originals, int Reposts)
{
    public static readonly PostCounts None = new(0, 0, 0, 0, 0);

    public int Total => News + Documents + Bulletins;

    public PostCounts Plus(PostCounts other) => new(
        News + other.News, Documents + other.Documents, Bulletins + other.Bulletins, Originals + other.Originals, Reposts + other.Reposts);

    internal static PostCounts One(Post post) => new(
        post.Kind == PostKind.News ? 1 : 0,
        post.Kind == PostKind.Document ? 1 : 0,
        post.Kind == PostKind.Bulletin ? 1 : 0,
        CoverageFigures.IsRepost(post) ? 0 : 1,
        CoverageFigures.IsRepost(post) ? 1 : 0);
}

/// <summary>
/// A unit's content coverage for a period. <see cref="Own"/> is what the unit's own board published;
/// <see cref="Total"/> adds every unit below, so a parent's total is the sum of its own and its
/// children's totals. <see cref="FromAbove"/> counts the news and documents of the units above that
/// reach the unit's members. Cell-months count each cell once for each month whose bulletin was due
/// in the period, summed up the tree like members are; the share on time is computed from the sums.
/// </summary>
public sealed record UnitCoverage(
    Guid UnitId,
    Guid? ParentId,
    string Code,
    string Name,
    OrganisationKind Kind,
    PostCounts Own,
    PostCounts Total,
    int FromAbove,
    int CellMonths,
    int CellMonthsOnTime,
    LocalDate? LastPostOn,
    int? DaysSinceLastPost)
{
    /// <summary>The share of cell-months with their bulletin posted on time, or null when none was due.</summary>
    public decimal? BulletinsOnTime => CellMonths == 0 ? null : (decimal)CellMonthsOnTime / CellMonths;

    /// <summary>Whether the unit's own board published nothing in the period.</summary>
    public bool Silent => Own.Total == 0;
}

/// <summary>
/// Content coverage per active unit, pure and in memory like the rollout figures: each post counts
/// once, for the unit that owns it, in the period in which it first went live (a post withdrawn later
/// was still published then); bulletins on time follow <see cref="Bulletins"/>' own rules.
/// </summary>
public static class CoverageFigures
{
    public static bool IsRepost(Post post) =>
        (post.LiveContent ?? (post.Revisions.Count > 0 ? post.Latest.Content : null))?.Repost is not null;

    /// <summary>The Hanoi date a post first went live, or null when it never did.</summary>
    /// <remarks>Posts published before the first publication was kept fall back to their live publication.</remarks>
    public static LocalDate? FirstPublishedOn(Post post) => (post.FirstPublishedAt ?? post.Live?.At)?.InZone(VietnamTime.Zone).Date;

    /// <summary>
    /// Figures for every active unit of <paramref name="tree"/> (the tree at the period's end), in tree
    /// order, from <paramref name="top"/> down when given. <paramref name="posts"/> may hold any posts;
    /// <paramref name="today"/> decides which bulletins were due yet and how old a last post is.
    /// </summary>
    public static IReadOnlyList<UnitCoverage> Compute(OrganisationTree tree, IReadOnlyCollection<Post> posts, CoveragePeriod period, LocalDate today, Guid? top = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(posts);
        ArgumentNullException.ThrowIfNull(period);

        var own = new Dictionary<Guid, PostCounts>();
        var last = new Dictionary<Guid, LocalDate>();
        foreach (var post in posts)
        {
            if (FirstPublishedOn(post) is not { } on || on > period.To)
            {
                continue;
            }

            if (!last.TryGetValue(post.UnitId, out var latest) || on > latest)
            {
                last[post.UnitId] = on;
            }

            if (on >= period.From)
            {
                own[post.UnitId] = own.GetValueOrDefault(post.UnitId, PostCounts.None).Plus(PostCounts.One(post));
            }
        }

        var cellMonths = CellMonths(tree, posts, period, today, top);
        var totals = TreeRollup.SumUp(
            tree,
            unit => (Posts: own.GetValueOrDefault(unit.Id, PostCounts.None), Cells: cellMonths.GetValueOrDefault(unit.Id)),
            (a, b) => (a.Posts.Plus(b.Posts), (a.Cells.Due + b.Cells.Due, a.Cells.OnTime + b.Cells.OnTime)),
            top);

        // The units above reach everyone below them; the chain above the top unit counts too.
        var fromAbove = new Dictionary<Guid, int>();
        int Reaching(Guid unitId) => own.GetValueOrDefault(unitId, PostCounts.None) is var c ? c.News + c.Documents : 0;
        int Above(OrganisationNode unit) =>
            unit.ParentId is { } parent
                ? fromAbove.TryGetValue(parent, out var known) ? known + Reaching(parent) : tree.Ancestors(unit.Id).Sum(a => Reaching(a.Id))
                : 0;

        var end = period.To < today ? period.To : today;
        var figures = new List<UnitCoverage>(totals.Count);
        foreach (var (unit, total) in totals)
        {
            var above = fromAbove[unit.Id] = Above(unit);
            LocalDate? lastOn = last.TryGetValue(unit.Id, out var l) ? l : null;
            figures.Add(new UnitCoverage(
                unit.Id,
                unit.ParentId,
                unit.Code,
                unit.Name,
                unit.Kind,
                own.GetValueOrDefault(unit.Id, PostCounts.None),
                total.Posts,
                above,
                total.Cells.Due,
                total.Cells.OnTime,
                lastOn,
                lastOn is { } d ? Math.Max(0, Period.Between(d, end, PeriodUnits.Days).Days) : null));
        }

        return figures;
    }

    /// <summary>The active units below <paramref name="unitId"/> (not counting it) whose own board published nothing in the period, cells left out: their bulletins are counted apart.</summary>
    public static IReadOnlyList<UnitCoverage> Silent(IReadOnlyList<UnitCoverage> figures, Guid unitId, OrganisationTree tree)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(tree);
        return [.. figures.Where(f => f.UnitId != unitId && f.Silent && !IsCell(f.Kind) && tree.IsWithin(f.UnitId, unitId))];
    }

    public static bool IsCell(OrganisationKind kind) => kind is OrganisationKind.Cell or OrganisationKind.GrassrootsCell;

    // Each active cell once for each month of the period whose bulletin is due by today.
    private static Dictionary<Guid, (int Due, int OnTime)> CellMonths(OrganisationTree tree, IReadOnlyCollection<Post> posts, CoveragePeriod period, LocalDate today, Guid? top)
    {
        var cells = (top is { } id ? tree.Subtree(id) : tree.Roots.Where(r => r.IsActive).SelectMany(r => tree.Subtree(r.Id)))
            .Where(u => u.IsActive && IsCell(u.Kind))
            .ToList();
        var bulletins = posts.Where(p => p.Kind == PostKind.Bulletin).ToList();
        var counts = new Dictionary<Guid, (int Due, int OnTime)>();
        foreach (var month in period.Months().Where(m => today > Bulletins.DueBy(m)))
        {
            var late = Bulletins.LateBulletins(cells, bulletins, month, today).Select(c => c.Id).ToHashSet();
            foreach (var cell in cells)
            {
                var (due, onTime) = counts.GetValueOrDefault(cell.Id);
                counts[cell.Id] = (due + 1, onTime + (late.Contains(cell.Id) ? 0 : 1));
            }
        }

        return counts;
    }
}
