using System.IO.Compression;

namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>What a ZIP package upload holds.</summary>
internal enum RollPackageKind
{
    /// <summary>Anything else, a workbook included: the XLSX reader reads it or says why not.</summary>
    Workbook,

    /// <summary>A Word document (word/document.xml and no workbook).</summary>
    WordDocument,

    /// <summary>An OpenDocument spreadsheet (its mimetype says so).</summary>
    OpenDocumentSpreadsheet,

    /// <summary>An OpenDocument text document, as LibreOffice Writer saves it (its mimetype says so).</summary>
    OpenDocumentText,
}

/// <summary>What a ZIP package upload is, looked at once before a reader is chosen.</summary>
internal static class RollPackage
{
    private const string OdsMimeType = "application/vnd.oasis.opendocument.spreadsheet";
    private const string OdtMimeType = "application/vnd.oasis.opendocument.text";

    public static RollPackageKind KindOf(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > XlsxLimits.Default.MaxEntries)
            {
                return RollPackageKind.Workbook;
            }

            if (Has(zip, "word/document.xml") && !Has(zip, "xl/workbook.xml"))
            {
                return RollPackageKind.WordDocument;
            }

            if (zip.GetEntry("mimetype") is { Length: < 200 } mimetype)
            {
                using var reader = new StreamReader(mimetype.Open(), System.Text.Encoding.ASCII);
                switch (reader.ReadToEnd().Trim())
                {
                    case OdsMimeType:
                        return RollPackageKind.OpenDocumentSpreadsheet;
                    case OdtMimeType:
                        return RollPackageKind.OpenDocumentText;
                }
            }

            return RollPackageKind.Workbook;
        }
        catch (InvalidDataException)
        {
            // Not a readable package: the XLSX reader refuses it with its own reason.
            return RollPackageKind.Workbook;
        }
    }

    private static bool Has(ZipArchive zip, string path) =>
        zip.Entries.Any(e => string.Equals(e.FullName, path, StringComparison.OrdinalIgnoreCase));
}
