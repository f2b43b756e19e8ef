using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>
/// An approver of the owning unit's board, or of a board above it, approves the revision they saw:
/// the next step of the round, the last one making the post approved.
/// </summary>
public sealed record ApprovePost(Guid PostId, int ExpectedVersion, int Revision, Guid ActorId, string? Comment = null);

public static class ApprovePostHandler
{
    // tiedToActor: the authors and earlier approvers of this round whose accounts are tied to the approver's (AccountControl).
    public static PostApproved Decide(ApprovePost command, Post post, BoardScope scope, Instant now, IReadOnlySet<Guid>? tiedToActor = null)
    {
        ContentRules.NotClosed(post);
        if (post.Status != PostStatus.Submitted)
        {
            throw new RuleViolation("Content.NotInReview", post.Status);
        }

        ContentRules.SawLatest(post, command.Revision);
        var approver = scope.Authorise(command.ActorId, BoardRole.Approver);
        ContentRules.NotAnAuthorOf(post, command.ActorId, "Content.AuthorCannotApprove");
        // Several steps mean several pairs of eyes.
        if (post.Approvals.Any(a => a.By.UserId == command.ActorId))
        {
            throw new RuleViolation("Content.AlreadyApprovedThisRound");
        }

        AccountControl.MustNotBeTied(post.AuthorIds.Concat(post.Approvals.Select(a => a.By.UserId)), tiedToActor);

        return new PostApproved(post.LatestRevision, post.Approvals.Count + 1, approver, ContentRules.Comment(command.Comment), now);
    }

    public static async Task Handle(ApprovePost command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await ContentRules.FetchPostAsync(session, command.PostId, command.ExpectedVersion, ct);
        var scope = await ContentRules.LoadScopeAsync(session, stream.Aggregate!.UnitId, clock, ct);
        var post = stream.Aggregate!;
        var tied = await AccountControl.TiedAsync(session, command.ActorId, post.AuthorIds.Concat(post.Approvals.Select(a => a.By.UserId)), ct);
        stream.AppendOne(Decide(command, post, scope, clock.GetCurrentInstant(), tied));
    }
}
