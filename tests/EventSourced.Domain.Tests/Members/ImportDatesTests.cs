using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

/// <summary>Dates on a roll with how much of them was given: the whole day, the month or only the year.</summary>
public sealed class ImportDatesTests
{
    [Theory]
    [InlineData("15/06/1985", 1985, 6, 15)]
    [InlineData("5/6/1985", 1985, 6, 5)]
    [InlineData("1985-06-15", 1985, 6, 15)]
    [InlineData("31213", 1985, 6, 15)]
    [InlineData("15/06/1985 00:00:00", 1985, 6, 15)]
    public void a_whole_date_in_any_form_the_import_reads_is_a_day(string text, int year, int month, int day)
    {
        ImportDates.TryParseRollDate(text, out var date).ShouldBeTrue();

        date.ShouldBe(new RollDate(new LocalDate(year, month, day), DatePrecision.Day));
    }

    [Theory]
    [InlineData("1985")]
    [InlineData(" 1985 ")]
    public void a_bare_year_is_kept_as_a_year(string text)
    {
        ImportDates.TryParseRollDate(text, out var date).ShouldBeTrue();

        date.ShouldBe(new RollDate(new LocalDate(1985, 1, 1), DatePrecision.Year));
        ImportDates.TryParse(text, out _).ShouldBeFalse("the member import keeps refusing a year alone");
    }

    [Theory]
    [InlineData("06/1985")]
    [InlineData("6/1985")]
    [InlineData("1985-06")]
    public void a_month_and_year_is_kept_as_a_month(string text)
    {
        ImportDates.TryParseRollDate(text, out var date).ShouldBeTrue();

        date.ShouldBe(new RollDate(new LocalDate(1985, 6, 1), DatePrecision.Month));
    }

    [Theory]
    [InlineData("15 /06/ 1985")]
    [InlineData(" 15 / 06 / 1985 ")]
    [InlineData("15 - 06 - 1985")]
    [InlineData("15 06 1985")]
    [InlineData("ngày 15 tháng 6 năm 1985")]
    [InlineData("Ngày 15 tháng 06 năm 1985")]
    [InlineData("NGAY 15 THANG 6 NAM 1985")]
    [InlineData("15 tháng 6, 1985")]
    [InlineData("15 tháng 6 năm 1985")]
    [InlineData("'15/06/1985")]
    [InlineData("’15/06/1985")]
    [InlineData("１５/０６/１９８５")]
    [InlineData("１５／０６／１９８５")]
    public void a_day_written_with_spaces_words_a_text_mark_or_full_width_digits_is_read(string text)
    {
        ImportDates.TryParseRollDate(text, out var date).ShouldBeTrue();

        date.ShouldBe(RollDate.Day(new LocalDate(1985, 6, 15)));
        ImportDates.TryParse(text, out var imported).ShouldBeTrue("the member import reads a whole day however it is written");
        imported.ShouldBe(new LocalDate(1985, 6, 15));
    }

    [Theory]
    [InlineData("tháng 6/1985")]
    [InlineData("Tháng 06/1985")]
    [InlineData("tháng 6 năm 1985")]
    [InlineData("tháng 6, 1985")]
    [InlineData("6 / 1985")]
    public void a_month_and_year_in_words_is_kept_as_a_month_for_matching_and_refused_by_the_import(string text)
    {
        ImportDates.TryParseRollDate(text, out var date).ShouldBeTrue();

        date.ShouldBe(new RollDate(new LocalDate(1985, 6, 1), DatePrecision.Month));
        ImportDates.TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void a_year_in_words_is_kept_as_a_year_and_refused_by_the_import_as_a_year_alone()
    {
        ImportDates.TryParseRollDate("năm 1985", out var date).ShouldBeTrue();

        date.ShouldBe(RollDate.YearOnly(1985));
        ImportDates.IsYearOnly("năm 1985").ShouldBeTrue();
    }

    [Theory]
    [InlineData("ngày 31 tháng 2 năm 1985")]
    [InlineData("31 /02/ 1985")]
    [InlineData("tháng 13/1985")]
    [InlineData("ngày 15 tháng 6")]
    [InlineData("15 tháng sáu 1985")]
    [InlineData("'")]
    public void an_impossible_or_incomplete_date_in_words_or_with_spaces_is_still_no_date(string text)
    {
        ImportDates.TryParseRollDate(text, out _).ShouldBeFalse();
        ImportDates.TryParse(text, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("31/02/1985")]
    [InlineData("13/1985")]
    [InlineData("mười lăm")]
    public void text_that_is_no_date_is_not_one(string? text)
    {
        ImportDates.TryParseRollDate(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void a_date_covers_the_days_its_precision_allows()
    {
        var born = new LocalDate(1985, 6, 15);

        new RollDate(new LocalDate(1985, 1, 1), DatePrecision.Year).Covers(born).ShouldBeTrue();
        new RollDate(new LocalDate(1985, 6, 1), DatePrecision.Month).Covers(born).ShouldBeTrue();
        new RollDate(new LocalDate(1985, 7, 1), DatePrecision.Month).Covers(born).ShouldBeFalse();
        new RollDate(born, DatePrecision.Day).Covers(born).ShouldBeTrue();
        new RollDate(born.PlusDays(1), DatePrecision.Day).Covers(born).ShouldBeFalse();
    }

    private static readonly LocalDate Reference = new(2026, 11, 30);

    [Theory]
    [InlineData("15/06/85", 1985, 6, 15)]
    [InlineData("5/6/85", 1985, 6, 5)]
    [InlineData("15-06-85", 1985, 6, 15)]
    [InlineData("15.06.85", 1985, 6, 15)]
    [InlineData("01/01/08", 2008, 1, 1)]
    [InlineData("01/01/09", 1909, 1, 1)]
    [InlineData("29/02/00", 2000, 2, 29)]
    public void a_birth_date_with_a_two_digit_year_is_read_in_the_century_that_makes_the_member_of_age(string text, int year, int month, int day)
    {
        ImportDates.TryParseRollDate(text, out var date, Reference).ShouldBeTrue();

        date.ShouldBe(RollDate.Day(new LocalDate(year, month, day)));
        ImportDates.TryParseRollDate(text, out _).ShouldBeFalse("without the roll's date the century is not known");
        ImportDates.TryParse(text, out _).ShouldBeFalse("the member import keeps refusing it");
    }

    [Fact]
    public void a_two_digit_number_is_a_year_of_birth_and_never_a_day_of_1900()
    {
        // Read as a spreadsheet's serial "85" was 25/03/1900: a member born then would be 126.
        ImportDates.TryParseRollDate("85", out var date, Reference).ShouldBeTrue();
        date.ShouldBe(RollDate.YearOnly(1985));

        ImportDates.TryParseRollDate("85", out _).ShouldBeFalse();
        ImportDates.TryParse("85", out _).ShouldBeFalse();
        ImportDates.TryParse("999", out _).ShouldBeFalse();
        ImportDates.TryParse("31213", out var serial).ShouldBeTrue();
        serial.ShouldBe(new LocalDate(1985, 6, 15));
    }

    [Theory]
    [InlineData("06/15/1985", 1985, 6, 15)]
    [InlineData("12/31/1970", 1970, 12, 31)]
    public void a_date_excel_wrote_month_first_is_read_when_its_day_cannot_be_a_month(string text, int year, int month, int day)
    {
        ImportDates.TryParseRollDate(text, out var date).ShouldBeTrue();

        date.ShouldBe(RollDate.Day(new LocalDate(year, month, day)));
    }

    [Theory]
    [InlineData("31/02/1980")]
    [InlineData("02/31/1980")]
    [InlineData("31/02/80")]
    [InlineData("15/13/85")]
    [InlineData("15/06/985")]
    public void an_impossible_date_stays_no_date_with_a_reference_date_too(string text)
    {
        ImportDates.TryParseRollDate(text, out _, Reference).ShouldBeFalse();
    }
}
