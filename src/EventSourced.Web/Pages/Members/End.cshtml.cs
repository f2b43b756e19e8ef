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

    /// <summary>Set when opened from a reconciliation's "in the register only" item: ending the membership resolves it.</summary>
    [BindProperty(SupportsGet = true)]
    public Reconciliation.FromItem FromItem { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public Task<IActionResult> OnPostRemoveAsync(CancellationToken ct) =>
        SendFromItemAsync(() => new RemoveFromRolls(Id, ExpectedVersion, Ground, Decision, Reason), ct);

    public Task<IActionResult> OnPostExitAsync(CancellationToken ct) =>
        SendFromItemAsync(() => new RecordVoluntaryExit(Id, ExpectedVersion, Decision), ct);

    public Task<IActionResult> OnPostDeathAsync(CancellationToken ct) =>
        SendFromItemAsync(() => new RecordDeath(Id, ExpectedVersion, DateOfDeath ?? throw new Domain.Common.RuleViolation("Date.Required")), ct);

    private async Task<IActionResult> SendFromItemAsync(Func<object> procedure, CancellationToken ct)
    {
        await FromItem.LoadAsync(Services.Session, ct);
        return await SendAsync(() => FromItem.Wrap(procedure()), ct, cellToCheck: FromItem.UnitId, staleStream: FromItem.Reconciliation);
    }
}
