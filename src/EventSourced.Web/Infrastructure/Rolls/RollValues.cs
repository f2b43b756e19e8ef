using System.Globalization;
using System.Text;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;

namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>
/// A cell of a roll as text the checks can trust: NFC, trimmed, runs of spaces, tabs and
/// non-breaking spaces (pasted from web pages and Word) made one space, invisible characters
/// removed; empty is null. Line breaks inside a cell are kept: they are part of an address.
/// </summary>
public static class RollValues
{
    /// <summary>The cell's value as text for <paramref name="column"/> (null when the column is not mapped).</summary>
    public static string? Text(string? column, object? value)
    {
        var text = value switch
        {
            null => null,
            string s => s,
            DateTime date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTimeOffset date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            bool b => b ? "TRUE" : "FALSE",
            double d => Number(column, d),
            decimal d => Number(column, (double)d),
            int or long or float => Number(column, Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        };
        var clean = Clean(text);
        if (clean is null)
        {
            return null;
        }

        return column == ImportColumns.CitizenId ? CitizenId(clean) : clean;
    }

    /// <summary>Trimmed NFC text with its inner whitespace collapsed, or null when nothing is left.</summary>
    public static string? Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (IsClean(text))
        {
            // Most cells of a roll: a million of them pass here without a copy.
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (c is '\u200B' or '\u200C' or '\u200D' or '\uFEFF' or '\u00AD')
            {
                // Zero-width characters and soft hyphens come with pasted text and only break comparisons.
                continue;
            }

            if (c is not '\r' and not '\n' && (char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space && c is not '\r' and not '\n' && builder[^1] is not '\r' and not '\n')
            {
                builder.Append(' ');
            }

            space = false;
            builder.Append(c);
        }

        var clean = VietnameseText.Normalise(builder.ToString().Trim());
        return clean.Length == 0 ? null : clean;
    }

    /// <summary>Already what <see cref="Clean"/> makes of it: no space at either end or twice, no other whitespace, composed.</summary>
    private static bool IsClean(string text)
    {
        if (text[0] == ' ' || text[^1] == ' ')
        {
            return false;
        }

        var ascii = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ' ')
            {
                if (text[i - 1] == ' ')
                {
                    return false;
                }
            }
            else if (c < ' ' || c == '\u007F')
            {
                return false;
            }
            else if (c > '\u007F')
            {
                if (char.IsWhiteSpace(c) || c is 'Ð' or 'ð' or '\u200B' or '\u200C' or '\u200D' or '\uFEFF' or '\u00AD' || char.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator)
                {
                    return false;
                }

                ascii = false;
            }
        }

        return ascii || text.IsNormalized(NormalizationForm.FormC);
    }

    /// <summary>
    /// A spreadsheet drops the leading zeros of a citizen ID stored as a number, and a CSV saved
    /// from it keeps the loss: a 12-digit ID always starts with 0 (province codes run 001 to 096),
    /// so 10 or 11 digits can only be one that lost them. Old 9-digit identity card numbers are kept.
    /// </summary>
    public static string CitizenId(string text) =>
        text.Length is 10 or 11 && text.All(char.IsAsciiDigit) ? text.PadLeft(12, '0') : text;

    /// <summary>A number cell as text; a 9-digit phone number typed as a number lost its leading 0.</summary>
    private static string Number(string? column, double value)
    {
        var text = value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : value.ToString("0.##########", CultureInfo.InvariantCulture);
        return column == ImportColumns.Phone && text.Length == 9 && text.All(char.IsAsciiDigit) ? "0" + text : text;
    }
}
