using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Web.Pages.Members;

/// <summary>Impose a discipline, or annul one found wrong.</summary>
public sealed class DisciplineModel(PageServices services) : MemberChangePage(services)
{
    [BindProperty]
    public DisciplineKind Kind { get; set; }

    [BindProperty]
    public Guid DisciplineId { get; set; }

    /// <summary>What a member of this status may be given: probationary members only the first two.</summary>
    public IReadOnlyList<DisciplineKind> AllowedKinds => Member.Status == MembershipStatus.Probationary
        ? [DisciplineKind.Reprimand, DisciplineKind.Warning]
        : Enum.GetValues<DisciplineKind>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        DisciplineId = Guid.CreateVersion7();
        return await LoadAsync(ct) ?? Page();
    }

    public Task<IActionResult> OnPostImposeAsync(CancellationToken ct) =>
        SendAsync(() => new DisciplineMember(Id, ExpectedVersion, DisciplineId == Guid.Empty ? Guid.CreateVersion7() : DisciplineId, Kind, Decision, Reason ?? string.Empty), ct);

    public Task<IActionResult> OnPostAnnulAsync(CancellationToken ct) =>
        SendAsync(() => new AnnulDiscipline(Id, ExpectedVersion, DisciplineId, Decision, Reason ?? string.Empty), ct);
}
