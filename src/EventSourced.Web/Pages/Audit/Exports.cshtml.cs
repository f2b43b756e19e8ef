using EventSourced.Domain.Accounts;
using EventSourced.Domain.Audit;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventSourced.Web.Pages.Audit;

/// <summary>
/// Every export of personal data, newest first: who, in which role, which units, which filters,
/// which format, how many rows, when. For auditors and administrators (the folder's filter), each
/// seeing the exports of their own scope.
/// </summary>
public sealed class ExportsModel(CurrentUser user, IQuerySession session) : PageModel
{
    public const int PageSize = 50;

    /// <summary>Far beyond any real page, small enough that the offset stays an int.</summary>
    private const int MaxPage = 1_000_000;

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<PersonalDataExported> Exports { get; private set; } = [];

    public int Total { get; private set; }

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public OrganisationTree Tree { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Tree = await user.TreeAsync(ct);
        var roots = Access.ScopeRoots((await user.AssignmentsAsync(ct)).Where(a => Access.Grants(a.Role, Permission.ReadAudit)), Tree);
        PageNumber = Math.Clamp(PageNumber, 1, MaxPage);
        (Exports, Total) = await PersonalDataExports.ReadAsync(session, roots, Tree, PageNumber, PageSize, ct);
        if (Exports.Count == 0 && PageNumber > PageCount)
        {
            PageNumber = PageCount;
            (Exports, Total) = await PersonalDataExports.ReadAsync(session, roots, Tree, PageNumber, PageSize, ct);
        }

        return Page();
    }

    public string UnitName(Guid id) => Tree.Find(id)?.Name ?? "?";
}
