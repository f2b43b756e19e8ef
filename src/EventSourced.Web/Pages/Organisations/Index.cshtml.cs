using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace EventSourced.Web.Pages.Organisations;

/// <summary>
/// The organisation tree in the user's scope, on today's date or any past one: lazily expanded
/// branches, and search by name or code with or without diacritics.
/// </summary>
public sealed class IndexModel(CurrentUser user, OrganisationDirectory directory, IClock clock) : PageModel
{
    public const int MaxResults = 100;

    [FromQuery(Name = "asOf")]
    public string? AsOf { get; set; }

    [FromQuery(Name = "q")]
    public string? Query { get; set; }

    [FromQuery(Name = "closed")]
    public bool IncludeClosed { get; set; }

    public LocalDate Date { get; private set; }

    public bool DateInvalid { get; private set; }

    public OrganisationTree Tree { get; private set; } = null!;

    public IReadOnlyList<OrganisationNode> Roots { get; private set; } = [];

    public IReadOnlyList<OrganisationNode> Results { get; private set; } = [];

    public int ResultCount { get; private set; }

    public bool IsToday => Date == VietnamTime.Today(clock);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var parsed = LocalDateModelBinder.TryParse(AsOf);
        DateInvalid = !string.IsNullOrWhiteSpace(AsOf) && parsed is null;
        Date = parsed ?? VietnamTime.Today(clock);
        Tree = await directory.TreeAsync(Date, ct);
        var today = await directory.TreeAsync(ct: ct);
        var assignments = await user.AssignmentsAsync(ct);
        Roots = Access.ScopeRoots(assignments, today).Select(Tree.Find).OfType<OrganisationNode>().ToList();
        if (!string.IsNullOrWhiteSpace(Query))
        {
            var matches = Tree.Search(Query, IncludeClosed)
                .Where(n => Access.CanSee(assignments, n.Id, today))
                .OrderBy(n => n.Name, VietnameseCollation.Comparer)
                .ToList();
            ResultCount = matches.Count;
            Results = matches.Take(MaxResults).ToList();
        }

        Response.Headers.Vary = "HX-Request";
        return Request.IsHtmx() && Request.Headers["HX-Target"] == "tree-region"
            ? Partial("_Tree", this)
            : Page();
    }

    /// <summary>The query string for links that keep the chosen date.</summary>
    public string DateQuery => IsToday ? string.Empty : $"?asOf={LocalDateModelBinder.Iso(Date)}";
}
