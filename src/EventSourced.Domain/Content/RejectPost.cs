using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>A reviewer turns the post down for good, saying why.</summary>
public sealed record RejectPost(Guid PostId, int ExpectedVersion, int Revision, Guid ActorId, string Reason);

public static class RejectPostHandler
{
    public static PostRejected Decide(RejectPost command, Post post, BoardScope scope, Instant now)
    {
        ContentRules.NotClosed(post);
        if (post.Status is not (PostStatus.Submitted or PostStatus.Approved))
        {
            throw new RuleViolation("Content.NotInReview", post.Status);
        }

        if (post.IsLive)
        {
            // Rejection closes the whole post, and a live revision is not the reviewer's to take
            // down: they request changes to the new revision, or a publisher withdraws the post.
            throw new RuleViolation("Content.LivePostCannotBeRejected");
        }

        ContentRules.SawLatest(post, command.Revision);
        var reason = ContentRules.Reason(command.Reason);
        var reviewer = scope.Authorise(command.ActorId, BoardRole.Approver);
        return new PostRejected(post.LatestRevision, reviewer, reason, now);
    }

    public static async Task Handle(RejectPost command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await ContentRules.FetchPostAsync(session, command.PostId, command.ExpectedVersion, ct);
        var scope = await ContentRules.LoadScopeAsync(session, stream.Aggregate!.UnitId, clock, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, scope, clock.GetCurrentInstant()));
    }
}
