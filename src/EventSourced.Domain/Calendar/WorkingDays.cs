using System.Collections.Frozen;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace EventSourced.Domain.Calendar;

/// <summary>A day off for a public holiday, including a day off in lieu or a swapped working day.</summary>
public sealed record Holiday(LocalDate Date, string NameVi, string NameEn);

/// <summary>
/// A deadline counted in working days, with the years it ran through whose holidays the calendar
/// does not have: such a date counts only weekends as days off there, so it is not to be trusted.
/// </summary>
public sealed record WorkingDeadline(LocalDate Date, IReadOnlyList<int> UncoveredYears)
{
    public bool Provisional => UncoveredYears.Count > 0;
}

/// <summary>
/// Working days as the Party's and the State's offices count them, for deadlines such as "recognised
/// within 30 working days" or "presented within 30 working days": Monday to Friday, except the days
/// off for public holidays (with the days off in lieu and the swapped days the government announces),
/// plus the Saturdays announced as working days in exchange for a swapped day.
/// <para>
/// The holidays are data, not rules: Tết and the Hùng Kings' day move with the lunar calendar, and
/// the government fixes each year's Tết days, adjacent National Day day and swaps only a few months
/// ahead. <see cref="Vietnam"/> reads them from <c>Calendar/holidays.json</c>, which must be checked
/// against the official announcement every year and extended before the next year starts. A year
/// without data counts only weekends as days off; <see cref="Covers"/> says so, so callers can warn.
/// </para>
/// </summary>
public sealed class WorkingCalendar
{
    private const string ResourceName = "EventSourced.Domain.Calendar.holidays.json";

    private readonly FrozenDictionary<LocalDate, Holiday> _holidays;
    private readonly FrozenSet<LocalDate> _workingWeekendDays;
    private readonly FrozenSet<int> _coveredYears;

    /// <summary>Viet Nam's calendar, loaded once from the embedded <c>holidays.json</c>.</summary>
    public static WorkingCalendar Vietnam { get; } = LoadEmbedded();

    public WorkingCalendar(IEnumerable<Holiday> holidays, IEnumerable<LocalDate> workingWeekendDays, IEnumerable<int>? coveredYears = null)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        ArgumentNullException.ThrowIfNull(workingWeekendDays);

        var byDate = new Dictionary<LocalDate, Holiday>();
        foreach (var holiday in holidays)
        {
            // A date listed twice is a slip in the data (two names for one day off); refuse it
            // rather than silently keep one of them.
            if (!byDate.TryAdd(holiday.Date, holiday))
            {
                throw new ArgumentException($"The holiday {holiday.Date:uuuu-MM-dd} is listed twice.", nameof(holidays));
            }
        }

        var weekendDays = new HashSet<LocalDate>();
        foreach (var day in workingWeekendDays)
        {
            if (!IsWeekend(day))
            {
                throw new ArgumentException($"{day:uuuu-MM-dd} is not a weekend day.", nameof(workingWeekendDays));
            }

            if (byDate.ContainsKey(day))
            {
                throw new ArgumentException($"{day:uuuu-MM-dd} is listed both as a holiday and as a working day.", nameof(workingWeekendDays));
            }

            weekendDays.Add(day);
        }

        _holidays = byDate.ToFrozenDictionary();
        _workingWeekendDays = weekendDays.ToFrozenSet();
        _coveredYears = byDate.Keys.Select(date => date.Year).Concat(coveredYears ?? []).ToFrozenSet();
    }

    /// <summary>
    /// This calendar with <paramref name="year"/>'s days off and working weekend days replaced by
    /// those given (a year declared or corrected by staff); the year counts as covered even with no holiday.
    /// </summary>
    public WorkingCalendar WithYear(int year, IEnumerable<Holiday> holidays, IEnumerable<LocalDate> workingWeekendDays) =>
        new(
            _holidays.Values.Where(h => h.Date.Year != year).Concat(holidays),
            _workingWeekendDays.Where(d => d.Year != year).Concat(workingWeekendDays),
            _coveredYears.Where(y => y != year).Append(year));

    /// <summary>
    /// <see cref="AddWorkingDays"/>, saying which years between the start and the result the
    /// calendar does not cover, so a caller refuses or flags the date instead of trusting it.
    /// </summary>
    public WorkingDeadline Deadline(LocalDate start, int days)
    {
        var date = AddWorkingDays(start, days);
        var uncovered = Enumerable.Range(start.Year, date.Year - start.Year + 1).Where(y => !Covers(y)).ToList();
        return new WorkingDeadline(date, uncovered);
    }

    public bool IsWorkingDay(LocalDate date) =>
        _workingWeekendDays.Contains(date) || (!IsWeekend(date) && !_holidays.ContainsKey(date));

    /// <summary>The date that is <paramref name="days"/> working days after <paramref name="start"/>; the start itself is not counted.</summary>
    /// <param name="start">The day the period starts from, e.g. the date of the introduction letter.</param>
    /// <param name="days">How many working days; zero gives <paramref name="start"/> back.</param>
    public LocalDate AddWorkingDays(LocalDate start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);

        var date = start;
        var remaining = days;
        while (remaining > 0)
        {
            date = date.PlusDays(1);
            if (IsWorkingDay(date))
            {
                remaining--;
            }
        }

        return date;
    }

    /// <summary>The number of working days in (<paramref name="from"/>, <paramref name="to"/>]; zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    /// <param name="from">The day the period starts from; not counted.</param>
    /// <param name="to">The last day of the period; counted when it is a working day.</param>
    public int WorkingDaysBetween(LocalDate from, LocalDate to)
    {
        var count = 0;
        for (var date = from.PlusDays(1); date <= to; date = date.PlusDays(1))
        {
            if (IsWorkingDay(date))
            {
                count++;
            }
        }

        return count;
    }

    public IReadOnlyList<Holiday> HolidaysIn(int year) =>
        _holidays.Values.Where(holiday => holiday.Date.Year == year).OrderBy(holiday => holiday.Date).ToList();

    public bool Covers(int year) => _coveredYears.Contains(year);

    private static bool IsWeekend(LocalDate date) =>
        date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday;

    private static WorkingCalendar LoadEmbedded()
    {
        using var stream = typeof(WorkingCalendar).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        // The file is camelCase. The shared Web options avoid a static options field: static
        // initialisers run in textual order, so one declared below Vietnam would still be null here.
        var file = JsonSerializer.Deserialize<HolidayFile>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"{ResourceName} is empty.");

        var holidays = new List<Holiday>();
        var workingWeekendDays = new List<LocalDate>();
        foreach (var year in file.Years ?? [])
        {
            if (string.IsNullOrWhiteSpace(year.Source))
            {
                throw new InvalidOperationException($"{ResourceName}: {year.Year} has no source note.");
            }

            foreach (var entry in year.Holidays ?? [])
            {
                if (string.IsNullOrWhiteSpace(entry.NameVi) || string.IsNullOrWhiteSpace(entry.NameEn))
                {
                    throw new InvalidOperationException($"{ResourceName}: {entry.Date} has no name.");
                }

                holidays.Add(new Holiday(ParseDate(entry.Date, year.Year), entry.NameVi, entry.NameEn));
            }

            foreach (var text in year.WorkingWeekendDays ?? [])
            {
                workingWeekendDays.Add(ParseDate(text, year.Year));
            }
        }

        return new WorkingCalendar(holidays, workingWeekendDays);
    }

    // A date filed under the wrong year would make Covers and HolidaysIn disagree with the file's
    // layout, so each date must belong to the year it is listed under.
    private static LocalDate ParseDate(string? text, int year)
    {
        var result = LocalDatePattern.Iso.Parse(text ?? "");
        if (!result.Success || result.Value.Year != year)
        {
            throw new InvalidOperationException($"{ResourceName}: '{text}' is not a yyyy-MM-dd date in {year}.");
        }

        return result.Value;
    }

    private sealed record HolidayFile(IReadOnlyList<YearEntry>? Years);

    private sealed record YearEntry(int Year, string? Source, IReadOnlyList<HolidayEntry>? Holidays, IReadOnlyList<string>? WorkingWeekendDays);

    private sealed record HolidayEntry(string? Date, string? NameVi, string? NameEn);
}
