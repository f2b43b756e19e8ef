using System.Diagnostics;
using System.Globalization;
using System.Text;
using EventSourced.Domain.Reconciliation;

namespace EventSourced.Web.Reconciliation;

/// <summary>
/// <c>reconcile --register FILE --roll FILE --out FILE [--match-at N] [--review-at N]</c>: the
/// matching engine on two files, without the database, so that its accuracy can be checked on any
/// truth set. Writes one CSV row per roll row and a summary on standard output.
/// </summary>
public static class ReconcileCommand
{
    public const string Name = "reconcile";

    public const string Usage = "usage: reconcile --register FILE --roll FILE --out FILE [--match-at SCORE] [--review-at SCORE]";

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (Parse(args, out var options) is { } problem)
        {
            error.WriteLine(problem);
            error.WriteLine(Usage);
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var register = ReadFile(options["--register"], error);
        var roll = register is null ? null : ReadFile(options["--roll"], error);
        if (register is null || roll is null)
        {
            return 1;
        }

        var read = clock.Elapsed;
        var settings = MatchSettings.Default;
        if (options.TryGetValue("--match-at", out var matchAt))
        {
            settings = settings with { MatchAt = double.Parse(matchAt, CultureInfo.InvariantCulture) };
        }

        if (options.TryGetValue("--review-at", out var reviewAt))
        {
            settings = settings with { ReviewAt = double.Parse(reviewAt, CultureInfo.InvariantCulture) };
        }

        var outcome = Matcher.Match(register, roll, settings);
        var matched = clock.Elapsed;
        try
        {
            Write(options["--out"], outcome);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"cannot write {options["--out"]}: {e.Message}");
            return 1;
        }

        var total = clock.Elapsed;
        using var process = Process.GetCurrentProcess();
        var count = outcome.Rows.CountBy(r => r.Band).ToDictionary();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"register {register.Count} rows, roll {roll.Count} rows: match {count.GetValueOrDefault(MatchBand.Match)}, review {count.GetValueOrDefault(MatchBand.Review)}, none {count.GetValueOrDefault(MatchBand.None)}, same member twice {outcome.SameMemberTwice.Count}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"read {read.TotalSeconds:0.00} s, matched {(matched - read).TotalSeconds:0.00} s, written {(total - matched).TotalSeconds:0.00} s, total {total.TotalSeconds:0.00} s; processor time {process.TotalProcessorTime.TotalSeconds:0.00} s; peak working set {process.PeakWorkingSet64 / (1024 * 1024)} MB"));
        return 0;
    }

    private static string? Parse(IReadOnlyList<string> args, out Dictionary<string, string> options)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] known = ["--register", "--roll", "--out", "--match-at", "--review-at"];
        for (var i = 0; i < args.Count; i++)
        {
            if (!known.Contains(args[i]))
            {
                return $"unknown argument: {args[i]}";
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return $"{args[i]} needs a value";
            }

            if (args[i] is "--match-at" or "--review-at" && !double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return $"{args[i]} needs a number, not {args[i + 1]}";
            }

            options[args[i]] = args[++i];
        }

        var given = options;
        var missing = known.Take(3).Where(k => !given.ContainsKey(k)).ToList();
        return missing.Count > 0 ? $"missing {string.Join(", ", missing)}" : null;
    }

    private static IReadOnlyList<RollPerson>? ReadFile(string path, TextWriter error)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"cannot read {path}: {e.Message}");
            return null;
        }

        var file = ReconciliationFiles.Read(bytes);
        if (file.Error is not null)
        {
            error.WriteLine($"{path}: {file.Error}");
            return null;
        }

        // How the file was read when it needed a guess (an encoding, a legacy font; decision 0046).
        foreach (var notice in file.Notices ?? [])
        {
            error.WriteLine($"{path}: {notice}");
        }

        // A workbook read sheet after sheet (decision 0048): where each sheet's rows are, and which was left out.
        foreach (var sheet in file.Sheets ?? [])
        {
            error.WriteLine($"{path}: sheet \"{sheet.Name}\": {(sheet.Read ? $"rows {sheet.Offset + 1}-{sheet.LastNumber} (its rows 1-{sheet.RowOf(sheet.LastNumber)})" : sheet.LeftOut switch
            {
                Infrastructure.Rolls.RollSheet.OtherHeaders => "not read (other column headers than the first sheet's)",
                Infrastructure.Rolls.RollSheet.PastLimit => "not read (past a sheet's limits)",
                Infrastructure.Rolls.RollSheet.NoRollColumns => "not read (without the columns a roll requires: a summary?)",
                _ => "not read (damaged)",
            })}");
        }

        // The rows that are not members, left out as on the upload page (decision 0045): said, never silent.
        foreach (var skipped in file.Skipped ?? [])
        {
            var rows = skipped.FirstRow == skipped.LastRow ? $"row {skipped.FirstRow}" : $"rows {skipped.FirstRow}-{skipped.LastRow}";
            error.WriteLine($"{path}: {rows} left out ({skipped.Kind}): {skipped.Text}");
        }

        return file.People;
    }

    private static void Write(string path, MatchOutcome outcome)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.WriteLine("roll_row,band,register_row,score,levels,same_member_as_roll_row");
        foreach (var row in outcome.Rows)
        {
            var band = row.Band switch { MatchBand.Match => "match", MatchBand.Review => "review", _ => "none" };
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.RollRow},{band},{row.RegisterRow},{(row.Pair is null ? string.Empty : row.Score.ToString("0.00", CultureInfo.InvariantCulture))},{row.Levels},{row.SameMemberAsRow}"));
        }
    }
}
