using EventSourced.Domain.Common;
using EventSourced.Domain.Content.Coverage;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace EventSourced.Web.Pages.Content.Coverage;

/// <summary>How the coverage table of units is ordered.</summary>
public enum CoverageSort
{
    Code,
    Name,
    Posts,
    Originals,
    Reposts,
    FromAbove,
    OnTime,
    DaysSince,
}

/// <summary>
/// What the dashboard and its export both show: the unit asked for (within the user's scope), the
/// period (a month by default), and the dashboard built for them, or the message saying why not.
/// One loader, so the file downloaded is the table on the screen.
/// </summary>
public sealed class CoverageView(CurrentUser user, OrganisationDirectory directory, IQuerySession session, IClock clock, IStringLocalizer<SharedResource> text)
{
    /// <summary>A period longer than this is a question for the statistics, not for a dashboard read at once.</summary>
    public const int MaxPeriodDays = 3 * 366;

    private static readonly string[] DateKeys = ["from", "to"];

    public LocalDate Today { get; private set; }

    public OrganisationNode? Unit { get; private set; }

    public IReadOnlyList<OrganisationNode> Breadcrumb { get; private set; } = [];

    public CoveragePeriod Period { get; private set; } = null!;

    public CoverageDashboard? Dashboard { get; private set; }

    public CoverageData? Data { get; private set; }

    public string? Error { get; private set; }

    /// <summary>False when the user may not see the unit at all (the page forbids); otherwise the view is loaded, perhaps with an error.</summary>
    public async Task<bool> LoadAsync(string? unitCode, LocalDate? from, LocalDate? to, bool datesUnreadable, CancellationToken ct)
    {
        Today = VietnamTime.Today(clock);
        var current = await directory.TreeAsync(ct: ct);
        var roots = await user.ScopeRootsAsync(ct);
        if (roots.Count == 0)
        {
            return false;
        }

        var unit = string.IsNullOrWhiteSpace(unitCode) ? current.Find(roots[0]) : current.FindActiveByCode(unitCode.Trim());
        if (unit is null)
        {
            Error = text["Installs.UnitNotFound", unitCode ?? string.Empty];
            unit = current.Find(roots[0])!;
        }
        else if (!await user.CanSeeAsync(unit.Id, ct))
        {
            return false;
        }

        Unit = unit;
        Breadcrumb = [.. current.Ancestors(unit.Id).Where(a => roots.Any(r => r == a.Id || current.IsWithin(a.Id, r)))];
        var month = CoveragePeriod.MonthOf(Today);
        Period = new CoveragePeriod(from ?? month.From, to ?? (from is { } f && f > month.To ? f.With(DateAdjusters.EndOfMonth) : month.To));
        if (datesUnreadable)
        {
            Error = text["Installs.DateInvalid"];
        }

        if (Period.To < Period.From || Period.Days > MaxPeriodDays)
        {
            Error = text["Coverage.PeriodInvalid", MaxPeriodDays];
            Period = month;
        }

        var tree = await directory.TreeAsync(Period.To < Today ? Period.To : Today, ct);
        Data = await CoverageData.LoadAsync(session, ct);
        Dashboard = CoverageDashboard.Build(tree, Data, unit.Id, Period, Today);
        if (Dashboard is null)
        {
            Error = text["Installs.UnitNotActiveOn", unit.Name, Messages.DisplayDate(Period.To)];
        }

        return true;
    }

    /// <summary>Whether the period's dates in the query string could not be read as dates.</summary>
    public static bool DatesUnreadable(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return DateKeys.Any(k => state.TryGetValue(k, out var entry) && entry.Errors.Count > 0);
    }

    public static List<CoverageRow> Order(IEnumerable<CoverageRow> rows, CoverageSort sort, bool descending)
    {
        IComparable? Key(CoverageRow r) => sort switch
        {
            CoverageSort.Name => r.Figures.Name,
            CoverageSort.Posts => r.Figures.Total.Total,
            CoverageSort.Originals => r.Figures.Total.Originals,
            CoverageSort.Reposts => r.Figures.Total.Reposts,
            CoverageSort.FromAbove => r.Figures.FromAbove,
            CoverageSort.OnTime => r.Figures.BulletinsOnTime ?? -1m,
            CoverageSort.DaysSince => r.Figures.DaysSinceLastPost ?? int.MaxValue,
            _ => r.Figures.Code,
        };
        var comparer = sort == CoverageSort.Name ? (IComparer<object?>)new NameComparer() : Comparer<object?>.Default;
        var sorted = descending ? rows.OrderByDescending(Key, comparer) : rows.OrderBy(Key, comparer);
        return [.. sorted.ThenBy(r => r.Figures.Code, StringComparer.Ordinal)];
    }

    private sealed class NameComparer : IComparer<object?>
    {
        public int Compare(object? x, object? y) => VietnameseCollation.Comparer.Compare(x as string, y as string);
    }
}
