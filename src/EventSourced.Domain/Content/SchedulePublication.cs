using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>A publisher schedules the approved revision they saw to go live at <paramref name="At"/>; scheduling again replaces the time.</summary>
public sealed record SchedulePublication(Guid PostId, int ExpectedVersion, int Revision, Guid ActorId, Instant At, string? Comment = null);

/// <summary>A publisher calls off the scheduled publication; the post stays approved.</summary>
public sealed record CancelScheduledPublication(Guid PostId, int ExpectedVersion, Guid ActorId);

/// <summary>
/// The scheduled message that publishes the post. It carries the time it was scheduled for, so a
/// message left over from a schedule since replaced or cancelled does nothing. The time is a
/// <see cref="DateTimeOffset"/> because Wolverine serialises messages without the NodaTime converters.
/// </summary>
public sealed record PublishScheduledPost(Guid PostId, DateTimeOffset ScheduledAt);

public static class SchedulePublicationHandler
{
    // tiedToActor: the authors whose accounts are tied to the publisher's (AccountControl).
    public static PublicationScheduled Decide(SchedulePublication command, Post post, BoardScope scope, Instant now, IReadOnlySet<Guid>? tiedToActor = null)
    {
        var publisher = PublishPostHandler.AuthorisePublisher(post, command.Revision, command.ActorId, scope, tiedToActor);
        return new PublicationScheduled(post.LatestRevision, ContentRules.Future(command.At, now), publisher, ContentRules.Comment(command.Comment), now);
    }

    public static ScheduledPublicationCancelled Decide(CancelScheduledPublication command, Post post, BoardScope scope, Instant now)
    {
        if (post.ScheduledPublication is null)
        {
            throw new RuleViolation("Content.NoScheduledPublication");
        }

        return new ScheduledPublicationCancelled(scope.Authorise(command.ActorId, BoardRole.Publisher), now);
    }

    /// <summary>
    /// Publishes when the post is still approved and the schedule is still this one; otherwise
    /// nothing (the post was revised, sent back, withdrawn, published by hand, or rescheduled). The
    /// publisher is the one who scheduled it: the decision was theirs, checked when they took it.
    /// </summary>
    public static IReadOnlyList<object> Decide(PublishScheduledPost message, Post post, Instant now) =>
        post.Status == PostStatus.Approved
            && post.ScheduledPublication is { } schedule
            && schedule.At == Instant.FromDateTimeOffset(message.ScheduledAt)
            && schedule.Revision == post.LatestRevision
            ? [new PostPublished(schedule.Revision, schedule.By, schedule.Note, now, schedule.At)]
            : [];

    /// <summary>
    /// Records the schedule and returns the durable Wolverine message that carries it out, stored with
    /// the event in one transaction, so the publication survives a restart.
    /// </summary>
    public static async Task<Wolverine.DeliveryMessage<PublishScheduledPost>> Handle(SchedulePublication command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await ContentRules.FetchPostAsync(session, command.PostId, command.ExpectedVersion, ct);
        var scope = await ContentRules.LoadScopeAsync(session, stream.Aggregate!.UnitId, clock, ct);
        var tied = await Accounts.AccountControl.TiedAsync(session, command.ActorId, stream.Aggregate!.AuthorIds, ct);
        var scheduled = Decide(command, stream.Aggregate!, scope, clock.GetCurrentInstant(), tied);
        stream.AppendOne(scheduled);
        var at = scheduled.PublishAt.ToDateTimeOffset();
        return Wolverine.ConfiguredMessageExtensions.ScheduledAt(new PublishScheduledPost(command.PostId, at), at);
    }

    public static async Task Handle(CancelScheduledPublication command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await ContentRules.FetchPostAsync(session, command.PostId, command.ExpectedVersion, ct);
        var scope = await ContentRules.LoadScopeAsync(session, stream.Aggregate!.UnitId, clock, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, scope, clock.GetCurrentInstant()));
    }

    // A publisher acting by hand at the same moment conflicts with this append; the retry then
    // finds the post published and does nothing.
    [Wolverine.Attributes.RetryNow(typeof(JasperFx.ConcurrencyException), 50, 200, 500)]
    public static async Task Handle(PublishScheduledPost message, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await ContentRules.FetchPostAsync(session, message.PostId, ct);
        stream.AppendMany(Decide(message, stream.Aggregate!, clock.GetCurrentInstant()));
    }
}
