using System.Runtime.CompilerServices;
using Marten;
using Npgsql;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;
using Weasel.Postgresql.Triggers;

namespace EventSourced.Domain.Audit;

/// <summary>
/// Where the chain lives: <c>event_chain</c> (one link per event, by sequence number) and
/// <c>event_chain_checkpoints</c> (the head at moments, to export and keep elsewhere), beside
/// <c>mt_events</c> and append-only like it. Also the one way both the keeper and the verifier read
/// stored events, so they cannot hash different columns.
/// </summary>
public static class EventChainStorage
{
    public const string Links = "event_chain";
    public const string Checkpoints = "event_chain_checkpoints";

    /// <summary>The schema of the events, where the chain's tables are.</summary>
    public static string SchemaOf(IDocumentStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Options.Events.DatabaseSchemaName;
    }

    public static Task<NpgsqlConnection> OpenAsync(IDocumentStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return OpenAsync(store.Storage.Database, ct);
    }

    /// <summary>A connection to one of the store's databases: each province keeps its own chain (decision 0025).</summary>
    public static async Task<NpgsqlConnection> OpenAsync(Marten.Storage.IMartenDatabase database, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }

    public static IEnumerable<ISchemaObject> SchemaObjects(string schema, string refuseChangeFunction)
    {
        var links = new Table(new PostgresqlObjectName(schema, Links, SchemaUtils.IdentifierUsage.General));
        links.AddColumn<long>("seq_id").AsPrimaryKey();
        links.AddColumn("hash", "bytea").NotNull();
        links.AddColumn("linked_at", "timestamp with time zone").NotNull().DefaultValueByExpression("now()");
        yield return links;

        var checkpoints = new Table(new PostgresqlObjectName(schema, Checkpoints, SchemaUtils.IdentifierUsage.General));
        checkpoints.AddColumn<long>("seq_id").AsPrimaryKey();
        checkpoints.AddColumn("hash", "bytea").NotNull();
        checkpoints.AddColumn("taken_at", "timestamp with time zone").NotNull().DefaultValueByExpression("now()");
        checkpoints.AddColumn("taken_by", "varchar").NotNull();
        yield return checkpoints;

        foreach (var table in new[] { Links, Checkpoints })
        {
            var name = new PostgresqlObjectName(schema, table, SchemaUtils.IdentifierUsage.General);
            foreach (var (trigger, on, row) in new[] { ($"{table}_no_update", TriggerEvents.Update, true), ($"{table}_no_delete", TriggerEvents.Delete, true), ($"{table}_no_truncate", TriggerEvents.Truncate, false) })
            {
                yield return new Trigger(new PostgresqlObjectName(schema, trigger, SchemaUtils.IdentifierUsage.General), name, refuseChangeFunction)
                {
                    Timing = TriggerTiming.Before,
                    Events = on,
                    ForEachRow = row,
                };
            }
        }
    }

    /// <summary>The stored events after <paramref name="after"/> up to <paramref name="upTo"/>, in sequence order, as the chain hashes them.</summary>
    public static async IAsyncEnumerable<StoredEvent> EventsAsync(
        NpgsqlConnection connection, string schema, long after, long upTo, int? limit, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand(
            $"""
            select seq_id, id, stream_id, version, type, data::text, bdata, timestamp, tenant_id, mt_dotnet_type,
                   correlation_id, causation_id, headers::text, user_name, coalesce(is_archived, false)
            from {schema}.mt_events where seq_id > $1 and seq_id <= $2 order by seq_id
            {(limit is { } n ? $"limit {n}" : string.Empty)}
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = upTo });
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            yield return new StoredEvent(
                reader.GetInt64(0),
                reader.GetGuid(1),
                reader.IsDBNull(2) ? null : reader.GetGuid(2),
                reader.GetInt64(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<byte[]>(6),
                EventChain.Microseconds(reader.GetDateTime(7)),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetString(12),
                reader.IsDBNull(13) ? null : reader.GetString(13),
                reader.GetBoolean(14));
        }
    }

    /// <summary>The stored links after <paramref name="after"/> up to <paramref name="upTo"/>, in sequence order.</summary>
    public static async IAsyncEnumerable<(long Sequence, byte[] Hash)> LinksAsync(
        NpgsqlConnection connection, string schema, long after, long upTo, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand($"select seq_id, hash from {schema}.{Links} where seq_id > $1 and seq_id <= $2 order by seq_id", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = upTo });
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
        }
    }

    /// <summary>The last link, or none before the first event is linked.</summary>
    public static async Task<(long Sequence, byte[] Hash)?> HeadAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand($"select seq_id, hash from {schema}.{Links} order by seq_id desc limit 1", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : null;
    }

    /// <summary>The stored link at <paramref name="sequence"/>, if any.</summary>
    public static async Task<byte[]?> LinkAtAsync(NpgsqlConnection connection, string schema, long sequence, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand($"select hash from {schema}.{Links} where seq_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = sequence });
        return await command.ExecuteScalarAsync(ct) as byte[];
    }

    /// <summary>Every checkpoint kept in the database, newest first.</summary>
    public static async Task<IReadOnlyList<ChainCheckpoint>> CheckpointsAsync(NpgsqlConnection connection, string schema, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand($"select seq_id, hash, taken_at from {schema}.{Checkpoints} order by seq_id desc limit {limit}", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = new List<ChainCheckpoint>();
        while (await reader.ReadAsync(ct))
        {
            found.Add(new ChainCheckpoint(reader.GetInt64(0), EventChain.Hex(reader.GetFieldValue<byte[]>(1)), new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero)));
        }

        return found;
    }
}
