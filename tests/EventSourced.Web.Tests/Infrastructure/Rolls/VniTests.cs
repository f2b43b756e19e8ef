using System.Text;
using EventSourced.Web.Infrastructure.Rolls;
using static EventSourced.Web.Tests.Infrastructure.Rolls.RollSamples;
using C = EventSourced.Domain.Members.ImportColumns;

namespace EventSourced.Web.Tests.Infrastructure.Rolls;

/// <summary>
/// Rolls typed in the VNI fonts (VNI-Times): read as the Vietnamese the font shows, with a notice; Unicode
/// text with the same Latin-1 letters left as it is (decision 0046).
/// </summary>
public sealed class VniTests
{
    [Theory]
    // The national motto as every document typed in VNI-Times carries it.
    [InlineData("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam")]
    [InlineData("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc")]
    [InlineData("Ñaûng coäng saûn Vieät Nam", "Đảng cộng sản Việt Nam")]
    [InlineData("Thaønh phoá Hoà Chí Minh", "Thành phố Hồ Chí Minh")]
    [InlineData("Hoï vaø teân", "Họ và tên")]
    [InlineData("Nguyeãn Vaên Huøng", "Nguyễn Văn Hùng")]
    [InlineData("Traàn Ñöùc Thaéng", "Trần Đức Thắng")]
    [InlineData("Döông Thò Thuùy", "Dương Thị Thúy")]
    [InlineData("Tröôøng Tænh uûy", "Trường Tỉnh ủy")]
    [InlineData("NGUYEÃN VAÊN AN", "NGUYỄN VĂN AN")]
    [InlineData("12-QÑ/ÑU", "12-QĐ/ĐU")]
    public void a_vni_text_reads_as_the_font_shows_it(string typed, string shown) =>
        Vni.Decode(typed).ShouldBe(shown);

    [Theory]
    [InlineData("Nguyeãn Vaên Huøng", true)] // a bare breve after a
    [InlineData("Hoï vaø teân", true)] // a dot after o: no Unicode text has one there
    [InlineData("Hoà Bình", false)] // Unicode Vietnamese in Latin-1: o then à
    [InlineData("Quân", false)] // a circumflex cannot sit on u
    [InlineData("Müller", false)]
    [InlineData("Peña", false)]
    [InlineData("Nguyễn Văn Hùng", false)]
    public void a_cell_reads_as_vni_beyond_doubt_only_by_a_mark_after_a_vowel_that_unicode_never_writes(string text, bool encoded) =>
        Vni.LooksEncodedBeyondDoubt(text).ShouldBe(encoded);

    [Fact]
    public void a_roll_typed_in_vni_is_read_as_vietnamese_with_its_notice()
    {
        var file = RollReader.Read(Xlsx(new Dictionary<string, object?>
        {
            ["Hoï vaø teân"] = "Nguyeãn Vaên Huøng",
            ["Giôùi tính"] = "Nam",
            ["Ngaøy sinh"] = "15/06/1985",
            ["Soá CCCD"] = "001085012345",
            ["Maõ chi boä"] = "BD.PX.01",
            ["Ngaøy vaøo Ñaûng"] = "02/03/2015",
            ["Soá quyeát ñònh keát naïp"] = "12-QÑ/ÑU",
        }));

        file.Notices.ShouldBe([Vni.ReadAsVni]);
        var row = SingleRow(file);
        row.Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        row.Cells[C.AdmissionDecisionNumber].ShouldBe("12-QĐ/ĐU");
    }

    [Fact]
    public void a_csv_saved_from_a_vni_sheet_is_read_from_its_bytes_not_as_windows_1258()
    {
        var bytes = Encoding.Latin1.GetBytes(
            "Hoï vaø teân;Ngaøy sinh;Giôùi tính\r\nNguyeãn Thò Höôøng;01/01/1980;Nöõ\r\nÑoã Vaên Taøi;02/02/1975;Nam\r\n");

        var file = RollReader.Read(bytes, schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty();
        file.Notices.ShouldBe([Vni.ReadAsVni]);
        file.Rows.Select(r => r.Cells[C.FullName]).ShouldBe(["Nguyễn Thị Hường", "Đỗ Văn Tài"]);
        file.Rows.Select(r => r.Cells[C.Sex]).ShouldBe(["Nữ", "Nam"]);
    }

    [Fact]
    public void a_unicode_roll_with_old_style_tones_and_foreign_names_is_left_as_it_is()
    {
        var rows = new List<RollRawRow>
        {
            new(1, ["Họ và tên", "Quê quán"]),
            new(2, ["Lê Thị Hoà", "Hoà Bình"]),
            new(3, ["Hans Müller", "Quân khu"]),
            new(4, ["María Peña", "Thanh Hoá"]),
        };
        var notices = new List<string>();

        LegacyFonts.Read(rows, notices).ToList().ShouldBe(rows);
        notices.ShouldBeEmpty();
    }
}
