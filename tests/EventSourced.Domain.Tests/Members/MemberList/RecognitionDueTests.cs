using EventSourced.Domain.Calendar;
using EventSourced.Domain.Members.MemberList;
using NodaTime;

namespace EventSourced.Domain.Tests.Members.MemberList;

public class RecognitionDueTests
{
    [Fact]
    public void the_limit_to_decide_counts_30_working_days_after_the_12_months()
    {
        // Ceremony 15 March 2024: the 12 months end on 15 March 2025, the 30 working days on 28 April.
        var member = MemberBuilder.Admitted(decided: new LocalDate(2024, 3, 2), ceremony: new LocalDate(2024, 3, 15));

        var due = RecognitionDue.For(member, new LocalDate(2025, 3, 17), WorkingCalendar.Vietnam);

        due.ProbationEnded.ShouldBe(new LocalDate(2025, 3, 15));
        due.DecideBy.ShouldBe(WorkingCalendar.Vietnam.AddWorkingDays(new LocalDate(2025, 3, 15), 30));
        due.Provisional.ShouldBeFalse();
    }

    [Fact]
    public void a_limit_running_into_a_year_without_holidays_is_flagged_provisional()
    {
        // Ceremony 20 December 2026: the 12 months end on 20 December 2027 and the 30 working days
        // run into 2028, whose days off the calendar does not have yet.
        var member = MemberBuilder.Admitted(decided: new LocalDate(2026, 12, 1), ceremony: new LocalDate(2026, 12, 20));
        var today = new LocalDate(2027, 12, 21);

        RecognitionDue.For(member, today, WorkingCalendar.Vietnam).Provisional.ShouldBeTrue();
        RecognitionDue.For(member, today, WorkingCalendar.Vietnam.WithYear(2028, [], [])).Provisional.ShouldBeFalse();
    }
}
