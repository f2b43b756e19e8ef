using EventSourced.Web.Infrastructure.Rolls;
using static EventSourced.Web.Tests.Infrastructure.Rolls.RollSamples;
using C = EventSourced.Domain.Members.ImportColumns;

namespace EventSourced.Web.Tests.Infrastructure.Rolls;

/// <summary>
/// Rolls saved by LibreOffice Calc (.ods): read as the sheet shows them, the million repeated empty rows and
/// columns of a sheet costing nothing, merged cells as in a sheet; formulas and sizes refused as in an XLSX
/// (decision 0046).
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
}
