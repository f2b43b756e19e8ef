using System.Globalization;
using System.Text;
using System.Xml;

namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>
/// The rows of a roll saved as "XML Spreadsheet 2003" (SpreadsheetML), which older software exports under
/// an ".xls" name (decision 0046): the first worksheet with a value, streamed with an <see cref="XmlReader"/>
/// that refuses a document type, under the XLSX reader's limits. A cell's position follows Excel's own
/// rules (<c>ss:Index</c>, and a cell merged across pushes the next one past its span), so a merged header
/// keeps its text in its first cell; numbers, dates and booleans come typed as from an XLSX, and a formula
/// comes out as "=" and its formula, refused on its row like an XLSX formula.
/// </summary>
public static class XmlSpreadsheetRollReader
{
    private const string Namespace = "urn:schemas-microsoft-com:office:spreadsheet";

    /// <summary>An XML document whose root is a SpreadsheetML workbook.</summary>
    public static bool IsXmlSpreadsheet(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.AsSpan().TrimStart();
        return start.StartsWith("<?xml", StringComparison.Ordinal)
            && text.AsSpan(0, Math.Min(text.Length, 4096)).Contains(Namespace, StringComparison.Ordinal);
    }

    /// <summary>
    /// The rows of the first worksheet with a value; <paramref name="notices"/> is given
    /// <see cref="RollReader.OtherSheetsNotRead"/> when a visible worksheet after it holds values too.
    /// </summary>
    public static IEnumerable<RollRawRow> Read(string xml, int maxRows, List<string>? notices = null, List<RollSheet>? everySheet = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        if (everySheet is not null)
        {
            return EveryWorksheet(xml, maxRows, everySheet);
        }

        return FirstWorksheet(xml, maxRows, notices);
    }

    /// <summary>
    /// Every visible worksheet with a value, one after another, each added to <paramref name="everySheet"/> with
    /// its name and offset, its rows numbered on from the worksheets before it (decision 0048). A worksheet is
    /// held until its end, where Excel writes whether it is hidden; when every worksheet with a value is hidden,
    /// the first of them is the roll, as when the first worksheet is read alone.
    /// </summary>
    private static IEnumerable<RollRawRow> EveryWorksheet(string xml, int maxRows, List<RollSheet> everySheet)
    {
        var limits = XlsxLimits.Default with { MaxRows = maxRows };
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        // Each worksheet's titles, headers and footers are rows too: the members' own limit is the roll's (RollReader).
        var counted = new RollRowLimit(limits.MaxRows * 2);
        var (name, hidden, rowNumber, offset) = ("?", false, 0, 0);
        var rows = new List<RollRawRow>();
        (string Name, List<RollRawRow> Rows)? firstHidden = null;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "Worksheet" && reader.NamespaceURI == Namespace)
            {
                if (rows.Count > 0 && !hidden)
                {
                    var index = everySheet.Count;
                    everySheet.Add(new RollSheet(name, offset));
                    foreach (var row in rows)
                    {
                        yield return row with { Number = offset + row.Number, Sheet = index };
                    }

                    offset += rows[^1].Number;
                }
                else if (rows.Count > 0 && firstHidden is null)
                {
                    firstHidden = (name, rows);
                }

                rows = [];
                continue;
            }

            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Visible" && !reader.IsEmptyElement)
            {
                // In the worksheet's options (Excel's own namespace), after its rows.
                hidden = reader.ReadElementContentAsString() is "SheetHidden" or "SheetVeryHidden";
                continue;
            }

            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != Namespace)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "Worksheet":
                    (name, hidden, rowNumber) = (reader.GetAttribute("Name", Namespace) is { Length: > 0 } given ? given[..Math.Min(given.Length, RollSheet.MaxNameChars)] : "?", false, 0);
                    break;
                case "Row":
                    rowNumber = RowNumber(reader, rowNumber, limits);
                    var cells = reader.IsEmptyElement ? [] : Cells(reader, limits);
                    if (!RollRowLimit.IsEmpty(cells))
                    {
                        counted.Count();
                        rows.Add(new RollRawRow(rowNumber, [.. cells]));
                    }

                    break;
            }
        }

        if (everySheet.Count == 0 && firstHidden is { } only)
        {
            everySheet.Add(new RollSheet(only.Name, 0));
            foreach (var row in only.Rows)
            {
                yield return row;
            }
        }
    }

    private static IEnumerable<RollRawRow> FirstWorksheet(string xml, int maxRows, List<string>? notices)
    {
        var limits = XlsxLimits.Default with { MaxRows = maxRows };
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        var rows = new RollRowLimit(limits.MaxRows);
        var sheetHasValue = false;
        var rowNumber = 0;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "Worksheet" && sheetHasValue)
            {
                // The first worksheet with a value is the roll; an empty "Sheet1" before it is passed over.
                if (notices is not null && MoreWorksheetsWithValues(reader, limits))
                {
                    notices.Add(RollReader.OtherSheetsNotRead);
                }

                yield break;
            }

            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != Namespace)
            {
                continue;
            }

            if (reader.LocalName == "Worksheet")
            {
                rowNumber = 0;
                continue;
            }

            if (reader.LocalName != "Row")
            {
                continue;
            }

            rowNumber = RowNumber(reader, rowNumber, limits);
            var cells = reader.IsEmptyElement ? [] : Cells(reader, limits);
            if (RollRowLimit.IsEmpty(cells))
            {
                continue;
            }

            sheetHasValue = true;
            rows.Count();

            yield return new RollRawRow(rowNumber, [.. cells]);
        }
    }

    /// <summary>
    /// Whether a worksheet after the one read holds a value and is not hidden (Excel writes that in the
    /// worksheet's options, after its rows); content that cannot be read says no.
    /// </summary>
    private static bool MoreWorksheetsWithValues(XmlReader reader, XlsxLimits limits)
    {
        try
        {
            var (hasValue, hidden) = (false, false);
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element when reader.LocalName == "Worksheet" && reader.NamespaceURI == Namespace:
                        (hasValue, hidden) = (false, false);
                        break;
                    case XmlNodeType.Element when reader.LocalName == "Row" && reader.NamespaceURI == Namespace && !reader.IsEmptyElement:
                        hasValue = hasValue || !RollRowLimit.IsEmpty(Cells(reader, limits));
                        break;
                    case XmlNodeType.Element when reader.LocalName == "Visible" && !reader.IsEmptyElement:
                        hidden = reader.ReadElementContentAsString() is "SheetHidden" or "SheetVeryHidden";
                        break;
                    case XmlNodeType.EndElement when reader.LocalName == "Worksheet" && reader.NamespaceURI == Namespace && hasValue && !hidden:
                        return true;
                }
            }

            return false;
        }
        catch (Exception e) when (e is XmlException or XlsxRefusedException or InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>The cells of the row the reader is on, up to its end element.</summary>
    private static List<object?> Cells(XmlReader reader, XlsxLimits limits)
    {
        var cells = new List<object?>();
        var depth = reader.Depth;
        var next = 1;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Cell" || reader.NamespaceURI != Namespace)
            {
                continue;
            }

            var column = Index(reader, next);
            if (column < next || column > limits.MaxColumns)
            {
                throw column > limits.MaxColumns
                    ? new XlsxRefusedException("Import.XlsxTooManyColumns", limits.MaxColumns)
                    : new InvalidDataException("Cells are out of order.");
            }

            var across = int.TryParse(reader.GetAttribute("MergeAcross", Namespace), CultureInfo.InvariantCulture, out var merged) && merged > 0 ? merged : 0;
            next = column + 1 + Math.Min(across, limits.MaxColumns);
            var formula = reader.GetAttribute("Formula", Namespace);
            var value = reader.IsEmptyElement ? null : Value(reader, limits);
            while (cells.Count < column - 1)
            {
                cells.Add(null);
            }

            cells.Add(formula is { Length: > 0 } ? (formula.StartsWith('=') ? formula : "=" + formula) : value);
        }

        return cells;
    }

    /// <summary>The typed value of the &lt;Data&gt; of the cell the reader is on, leaving the reader on the cell's end.</summary>
    private static object? Value(XmlReader reader, XlsxLimits limits)
    {
        var depth = reader.Depth;
        object? value = null;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Data")
            {
                continue;
            }

            var type = reader.GetAttribute("Type", Namespace);
            var text = Text(reader, limits);
            value = type switch
            {
                "Number" => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : text,
                "DateTime" => DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date) ? date : text,
                "Boolean" => text.Trim() == "1",
                _ => text,
            };
        }

        return value;
    }

    /// <summary>The text of the element the reader is on, its rich-text children included, under the cell limit.</summary>
    private static string Text(XmlReader reader, XlsxLimits limits)
    {
        if (reader.IsEmptyElement)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        var depth = reader.Depth;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace)
            {
                text.Append(reader.Value);
                if (text.Length > limits.MaxCellChars)
                {
                    throw new XlsxRefusedException("Import.XlsxCellTooLong", limits.MaxCellChars);
                }
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The number of the row the reader is on, after <paramref name="previous"/>: its <c>ss:Index</c>, or the next one.
    /// An index that goes back is refused as unreadable: two rows given one number would be two members with one
    /// row's identity; one past the sheet's rows is refused as too many.
    /// </summary>
    private static int RowNumber(XmlReader reader, int previous, XlsxLimits limits)
    {
        var number = Index(reader, previous + 1);
        if (number <= previous)
        {
            throw new InvalidDataException("Rows are out of order.");
        }

        return number <= 0 || number > limits.MaxRowNumber ? throw new XlsxRefusedException("Import.TooManyRows", limits.MaxRows) : number;
    }

    /// <summary>The element's 1-based <c>ss:Index</c>, or <paramref name="otherwise"/>.</summary>
    private static int Index(XmlReader reader, int otherwise) =>
        reader.GetAttribute("Index", Namespace) is { } index
            ? int.TryParse(index, CultureInfo.InvariantCulture, out var n) ? n : throw new InvalidDataException("An index is not a number.")
            : otherwise;
}
