using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Installs;
using EventSourced.Domain.Installs.Rollout;
using EventSourced.Domain.Members.RecordReviews;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace EventSourced.Web.Pages.Installs;

/// <summary>How the dashboard's table of units is ordered.</summary>
public enum RolloutSort
{
    Code,
    Name,
    Members,
    Installed,
    OfAll,
    OfEligible,
    Active,
    Trained,
}

/// <summary>
/// The rollout dashboard: a unit in the user's scope on any date up to today, its figures and target,
/// each unit below it, and the charts, every figure from the rollout projections. A committee member
/// with the right to change the unit can set its target here too.
/// </summary>
public sealed class IndexModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, IClock clock, CommandSender sender, RolloutFiguresCache cache, IStringLocalizer<SharedResource> text) : PageModel
{
    public const int PageSize = 100;

    /// <summary>Weeks the "installs over time" chart looks back from the date shown.</summary>
    public const int SeriesWeeks = RolloutFiguresCache.SeriesWeeks;

    [FromQuery(Name = "unit")]
    public string? UnitCode { get; set; }

    [FromQuery(Name = "date")]
    public LocalDate? Date { get; set; }

    [FromQuery(Name = "sort")]
    public RolloutSort Sort { get; set; } = RolloutSort.Code;

    [FromQuery(Name = "desc")]
    public bool Descending { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    /// <summary>The page shown, and whether the one asked for was past the end.</summary>
    public Paging Paging { get; private set; }

    public LocalDate Today { get; private set; }

    public LocalDate Shown { get; private set; }

    public OrganisationNode? Unit { get; private set; }

    public IReadOnlyList<OrganisationNode> Breadcrumb { get; private set; } = [];

    public RolloutDashboard? Dashboard { get; private set; }

    public IReadOnlyList<DashboardRow> Rows { get; private set; } = [];

    public int TotalRows { get; private set; }

    public IReadOnlyList<InstallsOnDay> Series { get; private set; } = [];

    /// <summary>Members who confirmed or reported on their record, per unit on the date shown (issue 18).</summary>
    public IReadOnlyDictionary<Guid, ConfirmationCounts> Coverage { get; private set; } = new Dictionary<Guid, ConfirmationCounts>();

    public RolloutTarget? OwnTarget { get; private set; }

    public bool CanSetTarget { get; private set; }

    public string? Error { get; private set; }

    /// <summary>When the figures shown were counted (they may be reused while nothing changed).</summary>
    public DateTimeOffset? ComputedAt { get; private set; }

    [BindProperty]
    public TargetInput Target { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostTargetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        if (!string.Equals(Unit?.Code, UnitCode?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            // The unit on the form is gone (closed or recoded since): never set a target on another one.
            Error = null;
            return this.Refuse(text.Invalid("Installs.UnitNotFound", nameof(UnitCode), UnitCode ?? string.Empty));
        }

        if (this.InputErrors(text) is { Count: > 0 } invalid)
        {
            return this.Refuse(new Refusal(RefusalKind.Invalid, invalid));
        }

        var refusal = await sender.TrySendAsync(
            () => Target.Remove
                ? new RemoveRolloutTarget(Unit!.Id, Target.ExpectedVersion, Target.EffectiveDate ?? Today)
                : new SetRolloutTarget(Unit!.Id, Target.ExpectedVersion, Target.Percent ?? 0, Target.Deadline ?? default, Target.DecisionReference ?? string.Empty, Target.EffectiveDate ?? Today),
            Permission.ChangeOrganisation,
            _ => [Unit!.Id],
            new AuditNote(null, Target.DecisionReference),
            RolloutTarget.StreamIdFor(Unit!.Id),
            ct);
        if (refusal is null)
        {
            TempData["Flash"] = text["Organisation.Saved"].Value;
            return Redirect(Url.Page("/Installs/Index", new { unit = Unit.Code })!);
        }

        // What the user typed stays; a stale form's version moves on to the target as it now stands.
        return await this.RefuseAsync(refusal, text, reload: () =>
        {
            ModelState.Remove("Target.ExpectedVersion");
            Target.ExpectedVersion = OwnTarget?.Version ?? 0;
            return Task.CompletedTask;
        });
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        Today = VietnamTime.Today(clock);
        var today = await directory.TreeAsync(ct: ct);
        var roots = await user.ScopeRootsAsync(ct);
        if (roots.Count == 0)
        {
            return Forbid();
        }

        var unit = string.IsNullOrWhiteSpace(UnitCode) ? today.Find(roots[0]) : today.FindActiveByCode(UnitCode.Trim());
        if (unit is null)
        {
            Error = text["Installs.UnitNotFound", UnitCode ?? string.Empty];
            unit = today.Find(roots[0])!;
        }
        else if (!await user.CanSeeAsync(unit.Id, ct))
        {
            return Forbid();
        }

        Shown = Date ?? Today;
        if (ModelState.TryGetValue("date", out var dateState) && dateState.Errors.Count > 0)
        {
            Error = text["Installs.DateInvalid"];
        }

        if (Shown > Today)
        {
            Error = text["Installs.DateInFuture", Messages.DisplayDate(Shown)];
            Shown = Today;
        }

        var tree = await directory.TreeAsync(Shown, ct);
        Unit = unit;
        Breadcrumb = [.. today.Ancestors(unit.Id).Where(a => roots.Any(r => r == a.Id || today.IsWithin(a.Id, r)))];
        var targets = await RolloutDashboardQuery.TargetsAsync(session, ct);
        OwnTarget = targets.GetValueOrDefault(unit.Id);
        CanSetTarget = await user.CanAsync(Permission.ChangeOrganisation, unit.Id, ct);
        if (Request.Method == HttpMethods.Get)
        {
            Target = TargetInput.From(OwnTarget, Today);
        }

        // The counts and the series come from two queries on their own connections: run side by side.
        var cells = RolloutDashboardQuery.CellsUnder(tree, unit.Id);
        var (figures, series) = (cache.FiguresAsync(session, tree, Shown, cells, unit.Id, ct), cache.SeriesAsync(session, tree, Shown, cells, unit.Id, ct));
        await Task.WhenAll(figures, series);
        ComputedAt = (await figures).ComputedAt;
        Dashboard = RolloutDashboard.Build(tree, (await figures).Value, targets, unit.Id, Shown);
        if (Dashboard is null)
        {
            Error = text["Installs.UnitNotActiveOn", unit.Name, Messages.DisplayDate(Shown)];
            return null;
        }

        var ordered = Order(Dashboard.Children);
        TotalRows = ordered.Count;
        Paging = Paging.Of(PageNumber, PageSize, TotalRows);
        PageNumber = Paging.Number;
        Rows = [.. ordered.Skip(Paging.Skip).Take(PageSize)];
        Series = (await series).Value;
        Coverage = await ConfirmationCoverageQuery.LoadAsync(session, tree, Shown, VietnamTime.Zone, unit.Id, ct);
        return null;
    }

    private List<DashboardRow> Order(IEnumerable<DashboardRow> rows)
    {
        IComparable? Key(DashboardRow r) => Sort switch
        {
            RolloutSort.Name => r.Figures.Name,
            RolloutSort.Members => r.Figures.Members,
            RolloutSort.Installed => r.Figures.Installed,
            RolloutSort.OfAll => r.Figures.InstalledOfAll ?? -1m,
            RolloutSort.OfEligible => r.Figures.InstalledOfEligible ?? -1m,
            RolloutSort.Active => r.Figures.ActiveInLast30Days,
            RolloutSort.Trained => r.Figures.Trained,
            _ => r.Figures.Code,
        };
        var comparer = Sort == RolloutSort.Name ? (IComparer<object?>)new NameComparer() : Comparer<object?>.Default;
        var sorted = Descending ? rows.OrderByDescending(Key, comparer) : rows.OrderBy(Key, comparer);
        return [.. sorted.ThenBy(r => r.Figures.Code, StringComparer.Ordinal)];
    }

    /// <summary>Query string for the same view with some values changed.</summary>
    public Dictionary<string, string?> With(RolloutSort? sort = null, bool? desc = null, int? page = null, string? unit = null) => new()
    {
        ["unit"] = unit ?? Unit?.Code,
        ["date"] = Date is null ? null : LocalDateModelBinder.Iso(Shown),
        ["sort"] = (sort ?? Sort).ToString(),
        ["desc"] = (desc ?? Descending) ? "true" : null,
        ["page"] = page is { } p && p > 1 ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
    };

    private sealed class NameComparer : IComparer<object?>
    {
        private static readonly StringComparer Vietnamese = StringComparer.Create(new System.Globalization.CultureInfo("vi-VN"), ignoreCase: true);

        public int Compare(object? x, object? y) => Vietnamese.Compare(x as string, y as string);
    }
}

/// <summary>The target form: a percentage of eligible members by a deadline, on a decision, from a date.</summary>
public sealed class TargetInput
{
    public int ExpectedVersion { get; set; }

    public int? Percent { get; set; }

    public LocalDate? Deadline { get; set; }

    public string? DecisionReference { get; set; }

    public LocalDate? EffectiveDate { get; set; }

    public bool Remove { get; set; }

    public static TargetInput From(RolloutTarget? target, LocalDate today)
    {
        var current = target?.Periods.LastOrDefault();
        return new TargetInput
        {
            ExpectedVersion = target?.Version ?? 0,
            Percent = current?.Percent,
            Deadline = current?.Deadline,
            DecisionReference = current?.DecisionReference,
            EffectiveDate = today,
        };
    }
}
