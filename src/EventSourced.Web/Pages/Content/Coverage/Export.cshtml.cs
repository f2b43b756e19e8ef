using EventSourced.Domain.Content.Coverage;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace EventSourced.Web.Pages.Content.Coverage;

/// <summary>The coverage table (the unit, then each unit below it) as CSV or XLSX, headers in the user's language.</summary>
public sealed class ExportModel(CoverageView view, IStringLocalizer<SharedResource> text) : PageModel
{
    private static readonly string[] HeaderKeys =
    [
        "Installs.Code", "Installs.Unit", "Coverage.OwnPosts", "Coverage.Posts", "Coverage.News", "Coverage.DocumentsPublished", "Coverage.Bulletins",
        "Coverage.Originals", "Coverage.Reposts", "Coverage.FromAbove", "Coverage.CellMonths", "Coverage.CellMonthsOnTime", "Coverage.BulletinsOnTime",
        "Coverage.LastPost", "Coverage.DaysSince", "Coverage.DocumentsExpected", "Coverage.DocumentsInLibrary", "Coverage.TargetPostsLabel",
        "Coverage.TargetBulletinsLabel", "Installs.Progress",
    ];

    public async Task<IActionResult> OnGetAsync(string? unit, LocalDate? from, LocalDate? to, string? format, CancellationToken ct)
    {
        var unreadable = CoverageView.DatesUnreadable(ModelState);
        if (!await view.LoadAsync(unit, from, to, unreadable, ct))
        {
            return Forbid();
        }

        if (view.Error is not null || view.Dashboard is null)
        {
            return BadRequest(view.Error ?? string.Empty);
        }

        var dashboard = view.Dashboard;
        var rows = dashboard.Children.Prepend(dashboard.Unit).Select(Row);
        var name = $"tin-bai-{view.Unit!.Code}-{LocalDateModelBinder.Iso(view.Period.From)}-{LocalDateModelBinder.Iso(view.Period.To)}";
        return await TableExport.FileAsync(format ?? "csv", [.. HeaderKeys.Select(k => text[k].Value)], rows, name, ct);
    }

    private object?[] Row(CoverageRow row)
    {
        var f = row.Figures;
        return
        [
            f.Code, f.Name, f.Own.Total, f.Total.Total, f.Total.News, f.Total.Documents, f.Total.Bulletins, f.Total.Originals, f.Total.Reposts, f.FromAbove,
            f.CellMonths, f.CellMonthsOnTime, f.BulletinsOnTime is { } share ? Math.Round(share, 4) : null,
            f.LastPostOn is { } last ? Messages.DisplayDate(last) : null, f.DaysSinceLastPost, row.DocumentsExpected, row.DocumentsInLibrary,
            row.Target?.PostsPerMonth, row.Target?.BulletinsOnTimePercent, text.Name(row.PostsProgress),
        ];
    }
}
