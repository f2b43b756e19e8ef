using EventSourced.Domain.Common;
using EventSourced.Domain.Reconciliation;
using EventSourced.Domain.Reconciliation.Report;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Web.Pages.Reconciliation;

/// <summary>
/// A reconciliation's report, read from its stream: counts per category with resolved and open, and
/// who resolved what, when and why; at any version of the stream (the page as it stood then), and as
/// an XLSX file. Read-only.
/// </summary>
public sealed class ReportModel(PageServices services, PersonalDataExports exports) : UnitReconciliationPage(services)
{
    [FromRoute]
    public Guid Id { get; set; }

    /// <summary>The version to show; the latest when absent.</summary>
    [FromQuery(Name = "version")]
    public int? AtVersion { get; set; }

    public ReconciliationReport Report { get; private set; } = null!;

    public int LatestVersion { get; private set; }

    public bool IsLatest => Report.State.Version == LatestVersion;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        var text = Services.Text;
        var summary = new ExportSheet(
            text["Reconciliation.ReportCategories"],
            [text["Reconciliation.Category"], text["Reconciliation.ItemCount"], text["Reconciliation.Resolved"], text["Reconciliation.OpenItems"]],
            Report.Categories.Select(c => (IReadOnlyList<object?>)[text.Name(c.Category).ToString(), c.Items, c.Resolved, c.Open]));
        var resolutions = new ExportSheet(
            text["Reconciliation.ReportResolutions"],
            ResolutionHeaders(text),
            Report.Resolutions.Select(r => ResolutionRow(text, r)));
        // The resolutions name the members of the roll and the register: recorded before the file leaves.
        var file = await TableExport.XlsxAsync([summary, resolutions], $"bao-cao-doi-chieu-{Unit.Code}-v{Report.State.Version}", ct);
        await exports.RecordAsync("reconciliation-report", [Unit.Id], $"reconciliation={Id}; version={Report.State.Version}", "xlsx", Report.Resolutions.Count, ct);
        return file;
    }

    public static IReadOnlyList<string> ResolutionHeaders(Microsoft.Extensions.Localization.IStringLocalizer text) =>
    [
        text["Reconciliation.Version"], text["Reconciliation.Item"], text["Reconciliation.Category"], text["Reconciliation.OnRoll"],
        text["Reconciliation.InRegister"], text["Reconciliation.Resolution"], text["Reconciliation.Reason"], text["Reconciliation.ResolvedBy"],
        text["Reconciliation.Role"], text["Reconciliation.ResolvedAt"], text["Reconciliation.Superseded"],
    ];

    public static IReadOnlyList<object?> ResolutionRow(Microsoft.Extensions.Localization.IStringLocalizer text, ResolutionLine r) =>
    [
        r.Version, r.ItemNumber, r.Category is { } c ? text.Name(c).ToString() : null, r.OnRoll, r.InRegister,
        text["Resolution." + r.Resolution].ToString(), r.Reason, r.By.DisplayName ?? r.By.UserName,
        r.By.Role is { } role ? text["Role." + role].ToString() : null, Messages.DisplayTime(r.At),
        r.Superseded ? text["Common.Yes"].ToString() : null,
    ];

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (await FindUnitAsync(ct) is { } refused)
        {
            return refused;
        }

        if (await Services.Session.LoadAsync<Domain.Reconciliation.Reconciliation>(Id, ct) is not { } current || current.UnitId != Unit.Id)
        {
            return NotFound();
        }

        LatestVersion = current.Version;
        if (AtVersion is { } wanted && (wanted < 1 || wanted > LatestVersion))
        {
            return NotFound();
        }

        var events = (await Services.Session.Events.FetchStreamAsync(Id, version: AtVersion ?? 0, token: ct)).Select(AuditEntry.From).ToList();
        var numbers = events.Select(e => e.Data).OfType<ReconciliationItemResolved>().Select(e => e.ItemNumber).Distinct().ToArray();
        var items = numbers.Length == 0
            ? []
            : await Services.Session.Query<ReconciliationItem>().Where(i => i.ReconciliationId == Id && i.Number.IsOneOf(numbers)).ToListAsync(ct);
        Report = ReconciliationReport.Build(events, items.ToDictionary(i => i.Number));
        return null;
    }
}
