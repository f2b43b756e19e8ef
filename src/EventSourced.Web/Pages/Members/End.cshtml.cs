using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace EventSourced.Web.Pages.Members;

/// <summary>The ends of membership: removal from the rolls on a ground, voluntary exit, death.</summary>
public sealed class EndModel(PageServices services) : MemberChangePage(services)
{
    [BindProperty]
    public RemovalGround Ground { get; set; } = RemovalGround.AbandonedActivityOrUnpaidDues;

    [BindProperty]
    public LocalDate? DateOfDeath { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public Task<IActionResult> OnPostRemoveAsync(CancellationToken ct) =>
        SendAsync(() => new RemoveFromRolls(Id, ExpectedVersion, Ground, Decision, Reason), ct);

    public Task<IActionResult> OnPostExitAsync(CancellationToken ct) =>
        SendAsync(() => new RecordVoluntaryExit(Id, ExpectedVersion, Decision), ct);

    public Task<IActionResult> OnPostDeathAsync(CancellationToken ct) =>
        SendAsync(() => new RecordDeath(Id, ExpectedVersion, DateOfDeath ?? throw new Domain.Common.RuleViolation("Date.Required")), ct);
}
