using EventSourced.Domain.Accounts;
using EventSourced.Domain.Audit;
using EventSourced.Domain.Common;
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

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<PersonalDataExported> Exports { get; private set; } = [];

    public int Total { get; private set; }

    public int PageCount => Paging.Count;

    /// <summary>The page shown, and whether the one asked for was past the end.</summary>
    public Paging Paging { get; private set; }

    public OrganisationTree Tree { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Tree = await user.TreeAsync(ct);
        var roots = Access.ScopeRoots((await user.AssignmentsAsync(ct)).Where(a => Access.Grants(a.Role, Permission.ReadAudit)), Tree);
        var page = Paging.Clamp(PageNumber);
        (Exports, Total) = await PersonalDataExports.ReadAsync(session, roots, Tree, page, PageSize, ct);
        Paging = Paging.Of(PageNumber, PageSize, Total);
        if (Paging.Number != page)
        {
            (Exports, Total) = await PersonalDataExports.ReadAsync(session, roots, Tree, Paging.Number, PageSize, ct);
        }

        PageNumber = Paging.Number;
        return Page();
    }

    public string UnitName(Guid id) => Tree.Find(id)?.Name ?? "?";
}
