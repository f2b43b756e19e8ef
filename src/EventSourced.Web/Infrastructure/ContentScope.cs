using EventSourced.Domain.Accounts;
using EventSourced.Domain.Content;
using Marten;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// The boards that act on a unit's content, built from the in-memory tree (the decisions load the
/// tree themselves; a page should not load eighteen thousand units per request to decide which
/// buttons to show), and the boards a user sits on.
/// </summary>
public static class ContentScope
{
    public static async Task<BoardScope> ForAsync(Guid unitId, OrganisationDirectory directory, IQuerySession session, CancellationToken ct) =>
        await ContentRules.LoadScopeAsync(session, unitId, await directory.TreeAsync(ct: ct), ct);

    /// <summary>
    /// True when the user holds a seat on a board of the scope's chain and still works on content somewhere: a seat
    /// outlives the roles it was given with (an account whose roles were all withdrawn, or only an auditor's, keeps
    /// its seat until the board removes it), and must not keep reading the board's drafts.
    /// </summary>
    public static async Task<bool> SeatedAsync(BoardScope scope, CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(user);
        var id = user.Id ?? Guid.Empty;
        return new[] { BoardRole.Author, BoardRole.Approver, BoardRole.Publisher }.Any(role => scope.Find(id, role) is not null)
            && (await user.AssignmentsAsync(ct)).Any(a => Access.Grants(a.Role, Permission.ChangeContent));
    }

    /// <summary>
    /// Who may read a post in the back office (its page, revisions, diff, files): staff who can see the
    /// owning unit, and anyone seated on a board of the unit's chain (an approver of the city board reviews a
    /// ward's post without holding a staff role over the ward).
    /// </summary>
    public static async Task<bool> CanReadAsync(Post post, CurrentUser user, OrganisationDirectory directory, IQuerySession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(user);
        if (await user.CanSeeAsync(post.UnitId, ct))
        {
            return true;
        }

        return await SeatedAsync(await ForAsync(post.UnitId, directory, session, ct), user, ct);
    }

    /// <summary>The boards <paramref name="userId"/> sits on, with the roles held on each.</summary>
    public static async Task<IReadOnlyList<(EditorialBoard Board, BoardRole Roles)>> BoardsOfAsync(Guid userId, IQuerySession session, CancellationToken ct)
    {
        // Boards number in the hundreds (one per unit that has one), so they are read whole.
        var boards = await session.Query<EditorialBoard>().ToListAsync(ct);
        return [.. boards.Select(b => (Board: b, Member: b.Find(userId))).Where(x => x.Member is not null).Select(x => (x.Board, x.Member!.Roles))];
    }
}
