using EventSourced.Domain.Accounts;
using EventSourced.Domain.Members;
using EventSourced.Domain.Members.RecordReviews;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventSourced.Web.Pages.Members;

/// <summary>
/// Differences members reported on their own record through the app, open and in the user's scope,
/// oldest first, the member's value beside the register's: accept (the correction the field's
/// procedure records, its reason naming the report) or reject with a reason the member reads.
/// </summary>
public sealed class RecordReportsModel(CurrentUser user, IQuerySession session, CommandSender sender, OrganisationDirectory directory) : PageModel
{
    [BindProperty]
    public Guid MemberId { get; set; }

    [BindProperty]
    public Guid ReportId { get; set; }

    [BindProperty]
    public int ExpectedVersion { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public IReadOnlyList<OpenRecordReport> Open { get; private set; } = [];

    public OrganisationTree Tree { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await user.HasAnyAsync(Permission.ChangeMembers, ct))
        {
            return Forbid();
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The timeline shows the correction with the reason that names the report.</summary>
    public Task<IActionResult> OnPostAcceptAsync(CancellationToken ct) =>
        SendAsync(member => new AcceptDifference(member.Id, ExpectedVersion, ReportId, Reason ?? string.Empty), AcceptReason(), ct);

    private string? AcceptReason()
    {
        try
        {
            return AcceptDifferenceHandler.Reason(Reason, ReportId);
        }
        catch (Domain.Common.RuleViolation)
        {
            // Blank or too long: the command refuses it with the same rule, and nothing is recorded.
            return null;
        }
    }

    public Task<IActionResult> OnPostRejectAsync(CancellationToken ct) =>
        SendAsync(member => new RejectDifference(member.Id, ReportId, Reason ?? string.Empty), Reason, ct);

    private async Task<IActionResult> SendAsync(Func<Member, object> command, string? reason, CancellationToken ct)
    {
        if (await session.LoadAsync<Member>(MemberId, ct) is not { } member)
        {
            return NotFound();
        }

        var refusal = await sender.TrySendAsync(() => command(member), Permission.ChangeMembers, _ => [member.CellId], new AuditNote(reason, null), member.Id, ct);
        if (refusal is null)
        {
            return Redirect("/members/record-reports");
        }

        await LoadAsync(ct);
        return this.Refuse(refusal);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Tree = await directory.TreeAsync(ct: ct);
        Open = await OpenRecordReports.LoadAsync(session, await user.CellsInScopeAsync(null, Permission.ChangeMembers, ct), ct);
    }

    /// <summary>The register's value as staff read it: the cell by name rather than by id.</summary>
    public string Shown(RecordField field, string? value) =>
        field == RecordField.Cell && Guid.TryParse(value, out var cell) ? Tree.Find(cell)?.Name ?? "—" : value ?? "—";
}
