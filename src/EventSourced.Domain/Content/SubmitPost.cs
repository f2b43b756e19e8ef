using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>An author submits the revision they saw for review.</summary>
public sealed record SubmitPost(Guid PostId, int ExpectedVersion, int Revision, Guid ActorId, string? Comment = null);

public static class SubmitPostHandler
{
    public static PostSubmitted Decide(SubmitPost command, Post post, BoardScope scope, Instant now)
    {
        ContentRules.NotClosed(post);
        // A withdrawn post may go back up after a fresh review, revised or not.
        if (post.Status is not (PostStatus.Draft or PostStatus.ChangesRequested or PostStatus.Withdrawn))
        {
            throw new RuleViolation("Content.NotSubmittable", post.Status);
        }

        ContentRules.SawLatest(post, command.Revision);
        var author = scope.Authorise(command.ActorId, BoardRole.Author);
        // The number of steps is fixed now: a board changing its rule must not approve or block a
        // post already under review.
        return new PostSubmitted(post.LatestRevision, scope.ApprovalSteps, author, ContentRules.Comment(command.Comment), now, Bulletins.OnTime(post, now));
    }

    public static async Task Handle(SubmitPost command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await ContentRules.FetchPostAsync(session, command.PostId, command.ExpectedVersion, ct);
        var scope = await ContentRules.LoadScopeAsync(session, stream.Aggregate!.UnitId, clock, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, scope, clock.GetCurrentInstant()));
    }
}
