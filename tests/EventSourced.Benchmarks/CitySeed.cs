using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace EventSourced.Benchmarks;

/// <summary>The city-scale demo with its members, loaded by the seed command, for every benchmark that needs it.</summary>
internal static partial class CitySeed
{
    /// <summary>What was loaded, the seed command's row for the table, a note on where its time went, and what the command printed.</summary>
    public sealed record Result(int Units, int Members, ResultRow Row, string Note, TimeSpan Elapsed, string Output);

    /// <summary>
    /// <c>dotnet EventSourced.Web.dll seed --size City --environment Development</c> (members and their
    /// app rollout included) into a fresh data directory, given by environment variable as the tree
    /// benchmark does. The whole command is timed; <paramref name="benchmark"/> names the console line.
    /// </summary>
    public static async Task<Result> RunAsync(Workspace workspace, string dataDirectory, string benchmark, TimeSpan limit, CancellationToken ct)
    {
        var info = workspace.AppStartInfo(["seed", "--size", "City", "--environment", "Development", "--contentroot", workspace.ContentRoot]);
        info.Environment["EmbeddedDatabase__DataDirectory"] = dataDirectory;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limit);
        var clock = Stopwatch.StartNew();
        CommandResult result;
        try
        {
            result = (await Command.RunAsync(info, timeout.Token)).EnsureSuccess();
        }
        finally
        {
            await Workspace.StopClusterIfRunningAsync(dataDirectory);
        }

        var elapsed = clock.Elapsed;
        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            throw new BenchmarkException($"The seed command succeeded but created no cluster in {dataDirectory}: where did it write?");
        }

        var loaded = SeedLoaded().Match(result.Output);
        if (!loaded.Success)
        {
            throw new BenchmarkException($"The seed command did not report what it loaded:\n{result.Tail(20)}");
        }

        var units = int.Parse(loaded.Groups["units"].Value, CultureInfo.InvariantCulture);
        var members = int.Parse(loaded.Groups["members"].Value, CultureInfo.InvariantCulture);
        if (members == 0)
        {
            throw new BenchmarkException($"The seed command loaded no members:\n{result.Tail(20)}");
        }

        var loadSeconds = double.Parse(loaded.Groups["seconds"].Value.Replace(',', '.'), CultureInfo.InvariantCulture);
        var wholeRate = members / elapsed.TotalSeconds;
        var loadRate = members / loadSeconds;
        Console.WriteLine($"  {benchmark} seed --size City: {units:N0} units and {members:N0} members in {Format.Duration(elapsed)} ({wholeRate:N0} members/s; the load alone {loadSeconds:0.0} s, {loadRate:N0} members/s)");
        return new Result(
            units,
            members,
            new ResultRow($"seed --size City ({units:N0} units, {members:N0} members), whole command", elapsed, null, Note: $"{wholeRate:N0} members/s"),
            $"Seed: {units:N0} units, {members:N0} members with their app rollout, and the demo accounts in {Format.Duration(elapsed)} for the whole command ({wholeRate:N0} members/s), of which the bulk load and the rebuild of every projection took {loadSeconds:0.0} s by the command's own report ({loadRate:N0} members/s); the rest is the process start, initdb, the cluster start and the schema.",
            elapsed,
            result.Output);
    }

    [GeneratedRegex(@"seed: (?<units>\d+) units, (?<members>\d+) members and \d+ demo accounts loaded in (?<seconds>[\d.,]+) s")]
    private static partial Regex SeedLoaded();
}
