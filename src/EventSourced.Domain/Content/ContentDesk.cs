using EventSourced.Domain.Organisations;
using Marten;

namespace EventSourced.Domain.Content;

/// <summary>
/// The work on a user's editorial desk: their drafts and posts sent back (newest first), and the
/// posts waiting for a review or a publication they may give (the longest waiting first), with every
/// post in review or approved that the desk was read over. The desk page and the home page's card
/// both read it, so their counts agree.
/// </summary>
public sealed record ContentDesk(
    IReadOnlyList<Post> MyDrafts,
    IReadOnlyList<Post> ToReview,
    IReadOnlyList<Post> ToPublish,
    IReadOnlyList<Post> Pending,
    bool OnAnyBoard)
{
    /// <summary>The desk of <paramref name="me"/>, of posts of one <paramref name="kind"/> when given, and of the pending posts <paramref name="within"/> accepts (a unit filter) when given.</summary>
    public static async Task<ContentDesk> LoadAsync(IQuerySession session, OrganisationTree tree, Guid me, PostKind? kind, Func<Post, bool>? within, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(tree);

        // Boards number in the hundreds (one per unit that has one), so they are read whole.
        var boards = await session.Query<EditorialBoard>().ToListAsync(ct);
        var onAnyBoard = boards.Any(b => b.Find(me) is not null);
        PostActions ActionsOn(Post p) => PostActions.For(p, BoardScope.For(p.UnitId, tree, boards), me);

        var mine = await session.Query<Post>().Where(p => p.AuthorIds.Contains(me)).ToListAsync(ct);
        IReadOnlyList<Post> drafts = [.. mine.Where(p => p.Status is PostStatus.Draft or PostStatus.ChangesRequested or PostStatus.Withdrawn && (kind is null || p.Kind == kind)).OrderByDescending(p => p.UpdatedAt)];

        // Posts in review or approved are few at any time; who may act on each is the decision's rule.
        var pending = await session.Query<Post>().Where(p => p.Status == PostStatus.Submitted || p.Status == PostStatus.Approved).ToListAsync(ct);
        var visible = pending.Where(p => tree.Find(p.UnitId) is not null && (kind is null || p.Kind == kind) && (within is null || within(p))).ToList();
        IReadOnlyList<Post> toReview = [.. visible.Where(p => p.Status == PostStatus.Submitted && ActionsOn(p).Review).OrderBy(p => p.UpdatedAt)];
        IReadOnlyList<Post> toPublish = [.. visible.Where(p => p.Status == PostStatus.Approved && ActionsOn(p).Publish).OrderBy(p => p.UpdatedAt)];
        return new ContentDesk(drafts, toReview, toPublish, [.. visible.OrderBy(p => p.UpdatedAt)], onAnyBoard);
    }
}
