using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure.Rolls;
using Xunit.Abstractions;

namespace EventSourced.Web.Tests.Infrastructure.Rolls;

/// <summary>
/// Spreadsheets built to hurt the reader: a few hundred kilobytes that expand to hundreds of
/// megabytes, a declared grid of the whole sheet, too many columns or rows, a huge shared-strings
/// part, a size header that lies and odd packages. Each is refused early, by the bytes actually
/// read, and with bounded memory.
/// </summary>
public sealed class XlsxSheetReaderTests(ITestOutputHelper output)
{
    private const string Header = "<row r=\"1\">"
        + "<c r=\"A1\" t=\"inlineStr\"><is><t>Họ và tên</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>Giới tính</t></is></c>"
        + "<c r=\"C1\" t=\"inlineStr\"><is><t>Ngày sinh</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>Mã chi bộ</t></is></c>"
        + "<c r=\"E1\" t=\"inlineStr\"><is><t>Số quyết định kết nạp</t></is></c><c r=\"F1\" t=\"inlineStr\"><is><t>Ngày vào Đảng</t></is></c></row>";

    private static string Person(int row) =>
        $"<row r=\"{row}\"><c r=\"A{row}\" t=\"s\"><v>0</v></c><c r=\"B{row}\" t=\"s\"><v>1</v></c><c r=\"C{row}\"><v>31213</v></c>"
        + $"<c r=\"D{row}\" t=\"s\"><v>2</v></c><c r=\"E{row}\" t=\"inlineStr\"><is><t>12-QĐ/ĐU</t></is></c><c r=\"F{row}\"><v>42065</v></c></row>";

    private const string Strings = "<si><t>Nguyễn Văn Hùng</t><rPh sb=\"0\" eb=\"1\"><t>グエン</t></rPh></si><si><r><t>Na</t></r><r><t>m</t></r></si><si><t>BD.PX.01</t></si>";

    [Fact]
    public void a_workbook_built_by_hand_is_read_with_shared_strings_rich_text_and_numbers_without_phonetic_readings()
    {
        var file = RollReader.Read(Workbook.Build(Sheet(Header + Person(2)), SharedStrings(Strings)));

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => e.Code)));
        var row = file.Rows.ShouldHaveSingleItem();
        row.RowNumber.ShouldBe(2);
        row.Cells[ImportColumns.FullName].ShouldBe("Nguyễn Văn Hùng");
        row.Cells[ImportColumns.Sex].ShouldBe("Nam");
        row.Cells[ImportColumns.DateOfBirth].ShouldBe("31213");
        row.Cells[ImportColumns.CellCode].ShouldBe("BD.PX.01");
    }

    [Fact]
    public void numbers_in_a_date_format_come_out_as_dates_and_other_numbers_stay_numbers()
    {
        const string styles = "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/><numFmt numFmtId=\"165\" formatCode=\"[Red]0.00;&quot;days&quot;\"/></numFmts>"
            + "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/><xf numFmtId=\"165\"/></cellXfs></styleSheet>";
        var row = "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Nguyễn Văn Hùng</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>Nam</t></is></c>"
            + "<c r=\"C2\" s=\"1\"><v>31213</v></c><c r=\"D2\" t=\"inlineStr\"><is><t>BD.PX.01</t></is></c><c r=\"E2\" s=\"3\"><v>12</v></c><c r=\"F2\" s=\"2\"><v>42065</v></c></row>";

        var file = RollReader.Read(Workbook.Build(Sheet(Header + row), styles: styles));

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => e.Code)));
        var read = file.Rows.ShouldHaveSingleItem();
        read.Cells[ImportColumns.DateOfBirth].ShouldBe("1985-06-15");
        read.Cells[ImportColumns.AdmissionDecisionNumber].ShouldBe("12");
        read.Cells[ImportColumns.AdmissionDate].ShouldBe("2015-03-02");
    }

    [Fact]
    public void a_sheet_expanding_to_hundreds_of_megabytes_is_refused_by_its_size_before_it_is_read()
    {
        var bomb = Workbook.Build(w =>
        {
            w.Write(SheetStart);
            w.Write(Header);
            WriteRepeated(w, "<row><c><v>1</v></c></row>", 300L * 1024 * 1024);
            w.Write(SheetEnd);
        });
        bomb.Length.ShouldBeLessThan(2 * 1024 * 1024, "the bomb is small on the wire");

        var (file, allocated) = Measure(() => RollReader.Read(bomb));

        file.Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.XlsxTooLarge");
        allocated.ShouldBeLessThan(16L * 1024 * 1024);
    }

    [Fact]
    public void a_sheet_whose_size_header_lies_is_refused_by_the_bytes_actually_read()
    {
        var bomb = Workbook.Build(w =>
        {
            w.Write(SheetStart);
            w.Write(Header);
            // Whitespace: no row, no cell, nothing but bytes to decompress.
            WriteRepeated(w, new string(' ', 1024), 300L * 1024 * 1024);
            w.Write(SheetEnd);
        });
        var lying = Workbook.WithDeclaredSize(bomb, Workbook.SheetPath, 4096);

        var (file, allocated) = Measure(() => RollReader.Read(lying));

        file.Errors.ShouldHaveSingleItem().Code.ShouldBeOneOf("Import.XlsxTooLarge", "Import.UnreadableXlsx");
        allocated.ShouldBeLessThan(16L * 1024 * 1024);
    }

    [Fact]
    public void a_size_header_that_lies_lets_no_more_bytes_through_than_the_limit()
    {
        var bomb = Workbook.Build(w =>
        {
            w.Write(SheetStart);
            WriteRepeated(w, new string(' ', 1024), 8L * 1024 * 1024);
            w.Write(SheetEnd);
        });
        var lying = Workbook.WithDeclaredSize(bomb, Workbook.SheetPath, 100);
        var limits = XlsxLimits.Default with { MaxSheetBytes = 1024 * 1024 };

        // .NET stops inflating at the declared size (the sheet then ends early and is unreadable); the
        // reader counts the bytes itself as well, so neither a lie nor a change in .NET lets more through.
        var refused = Should.Throw<Exception>(() => XlsxSheetReader.Read(lying, limits).ToList());

        refused.ShouldSatisfyAllConditions(
            () => (refused is XlsxRefusedException { Code: "Import.XlsxTooLarge" } or InvalidDataException or System.Xml.XmlException).ShouldBeTrue(refused.ToString()));
    }

    [Theory]
    [InlineData("A1:XFD1048576", "Import.XlsxTooManyColumns")]
    [InlineData("A1:F1048576", "Import.TooManyRows")]
    [InlineData("A1:XFD1", "Import.XlsxTooManyColumns")]
    public void a_sheet_declaring_a_huge_dimension_is_refused_before_its_rows_are_read(string dimension, string code)
    {
        var sheet = Workbook.Build(w =>
        {
            w.Write(SheetStart.Replace("<sheetData>", $"<dimension ref=\"{dimension}\"/><sheetData>", StringComparison.Ordinal));
            w.Write(Header);
            w.Write(Person(2));
            w.Write(SheetEnd);
        }, SharedStrings(Strings));

        var (file, allocated) = Measure(() => RollReader.Read(sheet));

        file.Errors.ShouldHaveSingleItem().Code.ShouldBe(code);
        allocated.ShouldBeLessThan(4L * 1024 * 1024);
    }

    [Fact]
    public void a_cell_beyond_the_last_allowed_column_is_refused()
    {
        var cells = string.Concat(Enumerable.Range(0, XlsxLimits.Default.MaxColumns + 1).Select(i => $"<c t=\"inlineStr\"><is><t>x{i}</t></is></c>"));

        var file = RollReader.Read(Workbook.Build(Sheet(Header + $"<row r=\"2\">{cells}</row>")));

        file.Errors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.Code.ShouldBe("Import.XlsxTooManyColumns"),
            e => e.Arguments.ShouldBe([XlsxLimits.Default.MaxColumns]));
    }

    [Fact]
    public void a_sheet_of_millions_of_rows_is_refused_at_the_row_limit_without_holding_them()
    {
        var rows = Workbook.Build(w =>
        {
            w.Write(SheetStart);
            w.Write(Header);
            for (var r = 2; r < 400_000; r++)
            {
                w.Write(Person(r));
            }

            w.Write(SheetEnd);
        }, SharedStrings(Strings));
        rows.Length.ShouldBeLessThan((int)RollSchema.MemberImport.MaxBytes);

        var (file, allocated) = Measure(() => RollReader.Read(rows));

        file.Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.TooManyRows");
        // Stopping at 100,001 rows: the rows read so far are held, the 300,000 after them are never read.
        allocated.ShouldBeLessThan(600L * 1024 * 1024);
    }

    [Fact]
    public void exactly_100000_spreadsheet_rows_are_read()
    {
        var rows = Workbook.Build(w =>
        {
            w.Write(SheetStart);
            w.Write(Header);
            for (var r = 2; r <= RollSchema.MemberImport.MaxRows + 1; r++)
            {
                w.Write(Person(r));
            }

            w.Write(SheetEnd);
        }, SharedStrings(Strings));

        var (file, _) = Measure(() => RollReader.Read(rows));

        file.Errors.ShouldBeEmpty();
        file.Rows.Count.ShouldBe(RollSchema.MemberImport.MaxRows);
    }

    [Fact]
    public void a_huge_shared_strings_part_is_refused_by_its_size()
    {
        var bomb = Workbook.Build(Sheet(Header + Person(2)), w =>
        {
            w.Write("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
            w.Write(Strings);
            WriteRepeated(w, "<si><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></si>", 300L * 1024 * 1024);
            w.Write("</sst>");
        });
        var lying = Workbook.WithDeclaredSize(bomb, Workbook.SharedStringsPath, 4096);

        RollReader.Read(bomb).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.XlsxTooLarge");
        foreach (var workbook in new[] { bomb, lying })
        {
            var (file, allocated) = Measure(() => RollReader.Read(workbook));

            file.Errors.ShouldHaveSingleItem().Code.ShouldBeOneOf("Import.XlsxTooLarge", "Import.UnreadableXlsx");
            allocated.ShouldBeLessThan(300L * 1024 * 1024, "the strings kept are bounded by the part's limit");
        }
    }

    [Fact]
    public void a_cell_longer_than_excel_allows_is_refused()
    {
        var file = RollReader.Read(Workbook.Build(Sheet(Header + $"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>{new string('A', 40_000)}</t></is></c></row>")));

        file.Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.XlsxCellTooLong");
    }

    public static TheoryData<string> OddPackages => ["duplicate sheet", "nested zip", "relation outside the package", "many parts", "document type"];

    [Fact]
    public void the_roll_starts_at_the_first_visible_sheet_with_a_value_and_a_sheet_with_other_headers_is_left_out()
    {
        // A template's hidden lists first, then an empty "Sheet1", then the roll, then another sheet.
        var bytes = Sheets(
            ("DanhMuc", "hidden", Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Nam</t></is></c></row>")),
            ("Sheet1", null, Sheet(string.Empty)),
            ("Chi bo 1", null, Sheet(Header + Person(2))),
            ("Tổng hợp", null, Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Khác</t></is></c></row>")));

        var file = RollReader.Read(bytes);

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => e.Code)));
        file.Rows.ShouldHaveSingleItem().Cells[ImportColumns.FullName].ShouldBe("Nguyễn Văn Hùng");
        // The summary sheet is not the roll's: left out, and the page says which and why.
        file.Notices.ShouldContain(RollReader.SheetsPartlyRead);
        file.Sheets.Select(s => (s.Name, s.Read, s.LeftOut)).ShouldBe([("Chi bo 1", true, null), ("Tổng hợp", false, RollSheet.OtherHeaders)]);
    }

    [Fact]
    public void a_workbook_with_a_sheet_per_cell_is_read_as_one_roll_each_sheets_title_headers_and_footer_left_out()
    {
        static string Cell(string name, params (string Name, string Born)[] people) =>
            Row(1, "ĐẢNG BỘ PHƯỜNG BA ĐÌNH") + Row(2, $"DANH SÁCH ĐẢNG VIÊN {name.ToUpperInvariant()}")
            + Row(4, "STT", "Họ và tên", "Ngày sinh") + Row(5, "1", "2", "3")
            + string.Concat(people.Select((p, i) => Row(6 + i, (i + 1).ToString(CultureInfo.InvariantCulture), p.Name, p.Born)))
            + Row(6 + people.Length, "Tổng số: " + people.Length.ToString(CultureInfo.InvariantCulture)) + Row(8 + people.Length, "T/M CHI BỘ");
        var bytes = Sheets(
            ("Chi bộ 1", null, Sheet(Cell("Chi bộ 1", ("Nguyễn Văn An", "01/02/1980"), ("Trần Thị Bình", "03/04/1985")))),
            ("Trống", null, Sheet(string.Empty)),
            ("Danh mục", "hidden", Sheet(Row(1, "STT", "Họ và tên", "Ngày sinh") + Row(2, "1", "Không Phải Đảng Viên", "01/01/1990"))),
            ("Chi bộ 2", null, Sheet(Cell("Chi bộ 2", ("Lê Văn Cường", "05/06/1990")))));

        var file = RollReader.Read(bytes, schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => e.Code)));
        file.Rows.Select(r => r.Cells[ImportColumns.FullName]).ShouldBe(["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]);
        // Numbered on from the first sheet's last row (10): the second sheet's row 6 is row 16 of the roll.
        file.Rows.Select(r => r.RowNumber).ShouldBe([6, 7, 16]);
        file.Notices.ShouldContain(RollReader.SheetsReadAsOne);
        file.Notices.ShouldNotContain(RollReader.OtherSheetsNotRead);
        file.Sheets.Select(s => (s.Name, s.Offset, s.LastNumber, s.Read)).ShouldBe([("Chi bộ 1", 0, 10, true), ("Chi bộ 2", 10, 19, true)]);
        file.Sheets[1].RowOf(16).ShouldBe(6);
        file.Skipped.Select(s => (s.Kind, s.FirstRow, s.LastRow)).ShouldBe(
        [
            (RollSkip.Title, 1, 2), (RollSkip.ColumnNumbers, 5, 5), (RollSkip.Footer, 8, 10),
            (RollSkip.SheetHeader, 11, 14), (RollSkip.ColumnNumbers, 15, 15), (RollSkip.Footer, 17, 19),
        ]);
    }

    [Fact]
    public void a_sheet_typed_in_vn3_after_a_unicode_sheet_is_converted_and_read_with_it()
    {
        // The first sheet holds more members than the rows a font is decided on.
        var members = LegacyFonts.SampleRows + 5;
        var first = string.Concat(Enumerable.Range(1, members).Select(i => Row(i + 1, i.ToString(CultureInfo.InvariantCulture), "Nguyễn Văn An", "01/02/1980")));
        var bytes = Sheets(
            ("Chi bộ 1", null, Sheet(Row(1, "STT", "Họ và tên", "Ngày sinh") + first)),
            ("Chi bộ 2", null, Sheet(Row(1, "STT", "Hä vµ tªn", "Ngµy sinh") + Row(2, "1", "NguyÔn V¨n Hïng", "15/06/1985") + Row(3, "2", "TrÇn ThÞ Lan", "01/02/1990"))));

        var file = RollReader.Read(bytes, schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => e.Code)));
        file.Rows.Count.ShouldBe(members + 2);
        file.Rows.Skip(members).Select(r => r.Cells[ImportColumns.FullName]).ShouldBe(["Nguyễn Văn Hùng", "Trần Thị Lan"]);
        file.Sheets.Select(s => (s.Name, s.Read)).ShouldBe([("Chi bộ 1", true), ("Chi bộ 2", true)]);
        file.Notices.ShouldContain(Tcvn3.ReadAsTcvn3);
        file.Notices.ShouldContain(RollReader.SheetsReadAsOne);
    }

    [Fact]
    public void a_damaged_later_sheet_is_left_out_and_said_and_the_rows_of_all_sheets_count_against_the_limit()
    {
        var damaged = Sheets(
            ("Chi bo 1", null, Sheet(Header + Person(2))),
            ("Sheet2", null, Sheet(string.Empty)),
            ("Lỗi", null, Sheet("<row r=\"9\"/><row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>x</t></is></c></row>")));

        var file = RollReader.Read(damaged);

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => e.Code)));
        file.Rows.ShouldHaveSingleItem();
        file.Sheets.Select(s => (s.Name, s.LeftOut)).ShouldBe([("Chi bo 1", null), ("Lỗi", RollSheet.Unreadable)]);
        file.Notices.ShouldContain(RollReader.SheetsPartlyRead);

        // One sheet alone says nothing of sheets; two of two rows each are four rows against a limit of three.
        RollReader.Read(Sheets(("Chi bo 1", null, Sheet(Header + Person(2))), ("Sheet2", null, Sheet(string.Empty)))).Sheets.ShouldBeEmpty();
        var twoSheets = Sheets(("A", null, Sheet(Header + Person(2) + Person(3))), ("B", null, Sheet(Header + Person(2) + Person(3))));
        RollReader.Read(twoSheets).Rows.Count.ShouldBe(4);
        RollReader.Read(twoSheets, schema: RollSchema.MemberImport with { MaxRows = 3 }).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.TooManyRows");
    }

    [Fact]
    public void a_short_summary_sheet_before_the_cells_sheets_is_left_out_and_the_roll_starts_after_it()
    {
        var bytes = Sheets(
            ("Tổng hợp", null, Sheet(Row(1, "Chi bộ", "Số đảng viên") + Row(2, "Chi bộ 1", "1") + Row(3, "Chi bộ 2", "1"))),
            ("Chi bộ 1", null, Sheet(Row(1, "Họ và tên", "Ngày sinh") + Row(2, "Nguyễn Văn An", "01/02/1980"))),
            ("Chi bộ 2", null, Sheet(Row(1, "Họ và tên", "Ngày sinh") + Row(2, "Lê Văn Cường", "05/06/1990"))));

        var file = RollReader.Read(bytes, schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => e.Code)));
        file.Rows.Select(r => (r.RowNumber, r.Cells[ImportColumns.FullName])).ShouldBe([(5, "Nguyễn Văn An"), (7, "Lê Văn Cường")]);
        file.Notices.ShouldContain(RollReader.SheetsPartlyRead);
        file.Sheets.Select(s => (s.Name, s.LeftOut)).ShouldBe([("Tổng hợp", RollSheet.NoRollColumns), ("Chi bộ 1", null), ("Chi bộ 2", null)]);
        // The headers are named where staff find them: on their sheet, in its own row.
        file.Headers.Select(h => h.Cell).ShouldBe(["'Chi bộ 1'!A1", "'Chi bộ 1'!B1"]);
        // With the columns staff mapped (the summary's would fit them), the same sheets are read: the page and its form agree.
        RollReader.Read(bytes, RollColumnMap.Of((0, ImportColumns.FullName), (1, ImportColumns.DateOfBirth)), RollSchema.Reconciliation)
            .Rows.Select(r => r.Cells[ImportColumns.FullName]).ShouldBe(["Nguyễn Văn An", "Lê Văn Cường"]);
    }

    [Fact]
    public void a_file_whose_sheets_name_no_roll_columns_is_refused_with_every_sheet_listed_and_one_may_then_be_chosen()
    {
        var bytes = Sheets(
            ("Tổng hợp", null, Sheet(Row(1, "Chi bộ", "Số đảng viên") + Row(2, "Chi bộ 1", "1"))),
            ("DS", null, Sheet(Row(1, "Tên ĐV", "NS") + Row(2, "Nguyễn Văn An", "01/02/1980"))));

        var file = RollReader.Read(bytes, schema: RollSchema.Reconciliation);

        file.Errors.ShouldNotBeEmpty();
        file.Notices.ShouldNotContain(RollReader.SheetsReadAsOne);
        file.Sheets.Select(s => (s.Name, s.LeftOut)).ShouldBe([("Tổng hợp", RollSheet.NotReached), ("DS", RollSheet.NotReached)]);
        var chosen = RollReader.Read(bytes, RollColumnMap.Of((0, ImportColumns.FullName), (1, ImportColumns.DateOfBirth)), RollSchema.Reconciliation, onlySheet: 1);
        chosen.Errors.ShouldBeEmpty(string.Join("; ", chosen.Errors.Select(e => e.Code)));
        chosen.Rows.ShouldHaveSingleItem().Cells[ImportColumns.FullName].ShouldBe("Nguyễn Văn An");
    }

    [Fact]
    public void a_first_sheet_of_only_spaces_is_passed_over_as_an_empty_one()
    {
        var bytes = Sheets(("Sheet1", null, Sheet(Row(1, "   "))), ("Chi bộ 1", null, Sheet(Row(1, "Họ và tên", "Ngày sinh") + Row(2, "Nguyễn Văn An", "01/02/1980"))));

        var file = RollReader.Read(bytes, schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => e.Code)));
        file.Rows.ShouldHaveSingleItem().RowNumber.ShouldBe(2);
        file.Sheets.ShouldBeEmpty();
    }

    [Fact]
    public void a_later_sheet_past_a_sheets_limits_is_left_out_and_formatted_empty_rows_do_not_move_the_numbers()
    {
        // The first sheet has no member yet, only its headers, and borders down to row 200.
        var bytes = Sheets(
            ("Chi bộ 1", null, Sheet(Row(1, "Họ và tên", "Ngày sinh") + "<row r=\"200\"><c r=\"A200\" s=\"1\"/></row>")),
            ("Rộng", null, Sheet(Row(1, "Họ và tên", "Ngày sinh") + "<row r=\"2\"><c r=\"EZ2\" t=\"inlineStr\"><is><t>x</t></is></c></row>")),
            ("Chi bộ 2", null, Sheet(Row(1, "Họ và tên", "Ngày sinh") + Row(2, "Lê Văn Cường", "05/06/1990", "ghi chú"))));

        var file = RollReader.Read(bytes, schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => e.Code)));
        file.Rows.ShouldHaveSingleItem().RowNumber.ShouldBe(3);
        file.Sheets.Select(s => (s.Name, s.Offset, s.LastNumber, s.LeftOut)).ShouldBe([("Chi bộ 1", 0, 1, null), ("Rộng", 1, 1, RollSheet.PastLimit), ("Chi bộ 2", 1, 3, null)]);

        // A value under no header on a later sheet is named with its sheet and its own row, as Excel names it.
        var import = RollReader.Read(bytes, schema: RollSchema.MemberImport with { Required = [ImportColumns.FullName] });
        import.Errors.ShouldContain(e => e.Code == "Import.ValueWithoutHeader" && (string)e.Arguments[0] == "'Chi bộ 2'!C2");
    }

    [Fact]
    public void one_sheet_chosen_is_read_alone_numbered_as_on_the_sheet_and_a_sheet_the_file_has_not_is_refused()
    {
        var bytes = Sheets(
            ("Chi bộ 1", null, Sheet(Row(1, "Họ và tên", "Ngày sinh") + Row(2, "Nguyễn Văn An", "01/02/1980") + Row(3, "Trần Thị Bình", "03/04/1985"))),
            ("Chi bộ 2", null, Sheet(Row(1, "DANH SÁCH") + Row(2, "Họ và tên", "Ngày sinh") + Row(3, "Lê Văn Cường", "05/06/1990"))),
            ("Chi bộ 2", null, Sheet(Row(1, "Họ và tên", "Ngày sinh") + Row(2, "Bản Sao", "05/06/1990"))));

        var file = RollReader.Read(bytes, schema: RollSchema.Reconciliation, onlySheet: 1);

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => e.Code)));
        // Chosen by its place: a crafted workbook naming two sheets alike gives the one chosen, not both.
        file.Rows.Select(r => (r.RowNumber, r.Cells[ImportColumns.FullName])).ShouldBe([(3, "Lê Văn Cường")]);
        RollReader.Read(bytes, schema: RollSchema.Reconciliation, onlySheet: 2).Rows.Select(r => (r.RowNumber, r.Cells[ImportColumns.FullName])).ShouldBe([(2, "Bản Sao")]);
        file.Skipped.Select(s => (s.Kind, s.FirstRow)).ShouldBe([(RollSkip.Title, 1)]);
        file.Notices.ShouldContain(RollReader.SheetChosen);
        file.Sheets.Select(s => (s.Name, s.LeftOut)).ShouldBe([("Chi bộ 1", RollSheet.NotChosen), ("Chi bộ 2", null), ("Chi bộ 2", RollSheet.NotChosen)]);
        file.Sheets[1].LastNumber.ShouldBe(3);

        var stale = RollReader.Read(bytes, schema: RollSchema.Reconciliation, onlySheet: 9);
        stale.Rows.ShouldBeEmpty();
        stale.Errors.ShouldHaveSingleItem().Code.ShouldBe(RollReader.SheetNotFound);
    }

    [Fact]
    public void every_sheet_together_expands_to_no_more_than_one_sheet_may()
    {
        var padding = "<row r=\"50\"><c r=\"A50\" t=\"inlineStr\"><is><t>" + new string(' ', 4_000) + "x</t></is></c></row>";
        var bytes = Sheets(("A", null, Sheet(Header + Person(2) + padding)), ("B", null, Sheet(Header + Person(2) + padding)), ("C", null, Sheet(Header + Person(2) + padding)));
        var limits = XlsxLimits.Default with { MaxSheetBytes = 10_000 };

        // Each sheet fits the limit alone; read one after another, the third passes it.
        XlsxSheetReader.Read(bytes, limits).Count().ShouldBeGreaterThan(0);
        Should.Throw<XlsxRefusedException>(() => XlsxSheetReader.Read(bytes, limits, everySheet: []).ToList()).Code.ShouldBe("Import.XlsxTooLarge");
    }

    /// <summary>A row of inline text cells from column A, spaces kept; an empty text is no cell.</summary>
    private static string Row(int r, params string[] texts) =>
        $"<row r=\"{r}\">" + string.Concat(texts.Select((t, i) => t.Length == 0 ? string.Empty : $"<c r=\"{(char)('A' + i)}{r}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{t}</t></is></c>")) + "</row>";

    /// <summary>A package of several sheets (name, state, content) sharing <see cref="Strings"/>.</summary>
    private static byte[] Sheets(params (string Name, string? State, Action<TextWriter> Content)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            var list = string.Concat(sheets.Select((sheet, i) =>
                $"<sheet name=\"{sheet.Name}\" sheetId=\"{i + 1}\"{(sheet.State is null ? string.Empty : $" state=\"{sheet.State}\"")} r:id=\"rId{i + 10}\"/>"));
            var relations = string.Concat(sheets.Select((_, i) =>
                $"<Relationship Id=\"rId{i + 10}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i + 1}.xml\"/>"));
            Write(zip, "xl/workbook.xml", $"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>{list}</sheets></workbook>");
            Write(zip, "xl/_rels/workbook.xml.rels", $"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{relations}<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>");
            for (var i = 0; i < sheets.Length; i++)
            {
                using var writer = new StreamWriter(zip.CreateEntry($"xl/worksheets/sheet{i + 1}.xml").Open());
                sheets[i].Content(writer);
            }

            using (var writer = new StreamWriter(zip.CreateEntry(Workbook.SharedStringsPath).Open()))
            {
                SharedStrings(Strings)(writer);
            }
        }

        return stream.ToArray();
    }

    [Theory]
    [MemberData(nameof(OddPackages))]
    public void an_odd_package_is_refused_as_unreadable(string odd)
    {
        var bytes = odd switch
        {
            "duplicate sheet" => Workbook.Build(Sheet(Header + Person(2)), SharedStrings(Strings), zip => Write(zip, Workbook.SheetPath, SheetStart + Header + SheetEnd)),
            "nested zip" => Workbook.Build(w => w.Write(Encoding.Latin1.GetString(Workbook.Build(Sheet(Header))))),
            "relation outside the package" => Workbook.Build(Sheet(Header), target: "../../../../etc/passwd"),
            "many parts" => Workbook.Build(Sheet(Header + Person(2)), SharedStrings(Strings), zip =>
            {
                for (var i = 0; i < 20_000; i++)
                {
                    zip.CreateEntry($"xl/media/image{i}.png", CompressionLevel.NoCompression);
                }
            }),
            "document type" => Workbook.Build(w => w.Write("<!DOCTYPE lol [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>" + SheetStart + "<row><c t=\"inlineStr\"><is><t>&lol2;</t></is></c></row>" + SheetEnd)),
            _ => throw new ArgumentOutOfRangeException(nameof(odd)),
        };

        RollReader.Read(bytes).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.UnreadableXlsx");
    }

    private const string SheetStart = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";

    private const string SheetEnd = "</sheetData></worksheet>";

    private static Action<TextWriter> Sheet(string rows) => w => w.Write(SheetStart + rows + SheetEnd);

    private static Action<TextWriter> SharedStrings(string items) =>
        w => w.Write($"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">{items}</sst>");

    private static void Write(ZipArchive zip, string path, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(path).Open());
        writer.Write(text);
    }

    private static void WriteRepeated(TextWriter writer, string text, long bytes)
    {
        for (long written = 0; written < bytes; written += text.Length)
        {
            writer.Write(text);
        }
    }

    /// <summary>The result and the bytes this thread allocated to get it: an upper bound of the memory the read held at any time.</summary>
    private (T Result, long Allocated) Measure<T>(Func<T> read, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = read();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{test}: {allocated / (1024.0 * 1024):F1} MB allocated in {started.ElapsedMilliseconds} ms");
        return (result, allocated);
    }

    /// <summary>The smallest package Excel and this reader accept, written part by part so a test can make one part enormous.</summary>
    internal static class Workbook
    {
        public const string SheetPath = "xl/worksheets/sheet1.xml";

        public const string SharedStringsPath = "xl/sharedStrings.xml";

        private const string StylesRelationship = "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>";

        private const string StringsRelationship = "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>";

        public static byte[] Build(Action<TextWriter> sheet, Action<TextWriter>? sharedStrings = null, Action<ZipArchive>? extra = null, string target = "worksheets/sheet1.xml", string? styles = null)
        {
            using var stream = new MemoryStream();
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            {
                Write(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
                Write(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
                Write(zip, "xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""");
                Write(zip, "xl/_rels/workbook.xml.rels", $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{target}"/>{(sharedStrings is null ? string.Empty : StringsRelationship)}{(styles is null ? string.Empty : StylesRelationship)}</Relationships>""");
                if (styles is not null)
                {
                    Write(zip, "xl/styles.xml", styles);
                }

                using (var writer = new StreamWriter(zip.CreateEntry(SheetPath, CompressionLevel.Optimal).Open(), new UTF8Encoding(false), 1 << 16))
                {
                    sheet(writer);
                }

                if (sharedStrings is not null)
                {
                    using var writer = new StreamWriter(zip.CreateEntry(SharedStringsPath, CompressionLevel.Optimal).Open(), new UTF8Encoding(false), 1 << 16);
                    sharedStrings(writer);
                }

                extra?.Invoke(zip);
            }

            return stream.ToArray();
        }

        /// <summary>The package with <paramref name="path"/>'s uncompressed size rewritten in both its local header and the central directory.</summary>
        public static byte[] WithDeclaredSize(byte[] package, string path, uint size)
        {
            var bytes = (byte[])package.Clone();
            var name = Encoding.UTF8.GetBytes(path);
            for (var i = 0; i + 46 < bytes.Length; i++)
            {
                var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
                if (signature == 0x04034b50 && bytes.AsSpan(i + 30, name.Length).SequenceEqual(name)
                    && BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i + 26)) == name.Length)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 22), size);
                }
                else if (signature == 0x02014b50 && i + 46 + name.Length <= bytes.Length && bytes.AsSpan(i + 46, name.Length).SequenceEqual(name)
                    && BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i + 28)) == name.Length)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), size);
                }
            }

            return bytes;
        }
    }
}
