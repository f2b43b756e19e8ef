using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;

namespace EventSourced.Domain.Members;

/// <summary>How much of a date a roll gave: the whole day, or only the month or the year.</summary>
public enum DatePrecision
{
    Day,
    Month,
    Year,
}

/// <summary>
/// A date as a roll wrote it. Legacy rolls give only the year (or month and year) of birth: the
/// date is then the first day of that year (or month) and <see cref="Precision"/> says so, so
/// reconciliation can compare "1985" with 15/06/1985 as a year-only agreement instead of a clash.
/// </summary>
public readonly record struct RollDate(LocalDate Date, DatePrecision Precision)
{
    public static RollDate Day(LocalDate date) => new(date, DatePrecision.Day);

    public static RollDate YearOnly(int year) => new(new LocalDate(year, 1, 1), DatePrecision.Year);

    public int Year => Date.Year;

    /// <summary>True when <paramref name="date"/> falls in the day, month or year this date stands for.</summary>
    public bool Covers(LocalDate date) => Precision switch
    {
        DatePrecision.Year => date.Year == Date.Year,
        DatePrecision.Month => date.Year == Date.Year && date.Month == Date.Month,
        _ => date == Date,
    };
}

/// <summary>
/// Dates as spreadsheets and people write them: dd/MM/yyyy (also d/M/yyyy, with '-' or '.'),
/// ISO yyyy-MM-dd, or a spreadsheet serial number (days since 30 December 1899), with or without
/// a time of day after it. A bare year is refused with its own reason: legacy rolls have them,
/// and read as a serial it would silently become a day in 1905. Dates are first put in one of
/// those forms as people write them (<see cref="Normalise"/>): spaces around the separators,
/// words ("ngày 15 tháng 6 năm 1985"), Excel's text mark ("'15/06/1985"), full-width digits.
/// </summary>
public static partial class ImportDates
{
    private static readonly LocalDate SerialEpoch = new(1899, 12, 30);

    private static readonly LocalDatePattern[] Patterns =
    [
        LocalDatePattern.CreateWithInvariantCulture("d'/'M'/'yyyy"),
        LocalDatePattern.CreateWithInvariantCulture("d'-'M'-'yyyy"),
        LocalDatePattern.CreateWithInvariantCulture("d'.'M'.'yyyy"),
        LocalDatePattern.CreateWithInvariantCulture("yyyy'-'M'-'d"),
        LocalDatePattern.CreateWithInvariantCulture("yyyy'/'M'/'d"),
    ];

    /// <summary>Day first with a two-digit year ("15/06/85"), read only with a date to put the year's century by.</summary>
    private static readonly LocalDatePattern[] TwoDigitYearPatterns =
    [
        LocalDatePattern.CreateWithInvariantCulture("d'/'M'/'yy"),
        LocalDatePattern.CreateWithInvariantCulture("d'-'M'-'yy"),
        LocalDatePattern.CreateWithInvariantCulture("d'.'M'.'yy"),
    ];

    /// <summary>Month first, as an English-language Excel writes a date typed as text; read only when the day cannot be a month.</summary>
    private static readonly LocalDatePattern[] MonthFirstPatterns =
    [
        LocalDatePattern.CreateWithInvariantCulture("M'/'d'/'yyyy"),
        LocalDatePattern.CreateWithInvariantCulture("M'-'d'-'yyyy"),
        LocalDatePattern.CreateWithInvariantCulture("M'.'d'.'yyyy"),
    ];

    /// <summary>
    /// The smallest spreadsheet serial read as a date (26/09/1902): a number of one to three digits in a date's
    /// column is a two-digit year, an age or a row number, never a day in 1900 or 1901.
    /// </summary>
    private const double SmallestSerial = 1000;

    private static readonly LocalDatePattern[] MonthPatterns =
    [
        LocalDatePattern.CreateWithInvariantCulture("M'/'yyyy"),
        LocalDatePattern.CreateWithInvariantCulture("M'-'yyyy"),
        LocalDatePattern.CreateWithInvariantCulture("M'.'yyyy"),
        LocalDatePattern.CreateWithInvariantCulture("yyyy'-'M"),
    ];

    /// <summary>
    /// A date as typed, in the forms the patterns read: full-width digits and separators made plain (an East Asian
    /// input method's "１５／０６／１９８５"); Excel's leading apostrophe that marks a cell as text dropped; spaces
    /// around a separator dropped ("15 /06/ 1985"); three numbers separated by spaces alone separated by '/'
    /// ("15 06 1985"); and the Vietnamese words read as the numbers they name: "ngày 15 tháng 6 năm 1985", "15 tháng
    /// 6, 1985" (the day, month and year), "tháng 6/1985" or "tháng 6 năm 1985" (a month and year), "năm 1985" (a year).
    /// Anything else is left as it was, for the patterns to refuse.
    /// </summary>
    public static string Normalise(string? text)
    {
        var value = (text ?? string.Empty).Normalize(NormalizationForm.FormKC).Trim().TrimStart('\'', '\u2018', '\u2019', '`').Trim();
        value = AroundSeparator().Replace(value, "$1");
        if (value.Any(char.IsLetter) && Numbers(value) is { } numbers)
        {
            return numbers;
        }

        return SpacedNumbers().IsMatch(value) ? SpacedNumbers().Replace(value, "$1/$2/$3") : value;
    }

    /// <summary>"ngày 15 tháng 6 năm 1985" as "15/6/1985": the text is the date words, numbers and separators, and nothing else.</summary>
    private static string? Numbers(string value)
    {
        var folded = new StringBuilder();
        foreach (var c in value.ToLowerInvariant().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c is 'đ' ? 'd' : c);
            }
        }

        var match = DateInWords().Match(folded.ToString());
        if (!match.Success)
        {
            return null;
        }

        string[] parts = [.. new[] { match.Groups["day"], match.Groups["month"], match.Groups["year"] }.Where(g => g.Success).Select(g => g.Value)];
        // "tháng 6" alone, or "15 tháng 6" without a year, is no date.
        return match.Groups["year"].Success ? string.Join('/', parts) : null;
    }

    [GeneratedRegex(@"\s*([/.\-])\s*")]
    private static partial Regex AroundSeparator();

    [GeneratedRegex(@"^(\d{1,2}) +(\d{1,2}) +(\d{2}|\d{4})$")]
    private static partial Regex SpacedNumbers();

    [GeneratedRegex(@"^(?:(?:ngay\s*)?(?<day>\d{1,2})\s*[,/]?\s*)?(?:thang\s*(?<month>\d{1,2}))(?:\s*(?:,|/|-|\.|nam)\s*(?:nam\s*)?(?<year>\d{4}|\d{2}))?$|^nam\s*(?<year>\d{4})$")]
    private static partial Regex DateInWords();

    public static bool IsYearOnly(string text) =>
        Normalise(text) is { Length: 4 } year && year.All(char.IsAsciiDigit) && int.Parse(year, CultureInfo.InvariantCulture) is >= 1900 and <= 2100;

    public static bool TryParse(string? text, out LocalDate date)
    {
        date = default;
        var value = Normalise(text);
        if (value.Length == 0 || IsYearOnly(value))
        {
            return false;
        }

        // "15/06/1985 00:00:00" or "1985-06-15T00:00:00": the date part is what counts.
        var cut = value.IndexOfAny([' ', 'T']);
        if (cut > 0 && value[(cut + 1)..].Trim().All(c => char.IsAsciiDigit(c) || c is ':' or '.'))
        {
            value = value[..cut];
        }

        foreach (var pattern in Patterns)
        {
            if (pattern.Parse(value) is { Success: true } parsed)
            {
                date = parsed.Value;
                return true;
            }
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= SmallestSerial and < 2958466)
        {
            date = SerialEpoch.PlusDays((int)Math.Floor(serial));
            return true;
        }

        return false;
    }

    /// <summary>
    /// A roll's date with its precision: every form <see cref="TryParse"/> reads (a whole day), a
    /// month and year ("06/1985", "1985-06"), or a bare year from 1900 to 2100. The member import
    /// keeps refusing the last two through <see cref="TryParse"/>; reconciliation compares them.
    /// A day written month first ("06/15/1985", an English-language Excel's text) is read when its day cannot
    /// be a month. With the roll's <paramref name="referenceDate"/>, a date of birth with a two-digit year
    /// ("15/06/85", or "85" alone) is read in the century that makes the member old enough to have been
    /// admitted by then (2005 when that is at least 18 years before it, else 1905 to 1999: nobody on a roll
    /// was born in the 1900s' first years); without one it is no date.
    /// </summary>
    public static bool TryParseRollDate(string? text, out RollDate date, LocalDate? referenceDate = null)
    {
        date = default;
        var value = Normalise(text);
        if (IsYearOnly(value))
        {
            date = new RollDate(new LocalDate(int.Parse(value, CultureInfo.InvariantCulture), 1, 1), DatePrecision.Year);
            return true;
        }

        if (TryParse(value, out var day))
        {
            date = new RollDate(day, DatePrecision.Day);
            return true;
        }

        foreach (var pattern in MonthFirstPatterns)
        {
            if (pattern.Parse(value) is { Success: true } parsed && parsed.Value.Day > 12)
            {
                date = new RollDate(parsed.Value, DatePrecision.Day);
                return true;
            }
        }

        if (referenceDate is { } reference && TwoDigitYear(value, reference, out date))
        {
            return true;
        }

        foreach (var pattern in MonthPatterns)
        {
            if (pattern.Parse(value) is { Success: true } parsed && parsed.Value.Year is >= 1900 and <= 2100)
            {
                date = new RollDate(parsed.Value, DatePrecision.Month);
                return true;
            }
        }

        return false;
    }

    /// <summary>"15/06/85" or "85": the year in the latest century that leaves the person of age on <paramref name="reference"/>.</summary>
    private static bool TwoDigitYear(string value, LocalDate reference, out RollDate date)
    {
        date = default;
        int Century(int twoDigits) => 2000 + twoDigits <= reference.Year - AdmitMemberHandler.MinimumAge ? 2000 + twoDigits : 1900 + twoDigits;
        if (value is { Length: 2 } && value.All(char.IsAsciiDigit))
        {
            date = RollDate.YearOnly(Century(int.Parse(value, CultureInfo.InvariantCulture)));
            return true;
        }

        foreach (var pattern in TwoDigitYearPatterns)
        {
            // NodaTime reads "yy" in 2000-2099 (its two-digit year base); only the last two digits are taken from it.
            if (pattern.Parse(value) is { Success: true } parsed && value.Length - value.LastIndexOfAny(['/', '-', '.']) == 3)
            {
                var year = Century(parsed.Value.Year % 100);
                if (parsed.Value.Month == 2 && parsed.Value.Day == 29 && !CalendarSystem.Iso.IsLeapYear(year))
                {
                    return false;
                }

                date = RollDate.Day(new LocalDate(year, parsed.Value.Month, parsed.Value.Day));
                return true;
            }
        }

        return false;
    }
}
