namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>
/// Text typed in the legacy Vietnamese fonts of TCVN 5712:1993 "VN3" (the ABC fonts: .VnTime,
/// .VnArial…), as many rolls kept since the 1990s still are (decision 0046). Such a font draws
/// Vietnamese letters in place of Latin-1 ones, so the file holds "NguyÔn V¨n Hïng" for "Nguyễn Văn
/// Hùng" and "Hä vµ tªn" for the header "Họ và tên". Which rolls are converted, and which of their cells,
/// is <see cref="LegacyFonts"/>' decision. Text in the upper-case fonts (.VnTimeH) is stored as the
/// lower-case codes and comes out in lower case.
/// </summary>
public static class Tcvn3
{
    public const string ReadAsTcvn3 = "Import.ReadAsTcvn3";

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
        return !LegacyFonts.HasUnicodeVietnamese(text) && HasTellTale(text);
    }

    /// <summary>
    /// Reads like VN3 beyond doubt: a symbol the font makes one of its commonest letters (µ à, ¸ á, ª ê,
    /// « ô, ¬ ơ, soft hyphen ư, § Đ, ® đ…) or a capital inside a word. A foreign name ("Müller",
    /// "José") has only Latin-1 letters, so only cells like these decide that a file is VN3.
    /// </summary>
    public static bool LooksEncodedBeyondDoubt(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return !LegacyFonts.HasUnicodeVietnamese(text) && HasTellTale(text, lettersCount: false);
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

    /// <summary>The font as the roll reader applies it (<see cref="LegacyFonts"/>).</summary>
    public static readonly LegacyFont Font = new(ReadAsTcvn3, LooksEncodedBeyondDoubt, LooksEncoded, Decode);
}
