using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>A publisher schedules the live post to come down at <paramref name="At"/>, saying why; scheduling again replaces it.</summary>
public sealed record ScheduleWithdrawal(Guid PostId, int ExpectedVersion, int Revision, Guid ActorId, Instant At, string Reason);

/// <summary>A publisher calls off the scheduled withdrawal; the post stays live.</summary>
public sealed record CancelScheduledWithdrawal(Guid PostId, int ExpectedVersion, Guid ActorId);

/// <summary>The scheduled message that withdraws the post; a message of a schedule since replaced or cancelled does nothing.</summary>
public sealed record WithdrawScheduledPost(Guid PostId, DateTimeOffset ScheduledAt);

public static class ScheduleWithdrawalHandler
{
    public static WithdrawalScheduled Decide(ScheduleWithdrawal command, Post post, BoardScope scope, Instant now)
    {
        var (live, publisher) = WithdrawPostHandler.AuthoriseWithdrawal(post, command.Revision, command.ActorId, scope);
        var reason = ContentRules.Reason(command.Reason);
        return new WithdrawalScheduled(live, ContentRules.Future(command.At, now), publisher, reason, now);
    }

    public static ScheduledWithdrawalCancelled Decide(CancelScheduledWithdrawal command, Post post, BoardScope scope, Instant now)
    {
        if (post.ScheduledWithdrawal is null)
        {
            throw new RuleViolation("Content.NoScheduledWithdrawal");
        }

        return new ScheduledWithdrawalCancelled(scope.Authorise(command.ActorId, BoardRole.Publisher), now);
    }

    /// <summary>
    /// Withdraws when the post is still live and the schedule is still this one. A newer revision
    /// published meanwhile comes down too: the withdrawal was decided for the post, not one wording.
    /// </summary>
    public static IReadOnlyList<object> Decide(WithdrawScheduledPost message, Post post, Instant now) =>
        post.LiveRevision is { } live
            && post.ScheduledWithdrawal is { } schedule
            && schedule.At == Instant.FromDateTimeOffset(message.ScheduledAt)
            ? [new PostWithdrawn(live, schedule.By, schedule.Note ?? string.Empty, now, schedule.At)]
            : [];

    /// <summary>Records the schedule and returns the durable Wolverine message that carries it out.</summary>
    public static async Task<Wolverine.DeliveryMessage<WithdrawScheduledPost>> Handle(ScheduleWithdrawal command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await ContentRules.FetchPostAsync(session, command.PostId, command.ExpectedVersion, ct);
        var scope = await ContentRules.LoadScopeAsync(session, stream.Aggregate!.UnitId, clock, ct);
        var scheduled = Decide(command, stream.Aggregate!, scope, clock.GetCurrentInstant());
        stream.AppendOne(scheduled);
        var at = scheduled.WithdrawAt.ToDateTimeOffset();
        return Wolverine.ConfiguredMessageExtensions.ScheduledAt(new WithdrawScheduledPost(command.PostId, at), at);
    }

    public static async Task Handle(CancelScheduledWithdrawal command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await ContentRules.FetchPostAsync(session, command.PostId, command.ExpectedVersion, ct);
        var scope = await ContentRules.LoadScopeAsync(session, stream.Aggregate!.UnitId, clock, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, scope, clock.GetCurrentInstant()));
    }

    [Wolverine.Attributes.RetryNow(typeof(JasperFx.ConcurrencyException), 50, 200, 500)]
    public static async Task Handle(WithdrawScheduledPost message, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await ContentRules.FetchPostAsync(session, message.PostId, ct);
        stream.AppendMany(Decide(message, stream.Aggregate!, clock.GetCurrentInstant()));
    }
}
