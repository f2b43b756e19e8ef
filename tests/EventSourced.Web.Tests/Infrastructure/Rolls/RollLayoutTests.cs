using EventSourced.Web.Infrastructure.Rolls;
using static EventSourced.Web.Tests.Infrastructure.Rolls.RollSamples;
using C = EventSourced.Domain.Members.ImportColumns;

namespace EventSourced.Web.Tests.Infrastructure.Rolls;

/// <summary>
/// A roll as a cell prints it for its meeting: a title block above the header, a row numbering the
/// columns, section headings between members and a footer with the total and the signatures. Those rows
/// are left out and listed; a member's row, even a broken one, never is (decision 0045).
/// </summary>
public sealed class RollLayoutTests
{
    /// <summary>A cell's roll with everything a printed roll has around its members.</summary>
    public const string PrintedRoll =
        "ĐẢNG BỘ PHƯỜNG PHÚC XÁ,,,ĐẢNG CỘNG SẢN VIỆT NAM\n"
        + "CHI BỘ KHU DÂN CƯ SỐ 3,,,\"Phúc Xá, ngày 30 tháng 11 năm 2026\"\n"
        + "\n"
        + ",DANH SÁCH ĐẢNG VIÊN,,\n"
        + ",(Tính đến ngày 30/11/2026),,\n"
        + "STT,Họ và tên,Ngày sinh,Giới tính,Số CCCD\n"
        + "(1),(2),(3),(4),(5)\n"
        + "I. ĐẢNG VIÊN CHÍNH THỨC,,,,\n"
        + "1,Nguyễn Văn Hùng,15/06/1985,Nam,001085012345\n"
        + "2,Trần Thị Lan,02/09/1990,Nữ,001190054321\n"
        + "II. ĐẢNG VIÊN DỰ BỊ,,,,\n"
        + "3,Tô Văn Bình,1998,Nam,\n"
        + ",,,,\n"
        + ",Tổng số: 3 đảng viên (2 chính thức; 1 dự bị),,,\n"
        + ",,,\"Phúc Xá, ngày 30 tháng 11 năm 2026\"\n"
        + ",Người lập danh sách,,T/M CHI BỘ\n"
        + ",,,BÍ THƯ\n"
        + ",(Ký, ghi rõ họ tên),,(Ký, ghi rõ họ tên)\n"
        + ",Lê Thị Hoa,,Phạm Văn Minh\n";

    [Theory]
    [InlineData("1", "2", "3", "4")]
    [InlineData("(1)", "(2)", "(3)")]
    [InlineData("A", "B", "1", "2", "3")]
    [InlineData(null, "1", "2", null, "3")]
    public void a_row_of_rising_column_numbers_numbers_the_columns(params string?[] cells) =>
        RollLayout.IsColumnNumbers(cells).ShouldBeTrue();

    [Theory]
    [InlineData("1", "Nguyễn Văn Hùng", "15/06/1985")]
    [InlineData("3", "2", "1")]
    [InlineData("1", null, null)]
    [InlineData("A", "B")]
    [InlineData("12", "1990", "5")]
    public void a_members_row_or_a_single_number_does_not(params string?[] cells) =>
        RollLayout.IsColumnNumbers(cells).ShouldBeFalse();

    [Theory]
    [InlineData("I. ĐẢNG VIÊN CHÍNH THỨC")]
    [InlineData("II) Đảng viên dự bị")]
    [InlineData("B - Đảng viên được miễn sinh hoạt")]
    [InlineData("2. Tổ đảng số 2")]
    [InlineData("Chi bộ Khu phố 3")]
    [InlineData("ĐẢNG VIÊN DỰ BỊ")]
    public void a_heading_alone_on_its_row_is_a_section(string heading) =>
        RollLayout.IsSection([null, heading, null, null]).ShouldBeTrue();

    [Theory]
    [InlineData("Nguyễn Văn Hùng")]
    [InlineData("NGUYỄN VĂN HÙNG")]
    [InlineData("Tô Văn Bình")]
    [InlineData("A Lăng Thị Hoa")]
    [InlineData("15-06-1985")]
    [InlineData("12. 06. 1985")]
    public void a_name_or_a_date_alone_on_its_row_is_not(string text) =>
        RollLayout.IsSection([null, text, null]).ShouldBeFalse();

    [Fact]
    public void a_heading_beside_another_value_is_not_a_section() =>
        RollLayout.IsSection(["I. ĐẢNG VIÊN CHÍNH THỨC", "15/06/1985"]).ShouldBeFalse();

    [Theory]
    [InlineData("Tổng số: 25 đảng viên")]
    [InlineData("TỔNG CỘNG")]
    [InlineData("Cộng: 25")]
    [InlineData("Người lập danh sách")]
    [InlineData("NGƯỜI LẬP BIỂU")]
    [InlineData("T/M CHI BỘ")]
    [InlineData("TM. CHI ỦY")]
    [InlineData("Bí thư")]
    [InlineData("BÍ THƯ CHI BỘ")]
    [InlineData("Xác nhận của Đảng ủy phường")]
    [InlineData("Ghi chú: đảng viên chuyển đến trong tháng")]
    [InlineData("(Ký, ghi rõ họ tên)")]
    [InlineData("Phúc Xá, ngày 30 tháng 11 năm 2026")]
    [InlineData("Hà Nội, ngày ... tháng ... năm 2026")]
    [InlineData("ngày 5 tháng 1 năm 2027")]
    public void what_a_roll_ends_with_starts_its_footer(string text) =>
        RollLayout.IsFooterStart([null, text, null]).ShouldBeTrue();

    [Theory]
    [InlineData("Nguyễn Văn Hùng")]
    [InlineData("Bì Thu Hà")]
    [InlineData("Tống Văn Sơn")]
    [InlineData("Công Thị Hạnh")]
    [InlineData("26")]
    public void a_member_or_a_row_number_does_not(string text) =>
        RollLayout.IsFooterStart([text, "15/06/1985"]).ShouldBeFalse();

    [Fact]
    public void a_printed_roll_gives_its_members_and_lists_every_row_left_out()
    {
        var file = RollReader.Read(Utf8(PrintedRoll), schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => $"{e.RowNumber} {e.Column} {e.Code}")));
        file.Rows.Select(r => (r.RowNumber, r.Cells[C.FullName], r.Cells[C.DateOfBirth])).ShouldBe(
        [
            (9, "Nguyễn Văn Hùng", "15/06/1985"),
            (10, "Trần Thị Lan", "02/09/1990"),
            (12, "Tô Văn Bình", "1998"),
        ]);
        file.Headers.Select(h => h.Cell).ShouldBe(["A6", "B6", "C6", "D6", "E6"]);
        file.Skipped.Select(s => (s.Kind, s.FirstRow, s.LastRow)).ShouldBe(
        [
            (RollSkip.Title, 1, 5),
            (RollSkip.ColumnNumbers, 7, 7),
            (RollSkip.Section, 8, 8),
            (RollSkip.Section, 11, 11),
            (RollSkip.Footer, 14, 19),
        ]);
        file.Skipped[0].Text.ShouldBe("ĐẢNG BỘ PHƯỜNG PHÚC XÁ");
        file.Skipped[2].Text.ShouldBe("I. ĐẢNG VIÊN CHÍNH THỨC");
        file.Skipped[4].Text.ShouldBe("Tổng số: 3 đảng viên (2 chính thức; 1 dự bị)");
    }

    [Fact]
    public void a_printed_spreadsheet_is_read_the_same_way()
    {
        static string Text(string cell, string text) => $"<c r=\"{cell}\" t=\"inlineStr\"><is><t>{text}</t></is></c>";
        var sheet = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
            + $"<row r=\"1\">{Text("A1", "CHI BỘ KHU DÂN CƯ SỐ 3")}{Text("D1", "ĐẢNG CỘNG SẢN VIỆT NAM")}</row>"
            + $"<row r=\"3\">{Text("A3", "DANH SÁCH ĐẢNG VIÊN")}</row>"
            + $"<row r=\"5\">{Text("A5", "TT")}{Text("B5", "Họ và tên")}{Text("C5", "Ngày sinh")}{Text("D5", "Số CCCD")}</row>"
            + "<row r=\"6\"><c r=\"A6\"><v>1</v></c><c r=\"B6\"><v>2</v></c><c r=\"C6\"><v>3</v></c><c r=\"D6\"><v>4</v></c></row>"
            + $"<row r=\"7\"><c r=\"A7\"><v>1</v></c>{Text("B7", "Nguyễn Văn Hùng")}<c r=\"C7\"><v>31213</v></c>{Text("D7", "001085012345")}</row>"
            + $"<row r=\"9\">{Text("B9", "Tổng số: 1 đảng viên")}</row>"
            + $"<row r=\"10\">{Text("D10", "BÍ THƯ")}</row>"
            + "</sheetData></worksheet>";

        var file = RollReader.Read(XlsxSheetReaderTests.Workbook.Build(w => w.Write(sheet)), schema: RollSchema.Reconciliation);

        var row = SingleRow(file);
        row.RowNumber.ShouldBe(7);
        row.Cells[C.CitizenId].ShouldBe("001085012345");
        file.Skipped.Select(s => (s.Kind, s.FirstRow, s.LastRow)).ShouldBe([(RollSkip.Title, 1, 3), (RollSkip.ColumnNumbers, 6, 6), (RollSkip.Footer, 9, 10)]);
    }

    [Fact]
    public void a_line_like_a_footer_followed_by_a_member_was_a_subtotal_and_every_row_after_it_is_read()
    {
        var text = "Họ và tên,Ngày sinh\n"
            + "Nguyễn Văn Hùng,15/06/1985\n"
            + "Tổng số: 1\n"
            + "Lê Văn Nam,\n"
            + "Trần Thị Lan,02/09/1990\n";

        var file = RollReader.Read(Utf8(text), schema: RollSchema.Reconciliation);

        // The name without a date is a member's row to fix, not part of a footer that never was.
        file.Rows.Select(r => r.RowNumber).ShouldBe([2, 4, 5]);
        file.Skipped.Select(s => (s.Kind, s.FirstRow)).ShouldBe([(RollSkip.Section, 3)]);
    }

    [Fact]
    public void a_subtotal_and_a_heading_between_two_groups_are_left_out_as_the_groups_go_on()
    {
        var text = "Họ và tên,Ngày sinh\n"
            + "I. Đảng viên chính thức,\n"
            + "Nguyễn Văn Hùng,15/06/1985\n"
            + "Cộng: 1,\n"
            + "II. Đảng viên dự bị,\n"
            + "Trần Thị Lan,02/09/1990\n"
            + "Cộng: 1,\n"
            + "Tổng số: 2,\n";

        var file = RollReader.Read(Utf8(text), schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty();
        file.Rows.Select(r => r.RowNumber).ShouldBe([3, 6]);
        file.Skipped.Select(s => (s.Kind, s.FirstRow, s.LastRow)).ShouldBe(
            [(RollSkip.Section, 2, 2), (RollSkip.Section, 4, 4), (RollSkip.Section, 5, 5), (RollSkip.Footer, 7, 8)]);
    }

    [Fact]
    public void a_printed_roll_with_no_member_is_said_to_have_no_rows_not_rows_without_dates()
    {
        var file = RollReader.Read(Utf8("DANH SÁCH ĐẢNG VIÊN,,\nHọ và tên,Ngày sinh,Giới tính\nTổng số: 0 đảng viên,,\n,,T/M CHI BỘ\n"), schema: RollSchema.Reconciliation);

        file.Rows.ShouldBeEmpty();
        file.Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.NoRows");
        file.Skipped.Select(s => (s.Kind, s.FirstRow, s.LastRow)).ShouldBe([(RollSkip.Title, 1, 1), (RollSkip.Footer, 3, 4)]);
    }

    [Fact]
    public void a_member_with_only_a_name_at_the_end_is_a_row_to_fix_not_a_footer()
    {
        var file = RollReader.Read(Utf8("Họ và tên,Ngày sinh\nNguyễn Văn Hùng,15/06/1985\nTrần Thị Lan,\n"), schema: RollSchema.Reconciliation);

        file.Rows.Select(r => r.RowNumber).ShouldBe([2, 3]);
        file.Skipped.ShouldBeEmpty();
    }

    [Fact]
    public void a_title_line_right_above_the_header_is_not_read_as_the_top_of_a_two_row_header()
    {
        var text = "CHI BỘ KHU DÂN CƯ SỐ 3,,\n"
            + "DANH SÁCH ĐẢNG VIÊN,,\n"
            + "Họ và tên,Ngày sinh,Giới tính\n"
            + "Nguyễn Văn Hùng,15/06/1985,Nam\n";

        var file = RollReader.Read(Utf8(text), schema: RollSchema.Reconciliation);

        SingleRow(file).RowNumber.ShouldBe(4);
        file.Notices.ShouldBeEmpty();
        file.Headers.Select(h => h.Text).ShouldBe(["Họ và tên", "Ngày sinh", "Giới tính"]);
        file.Skipped.ShouldHaveSingleItem().ShouldBe(new RollSkipped(RollSkip.Title, 1, 2, "CHI BỘ KHU DÂN CƯ SỐ 3"));
    }

    [Fact]
    public void a_roll_typed_into_the_page_is_read_as_a_plain_table_every_row_a_row()
    {
        var text = "Họ và tên,Ngày sinh\n"
            + "Nguyễn Văn Hùng,15/06/1985\n"
            + "I. Đảng viên dự bị,\n"
            + "Tổng số: 1,\n";

        var file = RollReader.Read(Utf8(text), schema: EventSourced.Web.Pages.Reconciliation.TypedModel.TypedSchema);

        file.Rows.Select(r => r.RowNumber).ShouldBe([2, 3, 4]);
        file.Skipped.ShouldBeEmpty();
    }

    [Fact]
    public void a_table_starting_on_its_first_row_reads_as_before()
    {
        var file = RollReader.Read(Utf8($"{Header}\n{Hung}\n"));

        SingleRow(file).RowNumber.ShouldBe(2);
        file.Skipped.ShouldBeEmpty();
    }

    [Fact]
    public void headers_nobody_recognises_under_a_title_are_taken_from_the_first_row_wider_than_a_title()
    {
        var text = "DANH SÁCH ĐẢNG VIÊN\n"
            + "Tên đảng viên,Sinh,Căn cứ,Ghi chú khác\n"
            + "Nguyễn Văn Hùng,15/06/1985,x,y\n";

        var file = RollReader.Read(Utf8(text), schema: RollSchema.Reconciliation);

        file.Headers.Select(h => h.Text).ShouldBe(["Tên đảng viên", "Sinh", "Căn cứ", "Ghi chú khác"]);
        file.Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.MissingColumns");
        file.Skipped.ShouldHaveSingleItem().Kind.ShouldBe(RollSkip.Title);
    }
}
