using System.Text;
using ExcelDataReader;

namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>
/// The rows of an Excel 97-2003 roll (.xls, BIFF in a compound document), from its first visible sheet with
/// a value, read with ExcelDataReader (decision 0046) under the limits the XLSX reader keeps. Text, numbers, booleans and
/// date cells come through as the XLSX reader gives them; a formula cell gives the value Excel last
/// computed (the format does not tell the reader it was a formula). The sheet's declared size is
/// checked before any row is read: a damaged or crafted file may declare millions of empty rows, which
/// the library would walk through. Whatever the library cannot read, for whatever reason, is an
/// unreadable file, never an error of the application.
/// </summary>
public static class XlsRollReader
{
    public const string Unreadable = "Import.UnreadableXls";

    public const string OldWord = "Import.OldWord";

    /// <summary>"WordDocument" as a compound document's directory names its stream (UTF-16).</summary>
    private static readonly byte[] WordStream = Encoding.Unicode.GetBytes("WordDocument\0");

    /// <summary>A compound document holding Word's main stream: a .doc, not a workbook.</summary>
    public static bool IsWordDocument(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return bytes.AsSpan().IndexOf(WordStream) >= 0;
    }

    /// <summary>"EncryptedPackage" as a compound document's directory names the stream of an OOXML file encrypted with a password.</summary>
    private static readonly byte[] EncryptedPackageStream = Encoding.Unicode.GetBytes("EncryptedPackage\0");

    /// <summary>A compound document holding an encrypted Office Open XML package: a workbook with a password to open it.</summary>
    public static bool IsEncryptedPackage(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return bytes.AsSpan().IndexOf(EncryptedPackageStream) >= 0;
    }

    /// <summary>What BIFF8 itself allows: 65,536 rows of 256 columns.</summary>
    private const int MaxSheetRows = 65_536;

    private static readonly Lazy<ExcelReaderConfiguration> Configuration = new(() =>
    {
        // BIFF5 and older name their code page; ExcelDataReader needs the code pages registered.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return new ExcelReaderConfiguration { FallbackEncoding = Encoding.GetEncoding(1252) };
    });

    /// <summary>
    /// <c>notices</c> is given <see cref="RollReader.OtherSheetsNotRead"/> when a sheet after the roll holds values
    /// too; with <paramref name="everySheet"/> every visible sheet with a value is read instead, one after another,
    /// each added to the list with its name and offset (decision 0048).
    /// </summary>
    public static IEnumerable<RollRawRow> Read(byte[] bytes, int maxRows, List<string>? notices = null, List<RollSheet>? everySheet = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var limits = XlsxLimits.Default with { MaxRows = maxRows };
        using var reader = Open(bytes);
        // Every sheet's titles, headers and footers are rows too: the members' own limit is the roll's (RollReader).
        var rows = new RollRowLimit(everySheet is null ? limits.MaxRows : limits.MaxRows * 2);
        var sheets = 0;
        var allHidden = !HasVisibleSheet(reader);
        var offset = 0;
        do
        {
            // The first visible sheet with a value: a hidden list or an empty "Sheet1" before the roll is passed over.
            if (++sheets > limits.MaxEntries)
            {
                throw new XlsxRefusedException(Unreadable);
            }

            if (!allHidden && Guard(() => reader.VisibleState) is not "visible")
            {
                continue;
            }

            if (everySheet is { Count: > 0 })
            {
                // A later sheet (decision 0048): read whole first, so a damaged one is left out and said and the
                // sheets after it are not looked at; a sheet past a limit still refuses the roll.
                var name = SheetName(reader);
                List<RollRawRow> later;
                try
                {
                    later = SheetRows(reader, limits, rows);
                }
                catch (XlsxRefusedException refused) when (refused.Code == Unreadable)
                {
                    everySheet.Add(new RollSheet(name, offset, offset, RollSheet.Unreadable));
                    yield break;
                }
                catch (XlsxRefusedException refused) when (refused.Code is "Import.XlsxTooManyColumns" or "Import.XlsxCellTooLong")
                {
                    // Refused by a check of ours, not the library's: the next sheet can still be read.
                    everySheet.Add(new RollSheet(name, offset, offset, RollSheet.PastLimit));
                    continue;
                }

                if (later.Count > 0)
                {
                    var index = everySheet.Count;
                    everySheet.Add(new RollSheet(name, offset));
                    foreach (var row in later)
                    {
                        yield return row with { Number = offset + row.Number, Sheet = index };
                    }

                    offset += later[^1].Number;
                }

                continue;
            }

            CheckDeclaredSize(reader, limits);
            var number = 0;
            while (Guard(reader.Read))
            {
                number++;
                var cells = Guard(() => Cells(reader, limits));
                if (RollRowLimit.IsEmpty(cells))
                {
                    continue;
                }

                rows.Count();
                if (offset == 0)
                {
                    everySheet?.Add(new RollSheet(SheetName(reader), 0));
                }

                offset = number;
                yield return new RollRawRow(number, cells);
            }
        }
        while ((everySheet is not null || rows.Filled == 0) && Guard(reader.NextResult));

        if (everySheet is null && notices is not null && rows.Filled > 0 && MoreSheetsWithValues(reader, allHidden, limits))
        {
            notices.Add(RollReader.OtherSheetsNotRead);
        }
    }

    /// <summary>The rows with a value of the sheet the reader is on, its declared size checked first.</summary>
    private static List<RollRawRow> SheetRows(IExcelDataReader reader, XlsxLimits limits, RollRowLimit counted)
    {
        CheckDeclaredSize(reader, limits);
        var rows = new List<RollRawRow>();
        var number = 0;
        while (Guard(reader.Read))
        {
            number++;
            var cells = Guard(() => Cells(reader, limits));
            if (!RollRowLimit.IsEmpty(cells))
            {
                counted.Count();
                rows.Add(new RollRawRow(number, cells));
            }
        }

        return rows;
    }

    /// <summary>The sheet's name as the workbook gives it, cut at Excel's 31 characters.</summary>
    private static string SheetName(IExcelDataReader reader) =>
        Guard(() => reader.Name) is { Length: > 0 } name ? name[..Math.Min(name.Length, 31)] : "?";

    /// <summary>Whether a sheet after the one read holds a value (its declared size checked first); a sheet that cannot be read says no.</summary>
    private static bool MoreSheetsWithValues(IExcelDataReader reader, bool allHidden, XlsxLimits limits)
    {
        try
        {
            for (var sheets = 0; sheets < limits.MaxEntries && Guard(reader.NextResult); sheets++)
            {
                if (!allHidden && Guard(() => reader.VisibleState) is not "visible")
                {
                    continue;
                }

                if (!DeclaredSizeFits(reader, limits))
                {
                    // Too large to be read: counted as empty, and the next sheet looked at.
                    continue;
                }

                while (Guard(reader.Read))
                {
                    if (!RollRowLimit.IsEmpty(Guard(() => Cells(reader, limits))))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
        catch (XlsxRefusedException)
        {
            return false;
        }
    }

    private static bool DeclaredSizeFits(IExcelDataReader reader, XlsxLimits limits)
    {
        try
        {
            CheckDeclaredSize(reader, limits);
            return true;
        }
        catch (XlsxRefusedException)
        {
            return false;
        }
    }

    /// <summary>
    /// The sheet's declared size, checked before a row is read: a damaged or crafted file may declare millions
    /// of empty rows, which the library would walk through.
    /// </summary>
    private static void CheckDeclaredSize(IExcelDataReader reader, XlsxLimits limits)
    {
        if (Guard(() => reader.RowCount) > Math.Min(MaxSheetRows, limits.MaxRowNumber))
        {
            throw new XlsxRefusedException(Unreadable);
        }

        if (Guard(() => reader.FieldCount) > limits.MaxColumns)
        {
            throw new XlsxRefusedException("Import.XlsxTooManyColumns", limits.MaxColumns);
        }
    }

    /// <summary>Whether any sheet is visible; the reader is left on the first sheet.</summary>
    private static bool HasVisibleSheet(IExcelDataReader reader)
    {
        var visible = false;
        for (var sheet = 0; sheet < Guard(() => reader.ResultsCount) && !visible; sheet++)
        {
            visible = Guard(() => reader.VisibleState) is "visible";
            if (!Guard(reader.NextResult))
            {
                break;
            }
        }

        Guard(() => { reader.Reset(); return true; });
        return visible;
    }

    private static IExcelDataReader Open(byte[] bytes) =>
        Guard(() => ExcelReaderFactory.CreateBinaryReader(new MemoryStream(bytes, writable: false), Configuration.Value));

    private static object?[] Cells(IExcelDataReader reader, XlsxLimits limits)
    {
        var count = reader.FieldCount;
        if (count > limits.MaxColumns)
        {
            throw new XlsxRefusedException("Import.XlsxTooManyColumns", limits.MaxColumns);
        }

        var cells = new object?[count];
        for (var i = 0; i < count; i++)
        {
            var value = reader.GetValue(i);
            if (value is string { Length: var length } && length > limits.MaxCellChars)
            {
                throw new XlsxRefusedException("Import.XlsxCellTooLong", limits.MaxCellChars);
            }

            cells[i] = value;
        }

        // Trailing empty cells, as the XLSX reader leaves them out.
        var last = count;
        while (last > 0 && cells[last - 1] is null or "")
        {
            last--;
        }

        return last == count ? cells : cells[..last];
    }

    /// <summary>
    /// Runs a call into the library: a file it cannot parse may fail in any way (a missing stream, an index
    /// past a damaged record, a null), and each is the file's fault, so each is refused as unreadable.
    /// </summary>
    private static T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (XlsxRefusedException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new XlsxRefusedException(Unreadable);
        }
    }
}
