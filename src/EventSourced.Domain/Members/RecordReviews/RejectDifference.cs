using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Members.RecordReviews;

/// <summary>Staff reject a member's report; the member reads <paramref name="Reason"/> in the app.</summary>
public sealed record RejectDifference(Guid MemberId, Guid ReportId, string Reason);

public static class RejectDifferenceHandler
{
    public static DifferenceRejected Decide(RejectDifference command, RecordReview review, Instant now)
    {
        ArgumentNullException.ThrowIfNull(command);
        var report = AcceptDifferenceHandler.Open(review, command.ReportId);
        return new DifferenceRejected(report.ReportId, report.Field, MemberRules.Reason(command.Reason), now);
    }

    public static async Task Handle(RejectDifference command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var review = await Streams.LatestAsync<RecordReview>(session, RecordReview.StreamIdFor(command.MemberId), "Review.ReportNotFound", ct);
        review.AppendOne(Decide(command, review.Aggregate!, clock.GetCurrentInstant()));
    }
}
