using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace EventSourced.Web.Pages.Members;

/// <summary>
/// What every member procedure form shares: the member, the version the user saw, the decision
/// (number and date) and the reason, the permission check, and refusals shown on the form. Each
/// procedure's page adds its own fields and builds its own command.
/// </summary>
public abstract class MemberChangePage(PageServices services) : PageModel
{
    protected PageServices Services { get; } = services;

    protected IStringLocalizer Text => Services.Text;

    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public int ExpectedVersion { get; set; }

    [BindProperty]
    public string? DecisionNumber { get; set; }

    [BindProperty]
    public LocalDate? DecisionDate { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public Member Member { get; private set; } = new();

    public LocalDate Today { get; private set; }

    public Decision Decision => new(DecisionNumber ?? string.Empty, DecisionDate ?? Today);

    protected async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (await Services.Session.LoadAsync<Member>(Id, ct) is not { } member)
        {
            return NotFound();
        }

        if (!await Services.User.CanAsync(Permission.ChangeMembers, member.CellId, ct))
        {
            return Forbid();
        }

        Member = member;
        Today = VietnamTime.Today(Services.Clock);
        if (ExpectedVersion == 0)
        {
            ExpectedVersion = member.Version;
        }

        DecisionDate ??= Today;
        return null;
    }

    /// <summary>Sends the procedure's command; back to the member's page on success, else the form with the reason.</summary>
    protected async Task<IActionResult> SendAsync(Func<object> command, CancellationToken ct, Guid? cellToCheck = null, Guid? staleStream = null)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        var invalid = this.InputErrors(Text);
        if (invalid.Count > 0)
        {
            return await this.RefuseAsync(new Refusal(RefusalKind.Invalid, invalid), Text);
        }

        var note = new AuditNote(Reason, string.IsNullOrWhiteSpace(DecisionNumber) ? null : Decision.ToString());
        var refusal = await Services.Sender.TrySendAsync(
            command,
            Permission.ChangeMembers,
            _ => cellToCheck is { } other && other != Member.CellId ? [Member.CellId, other] : [Member.CellId],
            note,
            staleStream ?? Id,
            ct);
        if (refusal is null)
        {
            TempData["Flash"] = Text["Organisation.Saved"].Value;
            return Redirect($"/members/{Id}");
        }

        return await RefuseAsync(refusal, ct);
    }

    /// <summary>Shows the refusal; a stale form shows the record as it is now, the user's entries kept in the fields.</summary>
    protected Task<IActionResult> RefuseAsync(Refusal refusal, CancellationToken ct, Func<Task<bool>>? recordedMeanwhile = null) =>
        this.RefuseAsync(
            refusal,
            Text,
            reload: async () =>
            {
                ExpectedVersion = 0;
                await LoadAsync(ct);
            },
            recordedMeanwhile);
}
