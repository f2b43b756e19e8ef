using System.Runtime.ExceptionServices;
using System.Text;

namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>
/// A legacy Vietnamese font that drew Vietnamese letters in place of Latin-1 characters (decision 0046): its
/// notice code; whether a cell reads as typed in it beyond doubt (what decides a file); whether a cell reads
/// as typed in it on its own (what is converted in a file that also holds Unicode Vietnamese); the conversion.
/// </summary>
public sealed record LegacyFont(string Notice, Func<string, bool> BeyondDoubt, Func<string, bool> ReadsAs, Func<string, string> Decode);

/// <summary>
/// Converts the cells of a roll typed in a legacy font (<see cref="Tcvn3"/>, <see cref="Vni"/>), deciding on
/// its first <see cref="SampleRows"/> non-empty rows: a font is taken when at least two cells read as typed
/// in it beyond doubt and more of them than cells of Unicode Vietnamese; of two fonts, the one more cells
/// read as. When no cell of the sample is Unicode Vietnamese, every cell the font would change is converted;
/// when some are (a Unicode template filled with names pasted from an old file), only the cells that read as
/// the font on their own, so "Quê quán" typed in Unicode stays as it is. Adds the font's notice. A workbook's
/// sheets read as one roll are each decided on their own first rows (one too short to tell as the sheets before it).
/// </summary>
public static class LegacyFonts
{
    /// <summary>How many non-empty rows are looked at before deciding: the title block, the header and the first members.</summary>
    public const int SampleRows = 40;

    /// <summary>The bytes of a text file the first <see cref="SampleRows"/> lines are looked for in.</summary>
    private const int SampleBytes = 64 * 1024;

    private static readonly LegacyFont[] Fonts = [Tcvn3.Font, Vni.Font];

    /// <summary>Holds a letter of Unicode Vietnamese outside Latin-1 (ă, đ, ĩ, ũ, ơ, ư, ạ…ỹ, or a combining tone): the cell is already Unicode.</summary>
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
    /// The font the sample's cells were typed in, if any, and whether every cell it would change is converted
    /// (no cell is Unicode Vietnamese) rather than only those that read as the font on their own.
    /// </summary>
    public static (LegacyFont? Font, bool EveryCell) Choose(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var unicode = texts.Count(HasUnicodeVietnamese);
        var font = Fonts
            .Select(f => (Font: f, Cells: texts.Count(f.BeyondDoubt)))
            .Where(f => f.Cells >= 2 && f.Cells > unicode)
            .OrderByDescending(f => f.Cells)
            .Select(f => f.Font)
            .FirstOrDefault();
        return (font, unicode == 0);
    }

    /// <summary>
    /// The bytes of a text file that is not UTF-8 are those of a legacy font rather than Windows-1258: each
    /// byte is then the Latin-1 character the font draws as a Vietnamese letter, which Windows-1258 would
    /// garble another way. Two signs must agree. The bytes: VN3 puts its commonest letters (ă â ê ô ơ ư đ à
    /// ả ã á ạ) on 0xA1–0xB9 and VNI its marks and letters (ø û ï å ä ü ë ñ ö, in both cases) where
    /// Windows-1258 has only symbols or foreign letters, so at least one byte in five above 0x7F falls
    /// there. The text: its first lines, split on the separators a CSV may use, read as one of the fonts
    /// (<see cref="Choose"/>); Windows-1258 seen as Latin-1 would otherwise pass for VN3, its tone marks
    /// being capitals inside words.
    /// </summary>
    public static bool ReadsAsLegacyFont(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var high = 0;
        var vn3 = 0;
        var vni = 0;
        foreach (var b in bytes)
        {
            if (b < 0x80)
            {
                continue;
            }

            high++;
            vn3 += b is >= 0xA1 and <= 0xB9 ? 1 : 0;
            vni += b is 0xF8 or 0xFB or 0xEF or 0xE5 or 0xE4 or 0xFC or 0xEB or 0xF1 or 0xF6
                or 0xD8 or 0xDB or 0xCF or 0xC5 or 0xC4 or 0xDC or 0xCB or 0xD1 or 0xD6 ? 1 : 0;
        }

        if (!((vn3 >= 2 && vn3 * 5 >= high) || (vni >= 2 && vni * 5 >= high)))
        {
            return false;
        }

        // The first lines only: a 50 MB file is not decoded twice to look at its head.
        var cells = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, SampleBytes))
            .Split('\n', SampleRows + 1)
            .Take(SampleRows)
            .SelectMany(line => line.Split([',', ';', '\t']))
            .Select(cell => cell.Trim(' ', '"', '\r'))
            .Where(cell => cell.Length > 0)
            .ToList();
        return Choose(cells).Font is not null;
    }

    public static IEnumerable<RollRawRow> Read(IEnumerable<RollRawRow> rows, ICollection<string> notices)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(notices);
        return Converted(rows, notices);
    }

    /// <summary>
    /// Each sheet of a workbook read as one roll (decision 0048) is decided on its own first rows: a sheet
    /// copied in from an old file may be typed in a legacy font when the others are Unicode, or the other way
    /// round, and its headers are compared with the first sheet's only after both are converted.
    /// </summary>
    private static IEnumerable<RollRawRow> Converted(IEnumerable<RollRawRow> rows, ICollection<string> notices)
    {
        using var remaining = rows.GetEnumerator();
        var sample = new List<RollRawRow>();
        RollRawRow? next = null;
        (LegacyFont? Font, bool EveryCell) before = (null, true);
        var more = true;
        while (more)
        {
            // The next sheet's first rows (or the only sheet's): up to the sample's size or the sheet's end.
            sample.Clear();
            var filled = 0;
            ExceptionDispatchInfo? refused = null;
            try
            {
                if (next is null && remaining.MoveNext())
                {
                    next = remaining.Current;
                }

                while (next is not null)
                {
                    var sheet = next.Sheet;
                    sample.Add(next);
                    filled += next.IsEmpty ? 0 : 1;
                    next = null;
                    if (filled >= SampleRows || !remaining.MoveNext())
                    {
                        break;
                    }

                    next = remaining.Current;
                    if (next.Sheet != sheet)
                    {
                        break;
                    }
                }
            }
            catch (RollRefusedException e)
            {
                // A row refused within the sample (a broken CSV quote) is refused after the rows before it,
                // as without this step, so the reader knows the headers and names the column.
                refused = ExceptionDispatchInfo.Capture(e);
            }

            if (sample.Count == 0)
            {
                refused?.Throw();
                yield break;
            }

            var (font, everyCell) = Choose([.. sample.SelectMany(r => r.Cells).OfType<string>()]);
            if (font is null && everyCell)
            {
                // A sheet too short to tell, without Unicode Vietnamese either, is taken as the sheets before it.
                (font, everyCell) = before;
            }

            before = font is null ? before : (font, everyCell);
            if (font is not null && !notices.Contains(font.Notice))
            {
                notices.Add(font.Notice);
            }

            foreach (var row in sample)
            {
                yield return font is null ? row : Convert(font, row, everyCell);
            }

            refused?.Throw();

            // The rest of this sheet, converted as its sample decided, streamed.
            var current = sample[^1].Sheet;
            more = false;
            while (next is null && remaining.MoveNext())
            {
                if (remaining.Current.Sheet != current)
                {
                    next = remaining.Current;
                    break;
                }

                yield return font is null ? remaining.Current : Convert(font, remaining.Current, everyCell);
            }

            more = next is not null;
        }
    }

    private static RollRawRow Convert(LegacyFont font, RollRawRow row, bool everyCell)
    {
        object?[]? cells = null;
        for (var i = 0; i < row.Cells.Length; i++)
        {
            if (row.Cells[i] is not string text || HasUnicodeVietnamese(text) || !(everyCell || font.ReadsAs(text)))
            {
                continue;
            }

            var decoded = font.Decode(text);
            if (!string.Equals(decoded, text, StringComparison.Ordinal))
            {
                cells ??= (object?[])row.Cells.Clone();
                cells[i] = decoded;
            }
        }

        return cells is null ? row : row with { Cells = cells };
    }
}
