using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>A publisher archives a published or withdrawn post: off the members' feed, kept for the record.</summary>
public sealed record ArchivePost(Guid PostId, int ExpectedVersion, Guid ActorId, string? Comment = null);

public static class ArchivePostHandler
{
    public static PostArchived Decide(ArchivePost command, Post post, BoardScope scope, Instant now)
    {
        if (!post.IsLive && post.Status != PostStatus.Withdrawn)
        {
            throw new RuleViolation("Content.NotArchivable", post.Status);
        }

        var publisher = scope.Authorise(command.ActorId, BoardRole.Publisher);
        return new PostArchived(post.LiveRevision, publisher, ContentRules.Comment(command.Comment), now);
    }

    public static async Task Handle(ArchivePost command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await ContentRules.FetchPostAsync(session, command.PostId, command.ExpectedVersion, ct);
        var scope = await ContentRules.LoadScopeAsync(session, stream.Aggregate!.UnitId, clock, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, scope, clock.GetCurrentInstant()));
    }
}
