using System.Text;
using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure.Rolls;
using MiniExcelLibs;

namespace EventSourced.Web.Tests.Infrastructure.Rolls;

/// <summary>Rolls as staff produce them, for the reader's tests and the import page's.</summary>
internal static class RollSamples
{
    public const string Header = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Mã chi bộ,Số quyết định kết nạp,Ngày vào Đảng";
    public const string Hung = "Nguyễn Văn Hùng,Nam,15/06/1985,001085012345,BD.PX.01,12-QĐ/ĐU,02/03/2015";

    public static byte[] Utf8(string text, bool bom = false) =>
        [.. bom ? Encoding.UTF8.GetPreamble() : [], .. Encoding.UTF8.GetBytes(text)];

    public static ImportRow SingleRow(RollFile file)
    {
        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => $"{e.RowNumber} {e.Column} {e.Code} {string.Join(",", e.Arguments)}")));
        return file.Rows.ShouldHaveSingleItem();
    }

    public static Dictionary<string, object?> Person(string name, object born, object citizenId, object phone, object admitted) => new()
    {
        ["Họ và tên"] = name,
        ["Giới tính"] = "Nam",
        ["Ngày sinh"] = born,
        ["Số CCCD"] = citizenId,
        ["Điện thoại"] = phone,
        ["Mã chi bộ"] = "BD.PX.01",
        ["Ngày vào Đảng"] = admitted,
        ["Số quyết định kết nạp"] = "12-QĐ/ĐU",
    };

    /// <summary>A workbook as MiniExcel writes it; a null row stays empty in the sheet.</summary>
    public static byte[] Xlsx(params Dictionary<string, object?>?[] rows)
    {
        var columns = rows.First(r => r is not null)!.Keys.ToList();
        var filled = rows.Select(r => r ?? columns.ToDictionary(c => c, _ => (object?)null)).ToList();
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, filled);
        return stream.ToArray();
    }

    /// <summary>
    /// Windows-1258 has the letters with circumflex, breve and horn (â, ê, ô, ă, ơ, ư, đ) but puts the
    /// five tones as combining marks after them, as legacy Vietnamese software wrote them.
    /// </summary>
    public static byte[] Windows1258(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var builder = new StringBuilder();
        foreach (var element in text.Normalize(NormalizationForm.FormC).EnumerateRunes().Select(r => r.ToString()))
        {
            var decomposed = element.Normalize(NormalizationForm.FormD);
            var letter = new StringBuilder();
            var tones = new StringBuilder();
            foreach (var c in decomposed)
            {
                if (c is '\u0300' or '\u0301' or '\u0303' or '\u0309' or '\u0323')
                {
                    tones.Append(c);
                }
                else
                {
                    letter.Append(c);
                }
            }

            builder.Append(letter.ToString().Normalize(NormalizationForm.FormC)).Append(tones);
        }

        var encoding = Encoding.GetEncoding(1258, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        var bytes = encoding.GetBytes(builder.ToString());
        Should.Throw<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(bytes), "the sample must not be valid UTF-8");
        return bytes;
    }
}
