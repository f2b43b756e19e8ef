using System.Text;
using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure.Rolls;
using static EventSourced.Web.Tests.Infrastructure.Rolls.RollSamples;

namespace EventSourced.Web.Tests.Infrastructure.Rolls;

/// <summary>
/// Rolls typed in the legacy VN3 fonts (.VnTime): read as the Vietnamese the font shows, with a notice;
/// Unicode rolls left exactly as they are (decision 0046).
/// </summary>
public sealed class Tcvn3Tests
{
    [Theory]
    // The national motto as every document typed in .VnTime carries it.
    [InlineData("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam")]
    [InlineData("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc")]
    [InlineData("§¶ng céng s¶n ViÖt Nam", "Đảng cộng sản Việt Nam")]
    [InlineData("Hä vµ tªn", "Họ và tên")]
    [InlineData("Ngµy vµo §¶ng", "Ngày vào Đảng")]
    [InlineData("NguyÔn V¨n Hïng", "Nguyễn Văn Hùng")]
    [InlineData("TrÇn §øc Th¾ng", "Trần Đức Thắng")]
    [InlineData("D\u00AD¬ng ThÞ Thóy", "Dương Thị Thúy")]
    [InlineData("§Æng Quèc ViÖt", "Đặng Quốc Việt")]
    [InlineData("Hoµng ThÕ Vò", "Hoàng Thế Vũ")]
    [InlineData("Lý Thu Hµ", "Lý Thu Hà")]
    public void a_vn3_text_reads_as_the_font_shows_it(string typed, string shown) =>
        Tcvn3.Decode(typed).ShouldBe(shown);

    [Fact]
    public void every_letter_of_the_font_has_its_place()
    {
        int[] codes =
        [
            .. Enumerable.Range(0xA1, 14), .. Enumerable.Range(0xB5, 5), .. Enumerable.Range(0xBB, 4),
            .. Enumerable.Range(0xC6, 7), .. Enumerable.Range(0xCE, 11), .. Enumerable.Range(0xDC, 4),
            .. Enumerable.Range(0xE1, 15), .. Enumerable.Range(0xF1, 14),
        ];
        var typed = new string([.. codes.Select(c => (char)c)]);
        Tcvn3.Decode(typed).ShouldBe(
            "ĂÂÊÔƠƯĐăâêôơưđ" + "àảãáạ" + "ằẳẵắ" + "ặầẩẫấậè" + "ẻẽéẹềểễếệìỉ" + "ĩíịò" + "ỏõóọồổỗốộờởỡớợù" + "ủũúụừửữứựỳỷỹýỵ");
        // What the font leaves alone: ASCII, the bytes it does not use, Unicode Vietnamese.
        Tcvn3.Decode("Số 12/QĐ-ĐU \u00B0 \u00C0").ShouldBe("Số 12/QĐ-ĐU \u00B0 \u00C0");
    }

    [Theory]
    [InlineData("NguyÔn Nam", true)] // a capital inside a word
    [InlineData("Hïng", true)]
    [InlineData("Hµ", true)]
    [InlineData("Nguyễn Văn Hùng", false)]
    [InlineData("Quê quán", false)] // Unicode Vietnamese within Latin-1
    [InlineData("Lý Thị Hà", false)]
    [InlineData("Lý Tô", false)]
    [InlineData("15/06/1985", false)]
    [InlineData("José Müller", true)] // a foreign name reads as VN3 on its own: one such cell never decides a file
    public void a_cell_reads_as_vn3_by_what_only_the_font_makes_a_letter_of(string text, bool encoded) =>
        Tcvn3.LooksEncoded(text).ShouldBe(encoded);

    [Theory]
    [InlineData("NguyÔn Nam", true)]
    [InlineData("Lª V¨n", true)]
    [InlineData("Hïng", false)] // a Latin-1 letter alone: a foreign name has those too
    [InlineData("José Müller", false)]
    [InlineData("Nguyễn Văn Hùng", false)]
    public void only_a_symbol_or_a_capital_inside_a_word_reads_as_vn3_beyond_doubt(string text, bool encoded) =>
        Tcvn3.LooksEncodedBeyondDoubt(text).ShouldBe(encoded);

    [Fact]
    public void a_roll_typed_in_vn3_is_read_as_vietnamese_with_a_notice()
    {
        // The whole sheet in .VnTime, headers included, as old rolls are.
        var file = RollReader.Read(Xlsx(new Dictionary<string, object?>
        {
            ["Hä vµ tªn"] = "NguyÔn V¨n Hïng",
            ["Giíi tÝnh"] = "Nam",
            ["Ngµy sinh"] = "15/06/1985",
            ["Sè CCCD"] = "001085012345",
            ["M· chi bé"] = "BD.PX.01",
            ["Ngµy vµo §¶ng"] = "02/03/2015",
            ["Sè quyÕt ®Þnh kÕt n¹p"] = "12-Q§/§U",
        }));

        file.Notices.ShouldContain(Tcvn3.ReadAsTcvn3);
        var row = SingleRow(file);
        row.Cells[ImportColumns.FullName].ShouldBe("Nguyễn Văn Hùng");
        row.Cells[ImportColumns.DateOfBirth].ShouldBe("15/06/1985");
    }

    [Fact]
    public void a_unicode_template_filled_with_vn3_names_converts_the_names_and_keeps_the_headers()
    {
        var rows = new List<RollRawRow>
        {
            new(1, ["Họ và tên", "Quê quán", "Ngày sinh"]),
            new(2, ["NguyÔn V¨n Hïng", "Hµ Néi", "15/06/1985"]),
            new(3, ["TrÇn ThÞ Lan", "Hµ Nam", "01/02/1990"]),
            new(4, ["Lª V¨n Tó", "Quê tôi", "03/04/1975"]),
        };
        var notices = new List<string>();

        var read = LegacyFonts.Read(rows, notices).ToList();

        notices.ShouldBe([Tcvn3.ReadAsTcvn3]);
        read[0].Cells.ShouldBe(["Họ và tên", "Quê quán", "Ngày sinh"]);
        read[1].Cells.ShouldBe(["Nguyễn Văn Hùng", "Hà Nội", "15/06/1985"]);
        read[2].Cells.ShouldBe(["Trần Thị Lan", "Hà Nam", "01/02/1990"]);
        // A cell with nothing only the font makes a letter of stays as typed when the file mixes both.
        read[3].Cells.ShouldBe(["Lê Văn Tú", "Quê tôi", "03/04/1975"]);
    }

    [Fact]
    public void a_unicode_roll_with_a_foreign_name_or_a_symbol_is_left_as_it_is()
    {
        var rows = new List<RollRawRow>
        {
            new(1, ["Họ và tên", "Ghi chú", "Ngày sinh"]),
            new(2, ["José Müller", "Quê quán: Hà Nội", "15/06/1985"]),
            new(3, ["Lê Văn Tú", "µ", null]),
            new(4, ["Phạm Thị Mai", "Lý Tô", 12.0]),
        };
        var notices = new List<string>();

        var read = LegacyFonts.Read(rows, notices).ToList();

        notices.ShouldBeEmpty();
        read.ShouldBe(rows);
    }

    [Fact]
    public void a_roll_typed_wholly_in_vn3_converts_cells_that_are_vn3_only_with_the_file()
    {
        // "Tèt" (Tốt) alone could be Unicode; in a file with no Unicode Vietnamese at all it is the font's.
        var rows = new List<RollRawRow>
        {
            new(1, ["Hä vµ tªn", "XÕp lo¹i"]),
            new(2, ["NguyÔn V¨n Hïng", "Tèt"]),
        };
        var notices = new List<string>();

        var read = LegacyFonts.Read(rows, notices).ToList();

        read[0].Cells.ShouldBe(["Họ và tên", "Xếp loại"]);
        read[1].Cells.ShouldBe(["Nguyễn Văn Hùng", "Tốt"]);
    }

    [Fact]
    public void each_sheet_of_a_workbook_is_decided_on_its_own_rows_and_a_sheet_too_short_to_tell_as_the_sheets_before_it()
    {
        // A Unicode sheet longer than the sample, a sheet pasted in from an old .VnTime file, then one of a
        // single name in the font.
        var first = Enumerable.Range(2, LegacyFonts.SampleRows + 5).Select(n => new RollRawRow(n, ["Lê Thu Hà", "15/06/1985"], Sheet: 0));
        var rows = new List<RollRawRow> { new(1, ["Họ và tên", "Ngày sinh"], Sheet: 0) };
        rows.AddRange(first);
        var next = rows.Count + 1;
        rows.Add(new(next, ["Hä vµ tªn", "Ngµy sinh"], Sheet: 1));
        rows.Add(new(next + 1, ["NguyÔn V¨n Hïng", "01/02/1990"], Sheet: 1));
        rows.Add(new(next + 2, ["Lª V¨n Tó", null], Sheet: 2));
        var notices = new List<string>();

        var read = LegacyFonts.Read(rows, notices).ToList();

        notices.ShouldBe([Tcvn3.ReadAsTcvn3]);
        read.Take(next - 1).ShouldBe(rows.Take(next - 1));
        read.Skip(next - 1).Select(r => r.Cells[0]).ShouldBe(["Họ và tên", "Nguyễn Văn Hùng", "Lê Văn Tú"]);
        read.Select(r => (r.Number, r.Sheet)).ShouldBe(rows.Select(r => (r.Number, r.Sheet)));
    }

    [Fact]
    public void a_unicode_sheet_after_a_vn3_sheet_is_left_as_typed()
    {
        // The first sheet, longer than the sample, is wholly in the font; "Ngày sinh" and "Lê Tú" on the next
        // hold only Latin-1 letters, which the first sheet's font would have turned into others.
        var rows = new List<RollRawRow> { new(1, ["Hä vµ tªn", "Ngµy sinh"], Sheet: 0) };
        rows.AddRange(Enumerable.Range(2, LegacyFonts.SampleRows + 5).Select(n => new RollRawRow(n, ["NguyÔn V¨n Hïng", "01/02/1990"], Sheet: 0)));
        var next = rows.Count + 1;
        rows.Add(new(next, ["Họ và tên", "Ngày sinh"], Sheet: 1));
        rows.Add(new(next + 1, ["Lê Tú", "15/06/1985"], Sheet: 1));
        var notices = new List<string>();

        var read = LegacyFonts.Read(rows, notices).ToList();

        notices.ShouldBe([Tcvn3.ReadAsTcvn3]);
        read[0].Cells.ShouldBe(["Họ và tên", "Ngày sinh"]);
        read[next - 2].Cells[0].ShouldBe("Nguyễn Văn Hùng");
        read[next - 1].Cells.ShouldBe(["Họ và tên", "Ngày sinh"]);
        read[next].Cells.ShouldBe(["Lê Tú", "15/06/1985"]);
    }

    [Fact]
    public void a_csv_saved_from_a_vn3_sheet_is_read_from_its_bytes_not_as_windows_1258()
    {
        var text = "Hä vµ tªn,Giíi tÝnh,Ngµy sinh,Sè CCCD,M· chi bé,Sè quyÕt ®Þnh kÕt n¹p,Ngµy vµo §¶ng\r\n"
            + "NguyÔn V¨n Hïng,Nam,15/06/1985,001085012345,BD.PX.01,12-Q§/§U,02/03/2015\r\n";
        var bytes = Encoding.Latin1.GetBytes(text);

        var file = RollReader.Read(bytes);

        file.Notices.ShouldBe([Tcvn3.ReadAsTcvn3]);
        var row = SingleRow(file);
        row.Cells[ImportColumns.FullName].ShouldBe("Nguyễn Văn Hùng");
        row.Cells[ImportColumns.Sex].ShouldBe("Nam");
        row.Cells[ImportColumns.AdmissionDecisionNumber].ShouldBe("12-QĐ/ĐU");
    }

    [Fact]
    public void windows_1258_bytes_are_not_taken_for_vn3()
    {
        var bytes = Windows1258(Header + "\r\n" + Hung + "\r\n");

        var file = RollReader.Read(bytes);

        file.Notices.ShouldBe([RollEncoding.ReadAsWindows1258]);
        SingleRow(file).Cells[ImportColumns.FullName].ShouldBe("Nguyễn Văn Hùng");
    }
}
