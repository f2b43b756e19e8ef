using System.Globalization;
using System.Text;
using EventSourced.Web.Infrastructure.Rolls;
using static EventSourced.Web.Tests.Infrastructure.Rolls.RollSamples;
using C = EventSourced.Domain.Members.ImportColumns;

namespace EventSourced.Web.Tests.Infrastructure.Rolls;

/// <summary>
/// Rolls that web software exported as an HTML table named ".xls" ("Xuất Excel"): read as the sheet Excel
/// shows, merged cells and title included; a page that is not a table, or too large, is refused (decision 0046).
/// </summary>
public sealed class HtmlRollReaderTests
{
    /// <summary>As exporters write it: Excel's namespaces, a title table, a header merged over two rows, entities and line breaks.</summary>
    private const string Exported = """
        <html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
        <head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style>td { mso-number-format:"\@"; }</style></head>
        <body>
        <table><tr><td colspan="5"><b>DANH SÁCH ĐẢNG VIÊN</b></td></tr><tr><td colspan="5">Chi bộ Khu dân cư số 3</td></tr></table>
        <table border="1">
          <tr><th rowspan="2">STT</th><th rowspan="2">Họ và tên</th><th colspan="2">Ngày sinh</th><th rowspan="2">Quê quán</th></tr>
          <tr><th>Nam</th><th>Nữ</th></tr>
          <tr><td>1</td><td>
                Nguyễn   Văn Hùng
              </td><td>15/06/1985</td><td></td><td>Số 5<br>ngõ 12 &amp; 14</td></tr>
          <tr><td>2</td><td>Trần Thị Lan</td><td></td><td>01/02/1990</td><td></td></tr>
          <tr><td colspan="5">Tổng số: 2 đảng viên</td></tr>
        </table>
        <script>alert(1)</script>
        </body></html>
        """;

    [Fact]
    public void an_exported_html_table_is_read_like_the_sheet_excel_shows()
    {
        var file = RollReader.Read(Utf8(Exported), schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty();
        file.Rows.Select(r => r.Cells[C.FullName]).ShouldBe(["Nguyễn Văn Hùng", "Trần Thị Lan"]);
        file.Rows.Select(r => r.Cells[C.DateOfBirth]).ShouldBe(["15/06/1985", "01/02/1990"]);
        file.Rows.Select(r => r.Cells[C.Sex]).ShouldBe(["Nam", "Nữ"]);
        file.Rows[0].Cells[C.HomeTown].ShouldBe("Số 5\nngõ 12 & 14");
        file.Skipped.Select(s => s.Kind).ShouldBe([RollSkip.Title, RollSkip.Footer]);
    }

    [Fact]
    public void cells_spanning_rows_and_columns_leave_the_cells_they_cover_empty()
    {
        var rows = HtmlRollReader.Read(
            "<table><tr><td rowspan=3>A</td><td colspan=2>B</td></tr><tr><td>C</td><td rowspan=2>D</td></tr><tr><td>E</td></tr><tr><td>F</td></tr></table>",
            100).ToList();

        rows.Select(r => r.Cells).ShouldBe(
        [
            ["A", "B", null],
            [null, "C", "D"],
            [null, "E", null],
            ["F"],
        ]);
        rows.Select(r => r.Number).ShouldBe([1, 2, 3, 4]);
    }

    [Fact]
    public void a_page_too_large_or_with_too_many_rows_or_columns_is_refused_with_its_reason()
    {
        var wide = "<table><tr>" + string.Concat(Enumerable.Repeat("<td>x</td>", 101)) + "</tr></table>";
        RollReader.Read(Utf8(wide)).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.XlsxTooManyColumns");

        // A title spanning far past the last column covers nothing there: the roll under it is read.
        var spanning = "<table><tr><td colspan=1000>DANH SÁCH</td></tr><tr><td>Họ và tên</td><td>Ngày sinh</td></tr><tr><td>Lê Văn Tú</td><td>01/01/1980</td></tr></table>";
        SingleRow(RollReader.Read(Utf8(spanning), schema: RollSchema.Reconciliation)).Cells[C.FullName].ShouldBe("Lê Văn Tú");

        var tall = new StringBuilder("<table><tr><td>Họ và tên</td><td>Ngày sinh</td></tr>");
        for (var i = 0; i < 11; i++)
        {
            tall.Append(CultureInfo.InvariantCulture, $"<tr><td>Người {i}</td><td>01/01/1980</td></tr>");
        }

        RollReader.Read(Utf8(tall + "</table>"), schema: RollSchema.Reconciliation with { MaxRows = 10 })
            .Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.TooManyRows");

        var large = "<table><tr><td>" + new string('x', HtmlRollReader.MaxChars) + "</td></tr></table>";
        RollReader.Read(Utf8(large), schema: RollSchema.Reconciliation).Errors.ShouldHaveSingleItem().Code.ShouldBe(HtmlRollReader.TooLarge);
    }

    [Theory]
    [InlineData("div")]
    [InlineData("span")]
    [InlineData("b")]
    public void a_page_nesting_elements_thousands_deep_is_refused_before_it_is_parsed(string tag)
    {
        // 100,000 nested <div>s took the parser 59 s: refused at once instead.
        var html = "<table><tr><td>Họ và tên</td><td>Ngày sinh</td></tr><tr><td>"
            + string.Concat(Enumerable.Repeat($"<{tag}>", 100_000)) + "x</td><td>01/01/1980</td></tr></table>";

        RollReader.Read(Utf8(html), schema: RollSchema.Reconciliation).Errors.ShouldHaveSingleItem().Code.ShouldBe(HtmlRollReader.TooDeep);
    }

    [Fact]
    public void an_exporters_page_nests_a_handful_however_many_rows_and_unclosed_cells_it_has()
    {
        var rows = string.Concat(Enumerable.Range(0, 5_000).Select(i => $"<tr><td><font face=Arial><b>Người {i}</b></font><td><p>01/01/1980<td><br></tr>"));
        var html = $"<html><head><meta charset=utf-8><style>br {{ mso-data-placement:same-cell; }}</style></head><body><table>{rows}</table></body></html>";

        HtmlRollReader.NestingDepth(html).ShouldBeLessThan(5);
        HtmlRollReader.NestingDepth(Exported).ShouldBeLessThan(5);
    }

    [Fact]
    public void an_html_table_typed_in_a_legacy_font_is_converted_with_its_notice()
    {
        var file = RollReader.Read(
            Encoding.Latin1.GetBytes("<table><tr><td>Hä vµ tªn</td><td>Ngµy sinh</td></tr><tr><td>NguyÔn V¨n Hïng</td><td>15/06/1985</td></tr></table>"),
            schema: RollSchema.Reconciliation);

        file.Notices.ShouldContain(Tcvn3.ReadAsTcvn3);
        SingleRow(file).Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
    }

    [Fact]
    public void a_csv_whose_first_cell_starts_with_a_bracket_is_still_a_csv()
    {
        HtmlRollReader.IsHtmlTable("<b>,Họ và tên\n").ShouldBeFalse();
        HtmlRollReader.IsHtmlTable("  <html><body><table>").ShouldBeTrue();
        HtmlRollReader.IsHtmlTable("Họ và tên,<table>\n").ShouldBeFalse();
    }
}
