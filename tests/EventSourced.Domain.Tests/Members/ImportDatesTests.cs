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
}
