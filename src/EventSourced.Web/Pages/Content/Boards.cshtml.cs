using EventSourced.Domain.Accounts;
using EventSourced.Domain.Content;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EventSourced.Web.Pages.Content;

/// <summary>
/// A unit's editorial board: who sits on it in which roles (author, approver, publisher; one person may
/// hold several), and how many approvals its posts need. Staff who may change the unit assign and
/// remove members; every change is an event on the board's stream.
/// </summary>
public sealed class BoardsModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, CommandSender sender, IStringLocalizer<SharedResource> text) : PageModel
{
    [FromQuery(Name = "unit")]
    public string? UnitCode { get; set; }

    [BindProperty]
    public int ExpectedVersion { get; set; }

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public Guid UserId { get; set; }

    [BindProperty]
    public List<BoardRole> Roles { get; set; } = [];

    [BindProperty]
    public string? MemberTitle { get; set; }

    [BindProperty]
    public int Steps { get; set; } = EditorialBoard.MinApprovalSteps;

    /// <summary>Why the seat or the rule changes: required, recorded with the event and shown in the history.</summary>
    [BindProperty]
    public string? Reason { get; set; }

    public OrganisationNode? Unit { get; private set; }

    public EditorialBoard? Board { get; private set; }

    public IReadOnlyList<EditorialBoard> BoardsInScope { get; private set; } = [];

    public OrganisationTree Tree { get; private set; } = null!;

    public bool CanChange { get; private set; }

    /// <summary>Every change of the board, newest first, with who made it, in which role, when and why.</summary>
    public IReadOnlyList<Domain.Common.AuditEntry> History { get; private set; } = [];

    /// <summary>A removed member's name, as the board's own history last recorded it.</summary>
    public string NameOf(Guid userId) =>
        History.Select(e => e.Data).OfType<BoardMemberAssigned>().FirstOrDefault(a => a.UserId == userId)?.UserName ?? "?";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAssignAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        // Only someone who may change the board learns whether a username exists.
        if (!CanChange)
        {
            return Forbid();
        }

        var username = UserAccount.NormaliseUsername(Username ?? string.Empty);
        var account = username.Length == 0 ? null : await session.Query<UserAccount>().FirstOrDefaultAsync(u => u.Username == username, ct);
        if (account is null)
        {
            return Refused(text.Invalid("Content.UserNotFound", null));
        }

        var roles = Roles.Aggregate(BoardRole.None, (all, r) => all | r);
        return await SendAsync(() => new AssignBoardMember(Unit!.Id, ExpectedVersion, account.Id, roles, MemberTitle) { ActorId = Actor, Reason = Reason }, ct);
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct) =>
        await LoadAsync(ct) ?? await SendAsync(() => new RemoveBoardMember(Unit!.Id, ExpectedVersion, UserId) { ActorId = Actor, Reason = Reason }, ct);

    public async Task<IActionResult> OnPostStepsAsync(CancellationToken ct) =>
        await LoadAsync(ct) ?? await SendAsync(() => new SetApprovalSteps(Unit!.Id, ExpectedVersion, Steps) { ActorId = Actor, Reason = Reason }, ct);

    private Guid Actor => user.Id ?? Guid.Empty;

    private async Task<IActionResult> SendAsync(Func<object> command, CancellationToken ct)
    {
        var refusal = await sender.TrySendAsync(command, Permission.ChangeOrganisation, _ => [Unit!.Id], new AuditNote(Reason, null), EditorialBoard.StreamIdFor(Unit!.Id), ct);
        if (refusal is null)
        {
            TempData["Flash"] = text["Organisation.Saved"].Value;
            return Redirect($"/content/boards?unit={Uri.EscapeDataString(Unit.Code)}");
        }

        await LoadAsync(ct);
        return Refused(refusal);
    }

    private PageResult Refused(Refusal refusal) => this.Refuse(refusal);

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        Tree = await directory.TreeAsync(ct: ct);
        var roots = await user.ScopeRootsAsync(ct);
        Unit = string.IsNullOrWhiteSpace(UnitCode) ? (roots.Count > 0 ? Tree.Find(roots[0]) : null) : Tree.FindActiveByCode(UnitCode.Trim());
        if (Unit is null)
        {
            return NotFound();
        }

        if (!await user.CanSeeAsync(Unit.Id, ct))
        {
            return Forbid();
        }

        Board = await session.LoadAsync<EditorialBoard>(EditorialBoard.StreamIdFor(Unit.Id), ct);
        var all = await session.Query<EditorialBoard>().ToListAsync(ct);
        BoardsInScope = [.. all.Where(b => roots.Any(r => b.UnitId == r || Tree.IsWithin(b.UnitId, r))).OrderBy(b => Tree.Find(b.UnitId)?.Code, StringComparer.Ordinal)];
        CanChange = await user.CanAsync(Permission.ChangeOrganisation, Unit.Id, ct);
        History = Board is null
            ? []
            : [.. (await session.Events.FetchStreamAsync(Board.Id, token: ct)).Select(Domain.Common.AuditEntry.From).OrderByDescending(e => e.Version)];
        if (HttpMethods.IsGet(Request.Method))
        {
            ExpectedVersion = Board?.Version ?? 0;
            Steps = Board?.ApprovalSteps ?? EditorialBoard.MinApprovalSteps;
        }

        return null;
    }
}
