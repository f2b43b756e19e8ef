using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Transfers;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Pages.Members;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace EventSourced.Web.Pages.Transfers;

/// <summary>
/// A member arrives from another province with an introduction letter: the receiving cell records
/// the member from the file (keeping the original admission, ceremony, official date and card) and
/// the transfer, received the same day. Both ids are chosen when the form is shown, so sending it
/// twice records one arrival.
/// </summary>
public sealed class ArrivalModel(PageServices services) : PageModel
{
    [BindProperty]
    public Guid TransferId { get; set; }

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

    [BindProperty]
    public LocalDate? OfficialDate { get; set; }

    [BindProperty]
    public string? CardNumber { get; set; }

    [BindProperty]
    public string? FromOrganisation { get; set; }

    [BindProperty]
    public string? FromProvince { get; set; }

    [BindProperty]
    public string? LetterNumber { get; set; }

    [BindProperty]
    public LocalDate? LetterDate { get; set; }

    [BindProperty]
    public LocalDate? ReceivedOn { get; set; }

    /// <summary>Set when opened from a reconciliation's "on the roll only" item: the form starts from its roll row.</summary>
    [BindProperty(SupportsGet = true)]
    public Reconciliation.FromItem FromItem { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        TransferId = Guid.CreateVersion7();
        NewMemberId = Guid.CreateVersion7();
        ReceivedOn = VietnamTime.Today(services.Clock);
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
            CardNumber ??= roll.CardNumber;
            CeremonyDate ??= roll.AdmissionDate;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await services.User.HasAnyAsync(Permission.ChangeMembers, ct))
        {
            return Forbid();
        }

        TransferId = TransferId == Guid.Empty ? Guid.CreateVersion7() : TransferId;
        NewMemberId = NewMemberId == Guid.Empty ? Guid.CreateVersion7() : NewMemberId;
        var invalid = this.InputErrors(services.Text);
        var cell = await services.ActiveUnitAsync(CellCode, nameof(CellCode), invalid, ct);

        if (invalid.Count > 0 || cell is null)
        {
            return await this.RefuseAsync(new Refusal(RefusalKind.Invalid, invalid), services.Text);
        }

        var today = VietnamTime.Today(services.Clock);
        var admission = new Decision(DecisionNumber ?? string.Empty, DecisionDate ?? today);
        var letterDate = LetterDate ?? today;
        await FromItem.LoadAsync(services.Session, ct);
        var refusal = await services.Sender.TrySendAsync(
            () => FromItem.Wrap(new ReceiveFromOutside(
                TransferId,
                NewMemberId,
                Profile.ToProfile(),
                cell.Id,
                admission,
                CeremonyDate ?? admission.Date,
                OfficialDate,
                CardNumber,
                FromOrganisation ?? string.Empty,
                FromProvince ?? string.Empty,
                LetterNumber ?? string.Empty,
                letterDate,
                ReceivedOn ?? today)),
            Permission.ChangeMembers,
            _ => FromItem.UnitId is { } unit ? [cell.Id, unit] : [cell.Id],
            new AuditNote(null, $"{LetterNumber} ({Messages.DisplayDate(letterDate)})"),
            FromItem.Reconciliation ?? TransferId,
            ct);
        if (refusal is null)
        {
            TempData["Flash"] = services.Text["Arrival.Done"].Value;
            return Redirect($"/transfers/{TransferId}");
        }

        // The same form sent twice at once (both ids are chosen when it opens): the other post recorded
        // the arrival, and this one failed on its streams or its citizen ID or card at commit. A member
        // coming back keeps their old record, so the transfer tells that one apart.
        return await this.RefuseAsync(
            refusal,
            services.Text,
            recordedMeanwhile: async () => await services.Session.LoadAsync<Member>(NewMemberId, ct) is not null
                || await services.Session.LoadAsync<Domain.Transfers.Transfer>(TransferId, ct) is not null);
    }
}
