using System.Collections.Concurrent;
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
        var n = tokens.Length;
        // Read on every comparison: worked out once here.
        Family = n > 1 ? tokens[0] : string.Empty;
        FamilyFolded = n > 1 ? folded[0] : string.Empty;
        Given = n > 0 ? tokens[^1] : string.Empty;
        GivenFolded = n > 0 ? folded[^1] : string.Empty;
        Middle = n > 2 ? string.Join(' ', tokens[1..^1]) : string.Empty;
        MiddleFolded = n > 2 ? string.Join(' ', folded[1..^1]) : string.Empty;
    }

    public IReadOnlyList<string> Tokens { get; }

    public IReadOnlyList<string> FoldedTokens { get; }

    public string Normalised { get; }

    public string Folded { get; }

    public bool IsEmpty => Tokens.Count == 0;

    public string Family { get; }

    public string FamilyFolded { get; }

    public string Given { get; }

    public string GivenFolded { get; }

    public string Middle { get; }

    public string MiddleFolded { get; }

    // A register has a few thousand distinct words in half a million names: each is worked out once.
    private static readonly ConcurrentDictionary<string, (string[] Tokens, string[] Folded)> Words = new(StringComparer.Ordinal);

    public static PersonName Parse(string? fullName)
    {
        if (string.IsNullOrWhiteSpace(fullName))
        {
            return new PersonName([], []);
        }

        var tokens = new List<string>(4);
        var folded = new List<string>(4);
        foreach (var word in fullName.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var (wordTokens, wordFolded) = Words.Count < 100_000 ? Words.GetOrAdd(word, ReadWord) : ReadWord(word);
            tokens.AddRange(wordTokens);
            folded.AddRange(wordFolded);
        }

        return new PersonName([.. tokens], [.. folded]);
    }

    private static (string[] Tokens, string[] Folded) ReadWord(string word)
    {
        var normalised = Normalise(word);
        var tokens = normalised.Length == 0 ? [] : normalised.Split(' ');
        return (tokens, [.. tokens.Select(FoldNormalised)]);
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
