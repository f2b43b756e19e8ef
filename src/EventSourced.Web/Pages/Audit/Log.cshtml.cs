using System.Globalization;
using System.Text.Json;
using EventSourced.Domain.Accounts;
using EventSourced.Domain.Audit;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Pages.Members;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace EventSourced.Web.Pages.Audit;

/// <summary>
/// The auditors' event log: every stored event in the reader's scope, newest first, searched by unit
/// (with its subtree), member, user, event type, period recorded and period in effect; each line with
/// who, role, body, when, correlation, decision and reason, and what it says; the lines of one user
/// action together. Exports to CSV and XLSX, and prints with its parameters, time and exporter.
/// </summary>
public sealed class LogModel(CurrentUser user, IQuerySession session, IStringLocalizer<SharedResource> text, IClock clock, PersonalDataExports record) : PageModel
{
    public const int PageSize = 50;
    public const int ExportLimit = AuditLogQuery.MaxPage * 20;

    [FromQuery(Name = "unit")]
    public string? UnitCode { get; set; }

    [FromQuery(Name = "subtree")]
    public bool Subtree { get; set; } = true;

    [FromQuery(Name = "member")]
    public Guid? MemberId { get; set; }

    [FromQuery(Name = "actor")]
    public string? Actor { get; set; }

    [FromQuery(Name = "type")]
    public string? EventType { get; set; }

    [FromQuery(Name = "recordedFrom")]
    public LocalDate? RecordedFrom { get; set; }

    [FromQuery(Name = "recordedTo")]
    public LocalDate? RecordedTo { get; set; }

    [FromQuery(Name = "effectiveFrom")]
    public LocalDate? EffectiveFrom { get; set; }

    [FromQuery(Name = "effectiveTo")]
    public LocalDate? EffectiveTo { get; set; }

    [FromQuery(Name = "before")]
    public long? Before { get; set; }

    [FromQuery(Name = "print")]
    public bool Print { get; set; }

    public string? Error { get; private set; }

    public IReadOnlyList<IReadOnlyList<AuditLogRow>> Groups { get; private set; } = [];

    public bool More { get; private set; }

    public long? Oldest { get; private set; }

    public IReadOnlyDictionary<long, string> Says { get; private set; } = new Dictionary<long, string>();

    public IReadOnlyList<string> EventTypes { get; private set; } = [];

    public OrganisationTree Tree { get; private set; } = null!;

    public string? MemberName { get; private set; }

    /// <summary>The tops of what was searched (the unit asked for, else the reader's scope), for the record of the view.</summary>
    public IReadOnlyList<Guid> ScopeUnits { get; private set; } = [];

    public string ExportedBy { get; private set; } = string.Empty;

    public Instant ExportedAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await FilterAsync(ct) is not { } filter)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var (rows, more) = await AuditLogQuery.PageAsync(session, filter, PageSize, VietnamTime.Zone, ct);
        Groups = AuditLogQuery.Grouped(rows);
        More = more;
        Oldest = rows.Count > 0 ? rows[^1].Sequence : null;
        Says = await DescribeAsync(rows, ct);
        await record.RecordAsync("audit-log", ScopeUnits, Query(), Print ? "print" : "page", rows.Count, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        if (await FilterAsync(ct) is not { } filter)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var rows = new List<AuditLogRow>();
        while (rows.Count < ExportLimit)
        {
            var (page, more) = await AuditLogQuery.PageAsync(session, filter with { Before = rows.Count > 0 ? rows[^1].Sequence : filter.Before }, AuditLogQuery.MaxPage, VietnamTime.Zone, ct);
            rows.AddRange(page);
            if (!more)
            {
                break;
            }
        }

        var says = await DescribeAsync(rows, ct);
        await record.RecordAsync("audit-log", ScopeUnits, Query(), format ?? "csv", rows.Count, ct);
        string[] headerKeys = ["Audit.Sequence", "Audit.When", "Audit.InEffect", "Audit.EventType", "Audit.Says", "Audit.Who", "Audit.Role", "Audit.Body", "Audit.Decision", "Audit.Reason", "Audit.Correlation"];
        var headers = headerKeys.Select(k => text[k].Value).ToList();
        var preamble = TableExport.Preamble(
            headers.Count,
            (text["Audit.Parameters"].Value, Parameters()),
            (text["Audit.ExportedBy"].Value, ExportedBy),
            (text["Audit.ExportedAt"].Value, Messages.DisplayTime(ExportedAt)));
        var lines = rows.Select(r => (IReadOnlyList<object?>)[
            r.Sequence, Messages.DisplayTime(r.RecordedAt), Messages.DisplayDate(r.EffectiveDate), r.EventType, says.GetValueOrDefault(r.Sequence),
            Who(r), RoleName(r.ActorRole), r.ActorBody, r.Decision, r.Reason, r.CorrelationId]);
        return await TableExport.FileAsync(format ?? "csv", headers, preamble.Concat(lines), $"nhat-ky-{VietnamTime.Today(clock):yyyy-MM-dd}", ct);
    }

    /// <summary>The search in words, for the printed page and the export.</summary>
    public string Parameters()
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(UnitCode))
        {
            parts.Add($"{text["Audit.Unit"]}: {UnitCode}{(Subtree ? " (+)" : string.Empty)}");
        }

        if (MemberId is not null)
        {
            parts.Add($"{text["Audit.Member"]}: {MemberName ?? MemberId.ToString()}");
        }

        if (!string.IsNullOrWhiteSpace(Actor))
        {
            parts.Add($"{text["Audit.Who"]}: {Actor}");
        }

        if (!string.IsNullOrWhiteSpace(EventType))
        {
            parts.Add($"{text["Audit.EventType"]}: {EventType}");
        }

        if (RecordedFrom is not null || RecordedTo is not null)
        {
            parts.Add($"{text["Audit.When"]}: {Messages.DisplayDate(RecordedFrom)} – {Messages.DisplayDate(RecordedTo)}");
        }

        if (EffectiveFrom is not null || EffectiveTo is not null)
        {
            parts.Add($"{text["Audit.InEffect"]}: {Messages.DisplayDate(EffectiveFrom)} – {Messages.DisplayDate(EffectiveTo)}");
        }

        return parts.Count == 0 ? text["Audit.WholeScope"] : string.Join("; ", parts);
    }

    public string Who(AuditLogRow row) => row.ActorName is { Length: > 0 } name ? $"{name} ({row.Actor})" : row.Actor ?? "?";

    public string RoleName(string? role) => Enum.TryParse<Role>(role, out var parsed) ? text.Name(parsed) : role ?? string.Empty;

    /// <summary>The query string of this search with one value changed (for the pager and the export links).</summary>
    public string Query(string? key = null, string? value = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["unit"] = UnitCode,
            ["subtree"] = Subtree ? null : "false",
            ["member"] = MemberId?.ToString(),
            ["actor"] = Actor,
            ["type"] = EventType,
            ["recordedFrom"] = RecordedFrom is { } a ? LocalDateModelBinder.Iso(a) : null,
            ["recordedTo"] = RecordedTo is { } b ? LocalDateModelBinder.Iso(b) : null,
            ["effectiveFrom"] = EffectiveFrom is { } c ? LocalDateModelBinder.Iso(c) : null,
            ["effectiveTo"] = EffectiveTo is { } d ? LocalDateModelBinder.Iso(d) : null,
        };
        if (key is not null)
        {
            values[key] = value;
        }

        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(string.Empty, values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    private async Task<AuditLogFilter?> FilterAsync(CancellationToken ct)
    {
        Tree = await user.TreeAsync(ct);
        EventTypes = [.. session.DocumentStore.Options.Events.AllKnownEventTypes().Select(t => t.EventType.Name).Distinct().Order(StringComparer.Ordinal)];
        ExportedBy = await AuditUnit.ReaderAsync(user, ct);
        ExportedAt = clock.GetCurrentInstant();
        var roots = Access.ScopeRoots((await user.AssignmentsAsync(ct)).Where(a => Access.Grants(a.Role, Permission.ReadAudit)), Tree);
        if (RecordedFrom > RecordedTo || EffectiveFrom > EffectiveTo)
        {
            Error = "Audit.PeriodReversed";
            return null;
        }

        IReadOnlyList<Guid>? units;
        if (!string.IsNullOrWhiteSpace(UnitCode))
        {
            var unit = Tree.FindActiveByCode(UnitCode)
                ?? Tree.Roots.SelectMany(r => Tree.Subtree(r.Id, includeClosed: true)).FirstOrDefault(n => string.Equals(n.Code, UnitCode.Trim(), StringComparison.OrdinalIgnoreCase));
            if (unit is null || !roots.Any(r => Tree.IsWithin(unit.Id, r)))
            {
                // Unknown and out of scope get the same answer: the log does not confirm what exists elsewhere.
                Error = "Audit.UnitNotInScope";
                return null;
            }

            units = Subtree ? [.. Tree.Subtree(unit.Id, includeClosed: true).Select(n => n.Id)] : [unit.Id];
            ScopeUnits = [unit.Id];
        }
        else
        {
            units = roots.Any(r => Tree.Find(r)?.ParentId is null) ? null : [.. roots.SelectMany(r => Tree.Subtree(r, includeClosed: true)).Select(n => n.Id)];
            ScopeUnits = roots;
        }

        if (MemberId is { } memberId)
        {
            var member = await session.LoadAsync<Domain.Members.Member>(memberId, ct);
            if (member is null || !roots.Any(r => member.Cells.Any(c => Tree.IsWithin(c.CellId, r)) || Tree.IsWithin(member.CellId, r)))
            {
                Error = "Audit.MemberNotInScope";
                return null;
            }

            MemberName = member.Profile.FullName;
        }

        return new AuditLogFilter(units, MemberId, Actor, EventType, RecordedFrom, RecordedTo, EffectiveFrom, EffectiveTo, Before);
    }

    /// <summary>What each event says: a member's event as its timeline words it, any other as its fields.</summary>
    private async Task<IReadOnlyDictionary<long, string>> DescribeAsync(IReadOnlyList<AuditLogRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return new Dictionary<long, string>();
        }

        var sequences = rows.Select(r => r.Sequence).ToArray();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.Sequence.IsOneOf(sequences)).ToListAsync(ct);
        string UnitName(Guid? id) => id is { } unit ? Tree.Find(unit)?.Name ?? unit.ToString() : string.Empty;
        return events.ToDictionary(e => e.Sequence, e =>
        {
            // The sentence the member's, transfer's or unit's own history page words it in; any other
            // event (or one those pages do not word) as its fields.
            var ns = e.Data.GetType().Namespace;
            var said = ns == typeof(Domain.Members.Member).Namespace ? MemberEventText.Describe(text, e.Data, UnitName)
                : ns == typeof(Domain.Transfers.Transfer).Namespace ? Pages.Transfers.TransferEventText.Describe(text, e.Data, UnitName)
                : ns == typeof(Organisation).Namespace ? Pages.Organisations.OrganisationEventText.Describe(text, e.Data, UnitName)
                : null;
            return said is null || said == e.Data.GetType().Name ? Fields(e) : said;
        });
    }

    private static string Fields(IEvent e)
    {
        var json = JsonSerializer.SerializeToElement(e.Data, e.Data.GetType());
        if (json.ValueKind != JsonValueKind.Object)
        {
            return json.ToString();
        }

        return string.Join("; ", json.EnumerateObject()
            .Where(p => p.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array) && !p.Name.Contains("Hash", StringComparison.Ordinal))
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name}: {p.Value}")));
    }
}
