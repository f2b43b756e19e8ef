using System.Globalization;
using System.Text;

namespace EventSourced.Domain.Common;

/// <summary>
/// Folding of Vietnamese text for search: users type names with or without diacritics, and old
/// data mixes "Ð" (U+00D0, Icelandic eth) with "Đ". Folding removes tone and vowel marks by Unicode
/// decomposition; "đ" has no decomposition, so it is mapped by hand.
/// </summary>
public static class VietnameseText
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var decomposed = text.Trim().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            builder.Append(c switch
            {
                'đ' or 'Đ' or 'Ð' or 'ð' => 'd',
                _ => char.ToLowerInvariant(c),
            });
        }

        return string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>True when <paramref name="needle"/> occurs in <paramref name="haystack"/>, ignoring case and diacritics.</summary>
    public static bool ContainsFolded(string haystack, string needle) =>
        Fold(haystack).Contains(Fold(needle), StringComparison.Ordinal);

    /// <summary>The canonical form stored and compared: NFC, "Ð" mapped to "Đ", spaces collapsed.</summary>
    public static string Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var nfc = text.Normalize(NormalizationForm.FormC).Replace('Ð', 'Đ').Replace('ð', 'đ');
        return string.Join(' ', nfc.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
