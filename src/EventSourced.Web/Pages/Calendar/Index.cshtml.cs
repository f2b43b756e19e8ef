using EventSourced.Domain.Accounts;
using EventSourced.Domain.Calendar;
using EventSourced.Domain.Common;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Text;

namespace EventSourced.Web.Pages.Calendar;

/// <summary>
/// The official days off by year, and the form to declare or correct a year's list once the
/// government announces it: an event on the year's stream, after which open deadlines are counted again.
/// </summary>
public sealed class IndexModel(OrganisationDirectory directory, IQuerySession session, IClock clock, CommandSender sender, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public int Year { get; set; }

    /// <summary>One day off a line: the date (yyyy-MM-dd), then its name.</summary>
    [BindProperty]
    public string? Holidays { get; set; }

    /// <summary>Saturdays or Sundays worked in exchange for a swapped day, one date a line.</summary>
    [BindProperty]
    public string? WorkingWeekendDays { get; set; }

    [BindProperty]
    public string? Source { get; set; }

    [BindProperty]
    public int ExpectedVersion { get; set; }

    public WorkingCalendar Calendar { get; private set; } = WorkingCalendar.Vietnam;

    public IReadOnlyDictionary<int, HolidayYear> Declared { get; private set; } = new Dictionary<int, HolidayYear>();

    public IReadOnlyList<int> Years { get; private set; } = [];

    public LocalDate Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Year = Years.Count > 0 && Years.Contains(Today.Year + 1) ? Today.Year + 2 : Today.Year + 1;
        ExpectedVersion = Declared.GetValueOrDefault(Year)?.Version ?? 0;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var invalid = this.InputErrors(text);
        var holidays = new List<Holiday>();
        foreach (var line in Lines(Holidays))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            var date = LocalDatePattern.Iso.Parse(parts[0]);
            if (!date.Success || parts.Length < 2)
            {
                invalid.Add(text.Error("Calendar.HolidayLineInvalid", nameof(Holidays), line));
                continue;
            }

            holidays.Add(new Holiday(date.Value, parts[1], parts[1]));
        }

        var weekendDays = new List<LocalDate>();
        foreach (var line in Lines(WorkingWeekendDays))
        {
            var date = LocalDatePattern.Iso.Parse(line);
            if (date.Success)
            {
                weekendDays.Add(date.Value);
            }
            else
            {
                invalid.Add(text.Error("Calendar.DateLineInvalid", nameof(WorkingWeekendDays), line));
            }
        }

        if (invalid.Count > 0)
        {
            return this.Refuse(new Refusal(RefusalKind.Invalid, invalid));
        }

        var tree = await directory.TreeAsync(ct: ct);
        var refusal = await sender.TrySendAsync(
            () => new DeclareHolidays(Year, ExpectedVersion, holidays, weekendDays, Source ?? string.Empty),
            Permission.ChangeOrganisation,
            // The days off hold for every unit's deadlines: declaring them takes the right over the whole city.
            _ => [.. tree.Roots.Select(r => r.Id)],
            new AuditNote(Source, null),
            HolidayYear.StreamIdFor(Year),
            ct);
        if (refusal is not null)
        {
            return this.Refuse(refusal);
        }

        TempData["Flash"] = text["Calendar.Declared", Year].Value;
        return Redirect("/calendar");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Today = VietnamTime.Today(clock);
        Declared = (await session.Query<HolidayYear>().ToListAsync(ct)).ToDictionary(y => y.Year);
        Calendar = await WorkingCalendars.LoadAsync(session, ct);
        Years = [.. Enumerable.Range(Today.Year - 3, 6).Concat(Declared.Keys).Where(Calendar.Covers).Distinct().Order()];
    }

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? string.Empty).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);
}
