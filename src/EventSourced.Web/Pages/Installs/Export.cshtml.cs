using EventSourced.Domain.Common;
using EventSourced.Domain.Installs;
using EventSourced.Domain.Installs.Rollout;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace EventSourced.Web.Pages.Installs;

/// <summary>The dashboard's table (the unit, then each unit below it) as CSV or XLSX, headers in the user's language.</summary>
public sealed class ExportModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, IClock clock, RolloutFiguresCache cache, IStringLocalizer<SharedResource> text) : PageModel
{
    private static readonly string[] HeaderKeys =
    [
        "Installs.Code", "Installs.Unit", "Installs.Pilot", "Installs.Members", "Installs.Eligible", "Installs.Installed", "Installs.OfAll",
        "Installs.OfEligible", "Installs.Active", "Installs.Trained", "Installs.TargetPercent", "Installs.Deadline", "Installs.Progress",
    ];

    public async Task<IActionResult> OnGetAsync(string? unit, LocalDate? date, string? format, CancellationToken ct)
    {
        var today = VietnamTime.Today(clock);
        var shown = date ?? today;
        var current = await directory.TreeAsync(ct: ct);
        var node = string.IsNullOrWhiteSpace(unit) ? current.Find(await user.ScopeRootsAsync(ct) is [var first, ..] ? first : Guid.Empty) : current.FindActiveByCode(unit.Trim());
        if (node is null || !await user.CanSeeAsync(node.Id, ct))
        {
            return Forbid();
        }

        if (shown > today)
        {
            return BadRequest(text["Installs.DateInFuture", Messages.DisplayDate(shown)].Value);
        }

        var tree = await directory.TreeAsync(shown, ct);
        var targets = await RolloutDashboardQuery.TargetsAsync(session, ct);
        var (figures, _) = await cache.FiguresAsync(session, tree, shown, RolloutDashboardQuery.CellsUnder(tree, node.Id), node.Id, ct);
        var dashboard = RolloutDashboard.Build(tree, figures, targets, node.Id, shown);
        if (dashboard is null)
        {
            return BadRequest(text["Installs.UnitNotActiveOn", node.Name, Messages.DisplayDate(shown)].Value);
        }

        var rows = dashboard.Children.Prepend(dashboard.Unit).Select(Row);
        // The active column states its days; the other headers take no argument and ignore it.
        return await TableExport.FileAsync(format ?? "csv", [.. HeaderKeys.Select(k => text[k, MemberAppUsage.ActiveDays].Value)], rows, $"cai-dat-{node.Code}-{LocalDateModelBinder.Iso(shown)}", ct);
    }

    private object?[] Row(DashboardRow row)
    {
        var f = row.Figures;
        return
        [
            f.Code, f.Name, f.Pilot ? text["Common.Yes"].Value : string.Empty, f.Members, f.Eligible, f.Installed,
            f.InstalledOfAll is { } all ? Math.Round(all, 4) : null,
            f.InstalledOfEligible is { } eligible ? Math.Round(eligible, 4) : null,
            f.ActiveInLast30Days, f.Trained, row.Target?.Percent, row.Target is { } t ? Messages.DisplayDate(t.Deadline) : null,
            text.Name(row.Progress),
        ];
    }
}
