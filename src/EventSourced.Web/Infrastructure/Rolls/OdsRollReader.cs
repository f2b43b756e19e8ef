using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>
/// The rows of a roll saved by LibreOffice or OpenOffice Calc (.ods, OpenDocument), as offices that use
/// them keep their rolls (decision 0046): the first table with a value, streamed from <c>content.xml</c> with
/// the XLSX reader's <see cref="XmlReader"/> settings and byte counting, under its limits. Repeated rows
/// and cells (<c>number-rows-repeated</c>, <c>number-columns-repeated</c>, which a sheet uses for its
/// million empty rows) are expanded only where they hold a value; a cell a merge covers is empty, as in a
/// sheet. Numbers, dates and booleans come typed as from an XLSX; a formula comes out as "=" and its
/// formula, refused on its row like an XLSX formula.
/// <para>
/// A LibreOffice or OpenOffice Writer document (.odt) keeps its tables in the same markup: its rows are read
/// as a Word document's are (<see cref="ReadTextDocument"/>): every table's rows in order, numbered on
/// through the document, the title and signatures being paragraphs outside them; text deleted under tracked
/// changes, footnotes and comments are not read.
/// </para>
/// </summary>
public static class OdsRollReader
{
    private const string Table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    private const string Office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    private const string Text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    private const string Style = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";

    /// <summary>A Writer document with no table.</summary>
    public const string NoTable = "Import.NoTableInOdt";

    /// <summary>A Writer document that is not a readable package.</summary>
    public const string UnreadableText = "Import.UnreadableOdt";

    /// <summary>
    /// The roll of a Calc spreadsheet: the first table with a value; <paramref name="notices"/> is given
    /// <see cref="RollReader.OtherSheetsNotRead"/> when a table after it holds values too. With
    /// <paramref name="everySheet"/> every table with a value is read, one after another, each added to the list
    /// with its name and offset, its rows numbered on from the tables before it (decision 0048).
    /// </summary>
    public static IEnumerable<RollRawRow> Read(byte[] bytes, int maxRows, List<string>? notices = null, List<RollSheet>? everySheet = null) =>
        Rows(bytes, maxRows, textDocument: false, notices, everySheet);

    /// <summary>The roll of a Writer document: the rows of all its tables.</summary>
    public static IEnumerable<RollRawRow> ReadTextDocument(byte[] bytes, int maxRows) => Rows(bytes, maxRows, textDocument: true, notices: null, everySheet: null);

    private static IEnumerable<RollRawRow> Rows(byte[] bytes, int maxRows, bool textDocument, List<string>? notices, List<RollSheet>? everySheet)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var limits = XlsxLimits.Default with { MaxRows = maxRows };
        using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        using var reader = XlsxSheetReader.Xml(zip, "content.xml", limits.MaxSheetBytes, ignoreWhitespace: false);
        // With every sheet, each sheet's titles, headers and footers are rows too: the members' own limit is the roll's (RollReader).
        var rows = new RollRowLimit(everySheet is null ? limits.MaxRows : limits.MaxRows * 2);
        var rowNumber = 0;
        var tables = 0;
        var tableHasValue = false;
        var skipping = -1;
        // Every table (decision 0048): the current one's name, its index among those read, and where its rows start.
        var (tableName, sheet, offset, lastWithValue) = ("?", -1, 0, 0);
        // A sheet hidden in Calc is a table whose automatic style says display="false" (the styles come before the body).
        var hiddenStyles = new HashSet<string>(StringComparer.Ordinal);
        string? tableStyle = null;
        while (reader.Read())
        {
            if (skipping >= 0)
            {
                // Inside what a document shows apart from its text, up to its end.
                skipping = reader.NodeType == XmlNodeType.EndElement && reader.Depth == skipping ? -1 : skipping;
                continue;
            }

            if (everySheet is not null && reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "table" && reader.NamespaceURI == Table && tableHasValue)
            {
                // Every table is read: the next one's rows are numbered on from this one's last with a value.
                (offset, tableHasValue) = (offset + lastWithValue, false);
                continue;
            }

            if (!textDocument && reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "table" && reader.NamespaceURI == Table && tableHasValue)
            {
                // The first table with a value is the roll; an empty sheet before it is passed over.
                if (notices is not null && MoreTablesWithValues(reader, limits))
                {
                    notices.Add(RollReader.OtherSheetsNotRead);
                }

                yield break;
            }

            if (textDocument && reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == Text && reader.LocalName is "tracked-changes" or "note" && !reader.IsEmptyElement)
            {
                // Text deleted under tracked changes is kept here, a table with it; a footnote is not the page's.
                skipping = reader.Depth;
                continue;
            }

            if (!textDocument && reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == Style)
            {
                if (reader.LocalName == "style")
                {
                    tableStyle = reader.GetAttribute("family", Style) == "table" ? reader.GetAttribute("name", Style) : null;
                }
                else if (reader.LocalName == "table-properties" && tableStyle is not null && reader.GetAttribute("display", Table) == "false" && hiddenStyles.Count < limits.MaxEntries)
                {
                    hiddenStyles.Add(tableStyle);
                }

                continue;
            }

            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != Table)
            {
                continue;
            }

            if (!textDocument && reader.LocalName == "table" && reader.GetAttribute("style-name", Table) is { } styleName && hiddenStyles.Contains(styleName))
            {
                // A hidden sheet (a template's lists) is not the roll, as in an .xlsx.
                skipping = reader.IsEmptyElement ? -1 : reader.Depth;
                continue;
            }

            if (reader.LocalName == "table")
            {
                // A sheet's rows are numbered from its own top; a document's on through the document.
                tables++;
                rowNumber = textDocument ? rowNumber : 0;
                (tableName, sheet) = (reader.GetAttribute("name", Table) is { Length: > 0 } name ? name[..Math.Min(name.Length, RollSheet.MaxNameChars)] : "?", -1);
                continue;
            }

            if (reader.LocalName != "table-row")
            {
                continue;
            }

            var repeated = Repeat(reader, "number-rows-repeated");
            var cells = reader.IsEmptyElement ? [] : Cells(reader, limits);
            if (RollRowLimit.IsEmpty(cells))
            {
                // Empty rows, however many a sheet repeats, cost nothing.
                rowNumber += repeated;
                continue;
            }

            for (var i = 0; i < repeated; i++)
            {
                rowNumber++;
                if (rowNumber > limits.MaxRowNumber)
                {
                    throw new XlsxRefusedException("Import.TooManyRows", limits.MaxRows);
                }

                tableHasValue = true;
                rows.Count();
                if (everySheet is not null && sheet < 0)
                {
                    sheet = everySheet.Count;
                    everySheet.Add(new RollSheet(tableName, offset));
                }

                lastWithValue = rowNumber;
                yield return new RollRawRow(offset + rowNumber, [.. cells], Math.Max(sheet, 0));
            }
        }

        if (textDocument && tables == 0)
        {
            throw new XlsxRefusedException(NoTable);
        }
    }

    /// <summary>Whether a table after the one read holds a value, read up to its first one; content that cannot be read says no.</summary>
    private static bool MoreTablesWithValues(XmlReader reader, XlsxLimits limits)
    {
        try
        {
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == Table && reader.LocalName == "table-row"
                    && !reader.IsEmptyElement && !RollRowLimit.IsEmpty(Cells(reader, limits)))
                {
                    return true;
                }
            }

            return false;
        }
        catch (Exception e) when (e is XmlException or XlsxRefusedException or InvalidDataException or IOException)
        {
            return false;
        }
    }

    /// <summary>The cells of the row the reader is on, up to its end element; trailing empty cells left out.</summary>
    private static List<object?> Cells(XmlReader reader, XlsxLimits limits)
    {
        var cells = new List<object?>();
        var pendingEmpty = 0;
        var depth = reader.Depth;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != Table || reader.LocalName is not ("table-cell" or "covered-table-cell"))
            {
                continue;
            }

            var repeated = Repeat(reader, "number-columns-repeated");
            var covered = reader.LocalName == "covered-table-cell";
            var value = Value(reader, limits);
            if (covered || value is null)
            {
                // Empty cells are placed only when a value follows them.
                pendingEmpty = (int)Math.Min((long)pendingEmpty + repeated, limits.MaxColumns + 1L);
                continue;
            }

            if ((long)cells.Count + pendingEmpty + repeated > limits.MaxColumns)
            {
                throw new XlsxRefusedException("Import.XlsxTooManyColumns", limits.MaxColumns);
            }

            for (; pendingEmpty > 0; pendingEmpty--)
            {
                cells.Add(null);
            }

            for (var i = 0; i < repeated; i++)
            {
                cells.Add(value);
            }
        }

        return cells;
    }

    /// <summary>The typed value of the cell the reader is on, leaving the reader on the cell's end; null when empty.</summary>
    private static object? Value(XmlReader reader, XlsxLimits limits)
    {
        var formula = reader.GetAttribute("formula", Table);
        var type = reader.GetAttribute("value-type", Office);
        object? typed = type switch
        {
            "float" or "percentage" or "currency" => double.TryParse(reader.GetAttribute("value", Office), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null,
            "date" => DateTime.TryParse(reader.GetAttribute("date-value", Office), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date) ? date : null,
            "boolean" => reader.GetAttribute("boolean-value", Office) is "true",
            _ => null,
        };
        var text = reader.IsEmptyElement ? string.Empty : CellText(reader, limits);
        if (formula is { Length: > 0 })
        {
            // "of:=[.A1]+1": the formula after its namespace prefix.
            var at = formula.IndexOf('=', StringComparison.Ordinal);
            return at >= 0 ? formula[at..] : "=" + formula;
        }

        return typed ?? (text.Length > 0 ? text : null);
    }

    /// <summary>
    /// The text of the cell's paragraphs as lines, with its spaces (the space between two styled spans is a
    /// whitespace node of its own), tabs and line breaks; a comment or a footnote on the cell is not its text.
    /// </summary>
    private static string CellText(XmlReader reader, XlsxLimits limits)
    {
        var text = new StringBuilder();
        var depth = reader.Depth;
        var paragraphs = 0;
        var paragraph = -1;
        var annotation = -1;
        while (reader.Read() && reader.Depth > depth)
        {
            var inComment = annotation >= 0;
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when ((reader.NamespaceURI == Office && reader.LocalName == "annotation") || (reader.NamespaceURI == Text && reader.LocalName == "note")) && !reader.IsEmptyElement && !inComment:
                    // A comment on the cell, or a footnote in it (its mark and its text), is not the cell's text.
                    annotation = reader.Depth;
                    break;
                case XmlNodeType.EndElement when reader.Depth == annotation:
                    annotation = -1;
                    break;
                case XmlNodeType.Element when reader.NamespaceURI == Text && !inComment:
                    switch (reader.LocalName)
                    {
                        case "p" or "h":
                            if (paragraphs++ > 0)
                            {
                                text.Append('\n');
                            }

                            paragraph = reader.IsEmptyElement ? -1 : reader.Depth;
                            break;
                        case "s":
                            text.Append(' ', Math.Min(Repeat(reader, "c", Text), 100));
                            break;
                        case "tab":
                            text.Append(' ');
                            break;
                        case "line-break":
                            text.Append('\n');
                            break;
                    }

                    break;
                case XmlNodeType.EndElement when reader.Depth == paragraph:
                    paragraph = -1;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace when !inComment && paragraph >= 0:
                    text.Append(reader.Value);
                    if (text.Length > limits.MaxCellChars)
                    {
                        throw new XlsxRefusedException("Import.XlsxCellTooLong", limits.MaxCellChars);
                    }

                    break;
            }
        }

        return text.ToString();
    }

    private static int Repeat(XmlReader reader, string attribute, string ns = Table) =>
        int.TryParse(reader.GetAttribute(attribute, ns), CultureInfo.InvariantCulture, out var n) && n > 1 ? n : 1;
}
