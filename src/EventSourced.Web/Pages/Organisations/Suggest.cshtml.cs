using EventSourced.Domain.Accounts;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventSourced.Web.Pages.Organisations;

/// <summary>Suggestions for a field that names a unit: active units in the user's scope matching what was typed.</summary>
public sealed class SuggestModel(CurrentUser user, OrganisationDirectory directory) : PageModel
{
    public IReadOnlyList<OrganisationNode> Matches { get; private set; } = [];

    public async Task OnGetAsync(string? field, CancellationToken ct)
    {
        // htmx sends the input under its own name; the field parameter says which one it is.
        var typed = field is not null ? Request.Query[field].ToString() : Request.Query.LastOrDefault(q => q.Key != "field").Value.ToString();
        var tree = await directory.TreeAsync(ct: ct);
        var assignments = await user.AssignmentsAsync(ct);
        Matches = tree.Search(typed ?? string.Empty)
            .Where(n => Access.CanSee(assignments, n.Id, tree))
            .OrderBy(n => n.Name, VietnameseCollation.Comparer)
            .Take(20)
            .ToList();
        Response.Headers.Vary = "HX-Request";
    }
}
