using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using ReconciliationSnapshot = EventSourced.Domain.Reconciliation.Reconciliation;

namespace EventSourced.Web.Pages.Reconciliation;

/// <summary>How the round's table of units is ordered.</summary>
public enum RoundSort
{
    Code,
    Name,
    Status,
    Finished,
    InProgress,
    NotStarted,
    OpenItems,
}

/// <summary>
/// A round's progress: its header, then a unit of its subtree (the round's unit unless the user drilled
/// down) with each unit directly below it, rolled up the tree on the round's reference date like the
/// rollout dashboard; the late units; and the whole subtree as CSV or XLSX.
/// </summary>
public sealed class RoundModel(PageServices services) : PageModel
{
    public const int PageSize = 100;

    /// <summary>The late units listed on the page; the export has them all.</summary>
    public const int LateShown = 200;

    private static readonly string[] HeaderKeys =
    [
        "Installs.Code", "Installs.Unit", "Reconciliation.Status", "Reconciliation.Finished", "Reconciliation.InProgress",
        "Reconciliation.NotStarted", "Reconciliation.OpenItems", "Reconciliation.FinishedOn", "Reconciliation.Late",
    ];

    [FromRoute]
    public Guid Id { get; set; }

    [FromQuery(Name = "unit")]
    public string? UnitCode { get; set; }

    [FromQuery(Name = "sort")]
    public RoundSort Sort { get; set; } = RoundSort.Code;

    [FromQuery(Name = "desc")]
    public bool Descending { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Paging Paging { get; private set; }

    public ReconciliationRound Round { get; private set; } = new();

    public AuditEntry? Opened { get; private set; }

    public LocalDate Today { get; private set; }

    public RoundUnitRow? Shown { get; private set; }

    public IReadOnlyList<OrganisationNode> Breadcrumb { get; private set; } = [];

    public IReadOnlyList<RoundUnitRow> Rows { get; private set; } = [];

    public int TotalRows { get; private set; }

    public IReadOnlyList<RoundUnitRow> Late { get; private set; } = [];

    public int TotalLate { get; private set; }

    public string? Error { get; private set; }

    private IReadOnlyList<RoundUnitRow> _subtree = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        var rows = _subtree.Select(r => (IReadOnlyList<object?>)
        [
            r.Unit.Code, r.Unit.Name, r.Status is { } s ? services.Text.Name(s) : string.Empty, r.Counts.Finished, r.Counts.InProgress,
            r.Counts.NotStarted, r.Counts.OpenItems, Messages.DisplayDate(r.FinishedOn),
            r.IsLate(Round.Deadline, Today) ? services.Text["Common.Yes"].Value : string.Empty,
        ]);
        return await TableExport.FileAsync(format ?? "csv", [.. HeaderKeys.Select(k => services.Text[k].Value)], rows, $"doi-chieu-{Shown!.Unit.Code}-{LocalDateModelBinder.Iso(Round.ReferenceDate)}", ct);
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (await services.Session.LoadAsync<ReconciliationRound>(Id, ct) is not { } round)
        {
            return NotFound();
        }

        Round = round;
        Today = VietnamTime.Today(services.Clock);
        // The round covers the units below its committee as they stood on the reference date.
        var tree = await services.Directory.TreeAsync(round.ReferenceDate, ct);
        var roots = await services.User.ScopeRootsAsync(Permission.ViewMembers, ct);
        // A user sees the whole round when it was opened within their scope, otherwise the part of it they look after.
        List<Guid> visibleTops = roots.Any(r => tree.IsWithin(round.UnitId, r))
            ? [round.UnitId]
            : roots.Where(r => tree.IsWithin(r, round.UnitId)).ToList();
        if (visibleTops.Count == 0)
        {
            return Forbid();
        }

        var reconciliations = await services.Session.Query<ReconciliationSnapshot>().Where(r => r.RoundId == round.Id).ToListAsync(ct);
        var rows = RoundProgress.Build(tree, round.UnitId, reconciliations);
        var byUnit = rows.ToDictionary(r => r.Unit.Id);

        var wanted = string.IsNullOrWhiteSpace(UnitCode) ? null : tree.FindActiveByCode(UnitCode.Trim());
        if (!string.IsNullOrWhiteSpace(UnitCode) && (wanted is null || !byUnit.ContainsKey(wanted.Id)))
        {
            Error = services.Text["Reconciliation.UnitNotInRound", UnitCode];
        }

        var shownId = wanted is not null && byUnit.ContainsKey(wanted.Id) && visibleTops.Any(t => tree.IsWithin(wanted.Id, t))
            ? wanted.Id
            : visibleTops.FirstOrDefault(byUnit.ContainsKey);
        if (wanted is not null && byUnit.ContainsKey(wanted.Id) && shownId != wanted.Id)
        {
            return Forbid();
        }

        if (!byUnit.TryGetValue(shownId, out var shown))
        {
            Error = services.Text["Reconciliation.UnitNotInRound", UnitCode ?? string.Empty];
            return null;
        }

        Shown = shown;
        Breadcrumb = [.. tree.Ancestors(shown.Unit.Id).Where(a => byUnit.ContainsKey(a.Id) && visibleTops.Any(t => tree.IsWithin(a.Id, t)))];
        _subtree = [.. tree.Subtree(shown.Unit.Id).Select(n => byUnit.GetValueOrDefault(n.Id)).OfType<RoundUnitRow>().OrderBy(r => r.Unit.Code, StringComparer.Ordinal)];
        var late = _subtree.Where(r => r.IsLate(round.Deadline, Today)).ToList();
        TotalLate = late.Count;
        Late = [.. late.Take(LateShown)];

        var ordered = Order(tree.Children(shown.Unit.Id).Select(c => byUnit[c.Id]));
        TotalRows = ordered.Count;
        Paging = Paging.Of(PageNumber, PageSize, TotalRows);
        PageNumber = Paging.Number;
        Rows = [.. ordered.Skip(Paging.Skip).Take(PageSize)];

        var opening = await services.Session.Events.FetchStreamAsync(round.Id, version: 1, token: ct);
        var first = opening.Count > 0 ? opening[0] : null;
        Opened = first is null ? null : AuditEntry.From(first);
        return null;
    }

    private List<RoundUnitRow> Order(IEnumerable<RoundUnitRow> rows)
    {
        IComparable Key(RoundUnitRow r) => Sort switch
        {
            RoundSort.Name => r.Unit.Name,
            // Not started first when ascending: the units that need a reminder come to the top.
            RoundSort.Status => r.Counts.Units == 0 ? 0m : (r.Counts.Finished * 2m + r.Counts.InProgress) / (2m * r.Counts.Units),
            RoundSort.Finished => r.Counts.Finished,
            RoundSort.InProgress => r.Counts.InProgress,
            RoundSort.NotStarted => r.Counts.NotStarted,
            RoundSort.OpenItems => r.Counts.OpenItems,
            _ => r.Unit.Code,
        };
        IComparer<IComparable> comparer = Sort == RoundSort.Name ? new NameComparer() : Comparer<IComparable>.Default;
        var sorted = Descending ? rows.OrderByDescending(Key, comparer) : rows.OrderBy(Key, comparer);
        return [.. sorted.ThenBy(r => r.Unit.Code, StringComparer.Ordinal)];
    }

    /// <summary>Query string for the same view with some values changed.</summary>
    public Dictionary<string, string?> With(RoundSort? sort = null, bool? desc = null, int? page = null, string? unit = null) => new()
    {
        ["unit"] = unit ?? Shown?.Unit.Code,
        ["sort"] = (sort ?? Sort).ToString(),
        ["desc"] = (desc ?? Descending) ? "true" : null,
        ["page"] = page is { } p && p > 1 ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
    };

    private sealed class NameComparer : IComparer<IComparable>
    {
        private static readonly StringComparer Vietnamese = StringComparer.Create(new System.Globalization.CultureInfo("vi-VN"), ignoreCase: true);

        public int Compare(IComparable? x, IComparable? y) => Vietnamese.Compare(x as string, y as string);
    }
}
