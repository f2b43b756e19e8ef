using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>
/// An author saves a new revision. An approved post goes back to draft (its approvals were for the old
/// content); a published one keeps its live revision up while the new one is reviewed.
/// </summary>
public sealed record RevisePost(Guid PostId, int ExpectedVersion, Guid ActorId, PostContent Content);

public static class RevisePostHandler
{
    public static PostRevised Decide(RevisePost command, Post post, BoardScope scope, Instant now)
    {
        ContentRules.NotClosed(post);
        if (post.Status == PostStatus.Submitted)
        {
            // Reviewers would approve content that changed under them; the author asks for the post
            // back (a reviewer requests changes) and revises then.
            throw new RuleViolation("Content.SubmittedLocked");
        }

        if (command.Content.Kind != post.Kind)
        {
            throw new RuleViolation("Content.KindCannotChange", post.Kind);
        }

        var author = scope.Authorise(command.ActorId, BoardRole.Author);
        var content = PostContentRules.Validate(command.Content, scope, now.InZone(VietnamTime.Zone).Date);
        return new PostRevised(post.LatestRevision + 1, content, author, now);
    }

    public static async Task Handle(RevisePost command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await ContentRules.FetchPostAsync(session, command.PostId, command.ExpectedVersion, ct);
        var scope = await ContentRules.LoadScopeAsync(session, stream.Aggregate!.UnitId, clock, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, scope, clock.GetCurrentInstant()));
    }
}
