using System.Runtime.ExceptionServices;

namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>
/// Text typed in the legacy Vietnamese fonts of TCVN 5712:1993 "VN3" (the ABC fonts: .VnTime,
/// .VnArial…), as many rolls kept since the 1990s still are (decision 0046). Such a font draws
/// Vietnamese letters in place of Latin-1 ones, so the file holds "NguyÔn V¨n Hïng" for "Nguyễn Văn
/// Hùng" and "Hä vµ tªn" for the header "Họ và tên". A roll is read as TCVN3 when its first rows hold
/// at least two cells that read as TCVN3 beyond doubt and more of them than cells of real Unicode
/// Vietnamese; then each cell that reads as TCVN3 is converted. Text in the upper-case fonts (.VnTimeH) is stored as the lower-case
/// codes and comes out in lower case.
/// </summary>
public static class Tcvn3
{
    public const string ReadAsTcvn3 = "Import.ReadAsTcvn3";

    /// <summary>How many non-empty rows are looked at before deciding: the title block, the header and the first members.</summary>
    public const int SampleRows = 40;

    /// <summary>Byte (or Latin-1 character) to the Vietnamese letter the VN3 fonts draw for it; zero where the font draws the Latin-1 glyph.</summary>
    private static readonly char[] Letters = BuildLetters();

    /// <summary>The Latin-1 letters Unicode Vietnamese uses itself: in a cell they prove nothing either way.</summary>
    private const string VietnameseLatin1 = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý";

    private static char[] BuildLetters()
    {
        var letters = new char[256];
        void Set(int from, string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] != '_')
                {
                    letters[from + i] = text[i];
                }
            }
        }

        Set(0xA1, "ĂÂÊÔƠƯĐăâêôơưđ");
        Set(0xB5, "àảãáạ_ằẳẵắ");
        Set(0xC6, "ặầẩẫấậè_ẻẽéẹềểễếệìỉ___ĩíịò_ỏõóọồổỗốộờởỡớợù_ủũúụừửữứựỳỷỹýỵ");
        return letters;
    }

    /// <summary>The text a VN3 font shows for <paramref name="text"/>.</summary>
    public static string Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c <= '\u00FF' && Letters[c] != '\0' ? Letters[c] : c;
            }
        });
    }

    /// <summary>
    /// Reads like VN3: a character only a VN3 font makes a letter of (a symbol such as µ, ¸, ª, or a Latin-1
    /// letter Vietnamese does not use such as ä, ç, ï), or a capital where a word goes on in lower case
    /// ("NguyÔn", "TrÇn"); and nothing of Unicode Vietnamese beyond Latin-1.
    /// </summary>
    public static bool LooksEncoded(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return !HasUnicodeVietnamese(text) && HasTellTale(text);
    }

    /// <summary>Holds a letter of Unicode Vietnamese outside Latin-1 (ă, đ, ơ, ư, ạ…ỹ, or a combining tone): the cell is already Unicode.</summary>
    public static bool HasUnicodeVietnamese(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (c is '\u0102' or '\u0103' or '\u0110' or '\u0111' or '\u0128' or '\u0129' or '\u0168' or '\u0169'
                or '\u01A0' or '\u01A1' or '\u01AF' or '\u01B0' or (>= '\u1EA0' and <= '\u1EF9')
                or '\u0300' or '\u0301' or '\u0303' or '\u0309' or '\u0323')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads like VN3 beyond doubt: a symbol the font makes one of its commonest letters (µ à, ¸ á, ª ê,
    /// « ô, ¬ ơ, soft hyphen ư, § Đ, ® đ…) or a capital inside a word. A foreign name ("Müller",
    /// "José") has only Latin-1 letters, so only cells like these decide that a file is VN3.
    /// </summary>
    public static bool LooksEncodedBeyondDoubt(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return !HasUnicodeVietnamese(text) && HasTellTale(text, lettersCount: false);
    }

    private static bool HasTellTale(string text, bool lettersCount = true)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c > '\u00FF' || Letters[c] == '\0')
            {
                continue;
            }

            if (c < '\u00C0' || (lettersCount && !VietnameseLatin1.Contains(c, StringComparison.Ordinal)))
            {
                return true;
            }

            if (char.IsUpper(c) && i > 0 && char.IsLower(text[i - 1]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasEncodable(string text)
    {
        foreach (var c in text)
        {
            if (c <= '\u00FF' && Letters[c] != '\0')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The rows of a roll with its VN3 cells converted, deciding on the first <see cref="SampleRows"/>
    /// non-empty rows; adds <see cref="ReadAsTcvn3"/> to <paramref name="notices"/> when it converts.
    /// When no cell of the sample is Unicode Vietnamese, every cell the font would change is converted;
    /// when some are (a Unicode template filled with names pasted from an old file), only the cells that
    /// read as VN3 on their own, so "Quê quán" typed in Unicode stays as it is.
    /// </summary>
    public static IEnumerable<RollRawRow> Read(IEnumerable<RollRawRow> rows, ICollection<string> notices)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(notices);
        return Converted(rows, notices);
    }

    private static IEnumerable<RollRawRow> Converted(IEnumerable<RollRawRow> rows, ICollection<string> notices)
    {
        using var remaining = rows.GetEnumerator();
        var sample = new List<RollRawRow>();
        var filled = 0;
        ExceptionDispatchInfo? refused = null;
        try
        {
            while (filled < SampleRows && remaining.MoveNext())
            {
                sample.Add(remaining.Current);
                filled += remaining.Current.IsEmpty ? 0 : 1;
            }
        }
        catch (RollRefusedException e)
        {
            // A row refused within the sample (a broken CSV quote) is refused after the rows before it,
            // as without this step, so the reader knows the headers and names the column.
            refused = ExceptionDispatchInfo.Capture(e);
        }

        var encoded = 0;
        var unicode = 0;
        foreach (var text in sample.SelectMany(r => r.Cells).OfType<string>())
        {
            encoded += LooksEncodedBeyondDoubt(text) ? 1 : 0;
            unicode += HasUnicodeVietnamese(text) ? 1 : 0;
        }

        if (encoded < 2 || encoded <= unicode)
        {
            foreach (var row in sample)
            {
                yield return row;
            }

            refused?.Throw();
            while (remaining.MoveNext())
            {
                yield return remaining.Current;
            }

            yield break;
        }

        notices.Add(ReadAsTcvn3);
        var everyCell = unicode == 0;
        foreach (var row in sample)
        {
            yield return Convert(row, everyCell);
        }

        refused?.Throw();

        while (remaining.MoveNext())
        {
            yield return Convert(remaining.Current, everyCell);
        }
    }

    private static RollRawRow Convert(RollRawRow row, bool everyCell)
    {
        object?[]? cells = null;
        for (var i = 0; i < row.Cells.Length; i++)
        {
            if (row.Cells[i] is not string text || HasUnicodeVietnamese(text) || !(everyCell ? HasEncodable(text) : HasTellTale(text)))
            {
                continue;
            }

            cells ??= (object?[])row.Cells.Clone();
            cells[i] = Decode(text);
        }

        return cells is null ? row : row with { Cells = cells };
    }

    /// <summary>
    /// Bytes of a text file that are not UTF-8 and read as VN3 rather than Windows-1258: VN3 puts its most
    /// frequent letters (ă, â, ê, ô, ơ, ư, đ, à, á, ả, ã, ạ) on 0xA1–0xB9, where Windows-1258 has only
    /// symbols, so at least one byte in five above 0x7F falls there.
    /// </summary>
    public static bool LooksEncoded(ReadOnlySpan<byte> bytes)
    {
        var high = 0;
        var vn3 = 0;
        foreach (var b in bytes)
        {
            if (b < 0x80)
            {
                continue;
            }

            high++;
            vn3 += b is >= 0xA1 and <= 0xB9 ? 1 : 0;
        }

        return vn3 >= 2 && vn3 * 5 >= high;
    }
}
