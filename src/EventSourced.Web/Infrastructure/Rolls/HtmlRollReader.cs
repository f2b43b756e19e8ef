using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>
/// The rows of a roll that web software exported as an HTML table under an ".xls" name ("Xuất Excel"),
/// which Excel opens as a sheet (decision 0046): every table row of the page in order, so a title table
/// above the roll is a title the layout rules leave out. A cell spanning columns or rows keeps its text
/// in its first cell and leaves the others empty, as a merged cell of a sheet does; text is whitespace-
/// collapsed as a browser shows it, a line break kept. Parsed with AngleSharp (no script runs), under
/// the XLSX reader's limits and a smaller size: a page's DOM takes many times its bytes.
/// </summary>
public static class HtmlRollReader
{
    /// <summary>
    /// Characters of a page read: thousands of rows as exporters write them (300–500 characters a row with
    /// their styles). Measured: 10 MB of plain rows (105,000) took 2.8 s and 600 MB; a larger roll is a sheet
    /// to save as .xlsx, which is read streaming.
    /// </summary>
    public const int MaxChars = 4 * 1024 * 1024;

    public const string TooLarge = "Import.HtmlTooLarge";

    public const string TooDeep = "Import.HtmlTooDeep";

    /// <summary>
    /// Elements open inside one another, tables and the elements whose end tag may be left out aside. An
    /// exported roll nests a handful (&lt;td&gt;&lt;font&gt;&lt;b&gt;); the HTML parser's cost grows with the square of the
    /// nesting (100,000 &lt;div&gt;s, 400 KB, took 59 s), so a page nesting more is refused before it is parsed.
    /// </summary>
    public const int MaxNesting = 200;

    /// <summary>Elements that never hold others, or whose end tag HTML lets a page leave out, or that belong to the table: not counted.</summary>
    private static readonly HashSet<string> NotNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "p", "li", "dt", "dd", "option", "optgroup", "rb", "rt", "rtc", "rp",
        "table", "caption", "colgroup", "thead", "tbody", "tfoot", "tr", "td", "th",
        "html", "head", "body",
    };

    /// <summary>
    /// How deep the page's elements nest, estimated from its tags alone (a start tag opens, an end tag closes,
    /// <see cref="NotNesting"/> and self-closed tags aside), before any parsing.
    /// </summary>
    public static int NestingDepth(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var lookup = NotNesting.GetAlternateLookup<ReadOnlySpan<char>>();
        var depth = 0;
        var deepest = 0;
        for (var i = html.IndexOf('<', StringComparison.Ordinal); i >= 0 && i + 1 < html.Length; i = html.IndexOf('<', i + 1))
        {
            var closing = html[i + 1] == '/';
            var start = closing ? i + 2 : i + 1;
            var end = start;
            while (end < html.Length && char.IsAsciiLetterOrDigit(html[end]))
            {
                end++;
            }

            if (end == start || !char.IsAsciiLetter(html[start]))
            {
                // A comment, a declaration, a processing instruction or a lone "<".
                continue;
            }

            if (lookup.Contains(html.AsSpan(start, end - start)))
            {
                continue;
            }

            var close = html.IndexOf('>', end);
            if (closing)
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (close < 0 || html[close - 1] != '/')
            {
                deepest = Math.Max(deepest, ++depth);
            }
        }

        return deepest;
    }

    /// <summary>A page holding a table: it begins with markup and has a table element.</summary>
    public static bool IsHtmlTable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.AsSpan().TrimStart();
        return start.Length > 0 && start[0] == '<' && text.Contains("<table", StringComparison.OrdinalIgnoreCase);
    }

    public static IEnumerable<RollRawRow> Read(string html, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (html.Length > MaxChars)
        {
            throw new XlsxRefusedException(TooLarge, MaxChars / (1024 * 1024));
        }

        if (NestingDepth(html) > MaxNesting)
        {
            throw new XlsxRefusedException(TooDeep, MaxNesting);
        }

        var limits = XlsxLimits.Default with { MaxRows = maxRows };
        var document = new HtmlParser(new HtmlParserOptions { IsScripting = false }).ParseDocument(html);
        // Rows still covered by a cell spanning down from above, by column.
        var spanned = new Dictionary<int, int>();
        var number = 0;
        var rows = new RollRowLimit(limits.MaxRows);
        foreach (var row in document.QuerySelectorAll("tr").OfType<IHtmlTableRowElement>())
        {
            number++;
            var cells = new List<object?>();
            foreach (var cell in row.Cells)
            {
                SkipSpanned(cells, spanned);
                var text = Text(cell);
                if (text.Length > limits.MaxCellChars)
                {
                    throw new XlsxRefusedException("Import.XlsxCellTooLong", limits.MaxCellChars);
                }

                if (cells.Count >= limits.MaxColumns)
                {
                    // A value past the last column is refused, as in a sheet; an empty cell there is nothing.
                    if (text.Length > 0)
                    {
                        throw new XlsxRefusedException("Import.XlsxTooManyColumns", limits.MaxColumns);
                    }

                    continue;
                }

                // A span reaching past the last column (a title over colspan="200") covers nothing there.
                var across = Math.Clamp(cell.ColumnSpan, 1, limits.MaxColumns - cells.Count);
                var down = Math.Clamp(cell.RowSpan, 1, limits.MaxRows + 1);
                for (var i = 0; i < across; i++)
                {
                    if (down > 1)
                    {
                        spanned[cells.Count] = down - 1;
                    }

                    cells.Add(i == 0 && text.Length > 0 ? text : null);
                }
            }

            // Columns at the end of the row still covered from above.
            while (spanned.Keys.Any(column => column >= cells.Count))
            {
                SkipSpanned(cells, spanned, always: true);
            }

            if (RollRowLimit.IsEmpty(cells))
            {
                continue;
            }

            rows.Count();

            yield return new RollRawRow(number, [.. cells]);
        }
    }

    /// <summary>Leaves empty the next columns a cell above still covers (or the next column, <paramref name="always"/>).</summary>
    private static void SkipSpanned(List<object?> cells, Dictionary<int, int> spanned, bool always = false)
    {
        while (always || spanned.ContainsKey(cells.Count))
        {
            always = false;
            if (spanned.TryGetValue(cells.Count, out var left))
            {
                if (left <= 1)
                {
                    spanned.Remove(cells.Count);
                }
                else
                {
                    spanned[cells.Count] = left - 1;
                }
            }

            cells.Add(null);
        }
    }

    /// <summary>The cell's text as a browser shows it: runs of whitespace as one space, a &lt;br&gt; or a paragraph as a line break.</summary>
    private static string Text(IElement cell)
    {
        var text = new StringBuilder();
        Append(cell, text);
        return text.ToString().Trim();
    }

    private static void Append(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText part:
                    foreach (var c in part.Data)
                    {
                        if (c is ' ' or '\t' or '\r' or '\n' or '\f')
                        {
                            if (text.Length > 0 && text[^1] is not ' ' and not '\n')
                            {
                                text.Append(' ');
                            }
                        }
                        else
                        {
                            text.Append(c);
                        }
                    }

                    break;
                case IHtmlBreakRowElement:
                    LineBreak(text);
                    break;
                case IElement { LocalName: "p" or "div" } block:
                    LineBreak(text);
                    Append(block, text);
                    LineBreak(text);
                    break;
                case IElement { LocalName: "script" or "style" }:
                    break;
                case IElement element:
                    Append(element, text);
                    break;
            }
        }
    }

    private static void LineBreak(StringBuilder text)
    {
        while (text.Length > 0 && text[^1] == ' ')
        {
            text.Length--;
        }

        if (text.Length > 0 && text[^1] != '\n')
        {
            text.Append('\n');
        }
    }
}
