using EventSourced.Web.Infrastructure.Rolls;

namespace EventSourced.Web.Tests.Infrastructure.Rolls;

/// <summary>Which sheet of an organisation's workbook is a cell's own (decision 0048): pure, no file.</summary>
public sealed class RollSheetTests
{
    private static readonly RollSheet[] Workbook =
    [
        new("Chi bộ Tổ dân phố 1", 0),
        new("CB2", 40),
        new("Khu phố 3", 80),
        new("HN.BD.P01.C04", 120),
        new("Tổng hợp", 160, LeftOut: RollSheet.OtherHeaders),
        new("Hỏng", 170, LeftOut: RollSheet.Unreadable),
    ];

    [Theory]
    [InlineData("Chi bộ Tổ dân phố 1", "HN.BD.P01.C01", 0)]
    [InlineData("CHI BO TO DAN PHO 1", "HN.BD.P01.C01", 0)]
    [InlineData("Chi bộ 2", "HN.BD.P01.C02", 1)]
    [InlineData("Chi bộ Khu phố 3", "HN.BD.P01.C03", 2)]
    [InlineData("Chi bộ Trường học", "HN.BD.P01.C04", 3)]
    [InlineData("Chi bộ Tổng hợp", "HN.BD.P01.C05", 4)]
    public void the_sheet_named_for_a_cell_by_its_name_or_code(string cellName, string cellCode, int sheet) =>
        RollSheet.NamedFor(Workbook, cellName, cellCode).ShouldBe(sheet);

    [Theory]
    [InlineData("Chi bộ Tổ dân phố 12", "HN.BD.P01.C12")]
    [InlineData("Chi bộ Hỏng", "HN.BD.P01.C06")]
    [InlineData("Chi bộ", "")]
    public void no_sheet_when_none_is_named_for_the_cell_or_the_one_named_cannot_be_read(string cellName, string cellCode) =>
        RollSheet.NamedFor(Workbook, cellName, cellCode).ShouldBeNull();

    [Fact]
    public void no_sheet_when_two_are_named_for_the_cell()
    {
        RollSheet.NamedFor([new("Chi bộ 2", 0), new("CB 2", 10)], "Chi bộ 2", "C02").ShouldBeNull();
    }

    [Fact]
    public void a_sheet_named_by_a_bare_number_is_a_page_and_a_code_matches_only_as_written()
    {
        // A cell's roll kept on pages "1", "2", "3": not cell 2's sheet.
        RollSheet.NamedFor([new("1", 0), new("2", 10), new("3", 20)], "Chi bộ 2", "HN.BD.P01.C02").ShouldBeNull();
        // A code "CB3" names the sheet "CB3", never another cell's "Chi bộ 3".
        RollSheet.NamedFor([new("Chi bộ 3", 0), new("Chi bộ 4", 10)], "Chi bộ Khu phố 5", "CB3").ShouldBeNull();
        RollSheet.NamedFor([new("Chi bộ 4", 0), new("cb3", 10)], "Chi bộ Khu phố 5", "CB3").ShouldBe(1);
    }
}
