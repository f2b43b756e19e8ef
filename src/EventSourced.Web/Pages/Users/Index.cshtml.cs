using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventSourced.Web.Pages.Users;

/// <summary>
/// Accounts an administrator may manage (<see cref="AccountScope"/>): those whose every role is inside the
/// administrator's scope, and those holding none that answer to them. Sorted by display name, paged.
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
        // Accounts without roles answer to whoever managed their roles before, or opened them (AccountScope):
        // their streams are read in one query, and they are few.
        var roleless = all.Where(a => a.Roles.Count == 0).Select(a => a.Id).ToArray();
        var streams = (roleless.Length == 0 ? [] : await session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(roleless)).ToListAsync(ct))
            .ToLookup(e => e.StreamId);
        var me = user.Id ?? Guid.Empty;
        var visible = all
            .Where(a => AccountScope.Manages(me, mine, AccountScope.UnitsOf(a, streams[a.Id]), AccountScope.OpenedBy(streams[a.Id]), tree))
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
