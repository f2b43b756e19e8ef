using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Web.Pages.Members;

/// <summary>Correct one field of the profile with a reason; the old value stays in the timeline.</summary>
public sealed class CorrectModel(PageServices services) : MemberChangePage(services)
{
    [BindProperty(SupportsGet = true)]
    public string Field { get; set; } = MemberProfileFields.FullName;

    [BindProperty]
    public string? NewValue { get; set; }

    /// <summary>The day the corrected value holds from; empty means today.</summary>
    [BindProperty]
    public NodaTime.LocalDate? EffectiveDate { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var early = await LoadAsync(ct);
        if (early is null && MemberProfileFields.All.Contains(Field))
        {
            NewValue ??= MemberProfileFields.Read(Member.Profile, Field);
        }

        return early ?? Page();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        SendAsync(() => new CorrectProfile(Id, ExpectedVersion, Field, NewValue, Reason ?? string.Empty, EffectiveDate), ct);
}
