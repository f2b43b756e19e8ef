using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Reconciliation;

public enum DatePrecision
{
    Day,

    /// <summary>Legacy rolls give only the year of birth; the date holds 1 January of it.</summary>
    Year,
}

/// <summary>A date as a list gives it: a day, or only a year.</summary>
public readonly record struct RollDate(LocalDate Date, DatePrecision Precision)
{
    public static RollDate Day(LocalDate date) => new(date, DatePrecision.Day);

    public static RollDate YearOnly(int year) => new(new LocalDate(year, 1, 1), DatePrecision.Year);

    public int Year => Date.Year;
}

/// <summary>
/// One person as a list gives them, the unit's roll or the register: its row number (1 = first data
/// row) and what matching compares. Both sides have the same shape so that either can be any file.
/// </summary>
public sealed record RollPerson(
    int Row,
    string FullName,
    RollDate? DateOfBirth,
    Sex? Sex,
    string? CitizenId,
    string? CardNumber,
    IReadOnlyList<string> OldCardNumbers,
    string? Cell,
    LocalDate? AdmissionDate);
