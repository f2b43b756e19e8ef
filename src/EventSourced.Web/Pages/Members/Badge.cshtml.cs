using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace EventSourced.Web.Pages.Members;

/// <summary>Award the next party badge on an award date; early only for grave illness.</summary>
public sealed partial class BadgeModel(PageServices services) : MemberChangePage(services)
{
    [BindProperty]
    public int Years { get; set; }

    [BindProperty]
    public LocalDate? AwardDate { get; set; }

    [BindProperty]
    public bool Early { get; set; }

    /// <summary>Badges received before the register held them, by their years ("30, 40").</summary>
    [BindProperty]
    public string? ReceivedBefore { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var early = await LoadAsync(ct);
        AwardDate ??= PartyBadges.NextAwardDate(Today);
        Years = PartyBadges.Due(Member, AwardDate.Value, early: true) ?? PartyBadges.Years.FirstOrDefault(y => !Member.Badges.Contains(y));
        return early ?? Page();
    }

    public Task<IActionResult> OnPostReceivedBeforeAsync(CancellationToken ct) =>
        SendAsync(() => new RecordBadgesReceivedBefore(Id, ExpectedVersion, [.. BadgeNumbers().Matches(ReceivedBefore ?? string.Empty).Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture))]), ct);

    [System.Text.RegularExpressions.GeneratedRegex(@"\d{1,3}")]
    private static partial System.Text.RegularExpressions.Regex BadgeNumbers();

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        SendAsync(() => new AwardPartyBadge(Id, ExpectedVersion, Years, AwardDate ?? PartyBadges.NextAwardDate(Today), Early, Decision), ct);
}
