using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Web.Pages.Members;

/// <summary>End of probation: recognise as official, or remove a member the cell did not recognise.</summary>
public sealed class ProbationModel(PageServices services) : MemberChangePage(services)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public Task<IActionResult> OnPostRecogniseAsync(CancellationToken ct) =>
        SendAsync(() => new RecogniseOfficial(Id, ExpectedVersion, Decision), ct);

    public Task<IActionResult> OnPostRemoveAsync(CancellationToken ct) =>
        SendAsync(() => new RemoveUnrecognisedProbationary(Id, ExpectedVersion, Decision, Reason ?? string.Empty), ct);
}
