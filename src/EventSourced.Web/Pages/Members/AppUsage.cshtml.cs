using EventSourced.Domain.Common;
using EventSourced.Domain.Installs;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace EventSourced.Web.Pages.Members;

/// <summary>
/// The member's use of the handbook app as staff see it: installed or not, the latest reports from
/// their phones, and the three things staff record by hand: an install the youth volunteers helped
/// with, "not eligible" with its reason, and undoing that.
/// </summary>
public sealed class AppUsageModel(PageServices services) : MemberChangePage(services)
{
    /// <summary>Reports listed on the page; the rest stay in the event log.</summary>
    public const int ReportsShown = 20;

    [BindProperty]
    public int UsageVersion { get; set; } = -1;

    /// <summary>Fixed when the form is shown, so a form sent twice records the install once.</summary>
    [BindProperty]
    public Guid InstallEventId { get; set; }

    [BindProperty]
    public LocalDate? On { get; set; }

    [BindProperty]
    public string? DeviceNote { get; set; }

    public MemberAppUsage Usage { get; private set; } = new();

    public bool InstalledToday { get; private set; }

    public bool ActiveToday { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadUsageAsync(ct) ?? Page();

    public Task<IActionResult> OnPostInstallAsync(CancellationToken ct) =>
        SendUsageAsync(() => new RecordInstallByStaff(Id, InstallEventId, On ?? Today, DeviceNote), ct);

    public Task<IActionResult> OnPostNotEligibleAsync(CancellationToken ct) =>
        SendUsageAsync(() => new MarkNotEligible(Id, UsageVersion, Reason ?? string.Empty, On ?? Today), ct);

    public Task<IActionResult> OnPostRestoreAsync(CancellationToken ct) =>
        SendUsageAsync(() => new RestoreEligibility(Id, UsageVersion, On ?? Today), ct);

    private async Task<IActionResult?> LoadUsageAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        Usage = await Services.Session.LoadAsync<MemberAppUsage>(MemberAppUsage.StreamIdFor(Id), ct) ?? MemberAppUsage.For(Id);
        if (UsageVersion < 0)
        {
            UsageVersion = Usage.Version;
        }

        if (InstallEventId == Guid.Empty)
        {
            InstallEventId = Guid.NewGuid();
        }

        On ??= Today;
        InstalledToday = Usage.InstalledOn(Today, VietnamTime.Zone);
        ActiveToday = Usage.ActiveInLast30Days(Today, VietnamTime.Zone);
        return null;
    }

    private async Task<IActionResult> SendUsageAsync(Func<object> command, CancellationToken ct)
    {
        var result = await SendAsync(command, ct, staleStream: MemberAppUsage.StreamIdFor(Id));
        if (result is RedirectResult)
        {
            return Redirect($"/members/{Id}/app-usage");
        }

        // Refused: the page shows the usage as it is now (after a stale form, with the version to act on).
        UsageVersion = -1;
        await LoadUsageAsync(ct);
        return result;
    }
}
