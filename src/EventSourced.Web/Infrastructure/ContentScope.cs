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

    /// <summary>True when <paramref name="userId"/> holds any role on a board of the scope's chain.</summary>
    public static bool OnBoard(BoardScope scope, Guid userId)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new[] { BoardRole.Author, BoardRole.Approver, BoardRole.Publisher }.Any(role => scope.Find(userId, role) is not null);
    }

    /// <summary>
    /// Who may read a post in the back office (its page, revisions, diff, files): staff who can see the
    /// owning unit, and anyone on a board of the unit's chain (an approver of the city board reviews a
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

        return OnBoard(await ForAsync(post.UnitId, directory, session, ct), user.Id ?? Guid.Empty);
    }

    /// <summary>The boards <paramref name="userId"/> sits on, with the roles held on each.</summary>
    public static async Task<IReadOnlyList<(EditorialBoard Board, BoardRole Roles)>> BoardsOfAsync(Guid userId, IQuerySession session, CancellationToken ct)
    {
        // Boards number in the hundreds (one per unit that has one), so they are read whole.
        var boards = await session.Query<EditorialBoard>().ToListAsync(ct);
        return [.. boards.Select(b => (Board: b, Member: b.Find(userId))).Where(x => x.Member is not null).Select(x => (x.Board, x.Member!.Roles))];
    }
}
