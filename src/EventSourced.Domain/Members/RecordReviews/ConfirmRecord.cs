using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Members.RecordReviews;

/// <summary>
/// The member confirms their record as it stood at <paramref name="RecordVersion"/> (the version
/// <c>GET /api/app/me</c> gave them). <paramref name="EventId"/> is chosen by the app.
/// </summary>
public sealed record ConfirmRecord(Guid MemberId, Guid EventId, int RecordVersion);

/// <summary>Whether a report from the app was new (stored) or a retry of one already recorded.</summary>
public sealed record ReviewOutcome(bool Stored);

public static class ConfirmRecordHandler
{
    /// <summary>
    /// The confirmation, or null for a retry of one already recorded or a confirmation of the record as the
    /// latest confirmation already saw it (whatever its id). The same id with another version
    /// is another confirmation under a used id: refused, since the app would believe the first one stored.
    /// A record that changed since the app read it is refused: the member confirms what they saw.
    /// </summary>
    public static RecordConfirmed? Decide(ConfirmRecord command, Member member, RecordReview review, Instant now)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(review);
        if (command.EventId == Guid.Empty)
        {
            throw new RuleViolation("Review.EventIdRequired");
        }

        if (review.Confirmations.Find(c => c.EventId == command.EventId) is { } earlier)
        {
            return earlier.RecordVersion == command.RecordVersion ? null : throw new RuleViolation("Review.EventIdReused");
        }

        if (review.Report(command.EventId) is not null)
        {
            throw new RuleViolation("Review.EventIdReused");
        }

        MemberRules.MustBeMember(member);
        if (command.RecordVersion != member.Version)
        {
            throw new RuleViolation("Review.RecordChanged", member.Version);
        }

        // Confirmed already as it stands (a second tap, or the app asking again before anything changed):
        // nothing new to record, so the member's review stream does not grow with every request.
        return review.LastConfirmation is { } last && last.RecordVersion == member.Version
            ? null
            : new RecordConfirmed(command.EventId, member.Id, member.Version, RecordCheck.Values(member), now);
    }

    public static async Task<ReviewOutcome> Handle(ConfirmRecord command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var member = await session.LoadAsync<Member>(command.MemberId, ct) ?? throw new RuleViolation("Member.NotFound");
        var stream = await session.Events.FetchForWriting<RecordReview>(RecordReview.StreamIdFor(command.MemberId), ct);
        var confirmed = Decide(command, member, stream.Aggregate ?? RecordReview.For(command.MemberId), clock.GetCurrentInstant());
        if (confirmed is null)
        {
            return new ReviewOutcome(false);
        }

        stream.AppendOne(confirmed);
        return new ReviewOutcome(true);
    }
}
