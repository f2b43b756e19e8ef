using EventSourced.Domain.Accounts;
using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventSourced.Web.Pages.Members;

/// <summary>
/// Rescissions proposed in the user's scope and waiting for a second person, oldest first: the
/// checker's worklist. Only members the user may change are listed; the user's own proposals are
/// listed too, to be withdrawn, but cannot be confirmed by them.
/// </summary>
public sealed class RescissionsModel(CurrentUser user, IQuerySession session) : PageModel
{
    public IReadOnlyList<(Member Member, RescissionProposal Proposal)> Pending { get; private set; } = [];

    public Guid? UserId { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await user.HasAnyAsync(Permission.ChangeMembers, ct))
        {
            return Forbid();
        }

        UserId = user.Id;
        var members = await session.Query<Member>().Where(m => m.PendingRescissions.Any()).ToListAsync(ct);
        var pending = new List<(Member, RescissionProposal)>();
        foreach (var member in members)
        {
            if (await user.CanAsync(Permission.ChangeMembers, member.CellId, ct))
            {
                pending.AddRange(member.PendingRescissions.Select(p => (member, p)));
            }
        }

        Pending = [.. pending.OrderBy(p => p.Item2.ProposedOn)];
        return Page();
    }
}
