using EventSourced.Web.Infrastructure.Rolls;
using static EventSourced.Web.Tests.Infrastructure.Rolls.RollSamples;
using C = EventSourced.Domain.Members.ImportColumns;

namespace EventSourced.Web.Tests.Infrastructure.Rolls;

/// <summary>
/// Rolls exported as "XML Spreadsheet 2003" under an ".xls" name: read as Excel shows them, an empty first
/// sheet passed over, a merged header kept in its first cell, typed values as from an XLSX; a document type
/// or a broken file is refused (decision 0046).
/// </summary>
public sealed class XmlSpreadsheetRollReaderTests
{
    private const string Start = """
        <?xml version="1.0" encoding="utf-8"?>
        <?mso-application progid="Excel.Sheet"?>
        <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office"
         xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">
        """;

    private const string Roll = Start + """
         <Worksheet ss:Name="Sheet1"><Table/></Worksheet>
         <Worksheet ss:Name="Danh sách">
          <Table>
           <Row><Cell ss:MergeAcross="3"><Data ss:Type="String">DANH SÁCH ĐẢNG VIÊN</Data></Cell></Row>
           <Row ss:Index="3">
            <Cell ss:MergeDown="1"><Data ss:Type="String">STT</Data></Cell>
            <Cell ss:MergeDown="1"><Data ss:Type="String">Họ và tên</Data></Cell>
            <Cell ss:MergeAcross="1"><Data ss:Type="String">Ngày sinh</Data></Cell>
            <Cell ss:MergeDown="1"><Data ss:Type="String">Số CCCD</Data></Cell>
           </Row>
           <Row><Cell ss:Index="3"><Data ss:Type="String">Nam</Data></Cell><Cell><Data ss:Type="String">Nữ</Data></Cell></Row>
           <Row>
            <Cell><Data ss:Type="Number">1</Data></Cell>
            <Cell><ss:Data ss:Type="String"><html:B>Nguyễn</html:B> Văn Hùng</ss:Data></Cell>
            <Cell><Data ss:Type="DateTime">1985-06-15T00:00:00.000</Data></Cell>
            <Cell ss:Index="5"><Data ss:Type="Number">1085012345</Data></Cell>
           </Row>
           <Row><Cell><Data ss:Type="Number">2</Data></Cell><Cell><Data ss:Type="String">Trần Thị Lan</Data></Cell><Cell ss:Index="4"><Data ss:Type="String">01/02/1990</Data></Cell></Row>
          </Table>
         </Worksheet>
         <Worksheet ss:Name="Khác"><Table><Row><Cell><Data ss:Type="String">Khác</Data></Cell></Row></Table></Worksheet>
        </Workbook>
        """;

    [Fact]
    public void an_xml_spreadsheet_is_read_as_excel_shows_it()
    {
        var file = RollReader.Read(Utf8(Roll), schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => e.Code)));
        file.Rows.Select(r => r.Cells[C.FullName]).ShouldBe(["Nguyễn Văn Hùng", "Trần Thị Lan"]);
        file.Rows.Select(r => r.Cells[C.DateOfBirth]).ShouldBe(["1985-06-15", "01/02/1990"]);
        file.Rows.Select(r => r.Cells[C.Sex]).ShouldBe(["Nam", "Nữ"]);
        file.Rows[0].Cells[C.CitizenId].ShouldBe("001085012345");
        file.Rows[0].RowNumber.ShouldBe(5);
        file.Skipped.Select(s => s.Kind).ShouldBe([RollSkip.Title]);
        // The worksheet after the roll holds a value under other headers: not read, and said so (decision 0048).
        file.Notices.ShouldContain(RollReader.SheetsPartlyRead);
        file.Sheets.Select(s => s.LeftOut).ShouldBe([null, RollSheet.OtherHeaders]);
    }

    [Fact]
    public void worksheets_per_cell_are_read_as_one_roll_and_a_hidden_one_before_them_is_passed_over()
    {
        static string Sheet(string name, string? visible, params string[][] rows) =>
            $"<Worksheet ss:Name=\"{name}\"><Table>"
            + string.Concat(rows.Select(r => "<Row>" + string.Concat(r.Select(c => $"<Cell><Data ss:Type=\"String\">{c}</Data></Cell>")) + "</Row>"))
            + "</Table>" + (visible is null ? string.Empty : $"<WorksheetOptions xmlns=\"urn:schemas-microsoft-com:office:excel\"><Visible>{visible}</Visible></WorksheetOptions>") + "</Worksheet>";
        var xml = "<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">"
            + Sheet("DanhMuc", "SheetHidden", ["Họ và tên", "Ngày sinh"], ["Không Phải Đảng Viên", "01/01/1990"])
            + Sheet("Chi bộ 1", null, ["Họ và tên", "Ngày sinh"], ["Nguyễn Văn An", "01/02/1980"])
            + Sheet("Chi bộ 2", null, ["Họ và tên", "Ngày sinh"], ["Lê Văn Cường", "05/06/1990"])
            + "</Workbook>";

        var file = RollReader.Read(Utf8(xml), schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => e.Code)));
        file.Rows.Select(r => (r.RowNumber, r.Cells[C.FullName])).ShouldBe([(2, "Nguyễn Văn An"), (4, "Lê Văn Cường")]);
        file.Sheets.Select(s => (s.Name, s.Offset, s.LastNumber, s.Read)).ShouldBe([("Chi bộ 1", 0, 2, true), ("Chi bộ 2", 2, 4, true)]);
        file.Notices.ShouldContain(RollReader.SheetsReadAsOne);
        // Every worksheet hidden: the first with a value is the roll, as Excel opens it.
        var allHidden = "<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">"
            + Sheet("Trống", "SheetHidden")
            + Sheet("Chi bộ 1", "SheetHidden", ["Họ và tên", "Ngày sinh"], ["Nguyễn Văn An", "01/02/1980"])
            + Sheet("Chi bộ 2", "SheetVeryHidden", ["Họ và tên", "Ngày sinh"], ["Lê Văn Cường", "05/06/1990"])
            + "</Workbook>";
        RollReader.Read(Utf8(allHidden), schema: RollSchema.Reconciliation)
            .Rows.Select(r => r.Cells[C.FullName]).ShouldBe(["Nguyễn Văn An"]);
    }

    [Fact]
    public void no_notice_of_other_worksheets_when_those_after_the_roll_are_empty_or_hidden()
    {
        var hidden = Roll.Replace(
            "<Worksheet ss:Name=\"Khác\"><Table><Row><Cell><Data ss:Type=\"String\">Khác</Data></Cell></Row></Table></Worksheet>",
            "<Worksheet ss:Name=\"Trống\"><Table><Row/></Table></Worksheet>"
            + "<Worksheet ss:Name=\"DanhMuc\"><Table><Row><Cell><Data ss:Type=\"String\">Nam</Data></Cell></Row></Table>"
            + "<WorksheetOptions xmlns=\"urn:schemas-microsoft-com:office:excel\"><Visible>SheetHidden</Visible></WorksheetOptions></Worksheet>",
            StringComparison.Ordinal);
        hidden.ShouldNotBe(Roll);

        var file = RollReader.Read(Utf8(hidden), schema: RollSchema.Reconciliation);

        file.Rows.Count.ShouldBe(2);
        file.Sheets.ShouldBeEmpty();
        file.Notices.ShouldNotContain(RollReader.SheetsPartlyRead);
    }

    [Fact]
    public void rows_whose_index_goes_back_are_refused_as_unreadable_rather_than_numbered_twice()
    {
        var backwards = "<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet ss:Name=\"A\"><Table>"
            + "<Row><Cell><Data ss:Type=\"String\">Họ và tên</Data></Cell><Cell><Data ss:Type=\"String\">Ngày sinh</Data></Cell></Row>"
            + "<Row ss:Index=\"50\"><Cell><Data ss:Type=\"String\">Nguyễn Văn An</Data></Cell><Cell><Data ss:Type=\"String\">01/02/1980</Data></Cell></Row>"
            + "<Row ss:Index=\"2\"><Cell><Data ss:Type=\"String\">Lê Văn Cường</Data></Cell><Cell><Data ss:Type=\"String\">05/06/1990</Data></Cell></Row>"
            + "</Table></Worksheet></Workbook>";

        RollReader.Read(Utf8(backwards), schema: RollSchema.Reconciliation).Errors.ShouldHaveSingleItem().Code.ShouldBe(RollReader.Unreadable);
    }

    [Fact]
    public void a_formula_is_refused_on_its_row_as_in_an_xlsx()
    {
        var xml = Start + """
             <Worksheet ss:Name="A"><Table>
              <Row><Cell><Data ss:Type="String">Họ và tên</Data></Cell><Cell><Data ss:Type="String">Ngày sinh</Data></Cell></Row>
              <Row><Cell><Data ss:Type="String">Lê Văn Tú</Data></Cell><Cell ss:Formula="=DATE(1980,1,1)"><Data ss:Type="DateTime">1980-01-01T00:00:00.000</Data></Cell></Row>
             </Table></Worksheet></Workbook>
            """;

        RollReader.Read(Utf8(xml), schema: RollSchema.Reconciliation).Errors.ShouldHaveSingleItem().Code.ShouldBe(RollReader.FormulaCode);
    }

    [Theory]
    [InlineData("<!DOCTYPE Workbook [<!ENTITY x \"xxxxxxxx\">]>", "Import.UnreadableXlsx")]
    [InlineData("", "Import.UnreadableXlsx")]
    public void a_document_type_or_a_broken_file_is_refused(string before, string code)
    {
        var xml = Start.Replace("<?mso-application progid=\"Excel.Sheet\"?>", "<?mso-application progid=\"Excel.Sheet\"?>" + before, StringComparison.Ordinal)
            + "<Worksheet><Table><Row><Cell><Data ss:Type=\"String\">Họ và tên";
        RollReader.Read(Utf8(xml)).Errors.ShouldHaveSingleItem().Code.ShouldBe(code);
    }

    [Fact]
    public void cells_past_the_last_column_or_rows_past_the_limit_are_refused()
    {
        var wide = Start + "<Worksheet><Table><Row><Cell ss:Index=\"101\"><Data ss:Type=\"String\">x</Data></Cell></Row></Table></Worksheet></Workbook>";
        RollReader.Read(Utf8(wide)).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.XlsxTooManyColumns");

        var far = Start + "<Worksheet><Table><Row ss:Index=\"999999999\"><Cell><Data ss:Type=\"String\">x</Data></Cell></Row></Table></Worksheet></Workbook>";
        RollReader.Read(Utf8(far)).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.TooManyRows");
    }
}
