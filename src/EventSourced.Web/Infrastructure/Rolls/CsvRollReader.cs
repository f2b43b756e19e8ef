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

    /// <summary>A value past the last column a sheet may have (<see cref="XlsxLimits.MaxColumns"/>), as in a spreadsheet.</summary>
    public const string TooManyColumns = "Import.CsvTooManyColumns";

    /// <summary>A field longer than a spreadsheet's cell may be (<see cref="XlsxLimits.MaxCellChars"/>).</summary>
    public const string CellTooLong = "Import.CsvCellTooLong";

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

        // The limits of a sheet hold for a CSV too: a line of millions of separators would otherwise become
        // millions of cells, each column a header with its own choice on the columns page. Empty fields past
        // the last column (a row of trailing separators) are nothing; a value there is refused on its row.
        var row = reader.Current;
        var limits = XlsxLimits.Default;
        var count = row.ColCount;
        if (count > limits.MaxColumns)
        {
            for (var i = limits.MaxColumns; i < count; i++)
            {
                if (!row[i].Span.IsWhiteSpace())
                {
                    throw new RollRefusedException(TooManyColumns, number, -1, limits.MaxColumns);
                }
            }

            count = limits.MaxColumns;
        }

        var cells = new object?[count];
        for (var i = 0; i < cells.Length; i++)
        {
            var span = row[i].Span;
            if (span.Length > limits.MaxCellChars + 2)
            {
                throw new RollRefusedException(CellTooLong, number, i, limits.MaxCellChars);
            }

            cells[i] = span.IndexOf('"') < 0 ? (span.IsEmpty ? null : new string(span)) : Unquote(span, number, i);
            if (cells[i] is string { Length: var length } && length > limits.MaxCellChars)
            {
                throw new RollRefusedException(CellTooLong, number, i, limits.MaxCellChars);
            }
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
