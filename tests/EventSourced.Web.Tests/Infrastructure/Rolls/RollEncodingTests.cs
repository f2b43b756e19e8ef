using System.Globalization;
using System.Text;
using EventSourced.Web.Infrastructure.Rolls;
using static EventSourced.Web.Tests.Infrastructure.Rolls.RollSamples;
using C = EventSourced.Domain.Members.ImportColumns;

namespace EventSourced.Web.Tests.Infrastructure.Rolls;

/// <summary>Text rolls in every encoding staff send: UTF-8 with or without a mark, UTF-16 either way round, legacy Windows-1258.</summary>
public sealed class RollEncodingTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void utf8_with_or_without_a_byte_order_mark_is_read_as_utf8(bool bom)
    {
        var row = SingleRow(RollReader.Read(Utf8($"{Header}\r\n{Hung}\r\n", bom)));

        row.RowNumber.ShouldBe(2);
        row.Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        row.Cells[C.Sex].ShouldBe("Nam");
        row.Cells[C.DateOfBirth].ShouldBe("15/06/1985");
        row.Cells[C.CitizenId].ShouldBe("001085012345");
        row.Cells[C.CellCode].ShouldBe("BD.PX.01");
        row.Cells[C.AdmissionDecisionNumber].ShouldBe("12-QĐ/ĐU");
        row.Cells[C.AdmissionDate].ShouldBe("02/03/2015");
    }
    [Fact]
    public void utf16_little_endian_with_a_byte_order_mark_is_read_as_utf16()
    {
        var file = RollReader.Read([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes($"{Header}\r\n{Hung}\r\n")]);

        SingleRow(file).Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        file.Notices.ShouldBeEmpty();
    }
    [Fact]
    public void utf16_big_endian_with_a_byte_order_mark_and_without_any_mark_are_read_too()
    {
        SingleRow(RollReader.Read([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes($"{Header}\n{Hung}\n")]))
            .Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");

        var unmarked = RollReader.Read(Encoding.Unicode.GetBytes($"{Header}\n{Hung}\n"));
        SingleRow(unmarked).Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        unmarked.Notices.ShouldBe(["Import.ReadAsUtf16"]);
    }
    [Fact]
    public void windows_1258_bytes_are_read_as_windows_1258_composed_to_nfc_with_a_notice()
    {
        var bytes = Windows1258($"{Header}\r\n{Hung}\r\nĐỗ Thị Lựu,Nữ,01/01/1990,001190000001,BD.PX.01,13-QĐ/ĐU,02/03/2015\r\n");

        var file = RollReader.Read(bytes);

        file.Errors.ShouldBeEmpty();
        file.Notices.ShouldBe(["Import.ReadAsWindows1258"]);
        file.Rows.Select(r => r.Cells[C.FullName]).ShouldBe(["Nguyễn Văn Hùng", "Đỗ Thị Lựu"]);
        file.Rows[0].Cells[C.FullName]!.IsNormalized(NormalizationForm.FormC).ShouldBeTrue();
        file.Rows[1].Cells[C.Sex].ShouldBe("Nữ");
        file.Rows[0].Cells[C.AdmissionDecisionNumber].ShouldBe("12-QĐ/ĐU");
    }
    [Fact]
    public void decomposed_utf8_text_is_composed_to_nfc()
    {
        var row = SingleRow(RollReader.Read(Utf8($"{Header}\n{Hung}\n".Normalize(NormalizationForm.FormD))));

        row.Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        row.Cells[C.FullName]!.IsNormalized(NormalizationForm.FormC).ShouldBeTrue();
    }
    [Fact]
    public void the_windows_1258_sample_really_uses_combining_tone_marks()
    {
        var bytes = Windows1258("Hùng");

        bytes.Length.ShouldBe(5);
        string.Create(CultureInfo.InvariantCulture, $"{bytes[1]:X2}{bytes[2]:X2}").ShouldBe("75CC");
    }

    [Fact]
    public void utf16_big_endian_without_a_mark_is_recognised_by_its_zero_bytes()
    {
        var file = RollReader.Read(Encoding.BigEndianUnicode.GetBytes($"{Header}\r\n{Hung}\r\n"));

        SingleRow(file).Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        file.Notices.ShouldBe([RollEncoding.ReadAsUtf16]);
    }

    [Fact]
    public void text_that_is_valid_utf8_is_never_taken_for_windows_1258()
    {
        var notices = new List<string>();

        RollEncoding.Decode(Utf8("Đỗ Thị Lựu"), notices).ShouldBe("Đỗ Thị Lựu");
        notices.ShouldBeEmpty();
    }

    [Fact]
    public void windows_1258_with_only_letters_it_holds_whole_is_decoded_by_the_code_page()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding(1258).GetBytes("Đông Hưng, Văn Ơn");
        var notices = new List<string>();

        RollValues.Clean(RollEncoding.Decode(bytes, notices)).ShouldBe("Đông Hưng, Văn Ơn");
        notices.ShouldBe([RollEncoding.ReadAsWindows1258]);
    }
}
