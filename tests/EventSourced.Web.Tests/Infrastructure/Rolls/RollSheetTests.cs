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
    [InlineData("Chi bộ Tổ dân phố 1", "HN.BD.P01.C01", "Chi bộ Tổ dân phố 1")]
    [InlineData("CHI BO TO DAN PHO 1", "HN.BD.P01.C01", "Chi bộ Tổ dân phố 1")]
    [InlineData("Chi bộ 2", "HN.BD.P01.C02", "CB2")]
    [InlineData("Chi bộ Khu phố 3", "HN.BD.P01.C03", "Khu phố 3")]
    [InlineData("Chi bộ Trường học", "HN.BD.P01.C04", "HN.BD.P01.C04")]
    [InlineData("Chi bộ Tổng hợp", "HN.BD.P01.C05", "Tổng hợp")]
    public void the_sheet_named_for_a_cell_by_its_name_or_code(string cellName, string cellCode, string sheet) =>
        RollSheet.NamedFor(Workbook, cellName, cellCode).ShouldNotBeNull().Name.ShouldBe(sheet);

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
}
