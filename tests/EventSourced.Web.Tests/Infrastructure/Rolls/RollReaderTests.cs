using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using EventSourced.Domain.Members;
using NodaTime;
using EventSourced.Web.Infrastructure.Rolls;
using static EventSourced.Web.Tests.Infrastructure.Rolls.RollSamples;
using C = EventSourced.Domain.Members.ImportColumns;

namespace EventSourced.Web.Tests.Infrastructure.Rolls;

/// <summary>Whole rolls through the entry point: what refuses a file (with row, column and reason), limits, dates, formulas, spreadsheets, remapping.</summary>
public sealed partial class RollReaderTests
{
    [Fact]
    public void unknown_headers_are_a_file_error_listing_them()
    {
        var file = RollReader.Read(Utf8($"{Header},Tình trạng,Ghi chú\n{Hung},Chính thức,\n"));

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
        var file = RollReader.Read(Utf8("Họ và tên,Ngày sinh\nNguyễn Văn Hùng,15/06/1985\n"));

        var error = file.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe("Import.MissingColumns");
        error.Arguments.ShouldBe(["\"Giới tính\", \"Mã chi bộ\", \"Số quyết định kết nạp\", \"Ngày vào Đảng\""]);
    }
    [Fact]
    public void a_column_given_twice_is_a_file_error()
    {
        RollReader.Read(Utf8($"{Header},Full name\n{Hung},X\n")).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.DuplicateColumns");
    }
    [Fact]
    public void a_value_in_a_column_without_a_header_is_a_file_error_naming_the_cell()
    {
        var error = RollReader.Read(Utf8($"{Header}\n{Hung},ghi chú\n")).Errors.ShouldHaveSingleItem();

        error.Code.ShouldBe("Import.ValueWithoutHeader");
        error.RowNumber.ShouldBe(2);
        error.Arguments.ShouldBe(["H2"]);
    }
    [Fact]
    public void an_empty_file_and_a_file_with_only_headers_are_refused()
    {
        RollReader.Read([]).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.EmptyFile");
        RollReader.Read(Utf8("\r\n\r\n")).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.EmptyFile");
        RollReader.Read(Utf8($"{Header}\r\n")).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.NoRows");
    }
    [Fact]
    public void a_file_over_20_megabytes_or_100000_rows_is_refused()
    {
        RollReader.Read(new byte[(20 * 1024 * 1024) + 1]).Errors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.Code.ShouldBe("Import.FileTooLarge"),
            e => e.Arguments.ShouldBe([20L]));

        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < RollSchema.MemberImport.MaxRows + 1; i++)
        {
            text.Append("A,Nam,1/1/1980,,X,1,1/1/2000\n");
        }

        RollReader.Read(Utf8(text.ToString())).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.TooManyRows");
    }
    [Fact]
    public void exactly_100000_rows_are_read()
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < RollSchema.MemberImport.MaxRows; i++)
        {
            text.Append("A,Nam,1/1/1980,,X,1,1/1/2000\n");
        }

        var file = RollReader.Read(Utf8(text.ToString()));

        file.Errors.ShouldBeEmpty();
        file.Rows.Count.ShouldBe(RollSchema.MemberImport.MaxRows);
    }
    [Theory]
    [InlineData("15/06/1985")]
    [InlineData("1985-06-15")]
    [InlineData("31213")]
    public void csv_dates_stay_text_that_the_import_reads_as_dd_MM_yyyy_iso_or_serial(string written)
    {
        var row = SingleRow(RollReader.Read(Utf8($"{Header}\n{Hung.Replace("15/06/1985", written, StringComparison.Ordinal)}\n")));

        row.Cells[C.DateOfBirth].ShouldBe(written);
        ImportDates.TryParse(row.Cells[C.DateOfBirth], out var date).ShouldBeTrue();
        date.ShouldBe(new LocalDate(1985, 6, 15));
    }
    [Fact]
    public void a_csv_cell_starting_with_equals_is_a_formula_error_that_still_lets_the_rows_be_checked()
    {
        var file = RollReader.Read(Utf8($"{Header}\n{Hung.Replace("15/06/1985", "=DATE(1985;6;15)", StringComparison.Ordinal)}\n"));

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

        var file = RollReader.Read(bytes);

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

        var file = RollReader.Read(bytes);

        file.RowsCanBeChecked.ShouldBeTrue();
        var error = file.Errors.ShouldHaveSingleItem();
        (error.RowNumber, error.Column, error.Code).ShouldBe((2, C.AdmissionDate, "Import.Formula"));
        error.Arguments.ShouldBe(["=DATE(2015,3,2)"]);
        file.Rows[0].Cells[C.AdmissionDate].ShouldBe("=DATE(2015,3,2)");
    }
    [Fact]
    public void a_roll_for_reconciliation_reads_a_formula_cell_as_its_value_and_says_so_and_the_member_import_still_refuses_it()
    {
        var bytes = WithFormula(Xlsx(Person("Nguyễn Văn Hùng", new DateTime(1985, 6, 15), "001085012345", "0912345678", "02/03/2015")), "G2", "DATE(2015,3,2)");

        var file = RollReader.Read(bytes, schema: RollSchema.Reconciliation);

        var row = SingleRow(file);
        ImportDates.TryParse(row.Cells[C.AdmissionDate], out var admitted).ShouldBeTrue();
        admitted.ShouldBe(new LocalDate(2015, 3, 2));
        file.Notices.ShouldContain(RollReader.FormulaValuesRead);
        RollReader.Read(bytes).Errors.ShouldHaveSingleItem().Code.ShouldBe(RollReader.FormulaCode);
    }

    [Fact]
    public void rows_excel_hides_are_read_as_the_others_and_said()
    {
        static string Text(string cell, string text) => $"<c r=\"{cell}\" t=\"inlineStr\"><is><t>{text}</t></is></c>";
        var sheet = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
            + $"<row r=\"1\">{Text("A1", "Họ và tên")}{Text("B1", "Ngày sinh")}</row>"
            + $"<row r=\"2\">{Text("A2", "Nguyễn Văn Hùng")}{Text("B2", "15/06/1985")}</row>"
            + $"<row r=\"3\" hidden=\"1\">{Text("A3", "Trần Thị Lan")}{Text("B3", "02/09/1990")}</row>"
            + "</sheetData></worksheet>";

        var file = RollReader.Read(XlsxSheetReaderTests.Workbook.Build(w => w.Write(sheet)), schema: RollSchema.Reconciliation);

        file.Rows.Select(r => r.Cells[C.FullName]).ShouldBe(["Nguyễn Văn Hùng", "Trần Thị Lan"]);
        file.Notices.ShouldBe([RollReader.HiddenRowsRead]);
    }

    [Fact]
    public void a_file_that_starts_like_a_zip_but_is_not_a_workbook_is_refused()
    {
        RollReader.Read([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.UnreadableXlsx");
    }
    [Fact]
    public void a_file_that_starts_like_an_excel_97_2003_file_but_is_not_one_is_refused_with_its_own_reason()
    {
        RollReader.Read([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).Errors.ShouldHaveSingleItem().Code.ShouldBe(XlsRollReader.Unreadable);
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

    [Fact]
    public void the_detected_headers_and_proposed_mapping_are_given_and_a_mapping_from_the_caller_replaces_them()
    {
        var bytes = Utf8("STT,Tên,Sinh,CCCD,Đơn vị\n1,Nguyễn Văn Hùng,15/06/1985,001085012345,BD.PX.01\n");

        var proposed = RollReader.Read(bytes, schema: RollSchema.Reconciliation);
        proposed.Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.MissingColumns");
        // "Tên" alone is the whole name (beside "Họ và tên đệm" it would be the given name: decision 0045).
        proposed.Headers.Select(h => (h.Index, h.Text, h.Column)).ShouldBe([(0, "STT", null), (1, "Tên", C.FullName), (2, "Sinh", null), (3, "CCCD", C.CitizenId), (4, "Đơn vị", null)]);
        proposed.Mapping.ShouldNotBeNull().Columns.Select(c => (c.Key, c.Value)).ShouldBe([(1, C.FullName), (3, C.CitizenId)]);

        var remapped = RollReader.Read(bytes, RollColumnMap.Of((1, C.FullName), (2, C.DateOfBirth), (3, C.CitizenId), (4, C.CellCode)), RollSchema.Reconciliation);

        var row = SingleRow(remapped);
        row.Cells.Keys.ShouldBe([C.FullName, C.DateOfBirth, C.CitizenId, C.CellCode], ignoreOrder: true);
        row.Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        row.Cells[C.CellCode].ShouldBe("BD.PX.01");
    }

    [Fact]
    public void a_mapping_that_gives_one_column_twice_or_leaves_out_a_required_one_is_refused()
    {
        var bytes = Utf8($"{Header}\n{Hung}\n");

        var file = RollReader.Read(bytes, RollColumnMap.Of((0, C.FullName), (1, C.FullName)));

        file.Rows.ShouldBeEmpty();
        file.Errors.Select(e => e.Code).ShouldBe(["Import.DuplicateColumns", "Import.MissingColumns"]);
        file.Errors.ShouldAllBe(e => e.RowNumber == 1);
    }

    [Fact]
    public void a_roll_for_reconciliation_needs_only_a_name_and_a_birth_date_and_leaves_unknown_headers_unmapped()
    {
        var file = RollReader.Read(Utf8("STT,Họ và tên,Năm sinh,Chi bộ,Ghi chú\n1,Nguyễn Văn Hùng,1985,Chi bộ 1,chuyển đến\n"), schema: RollSchema.Reconciliation);

        var row = SingleRow(file);
        row.Cells[C.DateOfBirth].ShouldBe("1985");
        row.Cells[C.CellCode].ShouldBe("Chi bộ 1");
        file.Headers.Where(h => h.Column is null).Select(h => h.Text).ShouldBe(["STT", "Ghi chú"]);
        ImportDates.TryParseRollDate(row.Cells[C.DateOfBirth], out var born).ShouldBeTrue();
        born.ShouldBe(new RollDate(new LocalDate(1985, 1, 1), DatePrecision.Year));
    }

    [Fact]
    public void the_member_import_keeps_refusing_a_year_only_birth_date_that_reconciliation_keeps_with_its_precision()
    {
        var row = SingleRow(RollReader.Read(Utf8($"{Header}\n{Hung.Replace("15/06/1985", "1985", StringComparison.Ordinal)}\n")));

        ImportDates.TryParse(row.Cells[C.DateOfBirth], out _).ShouldBeFalse();
        ImportDates.IsYearOnly(row.Cells[C.DateOfBirth]!).ShouldBeTrue();
        ImportDates.TryParseRollDate(row.Cells[C.DateOfBirth], out var born).ShouldBeTrue();
        born.Precision.ShouldBe(DatePrecision.Year);
    }

    public static TheoryData<string, byte[]> NotTables => new()
    {
        { "PDF", [.. "%PDF-1.7\n"u8, 0, 1, 2] },
        { "PNG", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0] },
        { "JPEG", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10] },
        { "binary", [0x01, 0x00, 0x02, 0x03, 0x04, 0x05, 0x06] },
    };

    [Theory]
    [MemberData(nameof(NotTables))]
    public void a_file_that_is_not_a_table_is_refused_as_the_wrong_type(string kind, byte[] bytes)
    {
        var file = RollReader.Read(bytes);

        file.Rows.ShouldBeEmpty(kind);
        file.Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.WrongFileType", kind);
    }

    [Fact]
    public void a_roll_of_120000_rows_is_read_for_reconciliation()
    {
        var text = new StringBuilder("Họ và tên,Ngày sinh\n");
        for (var i = 0; i < 120_000; i++)
        {
            text.Append("Nguyễn Văn Hùng,15/06/1985\n");
        }

        var file = RollReader.Read(Utf8(text.ToString()), schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty();
        file.Rows.Count.ShouldBe(120_000);
        file.Rows[^1].RowNumber.ShouldBe(120_001);
    }
}
