using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>
/// How much of a spreadsheet is read before it is refused. The upload limit applies to the
/// compressed file, and a few hundred kilobytes of XLSX can expand to gigabytes of XML: these
/// limits apply to what the package expands to, counted as it is read rather than taken from the
/// package's own size headers, which anyone can write.
/// </summary>
/// <param name="MaxRows">Rows with a value, the header row not included.</param>
/// <param name="MaxRowNumber">The last row number a sheet may use or declare, empty rows included.</param>
/// <param name="MaxColumns">The last column a cell may be in, or the sheet declare.</param>
/// <param name="MaxSheetBytes">The sheet's XML once decompressed.</param>
/// <param name="MaxSharedStringsBytes">The shared-strings part once decompressed: it is held in memory while the sheet is read.</param>
/// <param name="MaxSharedStrings">Strings in the shared-strings part.</param>
/// <param name="MaxOtherPartBytes">The workbook, its relationships and its styles, which are small in any real file.</param>
/// <param name="MaxCellChars">Characters in a cell: Excel's own limit.</param>
/// <param name="MaxEntries">Entries in the package.</param>
/// <param name="FormulaValues">A formula cell gives the value Excel last computed instead of "=" and its formula (reconciliation; decision 0050).</param>
public sealed record XlsxLimits(
    int MaxRows,
    int MaxRowNumber,
    int MaxColumns,
    long MaxSheetBytes,
    long MaxSharedStringsBytes,
    int MaxSharedStrings,
    long MaxOtherPartBytes,
    int MaxCellChars,
    int MaxEntries,
    bool FormulaValues = false)
{
    /// <summary>
    /// A member file of 100,000 rows of the 17 template columns is about 70 MB of sheet XML with
    /// shared strings (120 MB with inline strings): 200 MB leaves room, and reading that much
    /// takes a couple of seconds. The shared strings are capped lower because they are kept.
    /// </summary>
    public static readonly XlsxLimits Default = new(
        MaxRows: 100_000,
        MaxRowNumber: 200_000,
        MaxColumns: 100,
        MaxSheetBytes: 200L * 1024 * 1024,
        MaxSharedStringsBytes: 64L * 1024 * 1024,
        MaxSharedStrings: 2_000_000,
        MaxOtherPartBytes: 8L * 1024 * 1024,
        MaxCellChars: 32_767,
        MaxEntries: 1_000);
}

/// <summary>The spreadsheet is refused by a limit; <see cref="Code"/> is the import's error code.</summary>
public sealed class XlsxRefusedException(string code, params object[] arguments) : Exception(code)
{
    public string Code { get; } = code;

    public IReadOnlyList<object> Arguments { get; } = arguments;
}

/// <summary>
/// A row of the sheet that holds at least one cell: text, number, boolean, a date as <see cref="DateTime"/>, or "=formula"
/// (its value instead with <see cref="XlsxLimits.FormulaValues"/>, when Excel stored one).
/// <see cref="Hidden"/> when Excel hides the row (hidden by hand or by a filter): it is read all the same.
/// <see cref="FormulaValues"/> when one of its cells is a formula's value.
/// </summary>
public sealed record XlsxRow(int Number, object?[] Cells, int Sheet = 0, bool Hidden = false, bool FormulaValues = false);

/// <summary>
/// Reads the first visible sheet with a value of an XLSX package row by row with an <see cref="XmlReader"/>, never holding
/// more than the row being read (and the shared strings), under <see cref="XlsxLimits"/>. A cell with
/// a formula comes out as "=" and its formula, not its cached value: the computed value is not the
/// member's data to import. Reconciliation only compares, so it reads the value Excel last computed
/// (<see cref="XlsxLimits.FormulaValues"/>) and keeps the formula only where no value was stored. Anything odd in the package (a document type, a part given twice, a relationship
/// pointing outside it, an unknown compression) is unreadable, an <see cref="InvalidDataException"/>.
/// </summary>
public static class XlsxSheetReader
{
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>Excel allows 31 characters in a sheet's name; a longer one is cut there when shown.</summary>
    private const int MaxSheetNameChars = 31;

    // The built-in number formats that show a date or a time (ECMA-376 part 1, 18.8.30).
    private static readonly HashSet<int> BuiltInDateFormats = [14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58];

    /// <summary>
    /// <c>moreSheetsWithValues</c> is called, once the roll's sheet is read, when a visible sheet after it holds a
    /// value too. With <paramref name="everySheet"/> every visible sheet with a value is read instead, one after
    /// another (decision 0048): each is added to the list with its name and offset when its first value is
    /// read, and its rows are numbered on from the sheets before it.
    /// </summary>
    public static IEnumerable<XlsxRow> Read(byte[] package, XlsxLimits limits, Action? moreSheetsWithValues = null, List<RollSheet>? everySheet = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        using var zip = new ZipArchive(new MemoryStream(package, writable: false), ZipArchiveMode.Read);
        if (zip.Entries.Count > limits.MaxEntries)
        {
            throw new InvalidDataException("The package has too many entries for a workbook.");
        }

        var (sheetPaths, sheetNames, stringsPath, stylesPath) = Parts(zip, limits);
        var text = new TextBuffer(limits);
        var strings = stringsPath is null ? [] : SharedStrings(zip, stringsPath, text);
        var dates = stylesPath is null ? [] : DateStyles(zip, stylesPath, limits);
        var offset = 0;
        for (var sheet = 0; sheet < sheetPaths.Count; sheet++)
        {
            if (everySheet is { Count: > 0 })
            {
                // A later sheet (decision 0048): read whole before its rows are given, so that a damaged one is
                // left out and said, not the roll refused; a sheet past a limit still refuses the roll.
                List<XlsxRow> rows;
                try
                {
                    // Only the rows with a value are held: a sheet's thousands of formatted empty rows cost nothing.
                    rows = [.. Rows(zip, sheetPaths[sheet], strings, dates, text).Where(HasValue)];
                }
                catch (Exception e) when (e is InvalidDataException or XmlException or IOException)
                {
                    everySheet.Add(new RollSheet(sheetNames[sheet], offset, offset, RollSheet.Unreadable));
                    continue;
                }
                catch (XlsxRefusedException refused) when (refused.Code is "Import.XlsxTooManyColumns" or "Import.XlsxCellTooLong" or "Import.TooManyRows")
                {
                    // A sheet past a sheet's limits (a summary formatted out to column XFD) is not the roll's.
                    everySheet.Add(new RollSheet(sheetNames[sheet], offset, offset, RollSheet.PastLimit));
                    continue;
                }

                if (rows.Count > 0)
                {
                    var index = everySheet.Count;
                    everySheet.Add(new RollSheet(sheetNames[sheet], offset));
                    foreach (var row in rows)
                    {
                        yield return row with { Number = offset + row.Number, Sheet = index };
                    }

                    offset += rows[^1].Number;
                }

                continue;
            }

            // The first sheet with a value: an empty "Sheet1" or a chart sheet before the roll is passed over.
            var any = false;
            var last = 0;
            foreach (var row in Rows(zip, sheetPaths[sheet], strings, dates, text))
            {
                if (!any && HasValue(row))
                {
                    any = true;
                    everySheet?.Add(new RollSheet(sheetNames[sheet], 0));
                }

                last = HasValue(row) ? row.Number : last;
                yield return row;
            }

            if (!any)
            {
                continue;
            }

            offset = last;
            if (everySheet is null)
            {
                if (moreSheetsWithValues is not null && sheetPaths.Skip(sheet + 1).Any(p => HasValue(zip, p, strings, dates, text)))
                {
                    moreSheetsWithValues();
                }

                yield break;
            }
        }
    }

    /// <summary>A cell of only spaces is no value, as the roll's reader sees it: a sheet of them is not the roll.</summary>
    private static bool HasValue(XlsxRow row) => row.Cells.Any(c => c is not null && !(c is string text && string.IsNullOrWhiteSpace(text)));

    /// <summary>Whether a sheet after the roll holds a value: read up to its first one; a sheet that cannot be read says no.</summary>
    private static bool HasValue(ZipArchive zip, string path, List<string> strings, HashSet<int> dates, TextBuffer text)
    {
        try
        {
            return Rows(zip, path, strings, dates, text).Any(HasValue);
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or XlsxRefusedException or IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// The sheets' parts in the workbook's order, the visible ones only (a template's hidden lists are not the
    /// roll) unless all are hidden; and the shared strings and styles when the workbook has them.
    /// </summary>
    private static (IReadOnlyList<string> Sheets, IReadOnlyList<string> Names, string? Strings, string? Styles) Parts(ZipArchive zip, XlsxLimits limits)
    {
        var visible = new List<string>();
        var hidden = new List<string>();
        var names = new Dictionary<string, string>();
        using (var reader = Xml(zip, "xl/workbook.xml", limits.MaxOtherPartBytes))
        {
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "sheet" && reader.GetAttribute("id", Relationships) is { } id)
                {
                    (reader.GetAttribute("state") is "hidden" or "veryHidden" ? hidden : visible).Add(id);
                    names[id] = reader.GetAttribute("name") is { Length: > 0 } name ? name[..Math.Min(name.Length, MaxSheetNameChars)] : id;
                    if (visible.Count + hidden.Count > limits.MaxEntries)
                    {
                        throw new InvalidDataException("The workbook lists more sheets than its package could hold.");
                    }
                }
            }
        }

        var relationIds = visible.Count > 0 ? visible : hidden;
        if (relationIds.Count == 0)
        {
            throw new InvalidDataException("The workbook lists no sheet.");
        }

        var sheets = new Dictionary<string, string>();
        string? strings = null, styles = null;
        using (var reader = Xml(zip, "xl/_rels/workbook.xml.rels", limits.MaxOtherPartBytes))
        {
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Relationship")
                {
                    continue;
                }

                var target = reader.GetAttribute("Target");
                var type = reader.GetAttribute("Type") ?? string.Empty;
                if (target is null || reader.GetAttribute("TargetMode") == "External")
                {
                    continue;
                }

                if (reader.GetAttribute("Id") is { } relation && relationIds.Contains(relation))
                {
                    sheets[relation] = Resolve(target);
                }
                else if (type.EndsWith("/sharedStrings", StringComparison.Ordinal))
                {
                    strings = Resolve(target);
                }
                else if (type.EndsWith("/styles", StringComparison.Ordinal))
                {
                    styles = Resolve(target);
                }
            }
        }

        if (!sheets.ContainsKey(relationIds[0]))
        {
            throw new InvalidDataException("The first sheet's part is not in the package.");
        }

        var kept = relationIds.Where(sheets.ContainsKey).ToList();
        return ([.. kept.Select(id => sheets[id])], [.. kept.Select(id => names[id])], strings, styles);
    }

    /// <summary>A relationship target as a path in the package: relative to xl/, or absolute; never above the root.</summary>
    private static string Resolve(string target)
    {
        var parts = new List<string>();
        foreach (var part in (target.StartsWith('/') ? target : "xl/" + target).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    throw new InvalidDataException("A relationship points outside the package.");
                }

                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }

    private static List<string> SharedStrings(ZipArchive zip, string path, TextBuffer text)
    {
        var limits = text.Limits;
        var strings = new List<string>();
        using var reader = Xml(zip, path, limits.MaxSharedStringsBytes);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si")
            {
                if (strings.Count == limits.MaxSharedStrings)
                {
                    throw Refused("Import.XlsxTooLarge", limits.MaxSharedStringsBytes);
                }

                strings.Add(text.Read(reader));
            }
        }

        return strings;
    }

    /// <summary>Which cell styles (by index) show a number as a date, so those cells come out as dates as Excel shows them.</summary>
    private static HashSet<int> DateStyles(ZipArchive zip, string path, XlsxLimits limits)
    {
        var custom = new HashSet<int>();
        var dates = new HashSet<int>();
        using var reader = Xml(zip, path, limits.MaxOtherPartBytes);
        var inCellFormats = false;
        var index = 0;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "cellXfs")
            {
                break;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "numFmt" when int.TryParse(reader.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var id) && IsDateFormat(reader.GetAttribute("formatCode")):
                    custom.Add(id);
                    break;
                case "cellXfs":
                    inCellFormats = true;
                    break;
                case "xf" when inCellFormats:
                    if (int.TryParse(reader.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var format) && (BuiltInDateFormats.Contains(format) || custom.Contains(format)))
                    {
                        dates.Add(index);
                    }

                    index++;
                    break;
            }
        }

        return dates;
    }

    /// <summary>A format code shows a date when it has a day, month, year, hour or second outside quoted text and [colour] brackets.</summary>
    private static bool IsDateFormat(string? code)
    {
        if (code is null)
        {
            return false;
        }

        var quoted = false;
        var bracket = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (quoted)
            {
                continue;
            }
            else if (c == '\\' || c == '_')
            {
                i++;
            }
            else if (c == '[')
            {
                bracket = true;
            }
            else if (c == ']')
            {
                bracket = false;
            }
            else if (!bracket && char.ToLowerInvariant(c) is 'd' or 'm' or 'y' or 'h' or 's')
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<XlsxRow> Rows(ZipArchive zip, string path, List<string> strings, HashSet<int> dates, TextBuffer text)
    {
        var limits = text.Limits;
        using var reader = Xml(zip, path, limits.MaxSheetBytes, budget: text.Sheets);
        var cells = new List<object?>();
        var rowNumber = 0;
        var withValues = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "dimension":
                    // Declared before any row: a sheet claiming the whole grid is refused before it is read.
                    CheckDimension(reader.GetAttribute("ref"), limits);
                    break;
                case "row":
                    rowNumber = reader.GetAttribute("r") is { } r
                        ? int.TryParse(r, CultureInfo.InvariantCulture, out var n) && n > rowNumber ? n : throw new InvalidDataException("Rows are out of order.")
                        : rowNumber + 1;
                    if (rowNumber > limits.MaxRowNumber)
                    {
                        throw Refused("Import.TooManyRows", limits.MaxRows);
                    }

                    cells.Clear();
                    var hidden = reader.GetAttribute("hidden") is "1" or "true";
                    text.FormulaValueRead = false;
                    if (!reader.IsEmptyElement)
                    {
                        ReadCells(reader, cells, strings, dates, text);
                    }

                    if (cells.Count > 0)
                    {
                        if (cells.Exists(c => c is not null) && ++withValues > limits.MaxRows + 1)
                        {
                            throw Refused("Import.TooManyRows", limits.MaxRows);
                        }

                        yield return new XlsxRow(rowNumber, [.. cells], Hidden: hidden, FormulaValues: text.FormulaValueRead);
                    }

                    break;
            }
        }
    }

    private static void CheckDimension(string? reference, XlsxLimits limits)
    {
        if (reference is null)
        {
            return;
        }

        var last = reference[(reference.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var (row, column) = CellReference(last);
        if (column >= limits.MaxColumns)
        {
            throw Refused("Import.XlsxTooManyColumns", limits.MaxColumns);
        }

        if (row > limits.MaxRowNumber)
        {
            throw Refused("Import.TooManyRows", limits.MaxRows);
        }
    }

    /// <summary>The cells of the row the reader is on, up to its end element.</summary>
    private static void ReadCells(XmlReader reader, List<object?> cells, List<string> strings, HashSet<int> dates, TextBuffer text)
    {
        var limits = text.Limits;
        var depth = reader.Depth;
        var column = -1;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "c")
            {
                continue;
            }

            column = reader.GetAttribute("r") is { Length: > 0 } reference ? CellReference(reference).Column : column + 1;
            if (column < 0 || column < cells.Count)
            {
                throw new InvalidDataException("Cells are out of order.");
            }

            if (column >= limits.MaxColumns)
            {
                throw Refused("Import.XlsxTooManyColumns", limits.MaxColumns);
            }

            var value = Cell(reader, strings, dates, text);
            while (cells.Count <= column)
            {
                cells.Add(null);
            }

            cells[column] = value;
        }
    }

    /// <summary>The value of the &lt;c&gt; element the reader is on, leaving the reader on its end.</summary>
    private static object? Cell(XmlReader reader, List<string> strings, HashSet<int> dates, TextBuffer text)
    {
        var type = reader.GetAttribute("t");
        var style = int.TryParse(reader.GetAttribute("s"), CultureInfo.InvariantCulture, out var s) ? s : 0;
        if (reader.IsEmptyElement)
        {
            return null;
        }

        string? raw = null, formula = null, inline = null;
        var depth = reader.Depth;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "v":
                    raw = text.Read(reader);
                    break;
                case "f":
                    // A shared formula's later cells carry an empty <f>: still a formula.
                    formula = text.Read(reader);
                    break;
                case "is":
                    inline = text.Read(reader);
                    break;
            }
        }

        // An error value ("#REF!", "#N/A") is no member's data: the formula is shown for staff to fix.
        if (formula is not null && (!text.Limits.FormulaValues || raw is null || type == "e"))
        {
            return "=" + formula;
        }

        text.FormulaValueRead |= formula is not null;

        return type switch
        {
            "s" => int.TryParse(raw, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < strings.Count
                ? strings[index]
                : throw new InvalidDataException("A cell names a shared string that is not there."),
            "inlineStr" => inline ?? raw,
            "str" or "e" => raw,
            "b" => raw is null ? null : raw == "1",
            "d" => raw is null ? null : DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date) ? date : raw,
            _ => Number(raw, dates.Contains(style)),
        };
    }

    private static object? Number(string? raw, bool isDate)
    {
        if (raw is null || !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return raw;
        }

        // Excel's serial dates run from 1900 to 9999; a date-formatted number outside that stays a number.
        return isDate && number is >= 1 and < 2_958_466 ? DateTime.FromOADate(number) : number;
    }

    /// <summary>
    /// Reads the text of the element the reader is on (its &lt;t&gt; descendants for a rich or inline
    /// string) in chunks, so a cell longer than the limit is refused without being held. One per
    /// read: its buffers are reused for every cell.
    /// </summary>
    private sealed class TextBuffer(XlsxLimits limits)
    {
        private readonly char[] _chunk = new char[4096];
        private readonly StringBuilder _text = new();

        public XlsxLimits Limits => limits;

        /// <summary>Set when a cell of the row being read gave its formula's value (<see cref="XlsxLimits.FormulaValues"/>).</summary>
        public bool FormulaValueRead { get; set; }

        /// <summary>The sheets' XML read so far, all sheets together: reading every sheet (decision 0048) reads no more than one sheet may hold.</summary>
        public ByteBudget Sheets { get; } = new(limits.MaxSheetBytes);

        public string Read(XmlReader reader)
        {
            if (reader.IsEmptyElement)
            {
                return string.Empty;
            }

            _text.Clear();
            var depth = reader.Depth;
            var inText = reader.LocalName is "t" or "v" or "f";
            var textDepth = inText ? depth : -1;
            var phoneticDepth = -1;
            while (reader.Read() && reader.Depth > depth)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "rPh" && !reader.IsEmptyElement && phoneticDepth < 0)
                {
                    // A phonetic reading (East Asian scripts) repeats the text in another script: not part of the value.
                    phoneticDepth = reader.Depth;
                }
                else if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == phoneticDepth)
                {
                    phoneticDepth = -1;
                }
                else if (phoneticDepth >= 0)
                {
                    continue;
                }
                else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "t" && !reader.IsEmptyElement)
                {
                    inText = true;
                    textDepth = reader.Depth;
                }
                else if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == textDepth)
                {
                    inText = false;
                }
                else if (inText && reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
                {
                    int read;
                    while ((read = reader.ReadValueChunk(_chunk, 0, _chunk.Length)) > 0)
                    {
                        if (_text.Length + read > limits.MaxCellChars)
                        {
                            throw Refused("Import.XlsxCellTooLong", limits.MaxCellChars);
                        }

                        _text.Append(_chunk, 0, read);
                    }
                }
            }

            return _text.ToString();
        }
    }

    /// <summary>"C12" → (12, 2), zero-based column; a row of 0 when the reference has none.</summary>
    private static (int Row, int Column) CellReference(string reference)
    {
        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            // Beyond three letters is beyond any sheet: stop counting before the number overflows.
            column = Math.Min((column * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1), 1_000_000);
        }

        var row = int.TryParse(reference.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 0;
        if (reference.AsSpan(i).Length > 0 && row == 0)
        {
            // More digits than an int holds is a row beyond any limit.
            row = int.MaxValue;
        }

        return (row, column - 1);
    }

    /// <summary>
    /// A part of the package read as XML with no document type, its bytes counted as they are read; whitespace
    /// between elements dropped unless <paramref name="ignoreWhitespace"/> is false (OpenDocument text keeps a
    /// space between two styled spans as such a node).
    /// </summary>
    internal static XmlReader Xml(ZipArchive zip, string path, long maxBytes, bool ignoreWhitespace = true, ByteBudget? budget = null)
    {
        var matches = zip.Entries.Where(e => string.Equals(e.FullName, path, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        if (matches.Count != 1)
        {
            throw new InvalidDataException(matches.Count == 0 ? $"{path} is missing." : $"{path} is in the package twice.");
        }

        // The declared size refuses an honest bomb at once; the counting stream refuses one that lies about it.
        if (matches[0].Length > maxBytes)
        {
            throw Refused("Import.XlsxTooLarge", maxBytes);
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreWhitespace = ignoreWhitespace,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            MaxCharactersFromEntities = 1024,
            CloseInput = true,
        };
        return XmlReader.Create(new CountingStream(matches[0].Open(), maxBytes, budget), settings);
    }

    private static XlsxRefusedException Refused(string code, long bytes) =>
        new(code, (int)(bytes / (1024 * 1024)));

    private static XlsxRefusedException Refused(string code, int limit) => new(code, limit);

    /// <summary>Counts the bytes actually decompressed, whatever the entry's header says, and refuses past the limit.</summary>
    /// <summary>Bytes that several parts read together may expand to, counted as they are read.</summary>
    internal sealed class ByteBudget(long maxBytes)
    {
        private long _spent;

        public void Spend(int bytes)
        {
            _spent += bytes;
            if (_spent > maxBytes)
            {
                throw Refused("Import.XlsxTooLarge", maxBytes);
            }
        }
    }

    private sealed class CountingStream(Stream inner, long maxBytes, ByteBudget? budget) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Count(int read)
        {
            budget?.Spend(read);
            _read += read;
            return _read > maxBytes ? throw Refused("Import.XlsxTooLarge", maxBytes) : read;
        }
    }
}
