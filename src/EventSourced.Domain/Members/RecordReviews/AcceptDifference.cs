using EventSourced.Domain.Common;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace EventSourced.Domain.Members.RecordReviews;

/// <summary>
/// Staff accept a member's report, having checked it. <paramref name="ExpectedVersion"/> is the
/// member's version the worklist showed; <paramref name="Reason"/> is why the register was wrong
/// (the correction carries it, with the report's reference).
/// </summary>
public sealed record AcceptDifference(Guid MemberId, int ExpectedVersion, Guid ReportId, string Reason);

/// <summary>What accepting a report does: a profile correction, a date correction, or pointing staff to a procedure.</summary>
public sealed record Acceptance(CorrectProfile? Profile, CorrectDate? Date, string? Procedure);

public static class AcceptDifferenceHandler
{
    /// <summary>
    /// The correction the report asks for, through the same commands as any correction (so the same
    /// rules refuse it: a citizen ID another record holds, a date before birth). Neither needs a second
    /// person: four eyes are for entries that take a member off or onto the roll (decision 0019).
    /// The cell and the card number are changed only by their procedures: the report is accepted and
    /// staff are pointed to the procedure, which records its own dates and letters.
    /// </summary>
    public static Acceptance Decide(AcceptDifference command, Member member, RecordReview review)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(review);
        var report = Open(review, command.ReportId);
        var reason = Reason(command.Reason, report.ReportId);
        if (RecordCheck.ProfileField(report.Field) is { } field)
        {
            return new Acceptance(new CorrectProfile(command.MemberId, command.ExpectedVersion, field, report.MemberValue, reason), null, null);
        }

        if (RecordCheck.DateKind(report.Field) is { } kind)
        {
            // The entry that carries the date now: the latest one not rescinded (a readmission's decision
            // does not move party age, but it is the admission the record shows).
            var entry = member.History.LastOrDefault(h => !member.RescindedEntries.Contains(h.Version) && MemberDates.Read(h.Event, kind) is not null)
                ?? throw new RuleViolation("Review.NoEntryForDate", report.Field);
            var date = LocalDatePattern.Iso.Parse(report.MemberValue).Value;
            return new Acceptance(null, new CorrectDate(command.MemberId, command.ExpectedVersion, entry.Version, kind, date, reason), null);
        }

        return new Acceptance(null, null, RecordCheck.Procedure(report.Field));
    }

    /// <summary>The correction's reason: the staff's, followed by the report's reference, so the timeline names the report.</summary>
    public static string Reason(string? reason, Guid reportId) =>
        Input.AtMost($"{MemberRules.Reason(reason)} [{RecordCheck.Reference(reportId)}]", TextLimits.Reason, "Member.Reason");

    public static DifferenceReport Open(RecordReview review, Guid reportId)
    {
        ArgumentNullException.ThrowIfNull(review);
        var report = review.Report(reportId) ?? throw new RuleViolation("Review.ReportNotFound");
        return report.State == ReportState.Open ? report : throw new RuleViolation("Review.ReportClosed", report.State);
    }

    public static async Task Handle(AcceptDifference command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        // Both streams are fetched for writing: two accepts at once, or an accept beside another change
        // to the member, fail on commit instead of correcting twice.
        var member = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        var review = await Streams.LatestAsync<RecordReview>(session, RecordReview.StreamIdFor(command.MemberId), "Review.ReportNotFound", ct);
        var acceptance = Decide(command, member.Aggregate!, review.Aggregate!);
        var today = VietnamTime.Today(clock);
        int? correction = null;
        if (acceptance.Profile is { } profile)
        {
            await CorrectProfileHandler.CorrectAsync(profile, member, session, today, ct);
            correction = command.ExpectedVersion + 1;
        }
        else if (acceptance.Date is { } date)
        {
            member.AppendOne(CorrectDateHandler.Decide(date, member.Aggregate!, today));
            correction = command.ExpectedVersion + 1;
        }

        var report = review.Aggregate!.Report(command.ReportId)!;
        review.AppendOne(new DifferenceAccepted(report.ReportId, report.Field, correction, acceptance.Procedure, clock.GetCurrentInstant()));
    }
}
