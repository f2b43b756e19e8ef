using EventSourced.Domain.Organisations;

namespace EventSourced.Domain.Content;

/// <summary>Which members a post is for: the owning unit and everything below it; a bulletin, its cell.</summary>
public static class PostAudience
{
    /// <summary>True when a member of <paramref name="memberCellId"/> is in the post's audience, live or not.</summary>
    public static bool Includes(Post post, Guid memberCellId, OrganisationTree tree)
    {
        if (post.Kind == PostKind.Bulletin)
        {
            return (post.LiveContent ?? post.Latest.Content).CellId == memberCellId;
        }

        return tree.IsWithin(memberCellId, post.UnitId);
    }

    /// <summary>True when the member sees the post in the app now: it is live and they are in its audience.</summary>
    public static bool Reaches(Post post, Guid memberCellId, OrganisationTree tree) =>
        post.IsLive && Includes(post, memberCellId, tree);
}
