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

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        NewMemberId = Guid.CreateVersion7();
        return await services.User.HasAnyAsync(Permission.ChangeMembers, ct) ? Page() : Forbid();
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

        try
        {
            if (!ModelState.IsValid)
            {
                throw new RuleViolation(ModelState.Values.SelectMany(v => v.Errors).First().ErrorMessage);
            }

            var tree = await services.Directory.TreeAsync(ct: ct);
            var cell = string.IsNullOrWhiteSpace(CellCode) ? null : tree.FindActiveByCode(CellCode);
            if (cell is null)
            {
                throw new RuleViolation("Organisation.CodeNotFound", CellCode ?? string.Empty);
            }

            var today = VietnamTime.Today(services.Clock);
            var profile = Profile.ToProfile();
            var decision = new Decision(DecisionNumber ?? string.Empty, DecisionDate ?? today);
            await services.Sender.SendAsync(
                new AdmitMember(NewMemberId, profile, cell.Id, decision, CeremonyDate ?? decision.Date),
                Permission.ChangeMembers,
                [cell.Id],
                new AuditNote(null, decision.ToString()),
                ct);
            TempData["Flash"] = services.Text["Admit.Done"].Value;
            return Redirect($"/members/{NewMemberId}");
        }
        catch (AccessDeniedException)
        {
            Error = services.Text["Access.Denied"];
        }
        catch (RuleViolation violation)
        {
            Error = await AdmittedMeanwhileAsync(ct) ?? await services.Text.DescribeAsync(violation, services.User, ct);
        }
        catch (Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            Error = await AdmittedMeanwhileAsync(ct) ?? services.Text["Member.AlreadyMember"].Value;
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>
    /// The same form sent twice at once (its member id is chosen when it opens): the other post
    /// admitted the member, and this one failed on the member's stream or citizen ID at commit. It is
    /// a double submit, not a second person with that ID.
    /// </summary>
    private async Task<string?> AdmittedMeanwhileAsync(CancellationToken ct) =>
        await services.Session.LoadAsync<Member>(NewMemberId, ct) is null ? null : services.Text["Member.AlreadyMember"].Value;
}
