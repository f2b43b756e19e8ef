using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Reconciliation;
using EventSourced.Domain.Reconciliation.Report;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReconciliationSnapshot = EventSourced.Domain.Reconciliation.Reconciliation;

namespace EventSourced.Web.Pages.Reconciliation;

/// <summary>
/// A round's report: each unit's latest reconciliation in the round with its counts per category,
/// resolved and open, the totals, and who resolved how many items; the XLSX file adds every
/// resolution with who, when and why. A user sees the units of the round within their scope.
/// </summary>
public sealed class RoundReportModel(PageServices services) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    public ReconciliationRound Round { get; private set; } = new();

    public RoundReport Report { get; private set; } = null!;

    public IReadOnlyDictionary<Guid, OrganisationNode> Units { get; private set; } = new Dictionary<Guid, OrganisationNode>();

    private List<AuditEntry> _resolutions = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        var text = services.Text;
        var units = new ExportSheet(
            text["Reconciliation.ReportUnits"],
            [
                text["Installs.Code"], text["Installs.Unit"], text["Reconciliation.Status"],
                .. Enum.GetValues<ItemCategory>().Select(c => text.Name(c).ToString()),
                text["Reconciliation.Resolved"], text["Reconciliation.OpenItems"],
            ],
            Report.Units.Select(u => (IReadOnlyList<object?>)
            [
                Units[u.UnitId].Code, Units[u.UnitId].Name, text.Name(u.Reconciliation.Status).ToString(),
                .. Enum.GetValues<ItemCategory>().Select(c => (object?)ReconciliationReport.CountOf(u.Reconciliation.Counts, c)),
                u.Resolved, u.Open,
            ]));
        var byReconciliation = Report.Units.ToDictionary(u => u.Reconciliation.Id, u => Units[u.UnitId].Code);
        var resolutions = new ExportSheet(
            text["Reconciliation.ReportResolutions"],
            [text["Installs.Code"], .. ReportModel.ResolutionHeaders(text)],
            _resolutions.Select(e => (e, (ReconciliationItemResolved)e.Data))
                .Select(p => (IReadOnlyList<object?>)
                [
                    byReconciliation[p.Item2.ReconciliationId],
                    .. ReportModel.ResolutionRow(text, new ResolutionLine(p.e.Version, p.Item2.ItemNumber, null, null, null, p.Item2.Resolution, p.Item2.Reason, p.e.RecordedBy, p.e.RecordedAt, false)),
                ]));
        return await TableExport.XlsxAsync([units, resolutions], $"bao-cao-dot-doi-chieu-{LocalDateModelBinder.Iso(Round.ReferenceDate)}", ct);
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (await services.Session.LoadAsync<ReconciliationRound>(Id, ct) is not { } round)
        {
            return NotFound();
        }

        Round = round;
        var tree = await services.Directory.TreeAsync(round.ReferenceDate, ct);
        var roots = await services.User.ScopeRootsAsync(Permission.ViewMembers, ct);
        // As on the round's page: the whole round when it was opened within the user's scope, otherwise the part they look after.
        if (!roots.Any(r => tree.IsWithin(round.UnitId, r) || tree.IsWithin(r, round.UnitId)))
        {
            return Forbid();
        }

        var reconciliations = (await services.Session.Query<ReconciliationSnapshot>().Where(r => r.RoundId == round.Id).ToListAsync(ct))
            .Where(r => roots.Any(root => tree.IsWithin(r.UnitId, root)))
            .ToList();
        var ids = reconciliations.Select(r => r.Id).ToArray();
        var events = ids.Length == 0
            ? []
            : await services.Session.Events.QueryAllRawEvents()
                .Where(e => e.StreamId.IsOneOf(ids))
                .OrderBy(e => e.Sequence)
                .ToListAsync(ct);
        _resolutions = [.. events.Where(e => e.Data is ReconciliationItemResolved).Select(AuditEntry.From)];
        Report = RoundReport.Build(reconciliations, _resolutions);
        Units = Report.Units.Select(u => u.UnitId).Distinct().ToDictionary(u => u, u => tree.Find(u) ?? throw new InvalidOperationException($"unit {u} not in the tree"));
        return null;
    }
}
