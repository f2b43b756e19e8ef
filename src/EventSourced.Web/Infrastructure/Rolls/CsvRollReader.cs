using System.Text;
using nietras.SeparatedValues;

namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>
/// The records of a CSV roll, parsed by Sep: comma, semicolon (Excel in Vietnamese locales) or tab,
/// taken from the header line or from Excel's "sep=" first line; RFC 4180 quotes hold separators,
/// doubled quotes and line breaks. Records are numbered as a spreadsheet numbers its rows (a quoted
/// line break does not start a row; a blank line is a row).
/// </summary>
public static class CsvRollReader
{
    public const string UnclosedQuote = "Import.UnclosedQuote";

    public static IEnumerable<RollRawRow> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (separator, body) = Separator(text);

        // Sep leaves quotes in place (Unescape off) so a field with an odd number of them, which Sep
        // reads to the end of the file, is found and refused instead of swallowing the rows after it.
        using var reader = Sep.New(separator).Reader(o => o with { HasHeader = false, DisableColCountCheck = true }).FromText(body);
        var number = 0;
        while (Next(reader, ++number) is { } row)
        {
            yield return row;
        }
    }

    /// <summary>The separator the header line uses most, and the text without Excel's "sep=" line.</summary>
    public static (char Separator, string Body) Separator(string text)
    {
        var firstLineEnd = text.AsSpan().IndexOfAny('\r', '\n');
        var firstLine = firstLineEnd < 0 ? text.AsSpan() : text.AsSpan(0, firstLineEnd);
        if (firstLine.Length == 5 && firstLine.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && firstLine[4] is ',' or ';' or '\t')
        {
            var rest = firstLineEnd < 0 ? string.Empty : text[firstLineEnd..];
            return (firstLine[4], rest.StartsWith("\r\n", StringComparison.Ordinal) ? rest[2..] : rest.Length > 0 ? rest[1..] : rest);
        }

        int comma = 0, semicolon = 0, tab = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (quoted)
            {
                continue;
            }
            else if (c is '\n' or '\r')
            {
                if (comma + semicolon + tab > 0)
                {
                    break;
                }
            }
            else if (c == ',')
            {
                comma++;
            }
            else if (c == ';')
            {
                semicolon++;
            }
            else if (c == '\t')
            {
                tab++;
            }
        }

        var separator = semicolon > comma && semicolon >= tab ? ';' : tab > comma && tab > semicolon ? '\t' : ',';
        return (separator, text);
    }

    private static RollRawRow? Next(SepReader reader, int number)
    {
        if (!reader.MoveNext())
        {
            return null;
        }

        var row = reader.Current;
        var cells = new object?[row.ColCount];
        for (var i = 0; i < cells.Length; i++)
        {
            var span = row[i].Span;
            cells[i] = span.IndexOf('"') < 0 ? (span.IsEmpty ? null : new string(span)) : Unquote(span, number, i);
        }

        return new RollRawRow(number, cells);
    }

    /// <summary>
    /// A field with quotes: a quoted field loses its outer quotes and its doubled quotes become one;
    /// text after the closing quote is kept, as spreadsheets keep it; a quote inside an unquoted
    /// field is kept as it is. An odd number of quotes never closes.
    /// </summary>
    private static string Unquote(ReadOnlySpan<char> field, int number, int column)
    {
        if (field.Count('"') % 2 != 0)
        {
            throw new RollRefusedException(UnclosedQuote, number, column);
        }

        if (field[0] != '"')
        {
            return new string(field);
        }

        var text = new StringBuilder(field.Length);
        var i = 1;
        for (; i < field.Length; i++)
        {
            if (field[i] != '"')
            {
                text.Append(field[i]);
            }
            else if (i + 1 < field.Length && field[i + 1] == '"')
            {
                text.Append('"');
                i++;
            }
            else
            {
                break;
            }
        }

        return text.Append(field[Math.Min(i + 1, field.Length)..]).ToString();
    }
}
