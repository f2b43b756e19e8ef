using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Web.Pages.Organisations;

/// <summary>Split part of a unit off into a new sibling unit, taking the chosen child units.</summary>
public sealed class SplitModel(PageServices services) : OrganisationChangePage(services)
{
    [BindProperty]
    public string? NewCode { get; set; }

    [BindProperty]
    public string? NewName { get; set; }

    [BindProperty]
    public List<Guid> MovedChildIds { get; set; } = [];

    /// <summary>Chosen once when the form is first shown, so a double submit cannot found two units.</summary>
    [BindProperty]
    public Guid NewOrganisationId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        NewOrganisationId = Guid.CreateVersion7();
        return await LoadAsync(ct) ?? Page();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (NewOrganisationId == Guid.Empty)
        {
            NewOrganisationId = Guid.CreateVersion7();
        }

        return SendAsync(date => new SplitOrganisation(Id, ExpectedVersion, NewOrganisationId, NewCode ?? string.Empty, NewName ?? string.Empty, MovedChildIds, date), NewOrganisationId, ct);
    }
}
