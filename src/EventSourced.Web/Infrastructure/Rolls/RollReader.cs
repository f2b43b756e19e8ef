using System.Globalization;
using System.Xml;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;

namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>
/// Reads a roll (a list of members) that staff upload, for the member import and for
/// reconciliation: CSV (<see cref="RollEncoding"/>, <see cref="CsvRollReader"/>), XLSX
/// (<see cref="XlsxRollReader"/>, the first sheet), XLS (<see cref="XlsRollReader"/>, the first sheet) or
/// an HTML table or an XML Spreadsheet 2003 saved as XLS (<see cref="HtmlRollReader"/>,
/// <see cref="XmlSpreadsheetRollReader"/>), an OpenDocument spreadsheet (<see cref="OdsRollReader"/>) or the
/// tables of a Word or Writer document (<see cref="DocxRollReader"/>, <see cref="OdsRollReader.ReadTextDocument"/>);
/// cells typed in a legacy font are converted (<see cref="LegacyFonts"/>). The first non-empty row holds the headers
/// (<see cref="RollHeaders"/>), or the first two when a header cell is merged over sub-headers;
/// every cell is cleaned (<see cref="RollValues"/>); dates stay text for <see cref="ImportDates"/>,
/// except XLSX date cells, which become ISO dates. An unusable file gives its errors (row, column,
/// reason) and no rows.
/// </summary>
public static class RollReader
{
    public const string FormulaCode = "Import.Formula";
    public const string HeaderOnTwoRows = "Import.HeaderOnTwoRows";

    /// <summary>A notice: the roll is read from the first sheet with a value, and a sheet after it holds values too (a sheet per cell, say).</summary>
    public const string OtherSheetsNotRead = "Import.OtherSheetsNotRead";

    /// <summary>A notice: a workbook's sheets with values were read one after another as one roll (decision 0048).</summary>
    public const string SheetsReadAsOne = "Import.SheetsReadAsOne";

    /// <summary>A notice: as <see cref="SheetsReadAsOne"/>, but a sheet whose column headers are not the first sheet's was left out.</summary>
    public const string SheetsPartlyRead = "Import.SheetsPartlyRead";

    /// <summary>A notice: one sheet of the workbook was read, as staff chose (decision 0048).</summary>
    public const string SheetChosen = "Import.SheetChosen";

    /// <summary>A notice: rows Excel hides (by hand or by a filter) hold values and were read as the others (decision 0050).</summary>
    public const string HiddenRowsRead = "Import.HiddenRowsRead";

    /// <summary>A notice: formula cells were read as the values Excel last computed (reconciliation only; decision 0050).</summary>
    public const string FormulaValuesRead = "Import.FormulaValuesRead";

    /// <summary>A workbook encrypted with a password to open it: nothing in it can be read until the password is removed.</summary>
    public const string PasswordProtected = "Import.PasswordProtected";

    /// <summary>The sheet chosen is not in the file (a stale form, or one altered).</summary>
    public const string SheetNotFound = "Import.SheetNotFound";

    /// <summary>A spreadsheet whose package or XML is broken.</summary>
    public const string Unreadable = "Import.UnreadableXlsx";

    /// <summary>
    /// Reads <paramref name="bytes"/> for <paramref name="schema"/> (the member import when not
    /// given). With a <paramref name="mapping"/> the file's columns are read as it says instead of
    /// as its headers propose. A workbook's sheets are read one after another as one roll, or only the sheet at
    /// <paramref name="onlySheet"/> (its place in <see cref="RollFile.Sheets"/>) when staff chose it (decision 0048): its
    /// rows then keep the sheet's own numbers. A sheet is chosen by its place, not its name: two sheets may show alike.
    /// </summary>
    public static RollFile Read(byte[] bytes, RollColumnMap? mapping = null, RollSchema? schema = null, int? onlySheet = null)
    {
        schema ??= RollSchema.MemberImport;
        var notices = new List<string>();
        var sheets = new List<RollSheet>();
        var reading = new Reading(schema, mapping, notices, sheets, onlySheet);
        var file = Open(
            bytes,
            schema.MaxBytes,
            schema.MaxRows,
            notices,
            onlySheet is not { } chosen ? reading.Map : rows => reading.Map(OnlySheet(rows, sheets, chosen)),
            refusal => refusal.InRows is { } inRows ? reading.Refused(inRows) : Refused(refusal.Code, [.. refusal.Arguments]),
            sheets,
            schema.ReadsFormulaValues);
        // A sheet named by a stale or altered form that the file does not have: nothing is read from another.
        return onlySheet is { } place && (place < 0 || place >= sheets.Count || !sheets[place].CanBeChosen)
            ? Refused(SheetNotFound, place + 1)
            : file;
    }

    /// <summary>The rows of the sheet at <paramref name="place"/>, numbered as on the sheet, as the only sheet.</summary>
    private static IEnumerable<RollRawRow> OnlySheet(IEnumerable<RollRawRow> rows, List<RollSheet> sheets, int place)
    {
        foreach (var row in rows)
        {
            // An empty row before the first sheet with a value is reached belongs to no sheet.
            if (row.Sheet == place && place < sheets.Count)
            {
                yield return row with { Number = row.Number - sheets[place].Offset, Sheet = 0 };
            }
        }
    }

    /// <summary>
    /// The records of a spreadsheet or CSV file before any header is read, handed to
    /// <paramref name="read"/>; or why the file cannot be read (empty, too large, not a table, broken),
    /// handed to <paramref name="refused"/>. Every upload of a table goes through here, so each refuses
    /// the same files the same way; <paramref name="notices"/> collects how a CSV file was decoded and
    /// whether cells typed in a legacy font were converted (<see cref="LegacyFonts"/>). With <paramref name="everySheet"/>
    /// an Excel workbook's visible sheets with values are read one after another (decision 0048), each added to
    /// the list as it is reached; without, the first sheet with a value is read.
    /// </summary>
    public static T Open<T>(byte[] bytes, long maxBytes, int maxRows, List<string> notices, Func<IEnumerable<RollRawRow>, T> read, Func<RollRefusal, T> refused, List<RollSheet>? everySheet = null, bool formulaValues = false)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(notices);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(refused);
        if (bytes.Length == 0)
        {
            return refused(new RollRefusal("Import.EmptyFile", []));
        }

        if (bytes.Length > maxBytes)
        {
            return refused(new RollRefusal("Import.FileTooLarge", [maxBytes / (1024 * 1024)]));
        }

        switch (bytes)
        {
            case [0x50, 0x4B, 0x03, 0x04, ..]:
                // A Word or Writer document's tables, an OpenDocument spreadsheet, or a workbook's first sheet with a value (decision 0046).
                return RollPackage.KindOf(bytes) switch
                {
                    RollPackageKind.WordDocument => ReadRows(() => LegacyFonts.Read(DocxRollReader.Read(bytes, maxRows), notices), read, refused, unreadable: DocxRollReader.Unreadable),
                    RollPackageKind.OpenDocumentSpreadsheet => ReadRows(() => LegacyFonts.Read(OdsRollReader.Read(bytes, maxRows, notices, everySheet), notices), read, refused, unreadable: Unreadable),
                    RollPackageKind.OpenDocumentText => ReadRows(() => LegacyFonts.Read(OdsRollReader.ReadTextDocument(bytes, maxRows), notices), read, refused, unreadable: OdsRollReader.UnreadableText),
                    _ => ReadRows(() => LegacyFonts.Read(XlsxRollReader.Read(bytes, maxRows, notices, everySheet, formulaValues), notices), read, refused, unreadable: Unreadable),
                };
            case [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, ..]:
                // A compound document: the Excel 97-2003 format (.xls); a Word file or a password-protected
                // workbook is one too, and is refused as unreadable (decision 0046).
                if (XlsRollReader.IsEncryptedPackage(bytes))
                {
                    // A workbook saved with a password to open it (any Excel since 2007, .xlsx or .xls named): Office
                    // wraps the encrypted package in a compound document. Said as such, not as a damaged .xls.
                    return refused(new RollRefusal(PasswordProtected, []));
                }

                if (XlsRollReader.IsWordDocument(bytes))
                {
                    // The Word 97-2003 format: not read here; its tables are, once saved as .docx.
                    return refused(new RollRefusal(XlsRollReader.OldWord, []));
                }

                return ReadRows(() => LegacyFonts.Read(XlsRollReader.Read(bytes, maxRows, notices, everySheet), notices), read, refused, unreadable: Unreadable);
            case [0x25, 0x50, 0x44, 0x46, ..] or [0x89, 0x50, 0x4E, 0x47, ..] or [0xFF, 0xD8, 0xFF, ..] or [0x47, 0x49, 0x46, 0x38, ..]:
                // A PDF or an image of the roll: a scan is not a table.
                return refused(new RollRefusal("Import.WrongFileType", []));
        }

        var text = RollEncoding.Decode(bytes, notices);
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            // No text roll holds a zero character once decoded: this is some other binary file.
            return refused(new RollRefusal("Import.WrongFileType", []));
        }

        if (XmlSpreadsheetRollReader.IsXmlSpreadsheet(text))
        {
            // "XML Spreadsheet 2003" saved under an ".xls" name (decision 0046).
            return ReadRows(() => LegacyFonts.Read(XmlSpreadsheetRollReader.Read(text, maxRows, notices, everySheet), notices), read, refused, unreadable: Unreadable);
        }

        if (HtmlRollReader.IsHtmlTable(text))
        {
            // A web page's table saved under an ".xls" name (decision 0046).
            return ReadRows(() => LegacyFonts.Read(HtmlRollReader.Read(text, maxRows), notices), read, refused, unreadable: Unreadable);
        }

        return ReadRows(() => LegacyFonts.Read(CsvRollReader.Read(text), notices), read, refused, unreadable: null);
    }

    /// <summary>
    /// Reads the rows, turning a refusal into its reason; a broken package or document (a structure the reader
    /// does not expect) is refused as <paramref name="unreadable"/>, when given.
    /// </summary>
    private static T ReadRows<T>(Func<IEnumerable<RollRawRow>> rows, Func<IEnumerable<RollRawRow>, T> read, Func<RollRefusal, T> refused, string? unreadable)
    {
        try
        {
            return read(rows());
        }
        catch (RollRefusedException inRows)
        {
            return refused(new RollRefusal(inRows.Code, inRows.Arguments, inRows));
        }
        catch (XlsxRefusedException xlsxRefused)
        {
            return refused(new RollRefusal(xlsxRefused.Code, xlsxRefused.Arguments));
        }
        catch (Exception e) when (unreadable is not null && e is InvalidDataException or XmlException or NotSupportedException or IOException or ArgumentException)
        {
            return refused(new RollRefusal(unreadable, []));
        }
    }

    private static RollFile Refused(string code, params object[] arguments) =>
        new([], [new ImportError(0, string.Empty, code, arguments)], [], [], null);

    /// <summary>"C" for the zero-based column 2; "AA" after "Z".</summary>
    public static string ColumnLetters(int index)
    {
        var letters = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }

    private static string CellName(int row, int index) => string.Create(CultureInfo.InvariantCulture, $"{ColumnLetters(index)}{row}");

    /// <summary>A cell of a later sheet named as Excel names it, with its sheet and its own row ("'Chi bộ 2'!C5"; decision 0048).</summary>
    private static string CellName(int number, int index, IReadOnlyList<RollSheet> sheets)
    {
        var sheet = sheets.LastOrDefault(s => s.Offset < number && s.Offset > 0);
        return sheet is null ? CellName(number, index) : $"'{sheet.Name.Replace("'", "''", StringComparison.Ordinal)}'!{CellName(sheet.RowOf(number), index)}";
    }

    /// <summary>One read of one file: the headers found so far, to place a late error in its column.</summary>
    private sealed class Reading(RollSchema schema, RollColumnMap? given, List<string> notices, List<RollSheet> sheets, int? onlySheet)
    {
        private readonly List<RollSkipped> _skipped = [];
        private readonly Dictionary<int, int> _lastNumbers = [];
        private readonly HashSet<int> _leftOut = [];
        private readonly HashSet<int> _notRoll = [];
        private HashSet<int> _ordinals = [];
        private int[] _names = [];
        private int[] _births = [];
        private List<RollHeader> _headers = [];
        private RollColumnMap? _mapping;

        public RollFile Refused(RollRefusedException refused)
        {
            var column = refused.ColumnIndex >= 0 ? _mapping?.ColumnAt(refused.ColumnIndex) ?? string.Empty : string.Empty;
            return new RollFile([], [new ImportError(refused.Row, column, refused.Code, refused.Arguments)], notices, _headers, _mapping, _skipped);
        }

        /// <summary>
        /// Headers to columns, then every non-empty row to an <see cref="ImportRow"/>, in one pass over a
        /// streamed sheet. The header row is looked for among the first rows (a title block may stand above
        /// it), and the rows that are not members (the title, a row numbering the columns, section headings,
        /// the footer) are left out and listed in <see cref="RollFile.Skipped"/> (decision 0045).
        /// </summary>
        public RollFile Map(IEnumerable<RollRawRow> raw)
        {
            using var remaining = raw.GetEnumerator();
            var head = new List<RollRawRow>();
            RollRawRow? nextSheet = null;
            RollRefusedException? unreadable = null;
            var firstSheet = 0;
            int at;
            List<RollHeader> headers;
            bool twoRows;
            for (var passed = 0; ; passed++)
            {
                try
                {
                    while (head.Count <= RollLayout.HeaderSearchRows && remaining.MoveNext())
                    {
                        if (remaining.Current.IsEmpty)
                        {
                            continue;
                        }

                        if (remaining.Current.Sheet != firstSheet)
                        {
                            // The headers are the first sheet's: a short sheet's end is not searched into the next.
                            nextSheet = remaining.Current;
                            break;
                        }

                        head.Add(remaining.Current);
                    }
                }
                catch (RollRefusedException refused)
                {
                    // Refused once the headers are known, so that it names its column; the rows read so far hold them.
                    unreadable = refused;
                }

                if (head.Count == 0)
                {
                    return unreadable is not null ? Refused(unreadable) : File([], [new ImportError(0, string.Empty, "Import.EmptyFile", [])]);
                }

                _lastNumbers[firstSheet] = head[^1].Number;
                at = schema.ReadsLayout ? HeaderAt(head) : 0;
                (headers, twoRows) = HeaderOf(head[at], at + 1 < head.Count ? head[at + 1] : null);
                if (nextSheet is null || unreadable is not null || passed == MaxLeadingSheetsPassed || ProposesRequired(headers))
                {
                    break;
                }

                // A short first sheet whose headers lack a column the roll requires (a summary, "Tổng hợp") before the
                // cells' sheets: left out and said, and the roll starts at the next sheet.
                // Decided on the headers alone, never on columns staff mapped, so the page and its form read alike.
                _notRoll.Add(firstSheet);
                (firstSheet, head, nextSheet) = (nextSheet.Sheet, [nextSheet], null);
            }

            if (at > 0)
            {
                Skip(RollSkip.Title, head[0], head[at - 1]);
            }

            var first = head[at];
            var second = at + 1 < head.Count ? head[at + 1] : null;
            // A later sheet's header is looked for in the first sheet's shape (decision 0048).
            _headers = headers;
            var headerNumber = first.Number;
            var next = at + 1;
            if (twoRows)
            {
                headerNumber = second!.Number;
                next++;
                notices.Add(HeaderOnTwoRows);
            }

            _mapping = given ?? RollColumnMap.Proposed(_headers);
            _ordinals = [.. _headers.Where(h => h.Column is null && RollHeaders.IsIgnored(h.Text)).Select(h => h.Index)];
            var errors = HeaderErrors(headerNumber);
            if (errors.Count > 0)
            {
                // The first sheet's headers do not fit (a summary sheet first, say): every sheet is listed, none read,
                // so that staff can choose the roll's sheet (decision 0048).
                return File([], errors, Unreached(remaining));
            }

            if (unreadable is not null)
            {
                return Refused(unreadable);
            }

            var rows = new List<ImportRow>();
            var footer = new List<RollRawRow>();
            var afterHeader = true;
            _names = [.. _mapping.Columns.Where(c => c.Value is ImportColumns.FullName or RollHeaders.GivenName).Select(c => c.Key)];
            _births = [.. _mapping.Columns.Where(c => c.Value is ImportColumns.DateOfBirth or RollHeaders.BirthIfMale or RollHeaders.BirthIfFemale).Select(c => c.Key)];
            var sheet = firstSheet;
            // A later sheet's first rows until its header is found, and whether the sheet is left out (decision 0048).
            List<RollRawRow>? sheetHead = null;
            var leftOut = false;
            var pending = nextSheet is null ? head.Skip(next) : head.Skip(next).Append(nextSheet);
            foreach (var row in Pending(pending, remaining))
            {
                if (row.IsEmpty)
                {
                    continue;
                }

                if (row.Sheet != sheet)
                {
                    if (sheetHead is not null && !StartSheet())
                    {
                        return TooManyRows();
                    }

                    EndOfSheet();
                    (sheet, sheetHead, leftOut) = (row.Sheet, [], false);
                }

                _lastNumbers[sheet] = row.Number;
                if (leftOut)
                {
                    continue;
                }

                if (sheetHead is not null)
                {
                    sheetHead.Add(row);
                    if (sheetHead.Count > RollLayout.HeaderSearchRows && !StartSheet())
                    {
                        return TooManyRows();
                    }

                    continue;
                }

                if (!Next(row))
                {
                    return TooManyRows();
                }
            }

            if (sheetHead is not null && !StartSheet())
            {
                return TooManyRows();
            }

            EndOfSheet();
            if (rows.Count == 0)
            {
                errors.Add(new ImportError(0, string.Empty, "Import.NoRows", []));
            }

            return File(rows, errors, Sheets());

            // A later sheet of the workbook: its title and headers left out when its columns are the first sheet's,
            // the rest read as the first sheet's rows are; the whole sheet left out when they are not.
            bool StartSheet()
            {
                var buffered = sheetHead!;
                sheetHead = null;
                if (SheetHeaderAt(buffered, twoRows) is not { } at)
                {
                    leftOut = true;
                    _leftOut.Add(sheet);
                    return true;
                }

                var headerEnd = twoRows ? at + 1 : at;
                Skip(RollSkip.SheetHeader, buffered[0], buffered[headerEnd]);
                afterHeader = true;
                return buffered.Skip(headerEnd + 1).All(Next);
            }

            // The end of a sheet is the end of its footer: the next sheet's title is not a member's row.
            void EndOfSheet()
            {
                if (footer.Count > 0)
                {
                    Skip(RollSkip.Footer, footer[0], footer[^1]);
                    footer.Clear();
                }
            }

            // One non-empty row under the headers; false when it would be one more than the schema allows.
            bool Next(RollRawRow row)
            {
                if (afterHeader && schema.ReadsLayout && RollLayout.IsColumnNumbers(Texts(row)))
                {
                    afterHeader = false;
                    Skip(RollSkip.ColumnNumbers, row, row);
                    return true;
                }

                // A member's row is most rows: it is read at once, without looking at its shape (decision 0045).
                afterHeader = false;
                var member = !schema.ReadsLayout || IsMember(row);
                if (member && footer.Count == 0)
                {
                    return Add(row, rows, errors);
                }

                var texts = Texts(row);

                if (footer.Count > 0 || RollLayout.IsFooterStart(texts))
                {
                    // A footer runs to the end of the file: held until a member's row shows it was not one.
                    footer.Add(row);
                    if (!member)
                    {
                        return true;
                    }

                    foreach (var held in footer)
                    {
                        // Not the end after all: a subtotal ("Cộng: 12") or a heading between two groups of members.
                        if (held != row && !IsMember(held) && Texts(held) is var heldTexts && (RollLayout.IsFooterStart(heldTexts) || RollLayout.IsSection(heldTexts)))
                        {
                            Skip(RollSkip.Section, held, held);
                        }
                        else if (!Add(held, rows, errors))
                        {
                            return false;
                        }
                    }

                    footer.Clear();
                    return true;
                }

                if (RollLayout.IsSection(texts))
                {
                    Skip(RollSkip.Section, row, row);
                    return true;
                }

                return Add(row, rows, errors);
            }
        }

        /// <summary>How many short sheets naming no roll's columns may stand before the roll's first sheet.</summary>
        private const int MaxLeadingSheetsPassed = 3;

        /// <summary>Whether headers, as the reader proposes them, name every column the schema requires.</summary>
        private bool ProposesRequired(List<RollHeader> headers) =>
            schema.Required.All(c => RollHeaders.Gives(headers.Select(h => h.Column), c));

        /// <summary>
        /// Where a later sheet's header is among its first rows: the first row (with the one under it, when the first
        /// sheet's header is on two rows) whose headers are the first sheet's, every column read having the same
        /// header text there, diacritics and case aside (columns nobody reads may differ); null when none is. A row
        /// is only read as headers when each of its cells under a column read is about as short as that header:
        /// a sheet per cell costs its own rows' reading, never the header search again over long cells.
        /// </summary>
        private int? SheetHeaderAt(List<RollRawRow> rows, bool twoRows)
        {
            var ours = _headers.ToDictionary(h => h.Index, h => VietnameseText.Fold(h.Text));
            var read = _mapping!.Columns.Keys.ToList();
            var longest = _headers.Count == 0 ? 0 : _headers.Max(h => h.Text.Length);
            bool Short(RollRawRow row) => read.All(i => i >= row.Cells.Length || Text(row.Cells[i]) is not { } text || text.Length <= (longest * 2) + 40);
            for (var i = 0; i < Math.Min(rows.Count, RollLayout.HeaderSearchRows); i++)
            {
                var second = twoRows && i + 1 < rows.Count ? rows[i + 1] : null;
                if (!Short(rows[i]) || (twoRows && (second is null || !Short(second))))
                {
                    continue;
                }

                var theirs = (twoRows ? Resolved(HeaderRows(rows[i], second!)) : Resolved(HeaderRow(rows[i]))).ToDictionary(h => h.Index, h => VietnameseText.Fold(h.Text));
                if (read.All(c => ours.TryGetValue(c, out var a) && theirs.TryGetValue(c, out var b) && a == b))
                {
                    return i;
                }
            }

            return null;
        }

        /// <summary>
        /// The workbook's sheets when the roll was refused for its headers: the rest of the file gone through (as any
        /// read may) so every sheet is known, each marked as not reached unless the reader left it out already.
        /// </summary>
        private List<RollSheet> Unreached(IEnumerator<RollRawRow> remaining)
        {
            try
            {
                while (remaining.MoveNext())
                {
                }
            }
            catch (Exception e) when (e is RollRefusedException or XlsxRefusedException or InvalidDataException or XmlException or IOException)
            {
                // The sheets reached so far are listed; the file is refused for its headers anyway.
            }

            return sheets.Count < 2 ? [] : [.. sheets.Select(s => s with { LeftOut = s.LeftOut ?? RollSheet.NotReached })];
        }

        /// <summary>The workbook's sheets with values, when more than one: each with its last number and whether it was read.</summary>
        private List<RollSheet> Sheets()
        {
            if (sheets.Count < 2)
            {
                return [];
            }

            if (onlySheet is null)
            {
                return [.. sheets.Select((s, i) => s with { LastNumber = _lastNumbers.GetValueOrDefault(i, s.Offset), LeftOut = s.LeftOut ?? (_notRoll.Contains(i) ? RollSheet.NoRollColumns : _leftOut.Contains(i) ? RollSheet.OtherHeaders : null) })];
            }

            // One sheet chosen: it alone is read, numbered as on the sheet (OnlySheet); the others are said to be left.
            return [.. sheets.Select((s, i) => i == onlySheet ? s with { Offset = 0, LastNumber = _lastNumbers.GetValueOrDefault(0), LeftOut = null } : s with { LeftOut = s.LeftOut ?? RollSheet.NotChosen })];
        }


        /// <summary>False when the row would be one more than the schema allows.</summary>
        private bool Add(RollRawRow row, List<ImportRow> rows, List<ImportError> errors)
        {
            if (rows.Count == schema.MaxRows)
            {
                return false;
            }

            rows.Add(Row(row, errors));
            return true;
        }

        /// <summary>
        /// A member's row has at least a name and a date of birth where the columns put them; a date has
        /// digits (a day, a year, a spreadsheet's date number), which no line of a title or footer has there.
        /// </summary>
        private bool IsMember(RollRawRow row) =>
            _names.Any(i => i < row.Cells.Length && RollValues.Clean(Text(row.Cells[i])) is not null)
            && _births.Any(i => i < row.Cells.Length && Text(row.Cells[i]) is { } birth && birth.Any(char.IsAsciiDigit));

        private RollFile TooManyRows() => File([], [new ImportError(0, string.Empty, "Import.TooManyRows", [schema.MaxRows])]);

        private void Skip(RollSkip kind, RollRawRow first, RollRawRow last) =>
            _skipped.Add(new RollSkipped(kind, first.Number, last.Number, Texts(first).FirstOrDefault(t => t is not null) ?? string.Empty));

        private static List<string?> Texts(RollRawRow row) => [.. row.Cells.Select(c => RollValues.Clean(Text(c)))];

        /// <summary>
        /// Which of the first rows holds the headers: the first naming every required column (alone or with
        /// the row under it); else the one naming the most known columns; else, when none names any, the
        /// first row wider than a title line.
        /// </summary>
        private int HeaderAt(List<RollRawRow> head)
        {
            var searched = Math.Min(head.Count, RollLayout.HeaderSearchRows);
            var best = 0;
            var bestKnown = -1;
            for (var i = 0; i < searched; i++)
            {
                var (headers, _) = HeaderOf(head[i], i + 1 < head.Count ? head[i + 1] : null);
                if (schema.Required.All(c => RollHeaders.Gives(headers.Select(h => h.Column), c)))
                {
                    return i;
                }

                var known = Recognised(headers);
                if (known > bestKnown)
                {
                    (best, bestKnown) = (i, known);
                }
            }

            if (bestKnown > 0)
            {
                return best;
            }

            for (var i = 0; i < searched; i++)
            {
                if (Width(head[i]) > TitleWidth)
                {
                    return i;
                }
            }

            return 0;
        }

        /// <summary>A title line fills one or two cells ("ĐẢNG BỘ …" beside "ĐẢNG CỘNG SẢN VIỆT NAM"); a header row more.</summary>
        private const int TitleWidth = 2;

        /// <summary>"Tên" is the given name beside "Họ và tên đệm", but the whole name when no other column holds one.</summary>
        private static List<RollHeader> Resolved(List<RollHeader> headers) =>
            headers.Any(h => h.Column is ImportColumns.FullName or RollHeaders.FamilyAndMiddleName)
                ? headers
                : [.. headers.Select(h => h.Column == RollHeaders.GivenName ? h with { Column = ImportColumns.FullName } : h)];

        /// <summary>Every filled cell of the lower row names a column, read under its group ("Nam" under "Ngày sinh").</summary>
        private static bool NamesColumnsOnly(List<RollHeader> twoRows, RollRawRow lower)
        {
            var filled = Enumerable.Range(0, lower.Cells.Length).Where(i => RollValues.Clean(Text(lower.Cells[i])) is not null).ToHashSet();
            return filled.Count > 0 && twoRows.Where(h => filled.Contains(h.Index)).All(h => h.Column is not null);
        }

        private static int Width(RollRawRow row) => row.Cells.Count(c => RollValues.Clean(Text(c)) is not null);

        /// <summary>
        /// The headers of a row, read with the row under it when a header cell is merged over sub-headers. A
        /// row no wider than a title line and naming no column is never the top of such a header: it is the
        /// title above one.
        /// </summary>
        private (List<RollHeader> Headers, bool TwoRows) HeaderOf(RollRawRow first, RollRawRow? second)
        {
            var single = Resolved(HeaderRow(first));
            var twoRows = second is not null && second.Number == first.Number + 1 && (Width(first) > TitleWidth || Recognised(single) > 0)
                ? Resolved(HeaderRows(first, second))
                : null;
            // The top row alone may fit while the row under it holds sub-headers ("Họ và tên" over "Họ đệm" and
            // "Tên"): a row whose every cell names a column is never a member's row.
            return twoRows is not null && (Fits(twoRows) && (!Fits(single) || NamesColumnsOnly(twoRows, second!)) || (given is not null && Recognised(twoRows) > Recognised(single)))
                ? (twoRows, true)
                : (single, false);
        }

        /// <summary>
        /// The file as read; <paramref name="sheets"/> only when every sheet was gone through (a file refused for its
        /// headers or its size says nothing of sheets it did not read).
        /// </summary>
        private RollFile File(IReadOnlyList<ImportRow> rows, List<ImportError> errors, List<RollSheet>? sheets = null)
        {
            if (sheets is { Count: > 0 } && errors.Count == 0)
            {
                notices.Add(onlySheet is not null ? SheetChosen : sheets.All(s => s.Read) ? SheetsReadAsOne : SheetsPartlyRead);
            }

            return new(errors.All(e => e.Code == FormulaCode) ? rows : [], errors, notices, _headers, _mapping, _skipped, sheets);
        }

        private static IEnumerable<RollRawRow> Pending(IEnumerable<RollRawRow> buffered, IEnumerator<RollRawRow> remaining)
        {
            foreach (var row in buffered)
            {
                yield return row;
            }

            while (remaining.MoveNext())
            {
                yield return remaining.Current;
            }
        }

        private ImportRow Row(RollRawRow row, List<ImportError> errors)
        {
            var cells = new Dictionary<string, string?>(_mapping!.Columns.Count, StringComparer.Ordinal);
            for (var i = 0; i < row.Cells.Length; i++)
            {
                var column = _mapping.ColumnAt(i);
                if (column is null)
                {
                    // A value under no header at all is refused by the import (it may be a column
                    // whose header was deleted); under a header nobody mapped, it is left out.
                    if (schema.RefuseUnknownColumns && given is null && !_ordinals.Contains(i) && row.Cells[i] is not null && RollValues.Clean(Text(row.Cells[i])) is not null)
                    {
                        errors.Add(new ImportError(row.Number, string.Empty, "Import.ValueWithoutHeader", [CellAt(row.Number, i)]));
                    }

                    continue;
                }

                var value = RollValues.Text(column, row.Cells[i]);
                cells[column] = value;
                if (value is not null && value.StartsWith('='))
                {
                    errors.Add(new ImportError(row.Number, Canonical(column), FormulaCode, [value.Length > 60 ? value[..60] + "…" : value]));
                }
            }

            return new ImportRow(row.Number, BirthBySex(JoinedName(cells)));
        }

        private static string Canonical(string column) => column switch
        {
            RollHeaders.FamilyAndMiddleName or RollHeaders.GivenName => ImportColumns.FullName,
            RollHeaders.BirthIfMale or RollHeaders.BirthIfFemale => ImportColumns.DateOfBirth,
            _ => column,
        };

        /// <summary>
        /// A date of birth written in the column of the member's sex gives both; written in both columns it
        /// stays as written, for the row's check to refuse as not one date.
        /// </summary>
        private static Dictionary<string, string?> BirthBySex(Dictionary<string, string?> cells)
        {
            var male = cells.Remove(RollHeaders.BirthIfMale, out var m) ? m : null;
            var female = cells.Remove(RollHeaders.BirthIfFemale, out var f) ? f : null;
            if ((male is null && female is null) || cells.GetValueOrDefault(ImportColumns.DateOfBirth) is not null)
            {
                return cells;
            }

            cells[ImportColumns.DateOfBirth] = male is not null && female is not null ? $"{male}; {female}" : male ?? female;
            if ((male is null || female is null) && cells.GetValueOrDefault(ImportColumns.Sex) is null)
            {
                cells[ImportColumns.Sex] = male is not null ? "Nam" : "Nữ";
            }

            return cells;
        }

        /// <summary>A name kept in two columns becomes the full name ("Nguyễn Văn" and "Hùng"); a full name column, when filled, wins.</summary>
        private static Dictionary<string, string?> JoinedName(Dictionary<string, string?> cells)
        {
            var family = cells.Remove(RollHeaders.FamilyAndMiddleName, out var f) ? f : null;
            var given = cells.Remove(RollHeaders.GivenName, out var g) ? g : null;
            if ((family is not null || given is not null) && cells.GetValueOrDefault(ImportColumns.FullName) is null)
            {
                cells[ImportColumns.FullName] = RollValues.Clean($"{family} {given}");
            }

            return cells;
        }

        private List<ImportError> HeaderErrors(int headerNumber)
        {
            var errors = new List<ImportError>();
            var unknown = _headers.Where(h => h.Column is null && !RollHeaders.IsIgnored(h.Text)).Select(h => h.Text).ToList();
            if (given is null && schema.RefuseUnknownColumns && unknown.Count > 0)
            {
                errors.Add(new ImportError(headerNumber, string.Empty, "Import.UnknownColumns", [Quoted(unknown)]));
            }

            var duplicated = given is null
                ? _headers.Where(h => h.Column is not null).GroupBy(h => h.Column).SelectMany(g => g.Skip(1)).Select(h => h.Text).ToList()
                : _mapping!.Columns.GroupBy(c => c.Value).Where(g => g.Count() > 1).Select(g => RollHeaders.HeaderOf(g.Key)).ToList();
            if (duplicated.Count > 0)
            {
                errors.Add(new ImportError(headerNumber, string.Empty, "Import.DuplicateColumns", [Quoted(duplicated)]));
            }

            var missing = schema.Required.Where(c => !RollHeaders.Gives(_mapping!.Columns.Values, c)).ToList();
            if (missing.Count > 0)
            {
                errors.Add(new ImportError(headerNumber, string.Empty, "Import.MissingColumns", [Quoted(missing.Select(RollHeaders.HeaderOf))]));
            }

            return errors;
        }

        /// <summary>Every header known, none twice, the required ones there.</summary>
        private bool Fits(List<RollHeader> headers) =>
            headers.All(h => h.Column is not null || RollHeaders.IsIgnored(h.Text))
            && headers.Select(h => h.Column).Distinct().Count() == headers.Count
            && schema.Required.All(c => RollHeaders.Gives(headers.Select(h => h.Column), c));

        private static int Recognised(List<RollHeader> headers) => headers.Count(h => h.Column is not null);

        /// <summary>
        /// A cell as Excel names it: with its sheet and its own row on a later sheet of a workbook read sheet after
        /// sheet; plainly on the first, or on the one sheet chosen, whose numbers are its own (decision 0048).
        /// </summary>
        private string CellAt(int number, int index) => onlySheet is null ? CellName(number, index, sheets) : CellName(number, index);

        private List<RollHeader> HeaderRow(RollRawRow row)
        {
            var headers = new List<RollHeader>();
            for (var i = 0; i < row.Cells.Length; i++)
            {
                if (RollValues.Clean(Text(row.Cells[i])) is { } text)
                {
                    headers.Add(new RollHeader(i, CellAt(row.Number, i), text, RollHeaders.ColumnFor(text)));
                }
            }

            return headers;
        }

        /// <summary>
        /// A header on two rows, as forms print them: a cell merged down over both rows names its
        /// column alone ("Họ và tên"); a cell merged across sub-headers names a group that each
        /// sub-header completes ("Ngày" over "Sinh" and "Vào Đảng"; "Kết nạp" over "Ngày" and "Số
        /// quyết định"). A merged cell's text is in its first cell only, so the group carries to
        /// the right while there are sub-headers under it.
        /// </summary>
        private List<RollHeader> HeaderRows(RollRawRow top, RollRawRow bottom)
        {
            var headers = new List<RollHeader>();
            string? group = null;
            for (var i = 0; i < Math.Max(top.Cells.Length, bottom.Cells.Length); i++)
            {
                var upper = i < top.Cells.Length ? RollValues.Clean(Text(top.Cells[i])) : null;
                var lower = i < bottom.Cells.Length ? RollValues.Clean(Text(bottom.Cells[i])) : null;
                group = upper ?? (lower is null ? null : group);
                if (lower is null)
                {
                    if (upper is not null)
                    {
                        headers.Add(new RollHeader(i, CellAt(top.Number, i), upper, RollHeaders.ColumnFor(upper)));
                    }

                    continue;
                }

                var column = group is null ? RollHeaders.ColumnFor(lower) : RollHeaders.ColumnUnder(group, lower);
                headers.Add(new RollHeader(i, CellAt(bottom.Number, i), group is null ? lower : $"{group} / {lower}", column));
            }

            return headers;
        }

        private static string? Text(object? value) => value switch
        {
            null => null,
            string s => s,
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        };

        private static string Quoted(IEnumerable<string> texts) => string.Join(", ", texts.Select(t => $"\"{t}\""));
    }
}
