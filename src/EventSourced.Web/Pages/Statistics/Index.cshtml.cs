using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Statistics;
using EventSourced.Web.Infrastructure;
using Htmx;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace EventSourced.Web.Pages.Statistics;

/// <summary>
/// The standard statistics tables of a unit in the user's scope: its members as of a date and the
/// movements of a period, each row a unit directly below it, with when they were counted and by whom;
/// exported as the printed form (XLSX) or CSV. Counts only, no personal data, but the same scope as
/// the register (small cells make counts identifying).
/// </summary>
public sealed class IndexModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, IClock clock, StatisticsBands bands, IStringLocalizer<SharedResource> text) : PageModel
{
    public const string TablesId = "statistics-tables";

    [FromQuery(Name = "unit")]
    public string? UnitCode { get; set; }

    [FromQuery(Name = "on")]
    public LocalDate? On { get; set; }

    [FromQuery(Name = "from")]
    public LocalDate? From { get; set; }

    [FromQuery(Name = "to")]
    public LocalDate? To { get; set; }

    public LocalDate Today { get; private set; }

    public LocalDate Date { get; private set; }

    public LocalDate PeriodFrom { get; private set; }

    public LocalDate PeriodTo { get; private set; }

    public OrganisationNode? Unit { get; private set; }

    public IReadOnlyList<OrganisationNode> Breadcrumb { get; private set; } = [];

    public IReadOnlyList<OrganisationNode> ScopeUnits { get; private set; } = [];

    public IReadOnlyList<StatisticsTable> AsOf { get; private set; } = [];

    public IReadOnlyList<StatisticsTable> Period { get; private set; } = [];

    public Instant CountedAt { get; private set; }

    public string CountedBy { get; private set; } = string.Empty;

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        Response.Headers.Vary = "HX-Request";
        return Request.IsHtmx() && Request.Headers["HX-Target"] == TablesId ? Partial("_Tables", this) : Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        if (Error is not null || Unit is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        return await TableExport.FormAsync(format ?? "csv", FormRows(), $"thong-ke-{Unit.Code}-{LocalDateModelBinder.Iso(Date)}", ct);
    }

    /// <summary>The form as printed: its title lines, then each table under its own heading, rows and total.</summary>
    public IReadOnlyList<IReadOnlyList<object?>> FormRows()
    {
        var rows = new List<IReadOnlyList<object?>>
        {
            new object?[] { text["Statistics.Title"].Value, $"{Unit!.Name} ({Unit.Code})" },
            new object?[] { text["Statistics.AsOf"].Value, Messages.DisplayDate(Date) },
            new object?[] { text["Statistics.Period"].Value, $"{Messages.DisplayDate(PeriodFrom)} – {Messages.DisplayDate(PeriodTo)}" },
            new object?[] { text["Statistics.CountedAt"].Value, Messages.DisplayTime(CountedAt) },
            new object?[] { text["Statistics.CountedBy"].Value, CountedBy },
        };
        foreach (var (table, when) in AsOf.Select(t => (t, Messages.DisplayDate(Date))).Concat(Period.Select(t => (t, $"{Messages.DisplayDate(PeriodFrom)} – {Messages.DisplayDate(PeriodTo)}"))))
        {
            rows.Add([]);
            rows.Add([$"{TableTitle(table)} ({when})"]);
            rows.Add([text["Statistics.Unit"].Value, .. table.Columns.Select(c => (object?)ColumnName(table, c)), text["Statistics.Total"].Value]);
            foreach (var row in table.Rows.Append(table.Total))
            {
                rows.Add([RowName(row, row == table.Total), .. row.Counts.Cast<object?>(), row.Total]);
            }
        }

        return rows;
    }

    public string TableTitle(StatisticsTable table) => text[$"Statistics.Table.{table.Dimension.Key}"].Value;

    public string ColumnName(StatisticsTable table, string column) =>
        column == StatisticsDimension.NotRecorded ? text["Statistics.NotRecorded"].Value
        : table.Dimension.Translated ? text[$"Statistics.{table.Dimension.Key}.{column}"].Value
        : column;

    public string RowName(StatisticsRow row, bool total) =>
        total ? $"{text["Statistics.Total"].Value}: {row.Unit.Name}"
        : row.Own ? $"{row.Unit.Name} ({text["Statistics.Own"].Value})"
        : row.Unit.IsActive ? row.Unit.Name : $"{row.Unit.Name} ({text["Statistics.Closed"].Value})";

    /// <summary>The query string of this view with one value replaced.</summary>
    public Dictionary<string, string?> With(string? unit = null) => new()
    {
        ["unit"] = unit ?? Unit?.Code ?? UnitCode,
        ["on"] = LocalDateModelBinder.Iso(Date),
        ["from"] = LocalDateModelBinder.Iso(PeriodFrom),
        ["to"] = LocalDateModelBinder.Iso(PeriodTo),
    };

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        Today = VietnamTime.Today(clock);
        CountedAt = clock.GetCurrentInstant();
        var roots = await user.ScopeRootsAsync(Permission.ViewMembers, ct);
        if (roots.Count == 0)
        {
            return Forbid();
        }

        var today = await directory.TreeAsync(ct: ct);
        ScopeUnits = [.. roots.Select(today.Find).OfType<OrganisationNode>()];
        Date = On ?? Today;
        PeriodTo = To ?? Date;
        PeriodFrom = From ?? new LocalDate(PeriodTo.Year, 1, 1);
        CountedBy = await user.SignatureAsync(ct);
        if (ModelState.ErrorCount > 0)
        {
            Error = "Statistics.DateInvalid";
            return null;
        }

        if (Date > Today || PeriodTo > Today)
        {
            Error = "Statistics.DateInFuture";
            return null;
        }

        if (PeriodFrom > PeriodTo)
        {
            Error = "Statistics.PeriodReversed";
            return null;
        }

        var treeOn = await directory.TreeAsync(Date, ct);
        var unit = string.IsNullOrWhiteSpace(UnitCode) ? treeOn.Find(roots[0]) : treeOn.FindActiveByCode(UnitCode.Trim()) ?? today.FindActiveByCode(UnitCode.Trim());
        if (unit is null)
        {
            Error = "Statistics.UnitNotFound";
            return null;
        }

        if (!roots.Any(r => today.IsWithin(unit.Id, r)))
        {
            return Forbid();
        }

        Unit = unit;
        Breadcrumb = [.. today.Ancestors(unit.Id).Where(a => roots.Any(r => today.IsWithin(a.Id, r)))];
        if (treeOn.Find(unit.Id) is not { IsActive: true })
        {
            Error = "Statistics.UnitNotActiveOn";
            return null;
        }

        var treeTo = await directory.TreeAsync(PeriodTo, ct);
        AsOf = await MembershipAsOf.TablesAsync(session, treeOn, unit.Id, Date, bands, ct);
        if (treeTo.Find(unit.Id) is null)
        {
            // The unit did not exist at the period's end (founded later): its movements are not counted, and the page says so.
            PeriodNotice = "Statistics.UnitNotActiveInPeriod";
            Period = [];
        }
        else
        {
            Period = await MovementsInPeriod.TablesAsync(session, treeTo, unit.Id, PeriodFrom, PeriodTo, ct);
        }

        return null;
    }

    /// <summary>Why the period's tables are left out, when they are.</summary>
    public string? PeriodNotice { get; private set; }
}
