using EventSourced.Domain.Calendar;
using EventSourced.Domain.Common;
using EventSourced.Domain.Tests.Transfers;
using EventSourced.Domain.Transfers;
using NodaTime;

namespace EventSourced.Domain.Tests.Calendar;

public class DeclareHolidaysTests
{
    private static readonly Holiday NewYear2028 = new(new LocalDate(2028, 1, 1), "Tết Dương lịch", "New Year's Day");

    private static DeclareHolidays Declare(int year, IReadOnlyList<Holiday> holidays, IReadOnlyList<LocalDate>? workingWeekendDays = null, string source = "Thông báo số 1/TB-BNV") =>
        new(year, 0, holidays, workingWeekendDays ?? [], source);

    [Fact]
    public void a_years_holidays_are_declared_in_date_order_with_their_source()
    {
        var tet = new Holiday(new LocalDate(2028, 1, 26), "Tết Nguyên đán", " ");

        var declared = DeclareHolidaysHandler.Decide(Declare(2028, [tet, NewYear2028]));

        declared.Year.ShouldBe(2028);
        declared.Holidays.Select(h => h.Date).ShouldBe([NewYear2028.Date, tet.Date]);
        declared.Holidays[1].NameEn.ShouldBe("Tết Nguyên đán");
        declared.Source.ShouldBe("Thông báo số 1/TB-BNV");
        HolidayYear.Create(declared).Holidays.Count.ShouldBe(2);
    }

    [Fact]
    public void a_declaration_without_its_source_a_date_of_another_year_or_a_day_listed_twice_is_refused()
    {
        Should.Throw<RuleViolation>(() => DeclareHolidaysHandler.Decide(Declare(2028, [NewYear2028], source: " "))).Code.ShouldBe("Calendar.SourceRequired");
        Should.Throw<RuleViolation>(() => DeclareHolidaysHandler.Decide(Declare(2029, [NewYear2028]))).Code.ShouldBe("Calendar.DateOutsideYear");
        Should.Throw<RuleViolation>(() => DeclareHolidaysHandler.Decide(Declare(2028, [NewYear2028, NewYear2028]))).Code.ShouldBe("Calendar.HolidayTwice");
        Should.Throw<RuleViolation>(() => DeclareHolidaysHandler.Decide(Declare(2028, [], [new LocalDate(2028, 1, 3)]))).Code.ShouldBe("Calendar.NotAWorkingWeekendDay");
    }

    [Fact]
    public void an_open_transfer_is_due_on_the_date_the_declared_holidays_give()
    {
        // Letter of Monday 20 January 2025: due 10 March with the Tết week off. Were the year declared
        // without Tết, the 30 working days would end a week earlier, on 3 March.
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var transfer = TransferBuilder.InTransit(member, cells.Target.Id, new LocalDate(2025, 1, 20));
        var received = TransferBuilder.InTransit(TransferBuilder.MemberOf(cells.Home), cells.Target.Id, new LocalDate(2025, 1, 20));
        received.Status = TransferStatus.Received;
        var calendar = WorkingCalendar.Vietnam.WithYear(2025, [], []);

        var change = DeclareHolidaysHandler.Recompute([transfer, received], calendar, 2025).ShouldHaveSingleItem();
        transfer.Apply(change.Change);

        change.Transfer.ShouldBeSameAs(transfer);
        change.Change.ShouldBe(new TransferDueDateRecomputed(new LocalDate(2025, 3, 3), new LocalDate(2025, 3, 10), 2025));
        transfer.DueBy.ShouldBe(new LocalDate(2025, 3, 3));
        TransferRules.IsOverdue(transfer, new LocalDate(2025, 3, 4)).ShouldBeTrue();
        DeclareHolidaysHandler.Recompute([transfer], WorkingCalendar.Vietnam.WithYear(2025, [], []), 2025).ShouldBeEmpty();
    }
}
