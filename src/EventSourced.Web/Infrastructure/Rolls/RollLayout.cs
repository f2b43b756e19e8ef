using System.Globalization;
using System.Text.RegularExpressions;
using EventSourced.Domain.Common;

namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>What a row the reader read around was (decision 0045).</summary>
public enum RollSkip
{
    /// <summary>Above the header row: the party body, the unit, "DANH SÁCH ĐẢNG VIÊN", the date it stands at.</summary>
    Title,

    /// <summary>Right under the header: the columns numbered "1 2 3 …" or "(1) (2) (3) …", as official forms print them.</summary>
    ColumnNumbers,

    /// <summary>A heading or a subtotal between members, alone on its row: "I. ĐẢNG VIÊN CHÍNH THỨC", "Chi bộ Khu phố 3", "Cộng: 12".</summary>
    Section,

    /// <summary>After the last member: the total, the place and date, who drew it up, the signatures.</summary>
    Footer,

    /// <summary>The top of a workbook's later sheet read into the same roll (decision 0048): its title and its column headers, the first sheet's again.</summary>
    SheetHeader,
}

/// <summary>
/// Rows of the file that are not members and were not read as rows, each kind with the file's row
/// numbers (first to last; one row when they are equal) and the text of the first one's first cell, so
/// staff see what was left out.
/// </summary>
public sealed record RollSkipped(RollSkip Kind, int FirstRow, int LastRow, string Text);

/// <summary>
/// A roll as it is printed for a meeting, not only as a table: a title block above the header row, a row
/// numbering the columns under it, section headings between members, and a footer with the total and the
/// signatures after them (decision 0045). These rules tell such rows from members; each is narrow enough
/// that a member's row, even one with only a name, is never taken for one.
/// </summary>
public static partial class RollLayout
{
    /// <summary>How many non-empty rows are searched for the header row: title blocks are a few lines.</summary>
    public const int HeaderSearchRows = 30;

    /// <summary>
    /// Every non-empty cell a column number ("1", "(2)", "A", "(B)"), at least two of them, at least one a
    /// number, the numbers rising from left to right.
    /// </summary>
    public static bool IsColumnNumbers(IReadOnlyList<string?> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var filled = cells.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c!.Trim()).ToList();
        if (filled.Count < 2 || !filled.All(c => ColumnNumber().IsMatch(c)))
        {
            return false;
        }

        var numbers = filled.Select(c => c.Trim('(', ')', ' ')).Where(c => char.IsDigit(c[0])).Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        return numbers.Count > 0 && numbers.Zip(numbers.Skip(1)).All(p => p.Second > p.First);
    }

    /// <summary>
    /// A heading alone on its row: one non-empty cell whose text starts with an enumerator ("I.", "II)",
    /// "A.", "B -") or with the words a heading of members starts with ("Đảng viên …", "Chi bộ …", "Đảng bộ
    /// …", "Danh sách …"). A person's name starts with neither.
    /// </summary>
    public static bool IsSection(IReadOnlyList<string?> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var filled = cells.Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        if (filled.Count != 1)
        {
            return false;
        }

        var text = filled[0]!.Trim();
        var folded = VietnameseText.Fold(text);
        return Enumerated().IsMatch(text) || SectionWords.Any(w => folded.StartsWith(w, StringComparison.Ordinal));
    }

    /// <summary>
    /// The first row of a footer: its first non-empty cell starts with what a roll's end says (the total,
    /// who drew it up or signs for whom, a note) or is the place and date line ("Phường 3, ngày 30 tháng 11
    /// năm 2026", "ngày … tháng … năm …").
    /// </summary>
    public static bool IsFooterStart(IReadOnlyList<string?> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var first = cells.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));
        if (first is null)
        {
            return false;
        }

        var folded = VietnameseText.Fold(first);
        return folded is "bi thu" or "pho bi thu" || FooterWords.Any(w => folded.StartsWith(w, StringComparison.Ordinal)) || DateLine().IsMatch(folded);
    }

    private static readonly string[] SectionWords = ["dang vien ", "chi bo ", "dang bo ", "danh sach "];

    private static readonly string[] FooterWords =
    [
        "tong so", "tong cong", "cong:", "cong :", "cong so", "nguoi lap", "nguoi ky", "nguoi duyet", "xac nhan", "bi thu chi", "bi thu dang", "pho bi thu chi", "pho bi thu dang",
        "t/m", "tm.", "tm ", "thay mat", "ghi chu", "ky ten", "(ky", "danh sach nay", "danh sach tren", "tong:",
    ];

    [GeneratedRegex(@"^\(?\s*(\d{1,2}|[A-Za-z])\s*\)?$")]
    private static partial Regex ColumnNumber();

    [GeneratedRegex(@"^(?:(?:[IVXLC]{1,6}|[A-Z])\s*[.):\-–]|\d{1,2}\s*[.)])\s*\p{L}")]
    private static partial Regex Enumerated();

    [GeneratedRegex(@"(^|[ ,])ngay\s*(\d{1,2}|\.+|…+|_+)\s*thang\s*(\d{1,2}|\.+|…+|_+)\s*nam\b")]
    private static partial Regex DateLine();
}
