using System.Globalization;
using EventSourced.Domain.Audit;
using JasperFx.CommandLine;
using Marten;

namespace EventSourced.Web.Audit;

/// <summary>Arguments of <c>verify-chain</c>.</summary>
public sealed class VerifyChainInput : NetCoreInput
{
    [Description("a CSV of checkpoints exported earlier and kept elsewhere (seq_id,hash,taken_at): each must still be in the chain")]
    public string? CheckpointsFlag { get; set; }

    [Description("verify from this checkpoint's sequence number instead of the first event (the checkpoint must be one kept in the database or in --checkpoints)")]
    public long? FromFlag { get; set; }

    [Description("with provinces configured, the province (its code) whose chain to verify; every province's, one after the other, when not given")]
    public string? ProvinceFlag { get; set; }
}

/// <summary>
/// <c>verify-chain</c>: recomputes the hash chain over the stored events of the configured database and
/// checks every checkpoint, then holds the read models the screens read to the events (decision 0051); exit code 0
/// when intact and agreeing, 1 when a link is broken or a read model differs (the first one is named
/// with its sequence number), 2 when the arguments are unusable. With provinces (decision 0025) each
/// province's database holds its own chain: one province's with <c>--province</c>, else each in turn,
/// intact only when all are.
/// </summary>
[Description("Verifies the hash chain over the event log (exit code 0 when intact)", Name = "verify-chain")]
public sealed class VerifyChainCommand : JasperFxAsyncCommand<VerifyChainInput>
{
    public override async Task<bool> Execute(VerifyChainInput input)
    {
        var keptElsewhere = new List<ChainCheckpoint>();
        if (input.CheckpointsFlag is { } file)
        {
            if (ChainCheckpointFile.Read(file, out var error) is not { } read)
            {
                await Console.Error.WriteLineAsync($"verify-chain: {error}");
                return false;
            }

            keptElsewhere.AddRange(read);
        }

        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var provinces = host.Services.GetRequiredService<Infrastructure.Provinces>();
        var (chosen, refused) = provinces.ForCommand(input.ProvinceFlag, required: false);
        if (refused is not null)
        {
            await Console.Error.WriteLineAsync($"verify-chain: {refused}");
            return false;
        }

        IReadOnlyList<(string? Province, Marten.Storage.IMartenDatabase Database)> chains;
        if (!provinces.Enabled)
        {
            chains = [(null, store.Storage.Database)];
        }
        else if (chosen is not null)
        {
            chains = [(chosen.Code, await store.Storage.FindOrCreateDatabase(chosen.Code))];
        }
        else if (input.FromFlag is not null || keptElsewhere.Count > 0)
        {
            // A checkpoint names a place in one chain: which province's must be said.
            await Console.Error.WriteLineAsync("verify-chain: --from and --checkpoints name places in one province's chain; give --province too.");
            return false;
        }
        else
        {
            chains = [.. await Task.WhenAll(provinces.All.Select(async p => ((string?)p.Code, await store.Storage.FindOrCreateDatabase(p.Code))))];
        }

        var intact = true;
        foreach (var (province, database) in chains)
        {
            if (province is not null)
            {
                Console.WriteLine($"province {province}:");
            }

            intact &= await VerifyAsync(store, database, province, input.FromFlag, keptElsewhere);
        }

        return intact;
    }

    private static async Task<bool> VerifyAsync(IDocumentStore store, Marten.Storage.IMartenDatabase database, string? province, long? fromSequence, IReadOnlyList<ChainCheckpoint> keptElsewhere)
    {
        ChainCheckpoint? from = null;
        if (fromSequence is { } sequence)
        {
            await using var connection = await EventChainStorage.OpenAsync(database, default);
            from = keptElsewhere.Concat(await EventChainStorage.CheckpointsAsync(connection, EventChainStorage.SchemaOf(store), int.MaxValue, default))
                .FirstOrDefault(c => c.Sequence == sequence);
            if (from is null)
            {
                await Console.Error.WriteLineAsync($"verify-chain: no checkpoint at sequence {sequence}.");
                return false;
            }
        }

        var lastShown = 0L;
        var result = await VerifyEventChain.RunAsync(store, database, from, keptElsewhere, n =>
        {
            if (n - lastShown >= 500_000)
            {
                lastShown = n;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {n:N0} events checked..."));
            }
        }, TimeProvider.System, default);

        Console.WriteLine(ChainVerificationText.Summary(result));
        // What the screens read, held to the events (decision 0051): a table changed behind the events fails too.
        var models = await VerifyReadModels.RunAsync(store, database, province, null, default);
        Console.WriteLine(ChainVerificationText.Summary(models));
        return result.Intact && models.Agrees;
    }
}

/// <summary>The verification's outcome in one line (the command line and the logs are in English).</summary>
public static class ChainVerificationText
{
    public static string Summary(ChainVerification result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var range = string.Create(CultureInfo.InvariantCulture, $"{result.Checked:N0} events checked from sequence {result.FromSequence} to {result.HeadSequence} in {result.Took.TotalSeconds:0.0} s");
        if (result.FirstBreak is not { } broken)
        {
            return $"intact: {range}";
        }

        var what = broken.Kind switch
        {
            ChainBreakKind.Altered => $"event {broken.EventType} (stream {broken.StreamId}, version {broken.Version}) was altered",
            ChainBreakKind.Missing => "the event is missing (deleted)",
            ChainBreakKind.NotInChain => $"event {broken.EventType} (stream {broken.StreamId}, version {broken.Version}) is not in the chain (inserted afterwards)",
            ChainBreakKind.Archived => $"event {broken.EventType} (stream {broken.StreamId}, version {broken.Version}) was flagged archived (hidden from the register)",
            _ => "a checkpoint kept elsewhere no longer matches the chain (rewritten)",
        };
        return string.Create(CultureInfo.InvariantCulture, $"BROKEN at sequence {broken.Sequence}: {what}; {result.Breaks} broken link(s) in all; {range}");
    }

    public static string Summary(ReadModelCheck result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var range = string.Create(CultureInfo.InvariantCulture, $"{result.Members:N0} members' records and roll periods, {result.LogRows:N0} log rows and every stream's version compared");
        if (result.First is not { } first)
        {
            return $"read models agree with the events: {range}";
        }

        var where = first.Sequence is { } sequence ? string.Create(CultureInfo.InvariantCulture, $"sequence {sequence}") : $"stream {first.StreamId}";
        return string.Create(CultureInfo.InvariantCulture, $"READ MODELS DIFFER from the events at {where}: {first.Kind}; {result.Differences} difference(s) in all; {range}");
    }
}

/// <summary>The CSV an auditor exports and keeps elsewhere: one checkpoint a line, <c>seq_id,hash,taken_at</c>.</summary>
public static class ChainCheckpointFile
{
    public const string Header = "seq_id,hash,taken_at";

    public static string Write(IEnumerable<ChainCheckpoint> checkpoints)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        var text = new System.Text.StringBuilder().Append(Header).Append('\n');
        foreach (var c in checkpoints)
        {
            text.Append(CultureInfo.InvariantCulture, $"{c.Sequence},{c.Hash},{c.TakenAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.ffffffZ}\n");
        }

        return text.ToString();
    }

    /// <summary>The checkpoints in <paramref name="path"/>, or null with the line and reason it cannot be read.</summary>
    public static IReadOnlyList<ChainCheckpoint>? Read(string path, out string? error)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read {path}: {e.Message}";
            return null;
        }

        return Parse(lines, out error);
    }

    public static IReadOnlyList<ChainCheckpoint>? Parse(IReadOnlyList<string> lines, out string? error) => Parse(lines, out error, out _);

    /// <summary>As <see cref="Parse(IReadOnlyList{string}, out string?)"/>, with the number of the line that cannot be read (0 when all can).</summary>
    public static IReadOnlyList<ChainCheckpoint>? Parse(IReadOnlyList<string> lines, out string? error, out int badLine)
    {
        ArgumentNullException.ThrowIfNull(lines);
        badLine = 0;
        var found = new List<ChainCheckpoint>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || (i == 0 && line.Equals(Header, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var parts = line.Split(',');
            if (parts.Length != 3
                || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                || EventChain.FromHex(parts[1]) is null
                || !DateTimeOffset.TryParse(parts[2], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var takenAt))
            {
                error = $"line {i + 1}: expected seq_id,hash (64 hexadecimal digits),taken_at";
                badLine = i + 1;
                return null;
            }

            found.Add(new ChainCheckpoint(sequence, parts[1].ToLowerInvariant(), takenAt));
        }

        error = null;
        return found;
    }
}
