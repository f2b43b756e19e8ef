using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventSourced.Web.Pages.Members;

/// <summary>
/// Rescind an entry of the member's timeline recorded in error, and the member's rescissions waiting
/// for a second person: confirm (another user) or withdraw. Whether a second person is needed is the
/// domain's (<see cref="Rescissions.NeedsSecondPerson"/>).
/// </summary>
public sealed class RescindModel(PageServices services) : MemberChangePage(services)
{
    [BindProperty(SupportsGet = true)]
    public int Entry { get; set; }

    /// <summary>Chosen when the form opens, so a proposal sent twice is one proposal.</summary>
    [BindProperty]
    public Guid ProposalId { get; set; }

    public OrganisationTree Tree { get; private set; } = null!;

    public Guid? UserId { get; private set; }

    public MemberEntry? Target => MemberHistory.Entry(Member, Entry);

    public bool Offered => Rescissions.Offered(Member, Entry);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        if (ProposalId == Guid.Empty)
        {
            ProposalId = Guid.NewGuid();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (id, name) = await ActorAsync(ct);
        return await SendAsync(() => new RescindEntry(Id, ExpectedVersion, ProposalId, Entry, Decision, Reason ?? string.Empty, id, name), ct);
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        var (id, name) = await ActorAsync(ct);
        return await SendAsync(() => new ConfirmRescission(Id, ExpectedVersion, ProposalId, id, name), ct);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct)
    {
        var (id, name) = await ActorAsync(ct);
        return await SendAsync(() => new WithdrawRescission(Id, ExpectedVersion, ProposalId, id, name), ct);
    }

    public string Describe(IMemberEvent e) => MemberEventText.Describe(Text, e, id => id is { } v ? Tree.Find(v)?.Name ?? "—" : "—");

    public override async Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context, Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var executed = await next();
        // A refused form is shown again: it needs the tree and the user like the first showing.
        if (executed.Result is PageResult)
        {
            await LoadPageAsync(HttpContext.RequestAborted);
        }
    }

    private async Task LoadPageAsync(CancellationToken ct)
    {
        Tree = await Services.Directory.TreeAsync(ct: ct);
        UserId = Services.User.Id;
    }

    private async Task<(Guid Id, string Name)> ActorAsync(CancellationToken ct)
    {
        var account = await Services.User.AccountAsync(ct);
        return (account?.Id ?? Guid.Empty, account?.DisplayName ?? string.Empty);
    }
}
