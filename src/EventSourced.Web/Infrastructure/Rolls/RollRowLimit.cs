using System.IO.Compression;

namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>
/// The rows with a value a reader has given, the header among them, as the XLSX reader counts them: the
/// row past <c>maxRows</c> + 1 is refused with the same reason in every format.
/// </summary>
internal sealed class RollRowLimit(int maxRows)
{
    public int Filled { get; private set; }

    /// <summary>A row without a value: not counted, not given.</summary>
    public static bool IsEmpty(IEnumerable<object?> cells) => cells.All(c => c is null);

    /// <summary>Counts a row with a value; refuses the one past the limit.</summary>
    public void Count()
    {
        if (++Filled > maxRows + 1)
        {
            throw new XlsxRefusedException("Import.TooManyRows", maxRows);
        }
    }
}

/// <summary>What a ZIP package upload is, looked at before a reader is chosen (a workbook, a Word document, an OpenDocument spreadsheet).</summary>
internal static class RollPackage
{
    /// <summary>Whether the bytes open as a package of no more entries than a workbook may have and pass <paramref name="test"/>.</summary>
    public static bool Is(byte[] bytes, Func<ZipArchive, bool> test)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            return zip.Entries.Count <= XlsxLimits.Default.MaxEntries && test(zip);
        }
        catch (InvalidDataException)
        {
            // Not a readable package: the XLSX reader refuses it with its own reason.
            return false;
        }
    }

    /// <summary>Whether the package holds an entry at <paramref name="path"/>, in any case.</summary>
    public static bool Has(ZipArchive zip, string path) =>
        zip.Entries.Any(e => string.Equals(e.FullName, path, StringComparison.OrdinalIgnoreCase));
}
