using System.Globalization;
using System.Text;

namespace EventSourced.Domain.Reconciliation;

/// <summary>
/// A Vietnamese full name as matching compares it: normalised (NFC, lower case, one space, "Ð" and
/// other look-alikes as "đ", one tone placement for oa/oe/uy) and folded (no marks, "đ" as "d"),
/// split into family name (first), middle names and given name (last).
/// </summary>
public sealed class PersonName
{
    private PersonName(string[] tokens, string[] folded)
    {
        Tokens = tokens;
        FoldedTokens = folded;
        Normalised = string.Join(' ', tokens);
        Folded = string.Join(' ', folded);
    }

    public IReadOnlyList<string> Tokens { get; }

    public IReadOnlyList<string> FoldedTokens { get; }

    public string Normalised { get; }

    public string Folded { get; }

    public bool IsEmpty => Tokens.Count == 0;

    public string Family => Tokens.Count > 1 ? Tokens[0] : string.Empty;

    public string FamilyFolded => FoldedTokens.Count > 1 ? FoldedTokens[0] : string.Empty;

    public string Given => Tokens.Count > 0 ? Tokens[^1] : string.Empty;

    public string GivenFolded => FoldedTokens.Count > 0 ? FoldedTokens[^1] : string.Empty;

    public string Middle => Tokens.Count > 2 ? string.Join(' ', Tokens.Skip(1).Take(Tokens.Count - 2)) : string.Empty;

    public string MiddleFolded => FoldedTokens.Count > 2 ? string.Join(' ', FoldedTokens.Skip(1).Take(FoldedTokens.Count - 2)) : string.Empty;

    public static PersonName Parse(string? fullName)
    {
        var normalised = Normalise(fullName);
        var tokens = normalised.Length == 0 ? [] : normalised.Split(' ');
        return new PersonName(tokens, [.. tokens.Select(FoldNormalised)]);
    }

    /// <summary>
    /// The same name read in another order: given-first forms "Hùng Văn Nguyễn" (given, middle,
    /// family) and "Văn Hùng Nguyễn" (middle, given, family) are rewritten family first.
    /// </summary>
    public IEnumerable<PersonName> GivenFirstReadings()
    {
        var n = Tokens.Count;
        if (n < 2)
        {
            yield break;
        }

        // Given, middle, family.
        int[] first = [n - 1, .. Enumerable.Range(1, n - 2), 0];
        yield return Reorder(first);
        if (n > 2)
        {
            // Middle, given, family.
            int[] second = [n - 1, .. Enumerable.Range(0, n - 2), n - 2];
            yield return Reorder(second);
        }
    }

    private PersonName Reorder(int[] order) =>
        new([.. order.Select(i => Tokens[i])], [.. order.Select(i => FoldedTokens[i])]);

    /// <summary>
    /// NFC, lower case, letters only (punctuation becomes a space), spaces collapsed, "Ð" (U+00D0),
    /// "Ɖ" (U+0189) and their small forms as "đ", and the tone of the oa, oe and uy clusters on the
    /// second vowel ("hoà", "thuý"), where the new placement puts it; the old one ("hòa", "thúy")
    /// writes the same name.
    /// </summary>
    public static string Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var lastWasSpace = true;
        foreach (var raw in decomposed)
        {
            var c = raw switch
            {
                'Ð' or 'ð' or 'Ɖ' or 'ɖ' or 'Đ' => 'đ',
                _ => char.ToLowerInvariant(raw),
            };
            if (IsMark(c))
            {
                if (!lastWasSpace)
                {
                    builder.Append(c);
                }
            }
            else if (char.IsLetter(c))
            {
                builder.Append(c);
                lastWasSpace = false;
            }
            else if (!lastWasSpace)
            {
                builder.Append(' ');
                lastWasSpace = true;
            }
        }

        if (builder.Length > 0 && builder[^1] == ' ')
        {
            builder.Length--;
        }

        MoveClusterTones(builder);
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The normalised name without marks: "đ" as "d", "ư" as "u", tones gone.</summary>
    public static string Fold(string? text) => FoldNormalised(Normalise(text));

    private static string FoldNormalised(string normalised)
    {
        var decomposed = normalised.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (!IsMark(c))
            {
                builder.Append(c == 'đ' ? 'd' : c);
            }
        }

        return builder.ToString();
    }

    private static bool IsMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    private static bool IsTone(char c) => c is '\u0300' or '\u0301' or '\u0303' or '\u0309' or '\u0323';

    // Works on the decomposed text: a vowel is a base letter followed by its marks.
    private static void MoveClusterTones(StringBuilder text)
    {
        for (var i = 0; i < text.Length - 2; i++)
        {
            var first = text[i];
            if (first is not ('o' or 'u') || !IsTone(text[i + 1]))
            {
                continue;
            }

            var next = text[i + 2];
            var cluster = (first == 'o' && next is 'a' or 'e') || (first == 'u' && next == 'y');
            // "ô", "ơ" and "ư" carry a vowel mark before the tone, so they never reach here.
            if (!cluster)
            {
                continue;
            }

            // After the second vowel's own marks; left alone when it has a tone already.
            var at = i + 3;
            while (at < text.Length && IsMark(text[at]) && !IsTone(text[at]))
            {
                at++;
            }

            if (at < text.Length && IsTone(text[at]))
            {
                continue;
            }

            var tone = text[i + 1];
            text.Insert(at, tone);
            text.Remove(i + 1, 1);
        }
    }
}
