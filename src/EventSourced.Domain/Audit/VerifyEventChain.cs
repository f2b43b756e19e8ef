using Marten;

namespace EventSourced.Domain.Audit;

/// <summary>What a verification of the chain found, from where, up to where, and how long it took.</summary>
public sealed record ChainVerification(
    long FromSequence,
    long HeadSequence,
    long Checked,
    ChainBreak? FirstBreak,
    int Breaks,
    DateTimeOffset VerifiedAt,
    TimeSpan Took)
{
    public bool Intact => FirstBreak is null;
}

/// <summary>
/// Verifies the chain: every stored event up to the head recomputed link by link from the first event
/// (or from a checkpoint), every event present and none added, and every checkpoint (those kept in the
/// database and any copies kept elsewhere) still found at its place in the chain. A chain rewritten
/// consistently after an altered event is caught by the first checkpoint after it.
/// </summary>
public static class VerifyEventChain
{
    public static Task<ChainVerification> RunAsync(
        IDocumentStore store,
        ChainCheckpoint? from,
        IReadOnlyList<ChainCheckpoint> keptElsewhere,
        Action<long>? progress,
        TimeProvider time,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return RunAsync(store, store.Storage.Database, from, keptElsewhere, progress, time, ct);
    }

    /// <summary>The same over one of the store's databases: each province keeps its own chain (decision 0025).</summary>
    public static async Task<ChainVerification> RunAsync(
        IDocumentStore store,
        Marten.Storage.IMartenDatabase database,
        ChainCheckpoint? from,
        IReadOnlyList<ChainCheckpoint> keptElsewhere,
        Action<long>? progress,
        TimeProvider time,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(database);
        var schema = EventChainStorage.SchemaOf(store);
        ArgumentNullException.ThrowIfNull(keptElsewhere);
        ArgumentNullException.ThrowIfNull(time);
        var started = time.GetTimestamp();
        await using var links = await EventChainStorage.OpenAsync(database, ct);
        await using var events = await EventChainStorage.OpenAsync(database, ct);
        var head = await EventChainStorage.HeadAsync(links, schema, ct);
        var headSequence = head?.Sequence ?? 0;

        var checkpoints = (await EventChainStorage.CheckpointsAsync(links, schema, int.MaxValue, ct)).Concat(keptElsewhere).ToList();
        if (from is not null)
        {
            checkpoints.Add(from);
        }

        ChainBreak? checkpointBreak = null;
        var checkpointBreaks = 0;
        foreach (var checkpoint in checkpoints.OrderBy(c => c.Sequence))
        {
            var stored = await EventChainStorage.LinkAtAsync(links, schema, checkpoint.Sequence, ct);
            if (stored is null || !EventChain.Hex(stored).Equals(checkpoint.Hash, StringComparison.OrdinalIgnoreCase))
            {
                checkpointBreak ??= new ChainBreak(checkpoint.Sequence, ChainBreakKind.CheckpointMismatch, null, null, null);
                checkpointBreaks++;
            }
        }

        var start = from is null ? EventChain.Genesis : EventChain.FromHex(from.Hash) ?? throw new ArgumentException("a checkpoint's hash is 64 hexadecimal digits", nameof(from));
        var walk = await ChainWalk.RunAsync(
            EventChainStorage.EventsAsync(events, schema, from?.Sequence ?? 0, headSequence, null, ct),
            EventChainStorage.LinksAsync(links, schema, from?.Sequence ?? 0, headSequence, ct),
            start,
            progress,
            ct);

        // The walk's break is the earlier one in the log when both found something.
        var first = new[] { walk.FirstBreak, checkpointBreak }.Where(b => b is not null).MinBy(b => b!.Sequence);
        return new ChainVerification(
            from?.Sequence ?? 0,
            headSequence,
            walk.Checked,
            first,
            walk.Breaks + checkpointBreaks,
            time.GetUtcNow(),
            time.GetElapsedTime(started));
    }
}
