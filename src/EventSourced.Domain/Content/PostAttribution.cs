using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>One credited decision: who, in which role and position, from which body, when.</summary>
public sealed record AttributedDecision(string Name, BoardRole Role, string? Title, string BodyName, Instant At);

/// <summary>
/// The line a live post carries ("the person and the body that approved and published it"): every
/// approval step of the live revision's round, in order, and the publication.
/// </summary>
public sealed record PostAttribution(int Revision, IReadOnlyList<AttributedDecision> ApprovedBy, AttributedDecision PublishedBy)
{
    /// <summary>The attribution of what members see, or null when nothing is live.</summary>
    public static PostAttribution? For(Post post) =>
        post.Live is not { } live
            ? null
            : new PostAttribution(
                live.Revision,
                live.Approvals.OrderBy(a => a.Step).Select(a => Credit(a.By, a.At)).ToList(),
                Credit(live.By, live.At));

    private static AttributedDecision Credit(ContentActor by, Instant at) => new(by.Name, by.Role, by.Title, by.BodyName, at);
}
