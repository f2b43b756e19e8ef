using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>A publisher puts the approved revision live now.</summary>
public sealed record PublishPost(Guid PostId, int ExpectedVersion, int Revision, Guid ActorId, string? Comment = null);

public static class PublishPostHandler
{
    // tiedToActor: the authors whose accounts are tied to the publisher's (AccountControl).
    public static PostPublished Decide(PublishPost command, Post post, BoardScope scope, Instant now, IReadOnlySet<Guid>? tiedToActor = null) =>
        new(post.LatestRevision, AuthorisePublisher(post, command.Revision, command.ActorId, scope, tiedToActor), ContentRules.Comment(command.Comment), now);

    /// <summary>
    /// Who may put the post live: a publisher of the chain who wrote none of it, on the approved
    /// revision they saw. Shared by publishing now and scheduling.
    /// </summary>
    internal static ContentActor AuthorisePublisher(Post post, int revision, Guid actorId, BoardScope scope, IReadOnlySet<Guid>? tiedToActor)
    {
        ContentRules.NotClosed(post);
        if (post.Status != PostStatus.Approved)
        {
            throw new RuleViolation("Content.NotApproved", post.Status);
        }

        ContentRules.SawLatest(post, revision);
        var publisher = scope.Authorise(actorId, BoardRole.Publisher);
        ContentRules.NotAnAuthorOf(post, actorId, "Content.AuthorCannotPublish");
        AccountControl.MustNotBeTied(post.AuthorIds, tiedToActor);
        return publisher;
    }

    public static async Task Handle(PublishPost command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await ContentRules.FetchPostAsync(session, command.PostId, command.ExpectedVersion, ct);
        var scope = await ContentRules.LoadScopeAsync(session, stream.Aggregate!.UnitId, clock, ct);
        var tied = await AccountControl.TiedAsync(session, command.ActorId, stream.Aggregate!.AuthorIds, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, scope, clock.GetCurrentInstant(), tied));
    }
}
