using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Web.Pages.Organisations;

/// <summary>Place a unit under another parent, named by its code.</summary>
public sealed class MoveModel(PageServices services) : OrganisationChangePage(services)
{
    [BindProperty]
    public string? ParentCode { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        SendAsync(date => UnitByCode(ParentCode) is { } parent
            ? new MoveOrganisation(Id, ExpectedVersion, parent.Id, date)
            : throw new RuleViolation("Organisation.CodeNotFound", ParentCode ?? string.Empty), null, ct);
}
