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
/// A unit's roll as it stood on a date (alone or with the units below it): each member with their
/// standing that day, cell, time in the cell and party age, from business dates, on the tree of that
/// date, so a unit merged since answers for its past. Exports to CSV and XLSX, and prints.
/// </summary>
public sealed class RollModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, IStringLocalizer<SharedResource> text, IClock clock, PersonalDataExports record) : PageModel
{
    /// <summary>The notes on a member's entries, as the log names their types (<see cref="Domain.Members.MemberHistory.IsNote"/>).</summary>
    private static readonly string[] NoteTypes =
    [
        nameof(Domain.Members.MemberEntryRescissionProposed), nameof(Domain.Members.MemberRescissionWithdrawn),
        nameof(Domain.Members.MemberEntryRescinded), nameof(Domain.Members.MemberDateCorrected),
    ];

    [FromQuery(Name = "unit")]
    public string? UnitCode { get; set; }

    [FromQuery(Name = "on")]
    public LocalDate? On { get; set; }

    [FromQuery(Name = "subtree")]
    public bool Subtree { get; set; } = true;

    [FromQuery(Name = "print")]
    public bool Print { get; set; }

    /// <summary>When set, the roll as the register knew it at the end of this day (only events recorded by then).</summary>
    [FromQuery(Name = "known")]
    public LocalDate? KnownOn { get; set; }

    /// <summary>With <see cref="KnownOn"/>: the lines that entries recorded later changed, each with those entries.</summary>
    public IReadOnlyList<RollDifferenceLine> ChangedSince { get; private set; } = [];

    public LocalDate Date { get; private set; }

    public string? Error { get; private set; }

    public OrganisationNode? Unit { get; private set; }

    public OrganisationTree TreeOn { get; private set; } = null!;

    public IReadOnlyList<RollLine> Lines { get; private set; } = [];

    public bool Asked => !string.IsNullOrWhiteSpace(UnitCode);

    public string ExportedBy { get; private set; } = string.Empty;

    public Instant ExportedAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Asked && !await ReadAsync(ct))
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        else if (Unit is not null)
        {
            // An auditor's look at a roll is itself on the record, for the auditors above.
            await record.RecordAsync("audit-roll", [Unit.Id], Query(), Print ? "print" : "page", Lines.Count, ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        if (!Asked || !await ReadAsync(ct))
        {
            Error ??= "Audit.UnitNotInScope";
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        await record.RecordAsync("audit-roll", [Unit!.Id], Query(), format ?? "csv", Lines.Count, ct);
        string[] headerKeys = ["Audit.RollName", "Audit.RollBorn", "Audit.RollSex", "Audit.RollCard", "Audit.RollCell", "Audit.RollStatus", "Audit.RollSince", "Audit.RollPartyAge"];
        var headers = headerKeys.Select(k => text[k].Value).ToList();
        var preamble = TableExport.Preamble(
            headers.Count,
            (text["Audit.Parameters"].Value, Parameters()),
            (text["Audit.ExportedBy"].Value, ExportedBy),
            (text["Audit.ExportedAt"].Value, Messages.DisplayTime(ExportedAt)));
        var rows = Lines.Select(l => (IReadOnlyList<object?>)[
            l.FullName, Messages.DisplayDate(l.DateOfBirth), text[$"Sex.{l.Sex}"].Value, l.CardNumber, CellName(l.CellId), text[$"RollStatus.{l.Status}"].Value,
            Messages.DisplayDate(l.InCellSince), l.PartyAgeYears]);
        return await TableExport.FileAsync(format ?? "csv", headers, preamble.Concat(rows), $"danh-sach-{Unit!.Code}-{LocalDateModelBinder.Iso(Date)}", ct);
    }

    public string CellName(Guid id) => TreeOn.Find(id)?.Name ?? id.ToString();

    public string Parameters() =>
        $"{text["Audit.Unit"]}: {Unit?.Name} ({Unit?.Code}){(Subtree ? " (+)" : string.Empty)}; {text["Audit.RollOn"]}: {Messages.DisplayDate(Date)}; {text["Audit.RollKnownOn"]}: {(KnownOn is { } known ? Messages.DisplayDate(known) : Messages.DisplayTime(ExportedAt))}";

    public string Query(string? key = null, string? value = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["unit"] = UnitCode,
            ["on"] = LocalDateModelBinder.Iso(Date),
            ["subtree"] = Subtree ? null : "false",
            ["known"] = KnownOn is { } known ? LocalDateModelBinder.Iso(known) : null,
        };
        if (key is not null)
        {
            values[key] = value;
        }

        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(string.Empty, values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    private async Task<bool> ReadAsync(CancellationToken ct)
    {
        var today = VietnamTime.Today(clock);
        Date = On ?? today;
        ExportedAt = clock.GetCurrentInstant();
        ExportedBy = await AuditUnit.ReaderAsync(user, ct);
        TreeOn = await directory.TreeAsync(Date, ct);
        if (ModelState.ErrorCount > 0)
        {
            Error = "Audit.RollDateInvalid";
            return false;
        }

        if (Date > today)
        {
            Error = "Audit.RollDateInFuture";
            return false;
        }

        Unit = await AuditUnit.FindAsync(user, TreeOn, UnitCode!, ct);
        if (Unit is null)
        {
            Error = "Audit.UnitNotInScope";
            return false;
        }

        var cells = Subtree ? TreeOn.Subtree(Unit.Id).Select(n => n.Id).ToList() : [Unit.Id];
        if (KnownOn is not { } known)
        {
            Lines = await RollAsOf.ReadAsync(session, cells, Date, ct);
            return true;
        }

        if (known > today)
        {
            Error = "Audit.RollDateInFuture";
            return false;
        }

        var knownAt = known.PlusDays(1).AtStartOfDayInZone(VietnamTime.Zone).ToInstant();
        Lines = await RollAsOf.AsKnownAtAsync(session, cells, Date, knownAt, ct);
        // Compared with the members' records as they stand now, without the standings transfers give (in
        // transit, hosted), which the replay of what was known does not have either: a letter in transit on
        // the day is not a change made by later entries.
        var current = await RollAsOf.ReadAsync(session, cells, Date, ct, withTransfers: false);
        var changes = RollDifference.Compare(Lines, current, Date, Date, new Dictionary<Guid, IReadOnlyList<Domain.Members.MembershipPeriod>>());
        var changed = new List<RollDifferenceLine>();
        foreach (var (change, before, after) in changes)
        {
            var member = (after ?? before)!.MemberId;
            // The entries recorded after that day which bear on the roll of the date: facts in effect by then, and
            // the notes on entries (a rescission, a corrected date), which take effect on the day they are
            // recorded yet change what the roll of an earlier date says.
            var filter = new AuditLogFilter(null, member, null, null, known.PlusDays(1), null, null, Date, null) { AnyEffectiveDateTypes = NoteTypes };
            var (later, _) = await AuditLogQuery.PageAsync(session, filter, 20, VietnamTime.Zone, ct);
            changed.Add(new RollDifferenceLine(change, before, after, [.. later.OrderBy(e => e.Sequence)]));
        }

        ChangedSince = changed;
        return true;
    }
}
