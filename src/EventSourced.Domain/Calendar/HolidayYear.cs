using System.Security.Cryptography;
using System.Text;
using EventSourced.Domain.Common;
using EventSourced.Domain.Transfers;
using Marten;
using NodaTime;
using Wolverine;

namespace EventSourced.Domain.Calendar;

/// <summary>
/// A year's official days off and working weekend days, declared (or corrected) by staff once the
/// government announces them, with the announcement as its source. It replaces whatever the embedded
/// <c>holidays.json</c> says for that year.
/// </summary>
public sealed record HolidaysDeclared(int Year, IReadOnlyList<Holiday> Holidays, IReadOnlyList<LocalDate> WorkingWeekendDays, string Source);

/// <summary>One year's declared holidays: the aggregate of the year's stream (<see cref="StreamIdFor"/>).</summary>
public sealed class HolidayYear
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public int Year { get; set; }

    public List<Holiday> Holidays { get; set; } = [];

    public List<LocalDate> WorkingWeekendDays { get; set; } = [];

    public string Source { get; set; } = string.Empty;

    /// <summary>One stream per year, found without a lookup.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "name-based ids, not security")]
    public static Guid StreamIdFor(int year)
    {
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes("holiday-year:" + year.ToString(System.Globalization.CultureInfo.InvariantCulture))).AsSpan(0, 16).ToArray();
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true);
    }

    public static HolidayYear Create(HolidaysDeclared e) => new HolidayYear { Id = StreamIdFor(e.Year), Version = 1 }.With(e);

    public void Apply(HolidaysDeclared e) => With(e);

    private HolidayYear With(HolidaysDeclared e)
    {
        Year = e.Year;
        Holidays = [.. e.Holidays];
        WorkingWeekendDays = [.. e.WorkingWeekendDays];
        Source = e.Source;
        return this;
    }
}

/// <summary>The calendar deadlines are counted on: the embedded one with every year staff declared.</summary>
public static class WorkingCalendars
{
    public static async Task<WorkingCalendar> LoadAsync(IQuerySession session, CancellationToken ct)
    {
        var declared = await session.Query<HolidayYear>().ToListAsync(ct);
        return From(declared);
    }

    /// <summary>The calendar from the declared years, read by the caller with its other reads.</summary>
    public static WorkingCalendar From(IEnumerable<HolidayYear> declared) =>
        declared.Aggregate(WorkingCalendar.Vietnam, (calendar, year) => calendar.WithYear(year.Year, year.Holidays, year.WorkingWeekendDays));
}

/// <summary>Declare or correct a year's days off; the open deadlines that run through that year are counted again.</summary>
public sealed record DeclareHolidays(int Year, int ExpectedVersion, IReadOnlyList<Holiday> Holidays, IReadOnlyList<LocalDate> WorkingWeekendDays, string Source);

public static class DeclareHolidaysHandler
{
    public static HolidaysDeclared Decide(DeclareHolidays command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Year is < 1990 or > 2200)
        {
            throw new RuleViolation("Calendar.YearInvalid", command.Year);
        }

        var source = Input.Required(command.Source, TextLimits.Reason, "Calendar.Source");
        if (command.Holidays.FirstOrDefault(h => h.Date.Year != command.Year) is { } outside)
        {
            throw new RuleViolation("Calendar.DateOutsideYear", outside.Date, command.Year);
        }

        if (command.Holidays.GroupBy(h => h.Date).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new RuleViolation("Calendar.HolidayTwice", twice.Key);
        }

        if (command.Holidays.FirstOrDefault(h => string.IsNullOrWhiteSpace(h.NameVi)) is { } unnamed)
        {
            throw new RuleViolation("Calendar.HolidayNameRequired", unnamed.Date);
        }

        foreach (var day in command.WorkingWeekendDays)
        {
            if (day.Year != command.Year)
            {
                throw new RuleViolation("Calendar.DateOutsideYear", day, command.Year);
            }

            if (day.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday) || command.Holidays.Any(h => h.Date == day))
            {
                throw new RuleViolation("Calendar.NotAWorkingWeekendDay", day);
            }
        }

        var holidays = command.Holidays
            .Select(h => h with { NameVi = h.NameVi.Trim(), NameEn = string.IsNullOrWhiteSpace(h.NameEn) ? h.NameVi.Trim() : h.NameEn.Trim() })
            .OrderBy(h => h.Date)
            .ToList();
        return new HolidaysDeclared(command.Year, holidays, [.. command.WorkingWeekendDays.Distinct().Order()], source);
    }

    /// <summary>
    /// The open transfers whose due date moves under <paramref name="calendar"/>: those still in
    /// transit and not yet marked overdue, counted again from their letter's date.
    /// </summary>
    public static IReadOnlyList<(Transfer Transfer, TransferDueDateRecomputed Change)> Recompute(IEnumerable<Transfer> open, WorkingCalendar calendar, int year, int workingDays = TransferRules.PresentWithinWorkingDays)
    {
        var changes = new List<(Transfer, TransferDueDateRecomputed)>();
        foreach (var transfer in open)
        {
            if (transfer is not { Status: TransferStatus.InTransit, Overdue: false, DueBy: { } due, IssuedOn: var issued })
            {
                continue;
            }

            var recomputed = calendar.AddWorkingDays(issued, workingDays);
            if (recomputed != due)
            {
                changes.Add((transfer, new TransferDueDateRecomputed(recomputed, due, year)));
            }
        }

        return changes;
    }

    /// <summary>
    /// Appends the year's declaration, then moves every open deadline the change touches, each as an
    /// event on its transfer, and schedules the overdue check for each new date. A check already
    /// scheduled for an old date finds the transfer not yet due and does nothing.
    /// </summary>
    public static async Task<OutgoingMessages> Handle(DeclareHolidays command, IDocumentSession session, TransferSettings settings, CancellationToken ct)
    {
        var declared = Decide(command);
        var id = HolidayYear.StreamIdFor(command.Year);
        if (command.ExpectedVersion == 0)
        {
            session.Events.StartStream<HolidayYear>(id, declared);
        }
        else
        {
            var stream = await session.Events.FetchForWriting<HolidayYear>(id, command.ExpectedVersion, ct);
            stream.AppendOne(declared);
        }

        var calendar = (await WorkingCalendars.LoadAsync(session, ct)).WithYear(declared.Year, declared.Holidays, declared.WorkingWeekendDays);
        // Transfers in transit are few (a letter is received or overdue within weeks): all are counted
        // again, and only those whose date moves get an event.
        var open = await session.Query<Transfer>()
            .Where(t => t.Status == TransferStatus.InTransit && t.Overdue == false)
            .ToListAsync(ct);
        var messages = new OutgoingMessages();
        foreach (var (transfer, change) in Recompute(open, calendar, command.Year, settings.PresentWithinWorkingDays))
        {
            session.Events.Append(transfer.Id, change);
            messages.Add(ConfiguredMessageExtensions.ScheduledAt(new MarkTransferOverdue(transfer.Id), TransferRules.StartOf(change.DueBy.PlusDays(1))));
        }

        return messages;
    }
}
