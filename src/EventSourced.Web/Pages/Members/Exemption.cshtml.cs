using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace EventSourced.Web.Pages.Members;

/// <summary>Exempt a member from work and activities, or end the exemption.</summary>
public sealed class ExemptionModel(PageServices services) : MemberChangePage(services)
{
    [BindProperty]
    public LocalDate? EffectiveDate { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public Task<IActionResult> OnPostExemptAsync(CancellationToken ct) =>
        SendAsync(() => new ExemptMember(Id, ExpectedVersion, Decision, Reason ?? string.Empty, EffectiveDate ?? Decision.Date), ct);

    public Task<IActionResult> OnPostEndAsync(CancellationToken ct) =>
        SendAsync(() => new EndExemption(Id, ExpectedVersion, Decision, EffectiveDate ?? Decision.Date), ct);
}
