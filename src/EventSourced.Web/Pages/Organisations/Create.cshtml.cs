using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Web.Pages.Organisations;

/// <summary>Found a new unit under this one.</summary>
public sealed class CreateModel(PageServices services) : OrganisationChangePage(services)
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public OrganisationKind Kind { get; set; } = OrganisationKind.Cell;

    [BindProperty]
    public bool Pilot { get; set; }

    [BindProperty]
    public bool CommuneLevel { get; set; }

    [BindProperty]
    public bool OfflineSite { get; set; }

    /// <summary>Chosen once when the form is first shown, so a double submit cannot found two units.</summary>
    [BindProperty]
    public Guid NewOrganisationId { get; set; }

    /// <summary>The kinds that may stand under this unit, for the select.</summary>
    public IReadOnlyList<OrganisationKind> AllowedKinds => Unit.Kind switch
    {
        OrganisationKind.CityCommittee => [OrganisationKind.DirectlySubordinateCommittee, OrganisationKind.GrassrootsCommittee, OrganisationKind.GrassrootsCell],
        OrganisationKind.DirectlySubordinateCommittee => [OrganisationKind.GrassrootsCommittee, OrganisationKind.GrassrootsCell],
        OrganisationKind.GrassrootsCommittee => [OrganisationKind.Cell, OrganisationKind.SubCommittee],
        OrganisationKind.SubCommittee => [OrganisationKind.Cell],
        _ => [],
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        NewOrganisationId = Guid.CreateVersion7();
        var early = await LoadAsync(ct);
        if (early is null && AllowedKinds.Count > 0)
        {
            Kind = AllowedKinds[0];
        }

        return early ?? Page();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (NewOrganisationId == Guid.Empty)
        {
            NewOrganisationId = Guid.CreateVersion7();
        }

        return SendAsync(
            date => new CreateOrganisation(NewOrganisationId, Code ?? string.Empty, Name ?? string.Empty, Kind, Id, new OrganisationFlags(Pilot, CommuneLevel, OfflineSite), date),
            NewOrganisationId,
            ct);
    }
}
