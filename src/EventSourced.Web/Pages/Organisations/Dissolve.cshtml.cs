using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Web.Pages.Organisations;

/// <summary>Dissolve a unit with no active child units; members (later) go to the named unit.</summary>
public sealed class DissolveModel(PageServices services) : OrganisationChangePage(services)
{
    [BindProperty]
    public string? MembersToCode { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        SendAsync(date =>
        {
            Guid? target = null;
            if (!string.IsNullOrWhiteSpace(MembersToCode))
            {
                target = (UnitByCode(MembersToCode) ?? throw new RuleViolation("Organisation.CodeNotFound", MembersToCode)).Id;
            }

            return new DissolveOrganisation(Id, ExpectedVersion, target, date);
        }, null, ct);
}
