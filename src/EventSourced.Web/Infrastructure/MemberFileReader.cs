using System.Globalization;
using System.Text;
using System.Xml;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// What an uploaded member file holds: its data rows keyed by canonical column, the errors found
/// while reading it, and notices about how it was read (a legacy encoding, for instance).
/// </summary>
public sealed record MemberFile(IReadOnlyList<ImportRow> Rows, IReadOnlyList<ImportError> Errors, IReadOnlyList<string> Notices)
{
    /// <summary>
    /// False when the file itself is wrong (unreadable, too big, unknown or missing columns): its
    /// rows cannot be checked. Formula cells are row errors that the import's own checks report too.
    /// </summary>
    public bool RowsCanBeChecked => Errors.All(e => e.Code == MemberFileReader.FormulaCode);
}

/// <summary>
/// Reads the member file staff upload: CSV (any of UTF-8 with or without a byte order mark,
/// UTF-16, or the legacy Vietnamese Windows-1258; comma, semicolon or tab; RFC 4180 quoting) or
/// XLSX (the first sheet). The first non-empty row holds the headers, in Vietnamese or English,
/// with or without diacritics. Every cell comes out as NFC text; dates stay text for the import's
/// own date rules, except XLSX date cells, which become ISO dates.
/// </summary>
public static class MemberFileReader
{
    public const long MaxBytes = 20 * 1024 * 1024;
    public const int MaxRows = 100_000;
    public const string FormulaCode = "Import.Formula";

    /// <summary>The header the template writes for each column; the reader takes these and the aliases below.</summary>
    public static readonly IReadOnlyList<(string Column, string Header)> Headers =
    [
        (ImportColumns.FullName, "Họ và tên"),
        (ImportColumns.Sex, "Giới tính"),
        (ImportColumns.DateOfBirth, "Ngày sinh"),
        (ImportColumns.CitizenId, "Số CCCD"),
        (ImportColumns.BirthName, "Họ tên khai sinh"),
        (ImportColumns.PlaceOfBirth, "Nơi sinh"),
        (ImportColumns.HomeTown, "Quê quán"),
        (ImportColumns.Ethnicity, "Dân tộc"),
        (ImportColumns.Religion, "Tôn giáo"),
        (ImportColumns.Phone, "Điện thoại"),
        (ImportColumns.CellCode, "Mã chi bộ"),
        (ImportColumns.AdmissionDecisionNumber, "Số quyết định kết nạp"),
        (ImportColumns.AdmissionDate, "Ngày vào Đảng"),
        (ImportColumns.CeremonyDate, "Ngày lễ kết nạp"),
        (ImportColumns.OfficialDate, "Ngày chính thức"),
        (ImportColumns.OfficialDecisionNumber, "Số quyết định chính thức"),
        (ImportColumns.CardNumber, "Số thẻ đảng viên"),
    ];

    // Folded (no diacritics, lower case, letters and digits only), so "Họ và tên", "HO VA TEN" and
    // "ho_va_ten" are one header.
    private static readonly Dictionary<string, string> Aliases = BuildAliases(new Dictionary<string, string[]>
    {
        [ImportColumns.FullName] = ["Họ và tên", "Họ tên", "Ho ten", "Họ tên đảng viên", "Họ và tên đảng viên", "Full name", "Name"],
        [ImportColumns.Sex] = ["Giới tính", "Giới", "Phái", "Gender"],
        [ImportColumns.DateOfBirth] = ["Ngày sinh", "Ngày tháng năm sinh", "Sinh ngày", "Date of birth", "Birth date", "DOB"],
        [ImportColumns.CitizenId] = ["Số CCCD", "CCCD", "Căn cước", "Số căn cước", "Căn cước công dân", "Số căn cước công dân", "Số CMND/CCCD", "CMND/CCCD", "Số định danh", "Citizen ID", "National ID", "ID number"],
        [ImportColumns.BirthName] = ["Họ tên khai sinh", "Tên khai sinh", "Họ và tên khai sinh", "Birth name"],
        [ImportColumns.PlaceOfBirth] = ["Nơi sinh", "Place of birth", "Birthplace"],
        [ImportColumns.HomeTown] = ["Quê quán", "Quê", "Home town", "Hometown"],
        [ImportColumns.Ethnicity] = ["Dân tộc", "Ethnicity"],
        [ImportColumns.Religion] = ["Tôn giáo", "Religion"],
        [ImportColumns.Phone] = ["Điện thoại", "Số điện thoại", "SĐT", "Phone", "Phone number", "Mobile"],
        [ImportColumns.CellCode] = ["Mã chi bộ", "Chi bộ (mã)", "Mã đơn vị", "Cell code", "Unit code"],
        [ImportColumns.AdmissionDecisionNumber] = ["Số quyết định kết nạp", "Số QĐ kết nạp", "Số quyết định", "Admission decision number", "Decision number"],
        [ImportColumns.AdmissionDate] = ["Ngày vào Đảng", "Ngày kết nạp", "Ngày quyết định kết nạp", "Ngày QĐ kết nạp", "Ngày quyết định", "Admission date", "Admission decision date", "Admitted", "Decision date"],
        [ImportColumns.CeremonyDate] = ["Ngày lễ kết nạp", "Ngày tổ chức lễ kết nạp", "Ceremony date", "Ceremony"],
        [ImportColumns.OfficialDate] = ["Ngày chính thức", "Ngày công nhận chính thức", "Ngày đảng viên chính thức", "Ngày chuyển chính thức", "Official date", "Official from"],
        [ImportColumns.OfficialDecisionNumber] = ["Số quyết định chính thức", "Số QĐ chính thức", "Số quyết định công nhận chính thức", "Official decision number"],
        [ImportColumns.CardNumber] = ["Số thẻ đảng viên", "Số thẻ", "Số thẻ Đảng", "Thẻ đảng viên", "Card number", "Party card number"],
    });

    private static readonly Lazy<Encoding> Windows1258 = new(() =>
    {
        // The code pages are in the shared framework but not registered by default.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1258);
    });

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The Vietnamese header of a canonical column, for messages and the template.</summary>
    public static string HeaderOf(string column) => Headers.FirstOrDefault(h => h.Column == column).Header ?? column;

    public static MemberFile Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
        {
            return Refused("Import.EmptyFile");
        }

        if (bytes.Length > MaxBytes)
        {
            return Refused("Import.FileTooLarge", MaxBytes / (1024 * 1024));
        }

        return bytes switch
        {
            [0x50, 0x4B, 0x03, 0x04, ..] => ReadXlsx(bytes),
            // The Excel 97-2003 format (.xls), a compound document: not read here.
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, ..] => Refused("Import.OldExcel"),
            _ => ReadCsv(bytes),
        };
    }

    /// <summary>The canonical column a header names, or null.</summary>
    public static string? ColumnFor(string header) => Aliases.GetValueOrDefault(Key(header));

    private static MemberFile Refused(string code, params object[] arguments) =>
        new([], [new ImportError(0, string.Empty, code, arguments)], []);

    // ---------------------------------------------------------------- CSV

    private static MemberFile ReadCsv(byte[] bytes)
    {
        var notices = new List<string>();
        var text = Decode(bytes, notices);
        char delimiter;
        var firstLineEnd = text.IndexOfAny(['\r', '\n']);
        var firstLine = firstLineEnd < 0 ? text : text[..firstLineEnd];
        // Excel writes and honours a first line "sep=;" naming the separator; it is not a row.
        if (firstLine.Length == 5 && firstLine.StartsWith("sep=", StringComparison.OrdinalIgnoreCase))
        {
            delimiter = firstLine[4];
            var rest = firstLineEnd < 0 ? string.Empty : text[firstLineEnd..];
            text = rest.StartsWith("\r\n", StringComparison.Ordinal) ? rest[2..] : rest.Length > 0 ? rest[1..] : rest;
        }
        else
        {
            delimiter = DetectDelimiter(text);
        }

        var raw = new List<RawRow>();
        var error = ParseCsv(text, delimiter, raw);
        if (error is not null)
        {
            return new MemberFile([], [error], notices);
        }

        return Map(raw, notices, cellName: (row, index) => string.Create(CultureInfo.InvariantCulture, $"{ColumnLetters(index)}{row}"));
    }

    private static string Decode(byte[] bytes, List<string> notices)
    {
        switch (bytes)
        {
            case [0xEF, 0xBB, 0xBF, ..]:
                return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
            case [0xFF, 0xFE, ..]:
                return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
            case [0xFE, 0xFF, ..]:
                return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        }

        // UTF-16 without a byte order mark: ASCII headers leave a zero in every other byte.
        if (bytes.Length >= 4 && bytes.Length % 2 == 0)
        {
            var sample = Math.Min(bytes.Length, 400);
            var oddZeros = 0;
            var evenZeros = 0;
            for (var i = 0; i < sample; i++)
            {
                if (bytes[i] == 0 && i % 2 == 0)
                {
                    evenZeros++;
                }
                else if (bytes[i] == 0)
                {
                    oddZeros++;
                }
            }

            if (oddZeros > sample / 4 || evenZeros > sample / 4)
            {
                notices.Add("Import.ReadAsUtf16");
                return (oddZeros >= evenZeros ? Encoding.Unicode : Encoding.BigEndianUnicode).GetString(bytes);
            }
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: legacy Vietnamese software wrote Windows-1258, with tone marks as separate
            // combining characters; every cell is composed to NFC afterwards.
            notices.Add("Import.ReadAsWindows1258");
            return Windows1258.Value.GetString(bytes);
        }
    }

    /// <summary>The separator the header line uses most: comma, semicolon (Excel in Vietnamese locales) or tab.</summary>
    private static char DetectDelimiter(string text)
    {
        int comma = 0, semicolon = 0, tab = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                if (comma + semicolon + tab > 0)
                {
                    break;
                }
            }
            else if (!quoted && c == ',')
            {
                comma++;
            }
            else if (!quoted && c == ';')
            {
                semicolon++;
            }
            else if (!quoted && c == '\t')
            {
                tab++;
            }
        }

        return semicolon > comma && semicolon >= tab ? ';' : tab > comma && tab > semicolon ? '\t' : ',';
    }

    /// <summary>RFC 4180: quoted fields may hold the separator, doubled quotes and line breaks; CRLF, LF or CR end a record.</summary>
    private static ImportError? ParseCsv(string text, char delimiter, List<RawRow> rows)
    {
        var fields = new List<object?>();
        var field = new StringBuilder();
        var record = 1;
        var quoteStartedOn = 0;
        var inQuotes = false;
        var fieldWasQuoted = false;
        var i = 0;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
            fieldWasQuoted = false;
        }

        var nonEmpty = 0;
        void EndRecord()
        {
            EndField();
            var row = new RawRow(record, [.. fields]);
            rows.Add(row);
            nonEmpty += row.IsEmpty ? 0 : 1;
            fields.Clear();
            record++;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }

                    inQuotes = false;
                }
                else
                {
                    field.Append(c);
                }

                i++;
                continue;
            }

            if (c == '"' && field.Length == 0 && !fieldWasQuoted)
            {
                inQuotes = true;
                fieldWasQuoted = true;
                quoteStartedOn = record;
            }
            else if (c == delimiter)
            {
                EndField();
            }
            else if (c is '\r' or '\n')
            {
                EndRecord();
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                // The header and MaxRows rows are allowed; stop reading as soon as there are more.
                if (nonEmpty > MaxRows + 1)
                {
                    return new ImportError(0, string.Empty, "Import.TooManyRows", [MaxRows]);
                }
            }
            else
            {
                // A quote inside an unquoted field is kept as it is, as spreadsheets do.
                field.Append(c);
            }

            i++;
        }

        if (inQuotes)
        {
            return new ImportError(quoteStartedOn, string.Empty, "Import.UnclosedQuote", []);
        }

        if (field.Length > 0 || fields.Count > 0 || fieldWasQuoted)
        {
            EndRecord();
        }

        return null;
    }

    // ---------------------------------------------------------------- XLSX

    /// <summary>
    /// The first sheet, streamed row by row under <see cref="XlsxLimits"/>: the upload limit is on the
    /// compressed file, so the sheet is refused by what it expands to, counted as it is read.
    /// </summary>
    private static MemberFile ReadXlsx(byte[] bytes)
    {
        try
        {
            var rows = XlsxSheetReader.Read(bytes, XlsxLimits.Default with { MaxRows = MaxRows })
                .Select(row => new RawRow(row.Number, row.Cells));
            return Map(rows, [], cellName: (row, index) => string.Create(CultureInfo.InvariantCulture, $"{ColumnLetters(index)}{row}"));
        }
        catch (XlsxRefusedException refused)
        {
            return Refused(refused.Code, [.. refused.Arguments]);
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or NotSupportedException or IOException or ArgumentException)
        {
            return Refused("Import.UnreadableXlsx");
        }
    }

    // ---------------------------------------------------------------- Both

    private sealed record RawRow(int Number, object?[] Cells)
    {
        public bool IsEmpty => Cells.All(c => c is null || (c is string s && string.IsNullOrWhiteSpace(s)));
    }

    /// <summary>Headers to columns, then every non-empty row to an <see cref="ImportRow"/>.</summary>
    private static MemberFile Map(IEnumerable<RawRow> raw, List<string> notices, Func<int, int, string> cellName)
    {
        // One pass: a streamed sheet is read once, each row mapped as it comes and then dropped.
        using var remaining = raw.GetEnumerator();
        RawRow? header = null;
        while (header is null && remaining.MoveNext())
        {
            header = remaining.Current.IsEmpty ? null : remaining.Current;
        }

        if (header is null)
        {
            return new MemberFile([], [new ImportError(0, string.Empty, "Import.EmptyFile", [])], notices);
        }

        var errors = new List<ImportError>();
        var columns = new string?[header.Cells.Length];
        var unknown = new List<string>();
        var duplicated = new List<string>();
        for (var i = 0; i < header.Cells.Length; i++)
        {
            var text = VietnameseText.Normalise(Text(header.Cells[i]));
            if (text.Length == 0)
            {
                continue;
            }

            if (ColumnFor(text) is not { } column)
            {
                unknown.Add(text);
            }
            else if (columns.Contains(column))
            {
                duplicated.Add(text);
            }
            else
            {
                columns[i] = column;
            }
        }

        if (unknown.Count > 0)
        {
            errors.Add(new ImportError(header.Number, string.Empty, "Import.UnknownColumns", [string.Join(", ", unknown.Select(u => $"\"{u}\""))]));
        }

        if (duplicated.Count > 0)
        {
            errors.Add(new ImportError(header.Number, string.Empty, "Import.DuplicateColumns", [string.Join(", ", duplicated.Select(u => $"\"{u}\""))]));
        }

        var missing = ImportColumns.Required.Where(c => !columns.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            errors.Add(new ImportError(header.Number, string.Empty, "Import.MissingColumns", [string.Join(", ", missing.Select(m => $"\"{HeaderOf(m)}\""))]));
        }

        if (errors.Count > 0)
        {
            return new MemberFile([], errors, notices);
        }

        var rows = new List<ImportRow>();
        while (remaining.MoveNext())
        {
            var row = remaining.Current;
            if (row.IsEmpty)
            {
                continue;
            }

            if (rows.Count == MaxRows)
            {
                return new MemberFile([], [new ImportError(0, string.Empty, "Import.TooManyRows", [MaxRows])], notices);
            }

            var cells = new Dictionary<string, string?>(ImportColumns.All.Count, StringComparer.Ordinal);
            for (var i = 0; i < row.Cells.Length; i++)
            {
                var column = i < columns.Length ? columns[i] : null;
                var value = CellText(column, row.Cells[i]);
                if (column is null)
                {
                    if (value is not null)
                    {
                        errors.Add(new ImportError(row.Number, string.Empty, "Import.ValueWithoutHeader", [cellName(row.Number, i)]));
                    }

                    continue;
                }

                cells[column] = value;
                if (value is not null && value.StartsWith('='))
                {
                    errors.Add(new ImportError(row.Number, column, FormulaCode, [value.Length > 60 ? value[..60] + "…" : value]));
                }
            }

            rows.Add(new ImportRow(row.Number, cells));
        }

        if (rows.Count == 0)
        {
            errors.Add(new ImportError(0, string.Empty, "Import.NoRows", []));
        }

        return new MemberFile(rows, errors, notices);
    }

    /// <summary>A cell as text, NFC, trimmed; null when empty.</summary>
    private static string? CellText(string? column, object? value)
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
        var clean = VietnameseText.Normalise(text);
        return clean.Length == 0 ? null : clean;
    }

    /// <summary>
    /// A number cell as text. A spreadsheet drops leading zeros from a citizen ID or phone number
    /// typed as a number: 10 or 11 digits can only be a 12-digit citizen ID (old IDs have 9), and a
    /// 9-digit phone number lost its leading 0.
    /// </summary>
    private static string Number(string? column, double value)
    {
        var text = value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : value.ToString("0.##########", CultureInfo.InvariantCulture);
        return column switch
        {
            ImportColumns.CitizenId when text.Length is 10 or 11 && text.All(char.IsAsciiDigit) => text.PadLeft(12, '0'),
            ImportColumns.Phone when text.Length == 9 && text.All(char.IsAsciiDigit) => "0" + text,
            _ => text,
        };
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static string Key(string header) =>
        new(VietnameseText.Fold(header).Where(char.IsLetterOrDigit).ToArray());

    private static Dictionary<string, string> BuildAliases(Dictionary<string, string[]> aliases)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in ImportColumns.All)
        {
            map[Key(column)] = column;
            foreach (var alias in aliases.GetValueOrDefault(column) ?? [])
            {
                map[Key(alias)] = column;
            }
        }

        return map;
    }

    /// <summary>"C" or "C12" → 2 (zero-based).</summary>
    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }

            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return index - 1;
    }

    private static string ColumnLetters(int index)
    {
        var letters = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }
}
