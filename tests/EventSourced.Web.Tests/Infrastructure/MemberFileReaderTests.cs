using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure;
using MiniExcelLibs;
using NodaTime;
using C = EventSourced.Domain.Members.ImportColumns;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>Uploaded files as staff produce them: encodings, separators, quoting, headers, dates, spreadsheets and their formulas.</summary>
public sealed partial class MemberFileReaderTests
{
    private const string Header = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Mã chi bộ,Số quyết định kết nạp,Ngày vào Đảng";
    private const string Hung = "Nguyễn Văn Hùng,Nam,15/06/1985,001085012345,BD.PX.01,12-QĐ/ĐU,02/03/2015";

    private static byte[] Utf8(string text, bool bom = false) =>
        [.. bom ? Encoding.UTF8.GetPreamble() : [], .. Encoding.UTF8.GetBytes(text)];

    private static MemberFile Read(byte[] bytes)
    {
        var file = MemberFileReader.Read(bytes);
        return file;
    }

    private static ImportRow SingleRow(MemberFile file)
    {
        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => $"{e.RowNumber} {e.Column} {e.Code} {string.Join(",", e.Arguments)}")));
        return file.Rows.ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void utf8_with_or_without_a_byte_order_mark_is_read_as_utf8(bool bom)
    {
        var row = SingleRow(Read(Utf8($"{Header}\r\n{Hung}\r\n", bom)));

        row.RowNumber.ShouldBe(2);
        row.Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        row.Cells[C.Sex].ShouldBe("Nam");
        row.Cells[C.DateOfBirth].ShouldBe("15/06/1985");
        row.Cells[C.CitizenId].ShouldBe("001085012345");
        row.Cells[C.CellCode].ShouldBe("BD.PX.01");
        row.Cells[C.AdmissionDecisionNumber].ShouldBe("12-QĐ/ĐU");
        row.Cells[C.AdmissionDate].ShouldBe("02/03/2015");
    }

    [Fact]
    public void utf16_little_endian_with_a_byte_order_mark_is_read_as_utf16()
    {
        var file = Read([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes($"{Header}\r\n{Hung}\r\n")]);

        SingleRow(file).Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        file.Notices.ShouldBeEmpty();
    }

    [Fact]
    public void utf16_big_endian_with_a_byte_order_mark_and_without_any_mark_are_read_too()
    {
        SingleRow(Read([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes($"{Header}\n{Hung}\n")]))
            .Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");

        var unmarked = Read(Encoding.Unicode.GetBytes($"{Header}\n{Hung}\n"));
        SingleRow(unmarked).Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        unmarked.Notices.ShouldBe(["Import.ReadAsUtf16"]);
    }

    [Fact]
    public void windows_1258_bytes_are_read_as_windows_1258_composed_to_nfc_with_a_notice()
    {
        var bytes = Windows1258($"{Header}\r\n{Hung}\r\nĐỗ Thị Lựu,Nữ,01/01/1990,001190000001,BD.PX.01,13-QĐ/ĐU,02/03/2015\r\n");

        var file = Read(bytes);

        file.Errors.ShouldBeEmpty();
        file.Notices.ShouldBe(["Import.ReadAsWindows1258"]);
        file.Rows.Select(r => r.Cells[C.FullName]).ShouldBe(["Nguyễn Văn Hùng", "Đỗ Thị Lựu"]);
        file.Rows[0].Cells[C.FullName]!.IsNormalized(NormalizationForm.FormC).ShouldBeTrue();
        file.Rows[1].Cells[C.Sex].ShouldBe("Nữ");
        file.Rows[0].Cells[C.AdmissionDecisionNumber].ShouldBe("12-QĐ/ĐU");
    }

    [Fact]
    public void decomposed_utf8_text_is_composed_to_nfc()
    {
        var row = SingleRow(Read(Utf8($"{Header}\n{Hung}\n".Normalize(NormalizationForm.FormD))));

        row.Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        row.Cells[C.FullName]!.IsNormalized(NormalizationForm.FormC).ShouldBeTrue();
    }

    [Theory]
    [InlineData(";")]
    [InlineData("\t")]
    public void semicolons_and_tabs_separate_as_well_as_commas(string separator)
    {
        var row = SingleRow(Read(Utf8($"{Header.Replace(",", separator, StringComparison.Ordinal)}\n{Hung.Replace(",", separator, StringComparison.Ordinal)}\n")));

        row.Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        row.Cells[C.AdmissionDate].ShouldBe("02/03/2015");
    }

    [Fact]
    public void an_excel_separator_line_names_the_separator_and_is_not_a_row()
    {
        var row = SingleRow(Read(Utf8($"sep=;\r\n{Header.Replace(",", ";", StringComparison.Ordinal)}\r\n{Hung.Replace(",", ";", StringComparison.Ordinal)}\r\n")));

        row.RowNumber.ShouldBe(2);
        row.Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
    }

    [Fact]
    public void an_excel_97_2003_file_is_refused_with_its_own_reason()
    {
        Read([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.OldExcel");
    }

    [Fact]
    public void quoted_fields_hold_separators_doubled_quotes_and_line_breaks()
    {
        var text = $"{Header},Nơi sinh,Quê quán\r\n"
            + $"{Hung},\"Phúc Xá, Ba Đình, Hà Nội\",\"Làng \"\"Đông\"\"\r\nxã Tây\"\r\n"
            + "Trần Thị Mai,Nữ,01/02/1990,001190000002,BD.PX.01,13-QĐ/ĐU,02/03/2015,,\r\n";

        var file = Read(Utf8(text));

        file.Errors.ShouldBeEmpty();
        file.Rows.Count.ShouldBe(2);
        file.Rows[0].Cells[C.PlaceOfBirth].ShouldBe("Phúc Xá, Ba Đình, Hà Nội");
        file.Rows[0].Cells[C.HomeTown].ShouldBe("Làng \"Đông\"\r\nxã Tây");
        // Rows are numbered as a spreadsheet numbers them: the quoted line break does not start a row.
        file.Rows[1].RowNumber.ShouldBe(3);
        file.Rows[1].Cells[C.FullName].ShouldBe("Trần Thị Mai");
        file.Rows[1].Cells[C.PlaceOfBirth].ShouldBeNull();
    }

    [Fact]
    public void an_unclosed_quote_is_a_file_error_on_the_row_where_it_opened()
    {
        var file = Read(Utf8($"{Header}\n{Hung}\n\"Trần Thị Mai,Nữ\n"));

        file.RowsCanBeChecked.ShouldBeFalse();
        file.Errors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.Code.ShouldBe("Import.UnclosedQuote"),
            e => e.RowNumber.ShouldBe(3));
    }

    [Fact]
    public void empty_rows_are_skipped_and_later_rows_keep_their_numbers()
    {
        var file = Read(Utf8($"{Header}\n\n{Hung}\n,,,,,,\n   \n"));

        SingleRow(file).RowNumber.ShouldBe(3);
    }

    [Theory]
    [InlineData("Ho va ten,Gioi tinh,Ngay sinh,CCCD,Ma chi bo,So quyet dinh ket nap,Ngay ket nap")]
    [InlineData("HỌ VÀ TÊN,GIỚI TÍNH,NGÀY SINH,CĂN CƯỚC,MÃ CHI BỘ,SỐ QUYẾT ĐỊNH KẾT NẠP,NGÀY KẾT NẠP")]
    [InlineData("Full name,Sex,Date of birth,Citizen ID,Cell code,Admission decision number,Admission date")]
    [InlineData("FullName,Sex,DateOfBirth,CitizenId,CellCode,AdmissionDecisionNumber,AdmissionDate")]
    public void headers_are_taken_in_vietnamese_with_or_without_diacritics_or_in_english(string header)
    {
        var row = SingleRow(Read(Utf8($"{header}\n{Hung}\n")));

        row.Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        row.Cells[C.CitizenId].ShouldBe("001085012345");
        row.Cells[C.AdmissionDate].ShouldBe("02/03/2015");
    }

    [Fact]
    public void every_documented_vietnamese_header_maps_to_its_column()
    {
        foreach (var (column, header) in MemberFileReader.Headers)
        {
            MemberFileReader.ColumnFor(header).ShouldBe(column);
        }

        MemberFileReader.Headers.Select(h => h.Column).ShouldBe(ImportColumns.All);
        MemberFileReader.ColumnFor("Số thẻ").ShouldBe(C.CardNumber);
        MemberFileReader.ColumnFor("Ngày lễ kết nạp").ShouldBe(C.CeremonyDate);
        MemberFileReader.ColumnFor("Ngày chính thức").ShouldBe(C.OfficialDate);
    }

    [Fact]
    public void unknown_headers_are_a_file_error_listing_them()
    {
        var file = Read(Utf8($"{Header},Tình trạng,Ghi chú\n{Hung},Chính thức,\n"));

        file.RowsCanBeChecked.ShouldBeFalse();
        file.Rows.ShouldBeEmpty();
        var error = file.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe("Import.UnknownColumns");
        error.RowNumber.ShouldBe(1);
        error.Arguments.ShouldBe(["\"Tình trạng\", \"Ghi chú\""]);
    }

    [Fact]
    public void missing_required_columns_are_a_file_error_listing_them()
    {
        var file = Read(Utf8("Họ và tên,Ngày sinh\nNguyễn Văn Hùng,15/06/1985\n"));

        var error = file.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe("Import.MissingColumns");
        error.Arguments.ShouldBe(["\"Giới tính\", \"Mã chi bộ\", \"Số quyết định kết nạp\", \"Ngày vào Đảng\""]);
    }

    [Fact]
    public void a_column_given_twice_is_a_file_error()
    {
        Read(Utf8($"{Header},Full name\n{Hung},X\n")).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.DuplicateColumns");
    }

    [Fact]
    public void a_value_in_a_column_without_a_header_is_a_file_error_naming_the_cell()
    {
        var error = Read(Utf8($"{Header}\n{Hung},ghi chú\n")).Errors.ShouldHaveSingleItem();

        error.Code.ShouldBe("Import.ValueWithoutHeader");
        error.RowNumber.ShouldBe(2);
        error.Arguments.ShouldBe(["H2"]);
    }

    [Fact]
    public void an_empty_file_and_a_file_with_only_headers_are_refused()
    {
        Read([]).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.EmptyFile");
        Read(Utf8("\r\n\r\n")).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.EmptyFile");
        Read(Utf8($"{Header}\r\n")).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.NoRows");
    }

    [Fact]
    public void a_file_over_20_megabytes_or_100000_rows_is_refused()
    {
        Read(new byte[(20 * 1024 * 1024) + 1]).Errors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.Code.ShouldBe("Import.FileTooLarge"),
            e => e.Arguments.ShouldBe([20L]));

        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < MemberFileReader.MaxRows + 1; i++)
        {
            text.Append("A,Nam,1/1/1980,,X,1,1/1/2000\n");
        }

        Read(Utf8(text.ToString())).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.TooManyRows");
    }

    [Fact]
    public void exactly_100000_rows_are_read()
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < MemberFileReader.MaxRows; i++)
        {
            text.Append("A,Nam,1/1/1980,,X,1,1/1/2000\n");
        }

        var file = Read(Utf8(text.ToString()));

        file.Errors.ShouldBeEmpty();
        file.Rows.Count.ShouldBe(MemberFileReader.MaxRows);
    }

    [Theory]
    [InlineData("15/06/1985")]
    [InlineData("1985-06-15")]
    [InlineData("31213")]
    public void csv_dates_stay_text_that_the_import_reads_as_dd_MM_yyyy_iso_or_serial(string written)
    {
        var row = SingleRow(Read(Utf8($"{Header}\n{Hung.Replace("15/06/1985", written, StringComparison.Ordinal)}\n")));

        row.Cells[C.DateOfBirth].ShouldBe(written);
        ImportDates.TryParse(row.Cells[C.DateOfBirth], out var date).ShouldBeTrue();
        date.ShouldBe(new LocalDate(1985, 6, 15));
    }

    [Fact]
    public void a_csv_cell_starting_with_equals_is_a_formula_error_that_still_lets_the_rows_be_checked()
    {
        var file = Read(Utf8($"{Header}\n{Hung.Replace("15/06/1985", "=DATE(1985;6;15)", StringComparison.Ordinal)}\n"));

        file.RowsCanBeChecked.ShouldBeTrue();
        var error = file.Errors.ShouldHaveSingleItem();
        (error.RowNumber, error.Column, error.Code).ShouldBe((2, C.DateOfBirth, "Import.Formula"));
        file.Rows[0].Cells[C.DateOfBirth].ShouldBe("=DATE(1985;6;15)");
    }

    [Fact]
    public void an_xlsx_written_by_miniexcel_is_read_with_its_typed_cells()
    {
        var bytes = Xlsx(
            Person("Nguyễn Văn Hùng", new DateTime(1985, 6, 15), 1085012345L, 912345678L, "02/03/2015"),
            null,
            Person("Trần Thị Mai", 32874d, "001190000002", "0987654321", new DateTime(2015, 3, 2)));

        var file = Read(bytes);

        file.Errors.ShouldBeEmpty();
        file.Notices.ShouldBeEmpty();
        file.Rows.Count.ShouldBe(2);
        var hung = file.Rows[0];
        hung.RowNumber.ShouldBe(2);
        hung.Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        hung.Cells[C.DateOfBirth].ShouldBe("1985-06-15");
        // A citizen ID or a phone typed as a number lost its leading zeros in the spreadsheet.
        hung.Cells[C.CitizenId].ShouldBe("001085012345");
        hung.Cells[C.Phone].ShouldBe("0912345678");
        hung.Cells[C.AdmissionDate].ShouldBe("02/03/2015");
        var mai = file.Rows[1];
        mai.RowNumber.ShouldBe(4);
        mai.Cells[C.DateOfBirth].ShouldBe("32874");
        ImportDates.TryParse(mai.Cells[C.DateOfBirth], out var born).ShouldBeTrue();
        born.ShouldBe(new LocalDate(1990, 1, 1));
        mai.Cells[C.AdmissionDate].ShouldBe("2015-03-02");
    }

    [Fact]
    public void an_xlsx_cell_with_a_formula_is_a_formula_error_on_its_row_and_column()
    {
        var bytes = WithFormula(Xlsx(Person("Nguyễn Văn Hùng", new DateTime(1985, 6, 15), "001085012345", "0912345678", "02/03/2015")), "G2", "DATE(2015,3,2)");

        var file = Read(bytes);

        file.RowsCanBeChecked.ShouldBeTrue();
        var error = file.Errors.ShouldHaveSingleItem();
        (error.RowNumber, error.Column, error.Code).ShouldBe((2, C.AdmissionDate, "Import.Formula"));
        error.Arguments.ShouldBe(["=DATE(2015,3,2)"]);
        file.Rows[0].Cells[C.AdmissionDate].ShouldBe("=DATE(2015,3,2)");
    }

    [Fact]
    public void a_file_that_starts_like_a_zip_but_is_not_a_workbook_is_refused()
    {
        Read([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.UnreadableXlsx");
    }

    private static Dictionary<string, object?> Person(string name, object born, object citizenId, object phone, object admitted) => new()
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
    private static byte[] Xlsx(params Dictionary<string, object?>?[] rows)
    {
        var columns = rows.First(r => r is not null)!.Keys.ToList();
        var filled = rows.Select(r => r ?? columns.ToDictionary(c => c, _ => (object?)null)).ToList();
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, filled);
        return stream.ToArray();
    }

    /// <summary>Puts a formula into a cell of the first sheet, keeping its cached value, as Excel stores one.</summary>
    private static byte[] WithFormula(byte[] workbook, string cell, string formula)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }

            var patched = CellElement().Replace(xml, m => m.Groups["ref"].Value == cell
                ? $"<x:c r=\"{cell}\"><x:f>{formula}</x:f><x:v>42065</x:v></x:c>"
                : m.Value);
            patched.ShouldNotBe(xml, $"no cell {cell} in the sheet");
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            writer.Write(patched);
        }

        return stream.ToArray();
    }

    [GeneratedRegex("<x:c r=\"(?<ref>[A-Z]+[0-9]+)\"[^>]*>.*?</x:c>")]
    private static partial Regex CellElement();

    /// <summary>
    /// Windows-1258 has the letters with circumflex, breve and horn (â, ê, ô, ă, ơ, ư, đ) but puts the
    /// five tones as combining marks after them, as legacy Vietnamese software wrote them.
    /// </summary>
    internal static byte[] Windows1258(string text)
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

    [Fact]
    public void the_windows_1258_sample_really_uses_combining_tone_marks()
    {
        var bytes = Windows1258("Hùng");

        bytes.Length.ShouldBe(5);
        string.Create(CultureInfo.InvariantCulture, $"{bytes[1]:X2}{bytes[2]:X2}").ShouldBe("75CC");
    }
}
