using EventSourced.Domain.Audit;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace EventSourced.Web.Pages.Audit;

/// <summary>
/// The difference between a unit's roll on two dates: who joined, left, moved in and out, changed
/// standing or cell, each with the events in effect in between. Each date reads the tree of that day.
/// </summary>
public sealed class DifferenceModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, IStringLocalizer<SharedResource> text, IClock clock, PersonalDataExports record) : PageModel
{
    [FromQuery(Name = "unit")]
    public string? UnitCode { get; set; }

    [FromQuery(Name = "from")]
    public LocalDate? From { get; set; }

    [FromQuery(Name = "to")]
    public LocalDate? To { get; set; }

    [FromQuery(Name = "subtree")]
    public bool Subtree { get; set; } = true;

    [FromQuery(Name = "print")]
    public bool Print { get; set; }

    public string ExportedBy { get; private set; } = string.Empty;

    public string? Error { get; private set; }

    public OrganisationNode? Unit { get; private set; }

    public IReadOnlyList<RollDifferenceLine> Lines { get; private set; } = [];

    public Instant ReadAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(UnitCode))
        {
            return Page();
        }

        if (await ReadAsync(ct) is false)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        else
        {
            ExportedBy = await AuditUnit.ReaderAsync(user, ct);
            await record.RecordAsync("audit-difference", [Unit!.Id], Request.QueryString.Value ?? string.Empty, Print ? "print" : "page", Lines.Count, ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(UnitCode) || !await ReadAsync(ct))
        {
            Error ??= "Audit.UnitNotInScope";
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        await record.RecordAsync("audit-difference", [Unit!.Id], Request.QueryString.Value ?? string.Empty, format ?? "csv", Lines.Count, ct);
        string[] keys = ["Audit.Change", "Audit.RollName", "Audit.RollBorn", "Audit.Before", "Audit.After", "Audit.EventsBehind"];
        var headers = keys.Select(k => text[k].Value).ToList();
        var preamble = TableExport.Preamble(
            headers.Count,
            (text["Audit.Parameters"].Value, $"{Unit!.Name} ({Unit.Code}); {Messages.DisplayDate(From)} → {Messages.DisplayDate(To)}"),
            (text["Audit.ExportedBy"].Value, await AuditUnit.ReaderAsync(user, ct)),
            (text["Audit.ExportedAt"].Value, Messages.DisplayTime(ReadAt)));
        var rows = Lines.Select(l => (IReadOnlyList<object?>)[
            text[$"RollChange.{l.Change}"].Value, l.Line.FullName, Messages.DisplayDate(l.Line.DateOfBirth), Describe(l.Before), Describe(l.After),
            string.Join("; ", l.Events.Select(e => $"{e.EventType} #{e.Sequence} {Messages.DisplayDate(e.EffectiveDate)}"))]);
        return await TableExport.FileAsync(format ?? "csv", headers, preamble.Concat(rows), $"chenh-lech-{Unit.Code}-{LocalDateModelBinder.Iso(From!.Value)}-{LocalDateModelBinder.Iso(To!.Value)}", ct);
    }

    public string Describe(RollLine? line) => line is null ? "—" : $"{text[$"RollStatus.{line.Status}"]}, {CellNames.GetValueOrDefault(line.CellId, line.CellId.ToString())}";

    public Dictionary<Guid, string> CellNames { get; } = [];

    private async Task<bool> ReadAsync(CancellationToken ct)
    {
        ReadAt = clock.GetCurrentInstant();
        var today = VietnamTime.Today(clock);
        if (ModelState.ErrorCount > 0 || From is null || To is null)
        {
            Error = "Audit.RollDateInvalid";
            return false;
        }

        if (From >= To)
        {
            Error = "Audit.PeriodReversed";
            return false;
        }

        if (To > today)
        {
            Error = "Audit.RollDateInFuture";
            return false;
        }

        var treeFrom = await directory.TreeAsync(From.Value, ct);
        var treeTo = await directory.TreeAsync(To.Value, ct);
        Unit = await AuditUnit.FindAsync(user, treeTo, UnitCode!, ct) ?? await AuditUnit.FindAsync(user, treeFrom, UnitCode!, ct);
        if (Unit is null)
        {
            Error = "Audit.UnitNotInScope";
            return false;
        }

        List<Guid> Cells(OrganisationTree on) => Subtree ? [.. on.Subtree(Unit.Id).Select(n => n.Id)] : [Unit.Id];
        foreach (var node in treeFrom.Subtree(Unit.Id).Concat(treeTo.Subtree(Unit.Id)))
        {
            CellNames[node.Id] = node.Name;
        }

        Lines = await RollDifference.ReadAsync(session, Cells(treeFrom), Cells(treeTo), From.Value, To.Value, ct);
        return true;
    }
}
