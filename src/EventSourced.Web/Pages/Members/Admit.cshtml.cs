using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace EventSourced.Web.Pages.Members;

/// <summary>Admit a new member into a cell: the profile from the CV, the decision and the ceremony.</summary>
public sealed class AdmitModel(PageServices services) : PageModel
{
    [BindProperty]
    public Guid NewMemberId { get; set; }

    /// <summary>Bound from the plain field names (FullName, Sex, ...): MVC falls back to no prefix.</summary>
    [BindProperty]
    public ProfileInput Profile { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? CellCode { get; set; }

    [BindProperty]
    public string? DecisionNumber { get; set; }

    [BindProperty]
    public LocalDate? DecisionDate { get; set; }

    [BindProperty]
    public LocalDate? CeremonyDate { get; set; }

    /// <summary>Set when opened from a reconciliation's "on the roll only" item: the form starts from its roll row.</summary>
    [BindProperty(SupportsGet = true)]
    public Reconciliation.FromItem FromItem { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        NewMemberId = Guid.CreateVersion7();
        if (!await services.User.HasAnyAsync(Permission.ChangeMembers, ct))
        {
            return Forbid();
        }

        var item = await FromItem.LoadAsync(services.Session, ct);
        if (!await FromItem.MayOpenAsync(services.User, ct))
        {
            return Forbid();
        }

        if (item is { Roll: { } roll })
        {
            Profile.FromRoll(roll);
            CellCode ??= roll.Cell;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await services.User.HasAnyAsync(Permission.ChangeMembers, ct))
        {
            return Forbid();
        }

        if (NewMemberId == Guid.Empty)
        {
            NewMemberId = Guid.CreateVersion7();
        }

        var invalid = this.InputErrors(services.Text);
        var cell = await services.ActiveUnitAsync(CellCode, nameof(CellCode), invalid, ct);

        if (invalid.Count > 0 || cell is null)
        {
            return await this.RefuseAsync(new Refusal(RefusalKind.Invalid, invalid), services.Text);
        }

        var today = VietnamTime.Today(services.Clock);
        var decision = new Decision(DecisionNumber ?? string.Empty, DecisionDate ?? today);
        await FromItem.LoadAsync(services.Session, ct);
        var refusal = await services.Sender.TrySendAsync(
            () => FromItem.Wrap(new AdmitMember(NewMemberId, Profile.ToProfile(), cell.Id, decision, CeremonyDate ?? decision.Date)),
            Permission.ChangeMembers,
            _ => FromItem.UnitId is { } unit ? [cell.Id, unit] : [cell.Id],
            new AuditNote(null, decision.ToString()),
            FromItem.Reconciliation ?? NewMemberId,
            ct);
        if (refusal is null)
        {
            TempData["Flash"] = services.Text["Admit.Done"].Value;
            return Redirect($"/members/{NewMemberId}");
        }

        // The same form sent twice at once (its member id is chosen when it opens): the other post
        // admitted the member, and this one failed on the member's stream or citizen ID at commit.
        return await this.RefuseAsync(refusal, services.Text, recordedMeanwhile: async () => await services.Session.LoadAsync<Member>(NewMemberId, ct) is not null);
    }
}
