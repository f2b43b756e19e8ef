using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Web.Pages.Organisations;

/// <summary>Rename a unit or change its code from a date.</summary>
public sealed class RenameModel(PageServices services) : OrganisationChangePage(services)
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var early = await LoadAsync(ct);
        Code ??= Unit.Code;
        Name ??= Unit.Name;
        return early ?? Page();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        SendAsync(date => new RenameOrganisation(Id, ExpectedVersion, Code ?? string.Empty, Name ?? string.Empty, date), null, ct);
}
