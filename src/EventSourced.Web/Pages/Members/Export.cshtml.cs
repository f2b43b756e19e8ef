using System.Globalization;
using EventSourced.Domain.Members.MemberList;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Member = EventSourced.Domain.Members.Member;

namespace EventSourced.Web.Pages.Members;

/// <summary>
/// The current member list (same filters, same order, every page) as CSV or XLSX, with headers in
/// the user's language. Cells that a spreadsheet would read as a formula are written as text.
/// </summary>
public sealed class ExportModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, PersonalDataExports exports, IStringLocalizer<SharedResource> text) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? unit, MemberStatusFilter status, int? year, string? q, string format, CancellationToken ct)
    {
        var tree = await directory.TreeAsync(ct: ct);
        Guid? unitId = null;
        if (!string.IsNullOrWhiteSpace(unit))
        {
            var node = tree.Search(unit, includeClosed: true).FirstOrDefault(n => n.Code.Equals(unit.Trim(), StringComparison.OrdinalIgnoreCase));
            if (node is null || !await user.CanSeeMembersAsync(node.Id, ct))
            {
                return Forbid();
            }

            unitId = node.Id;
        }

        var members = await new MemberListQuery(await user.CellsInScopeAsync(unitId, ct), status, year, q).AllAsync(session, ct);
        var rows = members.Select(m => Row(m, tree.Find(m.CellId)?.Name)).ToList();
        // The file is built first and recorded before it leaves: no record, no file, and no record of a
        // file that failed to build.
        var file = await TableExport.FileAsync(format, [.. Headers()], rows, $"dang-vien-{DateTime.UtcNow:yyyyMMdd-HHmm}", ct);
        var scope = unitId is { } narrowed ? [narrowed] : Domain.Accounts.Access.ScopeRoots((await user.AssignmentsAsync(ct)).Where(a => Domain.Accounts.Access.Grants(a.Role, Domain.Accounts.Permission.ViewMembers)), tree);
        var filters = string.Create(CultureInfo.InvariantCulture, $"unit={unit?.Trim()}; status={status}; year={year}; q={q?.Trim()}");
        var written = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase) ? "xlsx" : "csv";
        await exports.RecordAsync("members", scope, filters[..Math.Min(filters.Length, 500)], written, rows.Count, ct);
        return file;
    }

    private static readonly string[] HeaderKeys =
        ["Member.FullName", "Member.DateOfBirth", "Member.Sex", "Member.CitizenId", "Member.CardNumber", "Member.Cell", "Members.Status", "Member.AdmittedOn", "Member.OfficialOn"];

    private IEnumerable<string> Headers() => HeaderKeys.Select(k => text[k].Value);

    private string[] Row(Member m, string? cell) =>
    [
        m.DisplayName ?? string.Empty,
        Messages.DisplayDate(m.Profile.DateOfBirth),
        text.Name(m.Profile.Sex),
        m.Profile.CitizenId ?? string.Empty,
        m.CardNumber ?? string.Empty,
        cell ?? string.Empty,
        text.Name(m.Status) + (m.Exempt ? " · " + text["Member.Exempt"] : string.Empty),
        Messages.DisplayDate(m.Admission.Date),
        Messages.DisplayDate(m.OfficialDate),
    ];
}
