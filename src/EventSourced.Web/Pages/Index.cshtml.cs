using EventSourced.Domain.Accounts;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventSourced.Web.Pages;

/// <summary>The start page: who you are, what you may do and where.</summary>
public sealed class IndexModel(CurrentUser user, OrganisationDirectory directory) : PageModel
{
    public string DisplayName { get; private set; } = string.Empty;

    public IReadOnlyList<(Role Role, Guid UnitId, string UnitName)> Roles { get; private set; } = [];

    public bool CanManageUsers { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var account = await user.AccountAsync(ct);
        DisplayName = account?.DisplayName ?? string.Empty;
        var tree = await directory.TreeAsync(ct: ct);
        Roles = (account?.Roles ?? []).Select(r => (r.Role, r.OrganisationId, tree.Find(r.OrganisationId)?.Name ?? "—")).ToList();
        CanManageUsers = await user.HasAnyAsync(Permission.ManageUsers, ct);
    }
}
