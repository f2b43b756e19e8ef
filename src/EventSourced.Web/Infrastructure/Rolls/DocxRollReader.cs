using System.IO.Compression;
using System.Text;
using System.Xml;

namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>
/// The rows of a roll typed as a table in a Word document (.docx), as many cells keep the list they print
/// for their meetings (decision 0046): the rows of the document's tables in order, streamed from its main
/// part under the XLSX reader's limits (the part's bytes counted as they are read). The title and the
/// signatures are paragraphs outside the table and are not rows; a header or a title row inside the table
/// is left to the layout rules (decision 0045). A cell spanning columns (<c>w:gridSpan</c>) keeps its text in
/// its first cell and leaves the others empty, and a cell continuing a vertical merge is empty, as a merged
/// cell of a sheet is; the paragraphs of a cell are its lines. A table inside a cell is part of its text.
/// </summary>
public static class DocxRollReader
{
    private const string Main = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    private const string DocumentPath = "word/document.xml";

    public const string NoTable = "Import.NoTableInDocument";

    public const string Unreadable = "Import.UnreadableDocx";

    public static IEnumerable<RollRawRow> Read(byte[] bytes, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var limits = XlsxLimits.Default with { MaxRows = maxRows };
        using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        using var reader = XlsxSheetReader.Xml(zip, DocumentPath, limits.MaxSheetBytes);
        var number = 0;
        var rows = new RollRowLimit(limits.MaxRows);
        var tables = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != Main)
            {
                continue;
            }

            if (reader.LocalName == "tbl")
            {
                tables++;
                continue;
            }

            if (reader.LocalName != "tr" || reader.IsEmptyElement)
            {
                continue;
            }

            number++;
            if (number > limits.MaxRowNumber)
            {
                throw new XlsxRefusedException("Import.TooManyRows", limits.MaxRows);
            }

            var cells = Row(reader, limits);
            if (RollRowLimit.IsEmpty(cells))
            {
                continue;
            }

            rows.Count();

            yield return new RollRawRow(number, [.. cells]);
        }

        if (tables == 0)
        {
            throw new XlsxRefusedException(NoTable);
        }
    }

    /// <summary>The cells of the table row the reader is on, leaving it on the row's end.</summary>
    private static List<object?> Row(XmlReader reader, XlsxLimits limits)
    {
        var cells = new List<object?>();
        var depth = reader.Depth;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != Main)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "gridBefore":
                    // Grid columns left empty before the row's first cell.
                    Pad(cells, Span(reader, limits), limits);
                    break;
                case "tc" when !reader.IsEmptyElement:
                    var (text, span, continued) = Cell(reader, limits);
                    if (cells.Count >= limits.MaxColumns)
                    {
                        if (text.Length > 0 && !continued)
                        {
                            throw new XlsxRefusedException("Import.XlsxTooManyColumns", limits.MaxColumns);
                        }

                        break;
                    }

                    cells.Add(text.Length > 0 && !continued ? text : null);
                    Pad(cells, span - 1, limits);
                    break;
            }
        }

        return cells;
    }

    private static void Pad(List<object?> cells, int count, XlsxLimits limits)
    {
        for (var i = 0; i < count && cells.Count < limits.MaxColumns; i++)
        {
            cells.Add(null);
        }
    }

    /// <summary>
    /// The text of the cell the reader is on (its paragraphs as lines), how many grid columns it spans, and
    /// whether it continues a vertical merge; leaves the reader on the cell's end.
    /// </summary>
    private static (string Text, int Span, bool Continued) Cell(XmlReader reader, XlsxLimits limits)
    {
        var text = new StringBuilder();
        var span = 1;
        var continued = false;
        var depth = reader.Depth;
        var paragraphs = 0;
        // Only the text of w:t is the cell's: not a field's code (w:instrText) nor text deleted in tracked changes (w:delText).
        var inText = false;
        while (reader.Read() && reader.Depth > depth)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    inText = reader.NamespaceURI == Main && reader.LocalName == "t";
                    if (reader.NamespaceURI != Main)
                    {
                        break;
                    }

                    switch (reader.LocalName)
                    {
                        case "gridSpan":
                            span = Span(reader, limits);
                            break;
                        case "vMerge":
                            // Without a value, or "continue": the cell goes on the merge started above.
                            continued = reader.GetAttribute("val", Main) is null or "continue";
                            break;
                        case "p":
                            if (paragraphs++ > 0)
                            {
                                text.Append('\n');
                            }

                            break;
                        case "tab":
                            text.Append(' ');
                            break;
                        case "br" or "cr":
                            text.Append('\n');
                            break;
                    }

                    break;
                case XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace or XmlNodeType.CDATA when inText:
                    text.Append(reader.Value);
                    if (text.Length > limits.MaxCellChars)
                    {
                        throw new XlsxRefusedException("Import.XlsxCellTooLong", limits.MaxCellChars);
                    }

                    break;
            }
        }

        return (text.ToString().Trim(), span, continued);
    }

    private static int Span(XmlReader reader, XlsxLimits limits) =>
        int.TryParse(reader.GetAttribute("val", Main), System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? Math.Clamp(n, 1, limits.MaxColumns)
            : 1;
}
