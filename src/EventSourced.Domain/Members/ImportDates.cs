using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace EventSourced.Domain.Members;

/// <summary>
/// Dates as spreadsheets and people write them: dd/MM/yyyy (also d/M/yyyy, with '-' or '.'),
/// ISO yyyy-MM-dd, or a spreadsheet serial number (days since 30 December 1899), with or without
/// a time of day after it. A bare year is refused with its own reason: legacy rolls have them,
/// and read as a serial it would silently become a day in 1905.
/// </summary>
public static class ImportDates
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

    public static bool IsYearOnly(string text) =>
        text.Trim() is { Length: 4 } year && year.All(char.IsAsciiDigit) && int.Parse(year, CultureInfo.InvariantCulture) is >= 1900 and <= 2100;

    public static bool TryParse(string? text, out LocalDate date)
    {
        date = default;
        var value = (text ?? string.Empty).Trim();
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

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 2958466)
        {
            date = SerialEpoch.PlusDays((int)Math.Floor(serial));
            return true;
        }

        return false;
    }
}
