using EventSourced.Web.Infrastructure.Rolls;
using static EventSourced.Web.Tests.Infrastructure.Rolls.RollSamples;
using C = EventSourced.Domain.Members.ImportColumns;

namespace EventSourced.Web.Tests.Infrastructure.Rolls;

/// <summary>
/// Rolls saved by LibreOffice Calc (.ods): read as the sheet shows them, the million repeated empty rows and
/// columns of a sheet costing nothing, merged cells as in a sheet; formulas and sizes refused as in an XLSX
/// (decision 0046). Rolls typed as tables in LibreOffice Writer (.odt): read from every table as a Word roll is.
/// </summary>
public sealed class OdsRollReaderTests
{
    [Fact]
    public void a_calc_roll_is_read_as_the_sheet_shows_it()
    {
        const string empty = "<table:table table:name=\"Sheet1\"><table:table-column table:number-columns-repeated=\"1024\"/><table:table-row table:number-rows-repeated=\"1048576\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row></table:table>";
        var roll = "<table:table table:name=\"Danh sách\">"
            + "<table:table-row><table:table-cell table:number-columns-spanned=\"3\" office:value-type=\"string\"><text:p>DANH SÁCH ĐẢNG VIÊN</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated=\"2\"/></table:table-row>"
            + OdsRow("Họ và tên", "Ngày sinh", "Số CCCD", "Quê quán")
            + "<table:table-row>"
            + "<table:table-cell office:value-type=\"string\"><text:p><text:span>Nguyễn</text:span> <text:span>Văn</text:span><text:s/>Hùng</text:p>"
            + "<office:annotation><dc:creator>An</dc:creator><text:p>kiểm tra lại</text:p></office:annotation></table:table-cell>"
            + "<table:table-cell office:value-type=\"date\" office:date-value=\"1985-06-15\"><text:p>15/06/1985</text:p></table:table-cell>"
            + "<table:table-cell office:value-type=\"float\" office:value=\"1085012345\"><text:p>1085012345</text:p></table:table-cell>"
            + "<table:table-cell office:value-type=\"string\"><text:p>Số 5</text:p><text:p>ngõ 12</text:p></table:table-cell>"
            + "<table:table-cell table:number-columns-repeated=\"1020\"/></table:table-row>"
            + OdsRow("Trần Thị Lan", "01/02/1990")
            + "<table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>"
            + "</table:table>"
            + "<table:table table:name=\"Khác\">" + OdsRow("Khác") + "</table:table>";

        var file = RollReader.Read(Ods(empty + roll), schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => e.Code)));
        file.Rows.Select(r => r.Cells[C.FullName]).ShouldBe(["Nguyễn Văn Hùng", "Trần Thị Lan"]);
        file.Rows.Select(r => r.Cells[C.DateOfBirth]).ShouldBe(["1985-06-15", "01/02/1990"]);
        file.Rows[0].Cells[C.CitizenId].ShouldBe("001085012345");
        file.Rows[0].Cells[C.HomeTown].ShouldBe("Số 5\nngõ 12");
        file.Rows.Select(r => r.RowNumber).ShouldBe([3, 4]);
        file.Skipped.Select(s => s.Kind).ShouldBe([RollSkip.Title]);
        // The sheet after the roll holds a value under other headers: not read, and said so (decision 0048).
        file.Notices.ShouldContain(RollReader.SheetsPartlyRead);
        file.Sheets.Select(s => (s.Name, s.LeftOut)).ShouldBe([("Danh sách", null), ("Khác", RollSheet.OtherHeaders)]);
        var alone = RollReader.Read(Ods(empty + roll.Replace(OdsRow("Khác"), "<table:table-row table:number-rows-repeated=\"1048576\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>")), schema: RollSchema.Reconciliation);
        alone.Sheets.ShouldBeEmpty();
        alone.Notices.ShouldNotContain(RollReader.SheetsPartlyRead);
    }

    [Fact]
    public void a_calc_workbook_with_a_sheet_per_cell_is_read_as_one_roll_numbered_on_from_each_sheets_last_row_with_a_value()
    {
        static string Cell(string name, string person, string born) => $"<table:table table:name=\"{name}\">"
            + OdsRow($"DANH SÁCH ĐẢNG VIÊN {name.ToUpperInvariant()}") + OdsRow("Họ và tên", "Ngày sinh") + OdsRow(person, born)
            + "<table:table-row table:number-rows-repeated=\"1048573\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row></table:table>";

        var file = RollReader.Read(Ods(Cell("Chi bộ 1", "Nguyễn Văn An", "01/02/1980") + Cell("Chi bộ 2", "Lê Văn Cường", "05/06/1990")), schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => e.Code)));
        file.Rows.Select(r => (r.RowNumber, r.Cells[C.FullName])).ShouldBe([(3, "Nguyễn Văn An"), (6, "Lê Văn Cường")]);
        file.Notices.ShouldContain(RollReader.SheetsReadAsOne);
        file.Sheets.Select(s => (s.Name, s.Offset, s.LastNumber)).ShouldBe([("Chi bộ 1", 0, 3), ("Chi bộ 2", 3, 6)]);
        file.Skipped.Select(s => (s.Kind, s.FirstRow, s.LastRow)).ShouldBe([(RollSkip.Title, 1, 1), (RollSkip.SheetHeader, 4, 5)]);
    }

    [Fact]
    public void a_sheet_hidden_in_calc_is_passed_over_before_and_after_the_roll()
    {
        const string styles = "<style:style style:name=\"ta1\" style:family=\"table\"><style:table-properties table:display=\"true\"/></style:style>"
            + "<style:style style:name=\"ta2\" style:family=\"table\"><style:table-properties table:display=\"false\"/></style:style>";
        static string Sheet(string name, string style, params string[][] rows) =>
            $"<table:table table:name=\"{name}\" table:style-name=\"{style}\">" + string.Concat(rows.Select(r => OdsRow(r))) + "</table:table>";
        var tables = Sheet("DanhMuc", "ta2", ["Họ và tên", "Ngày sinh"], ["Không Phải Đảng Viên", "01/01/1990"])
            + Sheet("Chi bộ 1", "ta1", ["Họ và tên", "Ngày sinh"], ["Nguyễn Văn An", "01/02/1980"])
            + Sheet("Ẩn", "ta2", ["Họ và tên", "Ngày sinh"], ["Cũng Không Phải", "01/01/1991"])
            + Sheet("Chi bộ 2", "ta1", ["Họ và tên", "Ngày sinh"], ["Lê Văn Cường", "05/06/1990"]);

        var file = RollReader.Read(Ods(tables, styles), schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => e.Code)));
        file.Rows.Select(r => r.Cells[C.FullName]).ShouldBe(["Nguyễn Văn An", "Lê Văn Cường"]);
        file.Sheets.Select(s => s.Name).ShouldBe(["Chi bộ 1", "Chi bộ 2"]);
    }

    [Fact]
    public void a_formula_is_refused_on_its_row_as_in_an_xlsx()
    {
        var table = "<table:table>" + OdsRow("Họ và tên", "Ngày sinh")
            + "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Lê Văn Tú</text:p></table:table-cell>"
            + "<table:table-cell table:formula=\"of:=DATE(1980;1;1)\" office:value-type=\"date\" office:date-value=\"1980-01-01\"><text:p>01/01/1980</text:p></table:table-cell></table:table-row></table:table>";

        var error = RollReader.Read(Ods(table), schema: RollSchema.Reconciliation).Errors.ShouldHaveSingleItem();

        error.Code.ShouldBe(RollReader.FormulaCode);
        error.Arguments.ShouldBe(["=DATE(1980;1;1)"]);
    }

    [Fact]
    public void repeated_rows_or_cells_holding_a_value_count_against_the_limits()
    {
        var rows = "<table:table>" + OdsRow("Họ và tên", "Ngày sinh")
            + "<table:table-row table:number-rows-repeated=\"2000000000\">"
            + "<table:table-cell office:value-type=\"string\"><text:p>Lê Văn Tú</text:p></table:table-cell><table:table-cell office:value-type=\"string\"><text:p>01/01/1980</text:p></table:table-cell></table:table-row></table:table>";
        RollReader.Read(Ods(rows), schema: RollSchema.Reconciliation with { MaxRows = 10 }).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.TooManyRows");

        var columns = "<table:table><table:table-row><table:table-cell table:number-columns-repeated=\"2147483647\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row></table:table>";
        RollReader.Read(Ods(columns)).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.XlsxTooManyColumns");
    }

    [Fact]
    public void a_roll_typed_in_writer_is_read_from_its_tables_as_a_word_roll_is()
    {
        static string Cell(string text, string attributes = "") => $"<table:table-cell office:value-type=\"string\"{attributes}><text:p>{text}</text:p></table:table-cell>";
        var body = "<text:tracked-changes><text:changed-region text:id=\"ct1\"><text:deletion><office:change-info><dc:creator>An</dc:creator></office:change-info>"
            + "<table:table><table:table-row>" + Cell("Người đã xoá") + Cell("01/01/1970") + "</table:table-row></table:table></text:deletion></text:changed-region></text:tracked-changes>"
            + "<text:p>DANH SÁCH ĐẢNG VIÊN CHI BỘ 3<text:note text:note-class=\"footnote\"><text:note-body><text:p>Theo sổ</text:p></text:note-body></text:note>"
            + "<text:note text:note-class=\"endnote\"><text:note-body><table:table><table:table-row>" + Cell("Không phải đảng viên") + Cell("01/01/1960") + "</table:table-row></table:table></text:note-body></text:note></text:p>"
            + "<table:table table:name=\"Bảng1\"><table:table-column table:number-columns-repeated=\"4\"/>"
            + "<table:table-header-rows><table:table-row>" + Cell("STT") + Cell("Họ và tên") + Cell("Ngày sinh") + Cell("Quê quán") + "</table:table-row></table:table-header-rows>"
            + "<table:table-row><table:table-cell office:value-type=\"float\" office:value=\"1\"><text:p>1</text:p></table:table-cell>"
            + Cell("Nguyễn Văn Hùng<text:note text:id=\"ftn1\" text:note-class=\"footnote\"><text:note-citation>1</text:note-citation><text:note-body><text:p>Chuyển đến năm 2020</text:p></text:note-body></text:note>")
            + Cell("15/06/1985") + Cell("Hà Nội", " table:number-rows-spanned=\"2\"") + "</table:table-row>"
            + "<table:table-row><table:table-cell office:value-type=\"float\" office:value=\"2\"><text:p>2</text:p></table:table-cell>"
            + Cell("Trần Thị Lan") + Cell("01/02/1990") + "<table:covered-table-cell/></table:table-row>"
            + "</table:table>"
            + "<text:p>(tiếp theo)</text:p>"
            + "<table:table table:name=\"Bảng2\"><table:table-row><table:table-cell office:value-type=\"float\" office:value=\"3\"><text:p>3</text:p></table:table-cell>"
            + Cell("Lê Văn Tú") + Cell("03/03/1975") + Cell("Nam Định") + "</table:table-row></table:table>"
            + "<text:p>T/M CHI BỘ</text:p><text:p>BÍ THƯ</text:p>";

        var file = RollReader.Read(Odt(body), schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => e.Code)));
        file.Rows.Select(r => r.Cells[C.FullName]).ShouldBe(["Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Văn Tú"]);
        file.Rows.Select(r => r.Cells[C.DateOfBirth]).ShouldBe(["15/06/1985", "01/02/1990", "03/03/1975"]);
        file.Rows[0].Cells[C.HomeTown].ShouldBe("Hà Nội");
        file.Rows[1].Cells.GetValueOrDefault(C.HomeTown).ShouldBeNullOrEmpty();
        file.Rows.Select(r => r.RowNumber).ShouldBe([2, 3, 4]);
    }

    [Fact]
    public void a_writer_document_without_a_table_or_unreadable_is_refused_with_its_reason()
    {
        RollReader.Read(Odt("<text:p>Danh sách: Nguyễn Văn Hùng, Trần Thị Lan</text:p>")).Errors.ShouldHaveSingleItem().Code.ShouldBe(OdsRollReader.NoTable);

        // Its only table deleted under tracked changes: no table is left.
        var deleted = "<text:tracked-changes><text:changed-region text:id=\"ct1\"><text:deletion><table:table><table:table-row><table:table-cell><text:p>Nguyễn Văn Hùng</text:p></table:table-cell></table:table-row></table:table></text:deletion></text:changed-region></text:tracked-changes><text:p>Danh sách</text:p>";
        RollReader.Read(Odt(deleted)).Errors.ShouldHaveSingleItem().Code.ShouldBe(OdsRollReader.NoTable);

        // A document type inside content.xml (the start of an entity expansion): refused as unreadable.
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var writer = new StreamWriter(zip.CreateEntry("mimetype").Open()))
            {
                writer.Write("application/vnd.oasis.opendocument.text");
            }

            using (var writer = new StreamWriter(zip.CreateEntry("content.xml").Open()))
            {
                writer.Write("<!DOCTYPE x [<!ENTITY a \"aaaa\">]><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"/>");
            }
        }

        RollReader.Read(stream.ToArray()).Errors.ShouldHaveSingleItem().Code.ShouldBe(OdsRollReader.UnreadableText);
    }

    [Fact]
    public void tables_nested_sixty_thousand_deep_in_a_writer_cell_are_its_text_under_the_cell_limit()
    {
        var open = string.Concat(Enumerable.Repeat("<table:table><table:table-row><table:table-cell><text:p>x</text:p>", 60_000));
        var close = string.Concat(Enumerable.Repeat("</table:table-cell></table:table-row></table:table>", 60_000));

        RollReader.Read(Odt(open + close)).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.XlsxCellTooLong");
    }
}
