using System.Text;
using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure.Rolls;
using MiniExcelLibs;
using NPOI.HSSF.UserModel;

namespace EventSourced.Web.Tests.Infrastructure.Rolls;

/// <summary>Rolls as staff produce them, for the reader's tests and the import page's.</summary>
internal static class RollSamples
{
    public const string Header = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Mã chi bộ,Số quyết định kết nạp,Ngày vào Đảng";
    public const string Hung = "Nguyễn Văn Hùng,Nam,15/06/1985,001085012345,BD.PX.01,12-QĐ/ĐU,02/03/2015";

    public static byte[] Utf8(string text, bool bom = false) =>
        [.. bom ? Encoding.UTF8.GetPreamble() : [], .. Encoding.UTF8.GetBytes(text)];

    public static ImportRow SingleRow(RollFile file)
    {
        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => $"{e.RowNumber} {e.Column} {e.Code} {string.Join(",", e.Arguments)}")));
        return file.Rows.ShouldHaveSingleItem();
    }

    public static Dictionary<string, object?> Person(string name, object born, object citizenId, object phone, object admitted) => new()
    {
        ["Họ và tên"] = name,
        ["Giới tính"] = "Nam",
        ["Ngày sinh"] = born,
        ["Số CCCD"] = citizenId,
        ["Điện thoại"] = phone,
        ["Mã chi bộ"] = "BD.PX.01",
        ["Ngày vào Đảng"] = admitted,
        ["Số quyết định kết nạp"] = "12-QĐ/ĐU",
    };

    /// <summary>A workbook as MiniExcel writes it; a null row stays empty in the sheet.</summary>
    public static byte[] Xlsx(params Dictionary<string, object?>?[] rows)
    {
        var columns = rows.First(r => r is not null)!.Keys.ToList();
        var filled = rows.Select(r => r ?? columns.ToDictionary(c => c, _ => (object?)null)).ToList();
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, filled);
        return stream.ToArray();
    }

    /// <summary>
    /// Windows-1258 has the letters with circumflex, breve and horn (â, ê, ô, ă, ơ, ư, đ) but puts the
    /// five tones as combining marks after them, as legacy Vietnamese software wrote them.
    /// </summary>
    public static byte[] Windows1258(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var builder = new StringBuilder();
        foreach (var element in text.Normalize(NormalizationForm.FormC).EnumerateRunes().Select(r => r.ToString()))
        {
            var decomposed = element.Normalize(NormalizationForm.FormD);
            var letter = new StringBuilder();
            var tones = new StringBuilder();
            foreach (var c in decomposed)
            {
                if (c is '\u0300' or '\u0301' or '\u0303' or '\u0309' or '\u0323')
                {
                    tones.Append(c);
                }
                else
                {
                    letter.Append(c);
                }
            }

            builder.Append(letter.ToString().Normalize(NormalizationForm.FormC)).Append(tones);
        }

        var encoding = Encoding.GetEncoding(1258, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        var bytes = encoding.GetBytes(builder.ToString());
        Should.Throw<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(bytes), "the sample must not be valid UTF-8");
        return bytes;
    }

    /// <summary>An Excel 97-2003 workbook (.xls) as NPOI writes it, its first sheet filled by <paramref name="fill"/>.</summary>
    public static byte[] Xls(Action<HSSFSheet> fill)
    {
        var workbook = new HSSFWorkbook();
        fill((HSSFSheet)workbook.CreateSheet("Danh sách"));
        using var stream = new MemoryStream();
        workbook.Write(stream);
        return stream.ToArray();
    }

    /// <summary>Text cells from column A; an empty string leaves its cell out.</summary>
    public static HSSFRow Row(HSSFSheet sheet, int index, params string[] cells)
    {
        var row = (HSSFRow)sheet.CreateRow(index);
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i].Length > 0)
            {
                row.CreateCell(i).SetCellValue(cells[i]);
            }
        }

        return row;
    }

    public static void DateCell(HSSFRow row, int column, DateTime date)
    {
        var workbook = (HSSFWorkbook)row.Sheet.Workbook;
        var style = workbook.CreateCellStyle();
        style.DataFormat = workbook.CreateDataFormat().GetFormat("dd/mm/yyyy");
        var cell = row.CreateCell(column);
        cell.SetCellValue(date);
        cell.CellStyle = style;
    }

    /// <summary>
    /// A Word document (.docx) of <paramref name="body"/>, the WordprocessingML inside &lt;w:body&gt;: the
    /// smallest package Word opens. <see cref="WordTable"/> writes a table of plain cells.
    /// </summary>
    public static byte[] Docx(string body)
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            void Write(string path, string text)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }

            Write("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""");
            Write("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""");
            Write("word/document.xml", $"""<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>""");
        }

        return stream.ToArray();
    }

    /// <summary>A paragraph of <paramref name="text"/>, as a title or a signature outside a table.</summary>
    public static string WordParagraph(string text) => $"<w:p><w:r><w:t xml:space=\"preserve\">{System.Security.SecurityElement.Escape(text)}</w:t></w:r></w:p>";

    /// <summary>A table whose rows are given as cells; a cell is text, or raw &lt;w:tc&gt; XML when it starts with "&lt;w:tc".</summary>
    public static string WordTable(params string[][] rows) =>
        "<w:tbl><w:tblGrid/>" + string.Concat(rows.Select(row => "<w:tr>" + string.Concat(row.Select(cell =>
            cell.StartsWith("<w:tc", StringComparison.Ordinal) ? cell : "<w:tc>" + WordParagraph(cell) + "</w:tc>")) + "</w:tr>")) + "</w:tbl>";

    /// <summary>An OpenDocument spreadsheet (.ods) whose content is <paramref name="tables"/>, the &lt;table:table&gt; elements of its body.</summary>
    public static byte[] Ods(string tables, string automaticStyles = "") => OpenDocument("spreadsheet", tables, automaticStyles);

    /// <summary>A LibreOffice Writer document (.odt) whose text is <paramref name="body"/>: paragraphs (&lt;text:p&gt;) and tables.</summary>
    public static byte[] Odt(string body) => OpenDocument("text", body);

    private static byte[] OpenDocument(string kind, string body, string automaticStyles = "")
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            void Write(string path, string text)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path, System.IO.Compression.CompressionLevel.NoCompression).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }

            Write("mimetype", $"application/vnd.oasis.opendocument.{kind}");
            Write("META-INF/manifest.xml", $"""<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.{kind}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>""");
            Write("content.xml", $"""<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.3"><office:automatic-styles>{automaticStyles}</office:automatic-styles><office:body><office:{kind}>{body}</office:{kind}></office:body></office:document-content>""");
        }

        return stream.ToArray();
    }

    /// <summary>A row of text cells for <see cref="Ods"/>; an empty string is an empty cell.</summary>
    public static string OdsRow(params string[] cells) =>
        "<table:table-row>" + string.Concat(cells.Select(cell => cell.Length == 0
            ? "<table:table-cell/>"
            : $"<table:table-cell office:value-type=\"string\"><text:p>{System.Security.SecurityElement.Escape(cell)}</text:p></table:table-cell>")) + "</table:table-row>";
}
