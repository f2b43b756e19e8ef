using System.Globalization;
using System.Text;
using DiffPlex;

namespace EventSourced.Domain.Content.Rendering;

/// <summary>What happened to a run of text between two versions.</summary>
public enum DiffKind
{
    Same,
    Removed,
    Added,
}

/// <summary>A run of text (words, spaces and punctuation as written) with what happened to it.</summary>
public sealed record DiffSegment(DiffKind Kind, string Text);

/// <summary>
/// Word-level comparison of two versions of an article, for showing a reviewer what changed.
/// Text is split into words (letters, combining marks and digits), runs of whitespace and single
/// punctuation marks, so joining the segments gives back the text exactly (after NFC composition).
/// Both sides are composed to NFC first: the same Vietnamese word typed on two keyboards can arrive
/// composed or decomposed, and would otherwise show as changed when it is not.
/// </summary>
public static class WordDiff
{
    /// <summary>
    /// The changes from <paramref name="oldText"/> to <paramref name="newText"/> in reading order:
    /// within a change, what was removed comes before what was added. Adjacent segments of the same
    /// kind are merged.
    /// </summary>
    public static IReadOnlyList<DiffSegment> Compare(string? oldText, string? newText)
    {
        var result = Differ.Instance.CreateDiffs(Prepare(oldText), Prepare(newText), ignoreWhiteSpace: false, ignoreCase: false, WordAndSpaceChunker.Instance);
        var oldPieces = result.PiecesOld;
        var newPieces = result.PiecesNew;
        var segments = new Runs();
        var nextOld = 0;
        var nextNew = 0;

        foreach (var block in result.DiffBlocks)
        {
            // Everything before a change block is common to both sides, and in step.
            for (; nextOld < block.DeleteStartA; nextOld++, nextNew++)
            {
                segments.Add(DiffKind.Same, oldPieces[nextOld]);
            }

            for (var i = 0; i < block.DeleteCountA; i++)
            {
                segments.Add(DiffKind.Removed, oldPieces[block.DeleteStartA + i]);
            }

            for (var i = 0; i < block.InsertCountB; i++)
            {
                segments.Add(DiffKind.Added, newPieces[block.InsertStartB + i]);
            }

            nextOld = block.DeleteStartA + block.DeleteCountA;
            nextNew = block.InsertStartB + block.InsertCountB;
        }

        for (; nextOld < oldPieces.Count; nextOld++)
        {
            segments.Add(DiffKind.Same, oldPieces[nextOld]);
        }

        return segments.ToList();
    }

    /// <summary>
    /// The same comparison split for two columns: the left (old version) has the unchanged and
    /// removed runs, the right (new version) the unchanged and added runs, so each column reads as
    /// its whole version.
    /// </summary>
    public static (IReadOnlyList<DiffSegment> Left, IReadOnlyList<DiffSegment> Right) SideBySide(string? oldText, string? newText)
    {
        var segments = Compare(oldText, newText);
        var left = new Runs();
        var right = new Runs();
        foreach (var segment in segments)
        {
            if (segment.Kind != DiffKind.Added)
            {
                left.Add(segment.Kind, segment.Text);
            }

            if (segment.Kind != DiffKind.Removed)
            {
                right.Add(segment.Kind, segment.Text);
            }
        }

        return (left.ToList(), right.ToList());
    }

    /// <summary>
    /// Splits text into words, whitespace runs and single other characters. Internal so tests can
    /// see the granularity; the diff itself is what callers use.
    /// </summary>
    internal static IReadOnlyList<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var kind = KindOf(text, start);
            var end = start + CharLength(text, start);
            if (kind != TokenKind.Other)
            {
                while (end < text.Length && KindOf(text, end) == kind)
                {
                    end += CharLength(text, end);
                }
            }

            tokens.Add(text[start..end]);
            start = end;
        }

        return tokens;
    }

    private static string Prepare(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : text.Normalize(NormalizationForm.FormC);

    /// <summary>
    /// Collects pieces into runs of one kind. Each run is built in a StringBuilder: joining strings piece
    /// by piece would copy a long body over and over (quadratic in its length).
    /// </summary>
    private sealed class Runs
    {
        private readonly List<DiffSegment> _done = [];
        private readonly StringBuilder _run = new();
        private DiffKind? _kind;

        public void Add(DiffKind kind, string text)
        {
            if (_kind != kind)
            {
                Flush();
                _kind = kind;
            }

            _run.Append(text);
        }

        public List<DiffSegment> ToList()
        {
            Flush();
            return _done;
        }

        private void Flush()
        {
            if (_kind is { } kind && _run.Length > 0)
            {
                _done.Add(new DiffSegment(kind, _run.ToString()));
            }

            _run.Clear();
        }
    }

    private enum TokenKind
    {
        Word,
        Space,
        Other,
    }

    // Categories are read per code point so that a word in a script outside the basic plane, or an
    // emoji's surrogate pair, is never cut in half.
    private static TokenKind KindOf(string text, int index)
    {
        if (char.IsWhiteSpace(text, index))
        {
            return TokenKind.Space;
        }

        return CharUnicodeInfo.GetUnicodeCategory(text, index) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                => TokenKind.Word,
            _ => TokenKind.Other,
        };
    }

    private static int CharLength(string text, int index) =>
        char.IsSurrogatePair(text, index) ? 2 : 1;

    private sealed class WordAndSpaceChunker : IChunker
    {
        public static readonly WordAndSpaceChunker Instance = new();

        public IReadOnlyList<string> Chunk(string text) => Tokens(text);
    }
}
