using EventSourced.Domain.Calendar;
using NodaTime;

namespace EventSourced.Domain.Members.MemberList;

/// <summary>
/// A probationary member whose 12 months are over, with the 30-working-day limit for the cell's
/// decision. <paramref name="Provisional"/>: the limit runs through a year whose holidays the
/// calendar does not have, so the date is shown flagged, not as if it were known.
/// </summary>
public sealed record RecognitionDue(Member Member, LocalDate ProbationEnded, LocalDate DecideBy, int WorkingDaysLeft, bool Provisional = false)
{
    /// <summary>Working days the cell has, after the 12 months, to consider recognition.</summary>
    public const int WorkingDays = 30;

    /// <summary>
    /// The members of a list read with <see cref="MemberListQuery.ProbationEndedBy"/>, each with the
    /// day the cell must decide by and the working days left (negative once overdue).
    /// </summary>
    public static RecognitionDue For(Member member, LocalDate today, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(calendar);
        var ended = MemberRules.ProbationEnds(member);
        var deadline = calendar.Deadline(ended, WorkingDays);
        var decideBy = deadline.Date;
        var left = decideBy >= today ? calendar.WorkingDaysBetween(today, decideBy) : -calendar.WorkingDaysBetween(decideBy, today);
        return new RecognitionDue(member, ended, decideBy, left, deadline.Provisional);
    }
}
