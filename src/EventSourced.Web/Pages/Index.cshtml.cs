using EventSourced.Domain.Accounts;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace EventSourced.Web.Pages;

/// <summary>The start page: who you are, in which roles and where, and the work waiting for you at a glance.</summary>
public sealed class IndexModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, IClock clock) : PageModel
{
    public string DisplayName { get; private set; } = string.Empty;

    public IReadOnlyList<(Role Role, Guid UnitId, string UnitName)> Roles { get; private set; } = [];

    public IReadOnlyList<HomeCardView> Cards { get; private set; } = [];

    public bool CanManageUsers { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var account = await user.AccountAsync(ct);
        DisplayName = account?.DisplayName ?? string.Empty;
        var tree = await directory.TreeAsync(ct: ct);
        Roles = (account?.Roles ?? []).Select(r => (r.Role, r.OrganisationId, tree.Find(r.OrganisationId)?.Name ?? "—")).ToList();
        CanManageUsers = await user.HasAnyAsync(Permission.ManageUsers, ct);
        Cards = await HomeCardsQuery.LoadAsync(user, session, clock, ct);
    }
}
