using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace EventSourced.Web.Pages.Organisations;

/// <summary>The fragment htmx swaps in when a branch of the tree is expanded.</summary>
public sealed class ChildrenModel(CurrentUser user, OrganisationDirectory directory, IClock clock) : PageModel
{
    public OrganisationTree Tree { get; private set; } = null!;

    public IReadOnlyList<OrganisationNode> Children { get; private set; } = [];

    public bool IncludeClosed { get; private set; }

    public bool IsToday { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid parentId, string? asOf, bool closed, CancellationToken ct)
    {
        if (!await user.CanSeeAsync(parentId, ct))
        {
            return Forbid();
        }

        var date = LocalDateModelBinder.TryParse(asOf) ?? VietnamTime.Today(clock);
        IsToday = date == VietnamTime.Today(clock);
        IncludeClosed = closed;
        Tree = await directory.TreeAsync(date, ct);
        Children = Tree.Children(parentId, closed).OrderBy(c => c.Name, VietnameseCollation.Comparer).ToList();
        Response.Headers.Vary = "HX-Request";
        return Page();
    }
}
