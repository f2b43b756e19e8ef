using System.Globalization;
using System.Text;
using EventSourced.Domain.Members;
using EventSourced.Domain.Members.MemberList;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Member = EventSourced.Domain.Members.Member;

namespace EventSourced.Web.Pages.Members;

/// <summary>
/// The current member list (same filters, same order, every page) as CSV or XLSX, with headers in
/// the user's language. Cells that a spreadsheet would read as a formula are written as text.
/// </summary>
public sealed class ExportModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, IStringLocalizer<SharedResource> text) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? unit, MemberStatusFilter status, int? year, string? q, string format, CancellationToken ct)
    {
        var tree = await directory.TreeAsync(ct: ct);
        Guid? unitId = null;
        if (!string.IsNullOrWhiteSpace(unit))
        {
            var node = tree.Search(unit, includeClosed: true).FirstOrDefault(n => n.Code.Equals(unit.Trim(), StringComparison.OrdinalIgnoreCase));
            if (node is null || !await user.CanSeeAsync(node.Id, ct))
            {
                return Forbid();
            }

            unitId = node.Id;
        }

        var members = await new MemberListQuery(await user.CellsInScopeAsync(unitId, ct), status, year, q).AllAsync(session, ct);
        var rows = members.Select(m => Row(m, tree.Find(m.CellId)?.Name)).ToList();
        var name = $"dang-vien-{DateTime.UtcNow:yyyyMMdd-HHmm}";
        if (string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase))
        {
            var stream = new MemoryStream();
            await stream.SaveAsAsync(rows.Select(r => Headers().Zip(r).ToDictionary(p => p.First, p => (object?)p.Second)), cancellationToken: ct);
            stream.Position = 0;
            return File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
        }

        var builder = new StringBuilder();
        foreach (var line in rows.Prepend(Headers().ToArray()))
        {
            builder.AppendJoin(',', line.Select(Quote)).Append("\r\n");
        }

        // A byte order mark so that Excel opens Vietnamese text as UTF-8.
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(builder.ToString())).ToArray(), "text/csv; charset=utf-8", name + ".csv");
    }

    private static readonly string[] HeaderKeys =
        ["Member.FullName", "Member.DateOfBirth", "Member.Sex", "Member.CitizenId", "Member.CardNumber", "Member.Cell", "Members.Status", "Member.AdmittedOn", "Member.OfficialOn"];

    private IEnumerable<string> Headers() => HeaderKeys.Select(k => text[k].Value);

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private string[] Row(Member m, string? cell) =>
    [
        Safe(m.DisplayName),
        Messages.DisplayDate(m.Profile.DateOfBirth),
        text.Name(m.Profile.Sex),
        Safe(m.Profile.CitizenId),
        Safe(m.CardNumber),
        Safe(cell),
        text.Name(m.Status) + (m.Exempt ? " · " + text["Member.Exempt"] : string.Empty),
        Messages.DisplayDate(m.Admission.Date),
        Messages.DisplayDate(m.OfficialDate),
    ];

    /// <summary>Text that starts like a formula is prefixed with an apostrophe so no spreadsheet runs it.</summary>
    public static string Safe(string? value) =>
        string.IsNullOrEmpty(value) ? string.Empty : value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
