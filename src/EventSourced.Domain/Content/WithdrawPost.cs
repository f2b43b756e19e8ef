using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>A publisher takes the live post down now, saying why. <paramref name="Revision"/> is the live revision they saw.</summary>
public sealed record WithdrawPost(Guid PostId, int ExpectedVersion, int Revision, Guid ActorId, string Reason);

public static class WithdrawPostHandler
{
    public static PostWithdrawn Decide(WithdrawPost command, Post post, BoardScope scope, Instant now)
    {
        var (live, publisher) = AuthoriseWithdrawal(post, command.Revision, command.ActorId, scope);
        return new PostWithdrawn(live, publisher, ContentRules.Reason(command.Reason), now);
    }

    /// <summary>Who may take the post down: a publisher of the chain, while the revision they saw is live.</summary>
    internal static (int Live, ContentActor Publisher) AuthoriseWithdrawal(Post post, int revision, Guid actorId, BoardScope scope)
    {
        if (post.LiveRevision is not { } live)
        {
            throw new RuleViolation("Content.NotLive", post.Status);
        }

        if (revision != live)
        {
            throw new RuleViolation("Content.StaleRevision", live, post.Live!.By.Name, post.Live.At);
        }

        return (live, scope.Authorise(actorId, BoardRole.Publisher));
    }

    public static async Task Handle(WithdrawPost command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await ContentRules.FetchPostAsync(session, command.PostId, command.ExpectedVersion, ct);
        var scope = await ContentRules.LoadScopeAsync(session, stream.Aggregate!.UnitId, clock, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, scope, clock.GetCurrentInstant()));
    }
}
