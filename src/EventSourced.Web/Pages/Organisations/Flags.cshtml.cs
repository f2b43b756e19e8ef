using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Web.Pages.Organisations;

/// <summary>Mark or unmark a unit as pilot, commune-level or offline site.</summary>
public sealed class FlagsModel(PageServices services) : OrganisationChangePage(services)
{
    [BindProperty]
    public bool Pilot { get; set; }

    [BindProperty]
    public bool CommuneLevel { get; set; }

    [BindProperty]
    public bool OfflineSite { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var early = await LoadAsync(ct);
        (Pilot, CommuneLevel, OfflineSite) = (Unit.Flags.Pilot, Unit.Flags.CommuneLevel, Unit.Flags.OfflineSite);
        return early ?? Page();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        SendAsync(date => new ChangeOrganisationFlags(Id, ExpectedVersion, new OrganisationFlags(Pilot, CommuneLevel, OfflineSite), date), null, ct);
}
