using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Members.RecordReviews;

/// <summary>
/// The member reports that <paramref name="Field"/> of their record is wrong and what it should be.
/// <paramref name="ReportId"/> is chosen by the app. The record itself is not changed: staff accept or reject.
/// </summary>
public sealed record ReportDifference(Guid MemberId, Guid ReportId, RecordField Field, string? Value, string? Note);

public static class ReportDifferenceHandler
{
    /// <summary>
    /// The report, or null for a retry of one already recorded (same id, same field, value and note).
    /// The same id with anything else is refused; so is a second open report on a field, and a value
    /// the register already holds.
    /// </summary>
    public static DifferenceReported? Decide(ReportDifference command, Member member, RecordReview review, Instant now)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(review);
        if (command.ReportId == Guid.Empty)
        {
            throw new RuleViolation("Review.EventIdRequired");
        }

        var today = now.InZone(VietnamTime.Zone).Date;
        var value = RecordCheck.Clean(command.Field, command.Value, today);
        var note = Input.Optional(command.Note, RecordCheck.NoteLimit, "Review.Note");
        if (review.Report(command.ReportId) is { } earlier)
        {
            return earlier.Field == command.Field && earlier.MemberValue == value && earlier.Note == note
                ? null
                : throw new RuleViolation("Review.EventIdReused");
        }

        if (review.Confirmations.Exists(c => c.EventId == command.ReportId))
        {
            throw new RuleViolation("Review.EventIdReused");
        }

        MemberRules.MustBeMember(member);
        if (review.OpenReport(command.Field) is not null)
        {
            throw new RuleViolation("Review.ReportAlreadyOpen", command.Field);
        }

        var registered = RecordCheck.Read(member, command.Field);
        return registered == value
            ? throw new RuleViolation("Review.SameAsRegister", command.Field)
            : new DifferenceReported(command.ReportId, member.Id, command.Field, registered, value, note, now);
    }

    public static async Task<ReviewOutcome> Handle(ReportDifference command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var member = await session.LoadAsync<Member>(command.MemberId, ct) ?? throw new RuleViolation("Member.NotFound");
        var stream = await session.Events.FetchForWriting<RecordReview>(RecordReview.StreamIdFor(command.MemberId), ct);
        var reported = Decide(command, member, stream.Aggregate ?? RecordReview.For(command.MemberId), clock.GetCurrentInstant());
        if (reported is null)
        {
            return new ReviewOutcome(false);
        }

        stream.AppendOne(reported);
        return new ReviewOutcome(true);
    }
}
