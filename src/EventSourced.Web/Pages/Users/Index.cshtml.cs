using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventSourced.Web.Pages.Users;

/// <summary>
/// Accounts an administrator may manage: those holding a role inside the administrator's scope,
/// and those holding none yet. Sorted by display name, paged.
/// </summary>
public sealed class IndexModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session) : PageModel
{
    public const int PageSize = 50;

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<UserAccount> Accounts { get; private set; } = [];

    public int Total { get; private set; }

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>The page shown, and whether the one asked for was past the end.</summary>
    public Paging Paging { get; private set; }

    public IReadOnlyDictionary<Guid, string> UnitNames { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await user.HasAnyAsync(Permission.ManageUsers, ct))
        {
            return Forbid();
        }

        var tree = await directory.TreeAsync(ct: ct);
        var mine = await user.AssignmentsAsync(ct);
        var all = await session.Query<UserAccount>().ToListAsync(ct);
        var visible = all
            .Where(a => a.Roles.All(r => Access.Authorise(mine, Permission.ManageUsers, r.OrganisationId, tree) is not null))
            .OrderBy(a => a.DisplayName, VietnameseCollation.Comparer)
            .ToList();
        Total = visible.Count;
        Paging = Paging.Of(PageNumber, PageSize, Total);
        PageNumber = Paging.Number;
        Accounts = visible.Skip(Paging.Skip).Take(PageSize).ToList();
        UnitNames = (await directory.UnitsAsync(ct)).ToDictionary(u => u.Id, u => u.Name);
        return Page();
    }
}
