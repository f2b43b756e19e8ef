using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EventSourced.Benchmarks.Reconciliation;

/// <summary>
/// The reconcile command on generated files with known truth: a 475,000-member register and a
/// 120,000-row roll. The weights and thresholds were tuned on <see cref="TuningSeed"/>; the targets
/// are judged on <see cref="ReportSeed"/>, which they never saw. Times are of the real command as a
/// process, beside the time it spent reading and parsing both files (the floor).
/// </summary>
internal static partial class ReconcileBenchmark
{
    public const string Name = "reconcile";

    /// <summary>The header row above the people in the generated files, which the command's row numbers count.</summary>
    private const int HeaderRows = 1;
    public const int RegisterSize = 475_000;
    public const int RollSize = 120_000;
    public const int TuningSeed = 11;
    public const int ReportSeed = 20_261_206;

    /// <summary>A cold run and two more.</summary>
    public const int Runs = 3;

    public static readonly LatencyTarget TimeTarget = new(TimeSpan.FromSeconds(30), "p95 of the runs after the first");

    public static async Task<BenchmarkResult> RunAsync(Workspace workspace, CancellationToken ct)
    {
        // RECONCILE_FILES keeps the generated files, their truth and the results for a closer look.
        var directory = Directory.CreateDirectory(Environment.GetEnvironmentVariable("RECONCILE_FILES") is { Length: > 0 } kept
            ? kept
            : Path.Combine(workspace.Temporary, "reconcile")).FullName;
        var notes = new List<string>();
        var rows = new List<ResultRow>();

        var tuning = await GenerateAsync(directory, TuningSeed, ct);
        var tuned = await RunCommandAsync(workspace, tuning, ct);
        var tuningAccuracy = Evaluate(tuning, tuned.Output);
        rows.Add(new ResultRow($"tuning seed {TuningSeed}: match precision / recall / review", null, null,
            Note: tuningAccuracy.Summary));
        notes.Add($"Tuning seed {TuningSeed} (weights and thresholds were chosen on it): {tuningAccuracy.Summary}.");
        notes.AddRange(tuningAccuracy.Examples.Select(e => $"tuning seed, {e}"));

        var report = await GenerateAsync(directory, ReportSeed, ct);
        var runs = new List<CommandRun>();
        for (var run = 0; run < Runs; run++)
        {
            runs.Add(await RunCommandAsync(workspace, report, ct));
        }

        var accuracy = Evaluate(report, runs[^1].Output);
        rows.Add(new ResultRow($"report seed {ReportSeed}: precision of the match band", null, null, new ShareTarget(0.995, accuracy.Precision, AtLeast: true), accuracy.PrecisionDetail));
        rows.Add(new ResultRow($"report seed {ReportSeed}: recall of the match band", null, null, new ShareTarget(0.995, accuracy.Recall, AtLeast: true), accuracy.RecallDetail));
        rows.Add(new ResultRow($"report seed {ReportSeed}: roll rows in review", null, null, new ShareTarget(0.02, accuracy.ReviewShare, AtLeast: false), accuracy.ReviewDetail));
        rows.Add(new ResultRow($"reconcile {RollSize:N0}-row roll against {RegisterSize:N0}-member register (whole command)",
            runs[0].Elapsed, new Measurement(runs.Skip(1).Select(r => r.Elapsed)), TimeTarget,
            $"peak working set {runs.Max(r => r.PeakMegabytes):N0} MB; processor time {Format.Duration(runs.Skip(1).Min(r => r.ProcessorTime))} (both cores together)"));
        rows.Add(new ResultRow("floor: reading and parsing both files (inside the same runs)",
            runs[0].Read, new Measurement(runs.Skip(1).Select(r => r.Read)), Note: "the reconcile command's own read phase"));
        rows.Add(new ResultRow("matching alone (index, candidates, scores, one-to-one)",
            runs[0].Matched, new Measurement(runs.Skip(1).Select(r => r.Matched))));
        notes.Add($"Load average when the timed runs ended: {Machine.LoadAverage()} on {Environment.ProcessorCount} processors. Wall-clock time on a shared machine grows with its load; the processor time the command used (user and system, both cores) is what it costs whatever the load.");
        notes.Add($"Report seed {ReportSeed}: {accuracy.Summary}; {accuracy.Duplicates}.");
        notes.AddRange(accuracy.Examples.Select(e => $"report seed, {e}"));
        notes.Add($"Files: register {Format.Size(new FileInfo(report.RegisterPath).Length)}, roll {Format.Size(new FileInfo(report.RollPath).Length)}; the command: `dotnet src/EventSourced.Web/bin/Release/net10.0/EventSourced.Web.dll reconcile --register register.csv --roll roll.csv --out result.csv`.");

        return new BenchmarkResult(
            Name,
            $"Reconciliation: {RollSize:N0}-row roll against a {RegisterSize:N0}-member register",
            $"""
            A generator (`tests/EventSourced.Benchmarks/Reconciliation/RollGenerator.cs`) writes a register of {RegisterSize:N0} members and a roll of {RollSize:N0} rows with known truth; the noise model is below. The real `reconcile` command runs on them as a process ({Runs} times on the report seed; the first is the cold one) and its output is checked against the truth. *Precision*: of the roll rows in the match band, the share paired with their true member. *Recall*: of the register members truly on the roll, the share matched (match band) by one of their rows. *Review*: the share of roll rows in the review band. The weights and thresholds in `MatchSettings` were tuned on seed {TuningSeed} only; the targets are judged on seed {ReportSeed}.

            Noise model of the roll (each independently, per row): {RollSize * 2 / 100:N0} people not in the register (a third of them a sibling of a member: same family and middle name, birth date and mostly cell); {RollSize * 12 / 1000:N0} rows written twice; of the rest, family-first names drawn from real frequencies (Nguyễn 38 %, Trần 11 %, Lê 9.5 %, Phạm 7.1 %, … and a tail of 46 rarer names sharing 10 %), 1–2 middle names (3 % none), Zipf-distributed given names; the register holds 3 % twins or siblings (same family and middle name, same birth date, 70 % the same cell). Roll noise: oa/oe/uy tone placement old or new at random (50 %, register too); accents dropped 7 %; "Ð" (U+00D0) for "Đ" 5 % of the names with "Đ"; upper case 5 %; doubled spaces 5 %; a typo in one word 3 % (letter dropped, swapped, replaced, or its accents lost); middle name dropped 2 %, added 1 %; given name first 1.5 %; birth date day and month swapped 2 % (when the day ≤ 12), year only 4 %, one digit off 1 %, missing 0.5 %; cell changed 5 %; citizen ID given on half the rows (a fifth of them without leading zeros, 0.5 % with a wrong last digit); card number on 40 %; admission date on 60 % (3 % of them wrong).
            """,
            rows,
            notes);
    }

    private static async Task<GeneratedFileSet> GenerateAsync(string directory, int seed, CancellationToken ct)
    {
        var generated = new RollGenerator(seed, RegisterSize).Generate(RegisterSize, RollSize);
        var registerPath = Path.Combine(directory, $"register-{seed}.csv");
        var rollPath = Path.Combine(directory, $"roll-{seed}.csv");
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        await File.WriteAllLinesAsync(registerPath, [RollGenerator.Header, .. generated.RegisterLines], utf8, ct);
        await File.WriteAllLinesAsync(rollPath, [RollGenerator.Header, .. generated.Roll.Select(r => r.Line)], utf8, ct);
        await File.WriteAllLinesAsync(Path.Combine(directory, $"truth-{seed}.csv"),
            ["roll_row,register_row,duplicate,noise", .. generated.Roll.Select((r, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1},{(r.RegisterRow == 0 ? string.Empty : r.RegisterRow)},{(r.IsDuplicate ? "yes" : string.Empty)},\"{r.Noise}\""))], utf8, ct);
        return new GeneratedFileSet(seed, registerPath, rollPath, Path.Combine(directory, $"result-{seed}.csv"), generated);
    }

    private static async Task<CommandRun> RunCommandAsync(Workspace workspace, GeneratedFileSet files, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var result = (await Command.RunAsync(workspace.AppStartInfo(["reconcile", "--register", files.RegisterPath, "--roll", files.RollPath, "--out", files.OutPath]), ct)).EnsureSuccess();
        var elapsed = clock.Elapsed;
        var summary = Summary().Match(result.Output);
        if (!summary.Success)
        {
            throw new BenchmarkException($"The reconcile command did not print its timings:\n{result.Tail(10)}");
        }

        double Seconds(string group) => double.Parse(summary.Groups[group].Value, CultureInfo.InvariantCulture);
        return new CommandRun(elapsed, TimeSpan.FromSeconds(Seconds("read")), TimeSpan.FromSeconds(Seconds("matched")),
            TimeSpan.FromSeconds(Seconds("cpu")), int.Parse(summary.Groups["peak"].Value, CultureInfo.InvariantCulture), await File.ReadAllLinesAsync(files.OutPath, ct));
    }

    private static Accuracy Evaluate(GeneratedFileSet files, IReadOnlyList<string> output)
    {
        var truth = files.Generated.Roll;
        var answers = output.Skip(1).Select(line => line.Split(',')).ToList();
        if (answers.Count != truth.Count)
        {
            throw new BenchmarkException($"The command wrote {answers.Count} rows for a roll of {truth.Count}.");
        }

        int matched = 0, correct = 0, review = 0, duplicatesFound = 0;
        var membersOnRoll = truth.Where(t => t.RegisterRow > 0).Select(t => t.RegisterRow).ToHashSet();
        var membersFound = new HashSet<int>();
        var examples = new List<string>();
        foreach (var answer in answers)
        {
            // The command names rows as the files number them, under one header row; the truth counts people.
            var row = int.Parse(answer[0], CultureInfo.InvariantCulture) - HeaderRows;
            var expected = truth[row - 1];
            var registerRow = answer[2].Length > 0 ? int.Parse(answer[2], CultureInfo.InvariantCulture) - HeaderRows : 0;
            if (expected.IsDuplicate && answer[5].Length > 0)
            {
                duplicatesFound++;
            }

            switch (answer[1])
            {
                case "match":
                    matched++;
                    if (registerRow == expected.RegisterRow)
                    {
                        correct++;
                        membersFound.Add(registerRow);
                    }
                    else if (examples.Count < 12)
                    {
                        examples.Add($"wrong match: roll row {row} ({expected.Noise}) paired with register row {registerRow} instead of {(expected.RegisterRow == 0 ? "nobody" : expected.RegisterRow)}, score {answer[3]}, {answer[4]}");
                    }

                    break;
                case "review":
                    review++;
                    if (examples.Count < 24)
                    {
                        examples.Add($"review: roll row {row} ({expected.Noise}) with register row {registerRow} ({(registerRow == expected.RegisterRow ? "right" : "wrong")}), score {answer[3]}, {answer[4]}");
                    }

                    break;
                default:
                    if (expected.RegisterRow > 0 && !expected.IsDuplicate && examples.Count < 24)
                    {
                        examples.Add($"missed: roll row {row} ({expected.Noise})");
                    }

                    break;
            }
        }

        var duplicates = truth.Count(t => t.IsDuplicate);
        return new Accuracy(
            matched == 0 ? 0 : correct / (double)matched,
            membersOnRoll.Count == 0 ? 1 : membersFound.Count / (double)membersOnRoll.Count,
            review / (double)truth.Count,
            $"{correct:N0} right of {matched:N0} matched",
            $"{membersFound.Count:N0} of {membersOnRoll.Count:N0} members on the roll",
            $"{review:N0} of {truth.Count:N0} rows",
            $"{duplicatesFound:N0} of {duplicates:N0} rows written twice reported as the same member twice",
            examples);
    }

    [GeneratedRegex(@"read (?<read>[\d.]+) s, matched (?<matched>[\d.]+) s, .* processor time (?<cpu>[\d.]+) s; peak working set (?<peak>\d+) MB")]
    private static partial Regex Summary();

    private sealed record GeneratedFileSet(int Seed, string RegisterPath, string RollPath, string OutPath, GeneratedFiles Generated);

    private sealed record CommandRun(TimeSpan Elapsed, TimeSpan Read, TimeSpan Matched, TimeSpan ProcessorTime, int PeakMegabytes, string[] Output);

    private sealed record Accuracy(double Precision, double Recall, double ReviewShare, string PrecisionDetail, string RecallDetail, string ReviewDetail, string Duplicates, IReadOnlyList<string> Examples)
    {
        public string Summary => string.Create(CultureInfo.InvariantCulture, $"precision {Precision:P2}, recall {Recall:P2}, review {ReviewShare:P2}");
    }
}

/// <summary>A share a figure must reach (or stay under); the measured share travels with the target.</summary>
internal sealed record ShareTarget(double Limit, double Measured, bool AtLeast) : Target(AtLeast ? "at least" : "under")
{
    public override bool? IsMetBy(ResultRow row) => AtLeast ? Measured >= Limit : Measured < Limit;

    public override string Figure(ResultRow row) => Measured.ToString("P2", CultureInfo.InvariantCulture);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{(AtLeast ? "≥" : "<")} {Limit:P1} ({Figure(null!)})");
}
