using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>A reviewer sends the submitted revision back to its authors, saying why.</summary>
public sealed record RequestChanges(Guid PostId, int ExpectedVersion, int Revision, Guid ActorId, string Reason);

public static class RequestChangesHandler
{
    public static PostChangesRequested Decide(RequestChanges command, Post post, BoardScope scope, Instant now)
    {
        ContentRules.NotClosed(post);
        // An approved post not yet published can still be sent back: a late catch is better than
        // publishing a known mistake.
        if (post.Status is not (PostStatus.Submitted or PostStatus.Approved))
        {
            throw new RuleViolation("Content.NotInReview", post.Status);
        }

        ContentRules.SawLatest(post, command.Revision);
        var reason = ContentRules.Reason(command.Reason);
        var reviewer = scope.Authorise(command.ActorId, BoardRole.Approver);
        return new PostChangesRequested(post.LatestRevision, reviewer, reason, now);
    }

    public static async Task Handle(RequestChanges command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await ContentRules.FetchPostAsync(session, command.PostId, command.ExpectedVersion, ct);
        var scope = await ContentRules.LoadScopeAsync(session, stream.Aggregate!.UnitId, clock, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, scope, clock.GetCurrentInstant()));
    }
}
