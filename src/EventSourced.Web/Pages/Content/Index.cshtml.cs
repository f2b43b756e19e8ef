using EventSourced.Domain.Common;
using EventSourced.Domain.Content;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace EventSourced.Web.Pages.Content;

/// <summary>
/// The editor's desk for the user's scope: their drafts and posts sent back, posts waiting for their
/// review, approved posts they may publish, what was published recently, and the cells late with
/// their meeting bulletin. Filters by kind and unit; the published list pages.
/// </summary>
public sealed class IndexModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, IClock clock) : PageModel
{
    public const int PageSize = 20;

    public const int LateShown = 100;

    [FromQuery(Name = "kind")]
    public PostKind? Kind { get; set; }

    [FromQuery(Name = "unit")]
    public string? UnitCode { get; set; }

    [FromQuery(Name = "month")]
    public string? MonthText { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public OrganisationNode? Unit { get; private set; }

    public IReadOnlyList<Post> MyDrafts { get; private set; } = [];

    public IReadOnlyList<Post> ToReview { get; private set; } = [];

    public IReadOnlyList<Post> ToPublish { get; private set; } = [];

    public IReadOnlyList<Post> Published { get; private set; } = [];

    public int PublishedTotal { get; private set; }

    /// <summary>The page shown, and whether the one asked for was past the end.</summary>
    public Paging Paging { get; private set; }

    public IReadOnlyList<OrganisationNode> LateCells { get; private set; } = [];

    public int LateTotal { get; private set; }

    /// <summary>The late cells whose bulletin came after the due date, and when it was submitted.</summary>
    public IReadOnlyDictionary<Guid, LocalDate> PostedLate { get; private set; } = new Dictionary<Guid, LocalDate>();

    public LocalDate Month { get; private set; }

    public LocalDate DueBy { get; private set; }

    public bool OnAnyBoard { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = user.Id ?? Guid.Empty;
        var today = VietnamTime.Today(clock);
        var tree = Tree = await directory.TreeAsync(ct: ct);
        Unit = string.IsNullOrWhiteSpace(UnitCode) ? null : tree.FindActiveByCode(UnitCode.Trim());
        if (Unit is not null && !await user.CanSeeAsync(Unit.Id, ct))
        {
            Unit = null;
        }

        var roots = Unit is not null ? [Unit.Id] : await user.ScopeRootsAsync(ct);
        bool InScope(Post p) => roots.Any(r => p.UnitId == r || tree.IsWithin(p.UnitId, r)) && (Kind is null || p.Kind == Kind);

        var desk = await ContentDesk.LoadAsync(session, tree, me, Kind, Unit is null ? null : InScope, ct);
        OnAnyBoard = desk.OnAnyBoard;
        MyDrafts = desk.MyDrafts;
        ToReview = desk.ToReview;
        ToPublish = desk.ToPublish;

        // Live posts (published, possibly with a newer revision in review) of the units in scope, paged in the database.
        var unitIds = Unit is null && roots.Any(r => tree.Find(r)?.ParentId is null)
            ? null
            : roots.SelectMany(r => tree.Subtree(r, includeClosed: true)).Select(n => n.Id).ToArray();
        var live = session.Query<Post>().Where(p => p.PublishedOrder != null);
        if (unitIds is not null)
        {
            live = live.Where(p => unitIds.Contains(p.UnitId));
        }

        if (Kind is { } kind)
        {
            live = live.Where(p => p.Kind == kind);
        }

        PublishedTotal = await live.CountAsync(ct);
        Paging = Paging.Of(PageNumber, PageSize, PublishedTotal);
        PageNumber = Paging.Number;
        Published = await live.OrderByDescending(p => p.PublishedOrder).Skip(Paging.Skip).Take(PageSize).ToListAsync(ct);

        // The bulletin most recently due: next month's once the 20th has passed, else this month's.
        Month = ParseMonth(MonthText) ?? (today > Bulletins.DueBy(today.PlusMonths(1)) ? today.PlusMonths(1) : today).With(DateAdjusters.StartOfMonth);
        DueBy = Bulletins.DueBy(Month);
        var cells = roots.Count == 1 ? tree.CellsByCode(roots[0]) : roots.SelectMany(tree.CellsByCode).DistinctBy(n => n.Id);
        var bulletins = await session.QueryAsync<Post>(
            $"select d.data from {session.DocumentStore.Options.Schema.For<Post>(qualified: true)} as d where d.kind = 'Bulletin' and d.data ->> 'bulletinMonth' = ?",
            ct,
            NodaTime.Text.LocalDatePattern.Iso.Format(Month));
        var late = Bulletins.LateBulletins(cells, bulletins, Month, today);
        LateTotal = late.Count;
        PostedLate = Bulletins.PostedLate(bulletins, Month);
        LateCells = [.. late.Take(LateShown)];
    }

    public OrganisationTree Tree { get; private set; } = null!;

    private static LocalDate? ParseMonth(string? text)
    {
        var parsed = NodaTime.Text.LocalDatePattern.CreateWithInvariantCulture("yyyy-MM").Parse(text ?? string.Empty);
        return parsed.Success ? parsed.Value : null;
    }
}
