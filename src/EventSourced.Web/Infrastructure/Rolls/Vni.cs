using System.Text;

namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>
/// Text typed in the VNI fonts (VNI-Times, VNI-Helve…), common in rolls from the south (decision 0046). A VNI
/// font draws a vowel's marks as a second character after it: "Nguyeãn" is "Nguyễn" (e, then ã for the
/// circumflex and the tilde), "Ñaûng" is "Đảng", "Vieät" is "Việt"; some letters are one character (ñ đ,
/// ô ơ, ö ư, ò ị, ó ĩ, æ ỉ, î ỵ). Which rolls are converted, and which of their cells, is
/// <see cref="LegacyFonts"/>' decision.
/// </summary>
public static class Vni
{
    public const string ReadAsVni = "Import.ReadAsVni";

    private const char Acute = '\u0301';
    private const char Grave = '\u0300';
    private const char Hook = '\u0309';
    private const char Tilde = '\u0303';
    private const char Dot = '\u0323';

    private enum Shape
    {
        None,
        Circumflex,
        Breve,
    }

    /// <summary>The marks that follow a vowel: its shape and tone (zero: none), in lower and upper case.</summary>
    private static readonly Dictionary<char, (Shape Shape, char Tone)> Marks = BuildMarks();

    /// <summary>Letters VNI types as one character.</summary>
    private static readonly Dictionary<char, char> Letters = new()
    {
        ['ñ'] = 'đ', ['Ñ'] = 'Đ', ['ô'] = 'ơ', ['Ô'] = 'Ơ', ['ö'] = 'ư', ['Ö'] = 'Ư',
        ['ò'] = 'ị', ['Ò'] = 'Ị', ['ó'] = 'ĩ', ['Ó'] = 'Ĩ', ['æ'] = 'ỉ', ['Æ'] = 'Ỉ', ['î'] = 'ỵ', ['Î'] = 'Ỵ',
    };

    /// <summary>Marks no Unicode Vietnamese text has after a vowel: only VNI puts them there.</summary>
    private const string ForeignMarks = "øûïåäüëØÛÏÅÄÜË";

    /// <summary>The font as the roll reader applies it (<see cref="LegacyFonts"/>).</summary>
    public static readonly LegacyFont Font = new(ReadAsVni, LooksEncodedBeyondDoubt, LooksEncoded, Decode);

    private static Dictionary<char, (Shape, char)> BuildMarks()
    {
        var marks = new Dictionary<char, (Shape, char)>();
        void Add(string lower, string upper, Shape shape, char tone)
        {
            marks[lower[0]] = (shape, tone);
            marks[upper[0]] = (shape, tone);
        }

        Add("ù", "Ù", Shape.None, Acute);
        Add("ø", "Ø", Shape.None, Grave);
        Add("û", "Û", Shape.None, Hook);
        Add("õ", "Õ", Shape.None, Tilde);
        Add("ï", "Ï", Shape.None, Dot);
        Add("â", "Â", Shape.Circumflex, '\0');
        Add("á", "Á", Shape.Circumflex, Acute);
        Add("à", "À", Shape.Circumflex, Grave);
        Add("å", "Å", Shape.Circumflex, Hook);
        Add("ã", "Ã", Shape.Circumflex, Tilde);
        Add("ä", "Ä", Shape.Circumflex, Dot);
        Add("ê", "Ê", Shape.Breve, '\0');
        Add("é", "É", Shape.Breve, Acute);
        Add("è", "È", Shape.Breve, Grave);
        Add("ú", "Ú", Shape.Breve, Hook);
        Add("ü", "Ü", Shape.Breve, Tilde);
        Add("ë", "Ë", Shape.Breve, Dot);
        return marks;
    }

    /// <summary>The text a VNI font shows for <paramref name="text"/>.</summary>
    public static string Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (i + 1 < text.Length && Combined(c, text[i + 1]) is { } letter)
            {
                builder.Append(letter);
                i++;
            }
            else
            {
                builder.Append(Letters.GetValueOrDefault(c, c));
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// Reads like VNI beyond doubt: a vowel followed by a mark no Unicode Vietnamese text puts there (ø, û, ï, å,
    /// ä, ü, ë), or by the bare circumflex or breve ("Leâ", "Vaên"); and nothing of Unicode Vietnamese beyond
    /// Latin-1. A foreign name ("Müller", "Peña") has no such pair.
    /// </summary>
    public static bool LooksEncodedBeyondDoubt(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (LegacyFonts.HasUnicodeVietnamese(text))
        {
            return false;
        }

        for (var i = 0; i + 1 < text.Length; i++)
        {
            var mark = text[i + 1];
            if (Combined(text[i], mark) is not null
                && (ForeignMarks.Contains(mark, StringComparison.Ordinal) || Marks[mark] is (Shape.Circumflex or Shape.Breve, '\0')))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads like VNI on its own: beyond doubt, or with a letter VNI types as one character and no Unicode
    /// text uses (ñ đ, ö ư). Converted in a file that also holds Unicode Vietnamese.
    /// </summary>
    public static bool LooksEncoded(string text) =>
        LooksEncodedBeyondDoubt(text) || (!LegacyFonts.HasUnicodeVietnamese(text) && text.AsSpan().IndexOfAny("ñÑöÖ") >= 0);

    /// <summary>The letter a vowel and the mark after it make, or null when they make none (a circumflex on u, a breve on o).</summary>
    private static string? Combined(char vowel, char mark)
    {
        if (!Marks.TryGetValue(mark, out var shaped))
        {
            return null;
        }

        var (shape, tone) = shaped;
        var letter = vowel switch
        {
            'a' or 'e' or 'o' or 'u' or 'y' or 'A' or 'E' or 'O' or 'U' or 'Y' => vowel,
            'ô' or 'Ô' or 'ö' or 'Ö' => Letters[vowel],
            _ => '\0',
        };
        letter = (shape, letter) switch
        {
            (_, '\0') => '\0',
            (Shape.None, _) => letter,
            (Shape.Circumflex, 'a') => 'â',
            (Shape.Circumflex, 'e') => 'ê',
            (Shape.Circumflex, 'o') => 'ô',
            (Shape.Circumflex, 'A') => 'Â',
            (Shape.Circumflex, 'E') => 'Ê',
            (Shape.Circumflex, 'O') => 'Ô',
            (Shape.Breve, 'a') => 'ă',
            (Shape.Breve, 'A') => 'Ă',
            _ => '\0',
        };
        if (letter == '\0')
        {
            return null;
        }

        return tone == '\0' ? letter.ToString() : string.Concat(letter.ToString(), tone.ToString());
    }
}
