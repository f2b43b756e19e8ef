using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>
/// An author writes a new post for <paramref name="UnitId"/>. <paramref name="PostId"/> comes from the
/// form, so a form sent twice is refused instead of creating two posts.
/// </summary>
public sealed record DraftPost(Guid PostId, Guid UnitId, Guid ActorId, PostContent Content);

public static class DraftPostHandler
{
    // scope: the boards of the owning unit and the units above it, today.
    public static PostDrafted Decide(DraftPost command, BoardScope scope, Instant now)
    {
        if (!scope.Unit.IsActive)
        {
            throw new RuleViolation("Content.UnitNotActive", scope.Unit.Name);
        }

        var author = scope.Authorise(command.ActorId, BoardRole.Author);
        var content = PostContentRules.Validate(command.Content, scope, now.InZone(VietnamTime.Zone).Date);
        return new PostDrafted(command.PostId, scope.Unit.Id, scope.Unit.Name, content, author, now);
    }

    public static async Task Handle(DraftPost command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (await session.Events.FetchStreamStateAsync(command.PostId, ct) is not null)
        {
            throw new RuleViolation("Content.PostAlreadyExists");
        }

        var scope = await ContentRules.LoadScopeAsync(session, command.UnitId, clock, ct);
        session.Events.StartStream<Post>(command.PostId, Decide(command, scope, clock.GetCurrentInstant()));
    }
}
