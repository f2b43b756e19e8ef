using Marten;
using Npgsql;

namespace EventSourced.Domain.Audit;

/// <summary>
/// Links the events recorded since the chain's head, in batches after they are committed, never in
/// the writers' transactions: appends are not serialised on the chain. Only events below the async
/// daemon's high-water mark are linked, the point under which no transaction still in flight can
/// commit an event with a smaller sequence number; an advisory lock keeps two nodes from linking the
/// same events.
/// </summary>
public static class ExtendEventChain
{
    public const int BatchSize = 20_000;

    // Any fixed number: the lock only has to be the same for every node.
    private const long LockKey = 0x45_76_65_6E_74_43_68_6E;

    /// <summary>Links every event up to <paramref name="upTo"/> (by default the daemon's high-water mark); returns how many were linked.</summary>
    public static Task<long> RunAsync(IDocumentStore store, long? upTo, Action<long>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return RunAsync(store, store.Storage.Database, upTo, progress, ct);
    }

    /// <summary>The same in one of the store's databases (a province's, when there are several).</summary>
    public static async Task<long> RunAsync(IDocumentStore store, Marten.Storage.IMartenDatabase database, long? upTo, Action<long>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var schema = EventChainStorage.SchemaOf(store);
        long linked = 0;
        while (true)
        {
            await using var connection = await EventChainStorage.OpenAsync(database, ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using (var lockCommand = new NpgsqlCommand($"select pg_advisory_xact_lock({LockKey})", connection, transaction))
            {
                await lockCommand.ExecuteNonQueryAsync(ct);
            }

            var mark = upTo ?? await HighWaterMarkAsync(connection, schema, ct);
            var head = await EventChainStorage.HeadAsync(connection, schema, ct);
            var previous = head?.Hash ?? EventChain.Genesis.ToArray();
            var rows = new List<(long Sequence, byte[] Hash)>(BatchSize);
            await foreach (var e in EventChainStorage.EventsAsync(connection, schema, head?.Sequence ?? 0, mark, BatchSize, ct))
            {
                previous = EventChain.Link(previous, e);
                rows.Add((e.Sequence, previous));
            }

            if (rows.Count > 0)
            {
                await using var writer = await connection.BeginBinaryImportAsync($"copy {schema}.{EventChainStorage.Links} (seq_id, hash) from stdin (format binary)", ct);
                foreach (var (sequence, hash) in rows)
                {
                    await writer.StartRowAsync(ct);
                    await writer.WriteAsync(sequence, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                    await writer.WriteAsync(hash, NpgsqlTypes.NpgsqlDbType.Bytea, ct);
                }

                await writer.CompleteAsync(ct);
            }

            await transaction.CommitAsync(ct);
            linked += rows.Count;
            progress?.Invoke(linked);
            if (rows.Count < BatchSize)
            {
                return linked;
            }
        }
    }

    /// <summary>Keeps the current head as a checkpoint (once per head); returns it, or none before the first link.</summary>
    public static Task<ChainCheckpoint?> CheckpointAsync(IDocumentStore store, string takenBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return CheckpointAsync(store, store.Storage.Database, takenBy, ct);
    }

    /// <summary>The same in one of the store's databases (a province's, when there are several).</summary>
    public static async Task<ChainCheckpoint?> CheckpointAsync(IDocumentStore store, Marten.Storage.IMartenDatabase database, string takenBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var schema = EventChainStorage.SchemaOf(store);
        await using var connection = await EventChainStorage.OpenAsync(database, ct);
        await using var command = new NpgsqlCommand(
            $"""
            insert into {schema}.{EventChainStorage.Checkpoints} (seq_id, hash, taken_by)
            select seq_id, hash, $1 from {schema}.{EventChainStorage.Links} order by seq_id desc limit 1
            on conflict (seq_id) do nothing
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = takenBy });
        await command.ExecuteNonQueryAsync(ct);
        var latest = await EventChainStorage.CheckpointsAsync(connection, schema, 1, ct);
        return latest.Count > 0 ? latest[0] : null;
    }

    private static async Task<long> HighWaterMarkAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select last_seq_id from {schema}.mt_event_progression where name = 'HighWaterMark'", connection);
        return await command.ExecuteScalarAsync(ct) is long mark ? mark : 0;
    }
}
