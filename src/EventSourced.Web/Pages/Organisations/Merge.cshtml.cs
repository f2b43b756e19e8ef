using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Web.Pages.Organisations;

/// <summary>Merge a unit into another: its child units go to the target and the unit closes.</summary>
public sealed class MergeModel(PageServices services) : OrganisationChangePage(services)
{
    [BindProperty]
    public string? TargetCode { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        SendAsync(date => UnitByCode(TargetCode) is { } target
            ? new MergeOrganisation(Id, ExpectedVersion, target.Id, date)
            : throw new RuleViolation("Organisation.CodeNotFound", TargetCode ?? string.Empty), null, ct);
}
