using EventSourced.Domain.Calendar;
using NodaTime;

namespace EventSourced.Domain.Tests.Calendar;

public class WorkingCalendarTests
{
    private static readonly WorkingCalendar Vietnam = WorkingCalendar.Vietnam;

    // The same weeks with no holiday at all: what a naive "30 weekdays" would give.
    private static readonly WorkingCalendar WeekdaysOnly = new([], []);

    [Fact]
    public void weekends_are_not_working_days()
    {
        var friday = new LocalDate(2024, 3, 8);

        Vietnam.IsWorkingDay(new LocalDate(2024, 3, 9)).ShouldBeFalse();
        Vietnam.IsWorkingDay(new LocalDate(2024, 3, 10)).ShouldBeFalse();
        Vietnam.AddWorkingDays(friday, 1).ShouldBe(new LocalDate(2024, 3, 11));
        Vietnam.AddWorkingDays(friday, 5).ShouldBe(new LocalDate(2024, 3, 15));
    }

    [Fact]
    public void the_tet_week_is_skipped()
    {
        // Tết Giáp Thìn: Thursday 8 to Wednesday 14 February 2024, five weekdays off.
        var start = new LocalDate(2024, 1, 15);

        WeekdaysOnly.AddWorkingDays(start, 30).ShouldBe(new LocalDate(2024, 2, 26));
        Vietnam.AddWorkingDays(start, 30).ShouldBe(new LocalDate(2024, 3, 4));
        Vietnam.WorkingDaysBetween(new LocalDate(2024, 2, 7), new LocalDate(2024, 2, 15)).ShouldBe(1);
    }

    [Fact]
    public void national_day_and_its_adjacent_day_are_skipped()
    {
        // 2024: Monday 2/9 and Tuesday 3/9; 2025: Monday 1/9 and Tuesday 2/9.
        Vietnam.AddWorkingDays(new LocalDate(2024, 8, 30), 1).ShouldBe(new LocalDate(2024, 9, 4));
        Vietnam.AddWorkingDays(new LocalDate(2025, 8, 29), 1).ShouldBe(new LocalDate(2025, 9, 3));
        Vietnam.IsWorkingDay(new LocalDate(2024, 9, 2)).ShouldBeFalse();
        Vietnam.IsWorkingDay(new LocalDate(2025, 9, 1)).ShouldBeFalse();
    }

    [Fact]
    public void a_swapped_monday_is_off_and_its_make_up_saturday_is_worked()
    {
        Vietnam.IsWorkingDay(new LocalDate(2024, 4, 29)).ShouldBeFalse();
        Vietnam.IsWorkingDay(new LocalDate(2024, 5, 4)).ShouldBeTrue();

        // Thursday 2/5/2024 + 2 working days: Friday 3/5, then the make-up Saturday 4/5.
        Vietnam.AddWorkingDays(new LocalDate(2024, 5, 2), 2).ShouldBe(new LocalDate(2024, 5, 4));
    }

    [Fact]
    public void a_holiday_on_a_weekend_gives_a_day_off_in_lieu()
    {
        // Hùng Kings' day 2026 is Sunday 26/4: Monday 27/4 is off instead.
        Vietnam.IsWorkingDay(new LocalDate(2026, 4, 27)).ShouldBeFalse();
        Vietnam.AddWorkingDays(new LocalDate(2026, 4, 24), 1).ShouldBe(new LocalDate(2026, 4, 28));
    }

    [Theory]
    [InlineData(2024, 1, 15)]
    [InlineData(2024, 2, 10)]
    [InlineData(2024, 9, 2)]
    public void adding_zero_working_days_gives_the_start_back_even_on_a_day_off(int year, int month, int day)
    {
        var start = new LocalDate(year, month, day);

        Vietnam.AddWorkingDays(start, 0).ShouldBe(start);
    }

    [Fact]
    public void adding_a_negative_number_of_days_is_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Vietnam.AddWorkingDays(new LocalDate(2024, 1, 15), -1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(30)]
    [InlineData(61)]
    public void counting_working_days_undoes_adding_them_on_every_day_of_2024(int days)
    {
        for (var start = new LocalDate(2024, 1, 1); start.Year == 2024; start = start.PlusDays(1))
        {
            var end = Vietnam.AddWorkingDays(start, days);

            Vietnam.IsWorkingDay(end).ShouldBeTrue($"{start} + {days}");
            Vietnam.WorkingDaysBetween(start, end).ShouldBe(days, $"{start} + {days}");
            Vietnam.WorkingDaysBetween(start, end.PlusDays(-1)).ShouldBe(days - 1, $"{start} + {days}");
        }
    }

    [Fact]
    public void no_working_days_are_counted_when_the_end_is_not_after_the_start()
    {
        var day = new LocalDate(2024, 3, 12);

        Vietnam.WorkingDaysBetween(day, day).ShouldBe(0);
        Vietnam.WorkingDaysBetween(day, day.PlusDays(-10)).ShouldBe(0);
        Vietnam.WorkingDaysBetween(day, day.PlusDays(1)).ShouldBe(1);
    }

    [Theory]
    [InlineData(2023)]
    [InlineData(2024)]
    [InlineData(2025)]
    [InlineData(2026)]
    [InlineData(2027)]
    public void every_year_from_2023_to_2027_has_at_least_the_eleven_statutory_days_off(int year)
    {
        var holidays = Vietnam.HolidaysIn(year);

        Vietnam.Covers(year).ShouldBeTrue();
        holidays.Count.ShouldBeGreaterThanOrEqualTo(11);
        holidays.ShouldAllBe(holiday => holiday.Date.Year == year);
        holidays.ShouldAllBe(holiday => holiday.NameVi.Length > 0 && holiday.NameEn.Length > 0);
        holidays.ShouldContain(holiday => holiday.Date == new LocalDate(year, 1, 1));
        holidays.ShouldContain(holiday => holiday.Date == new LocalDate(year, 4, 30));
        holidays.ShouldContain(holiday => holiday.Date == new LocalDate(year, 5, 1));
        holidays.ShouldContain(holiday => holiday.Date == new LocalDate(year, 9, 2));
        holidays.Count(holiday => holiday.NameVi.StartsWith("Tết Nguyên đán", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(5);
    }

    [Fact]
    public void no_holiday_is_listed_twice()
    {
        var dates = Enumerable.Range(2023, 5).SelectMany(Vietnam.HolidaysIn).Select(holiday => holiday.Date).ToList();

        dates.Distinct().Count().ShouldBe(dates.Count);
    }

    [Fact]
    public void a_calendar_with_a_date_listed_twice_is_refused()
    {
        var newYear = new LocalDate(2024, 1, 1);

        Should.Throw<ArgumentException>(() => new WorkingCalendar(
            [new Holiday(newYear, "Tết Dương lịch", "New Year's Day"), new Holiday(newYear, "Tết", "New Year")],
            []));
    }

    [Fact]
    public void a_working_weekend_day_must_fall_on_a_weekend()
    {
        Should.Throw<ArgumentException>(() => new WorkingCalendar([], [new LocalDate(2024, 5, 3)]));
    }

    [Fact]
    public void years_without_data_are_not_covered_and_skip_only_weekends()
    {
        Vietnam.Covers(2030).ShouldBeFalse();
        Vietnam.HolidaysIn(2030).ShouldBeEmpty();

        // 1/1/2030 is a Tuesday: without data it is counted as a working day, which is why
        // callers must check Covers and warn.
        Vietnam.IsWorkingDay(new LocalDate(2030, 1, 1)).ShouldBeTrue();
        Vietnam.IsWorkingDay(new LocalDate(2030, 1, 5)).ShouldBeFalse();
        Vietnam.AddWorkingDays(new LocalDate(2030, 1, 4), 1).ShouldBe(new LocalDate(2030, 1, 7));
        Vietnam.WorkingDaysBetween(new LocalDate(2030, 1, 4), new LocalDate(2030, 1, 14)).ShouldBe(6);
    }

    [Fact]
    public void a_deadline_running_into_a_year_without_data_is_provisional()
    {
        var intoTheUnknown = Vietnam.Deadline(new LocalDate(2027, 12, 20), 30);
        var known = Vietnam.Deadline(new LocalDate(2025, 1, 20), 30);

        intoTheUnknown.Provisional.ShouldBeTrue();
        intoTheUnknown.UncoveredYears.ShouldBe([2028]);
        known.Provisional.ShouldBeFalse();
        known.Date.ShouldBe(new LocalDate(2025, 3, 10));
    }

    [Fact]
    public void a_year_declared_replaces_what_the_calendar_had_and_is_covered()
    {
        var declared = Vietnam.WithYear(2030, [new Holiday(new LocalDate(2030, 1, 1), "Tết Dương lịch", "New Year's Day")], []);
        var withoutTet = Vietnam.WithYear(2025, [], []);

        declared.Covers(2030).ShouldBeTrue();
        declared.IsWorkingDay(new LocalDate(2030, 1, 1)).ShouldBeFalse();
        declared.Deadline(new LocalDate(2029, 12, 31), 1).Provisional.ShouldBeTrue();
        withoutTet.Covers(2025).ShouldBeTrue();
        withoutTet.IsWorkingDay(new LocalDate(2025, 1, 28)).ShouldBeTrue();
        withoutTet.IsWorkingDay(new LocalDate(2024, 2, 8)).ShouldBeFalse();
    }
}
