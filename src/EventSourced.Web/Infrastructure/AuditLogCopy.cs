using EventSourced.Domain.Audit;
using Marten;
using Marten.Storage;
using Npgsql;
using NpgsqlTypes;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// The rebuild's way of filling <c>audit_log</c>, one row per event (2.6 million at city scale): the rows made
/// by the projection's own code (<see cref="AuditLogProjection.RowsAsync"/>, against the finished snapshots of
/// the first wave) and written by binary COPY, instead of the daemon's delete and insert of every page
/// (decision 0035). The member and app-usage events' rows are written by the snapshot fold as it folds them
/// (<see cref="SnapshotFold.AuditRows"/>, decision 0042), so this copies the rest; without the fold it reads
/// every event, a page at a time in two ranges of sequence numbers at once. The projection is then marked at
/// the newest event, so the daemon goes on from there. The running daemon never takes this path.
/// </summary>
public static class AuditLogCopy
{
    public const string Projection = nameof(AuditLogProjection);

    private const int PageSize = ProjectionRebuild.BatchSize;

    /// <summary>Copies the rows of every event up to <paramref name="head"/>.</summary>
    public static Task<long> RunAsync(IDocumentStore store, string? province, IMartenDatabase database, long head, CancellationToken ct) =>
        RunAsync(store, province, database, head, folded: null, ct);

    /// <summary>
    /// Copies the rows of the events up to <paramref name="head"/> that <paramref name="folded"/> (the snapshot fold,
    /// which wrote the rows of the events it folded) did not write; every event's when it is null. Returns the rows
    /// copied here.
    /// </summary>
    public static async Task<long> RunAsync(IDocumentStore store, string? province, IMartenDatabase database, long head, SnapshotFold.AuditRows? folded, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(database);
        long count = 0;
        if (folded is null)
        {
            var middle = head / 2;
            long[] bounds = [0, middle, head];
            await Parallel.ForEachAsync(Enumerable.Range(0, bounds.Length - 1), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct }, async (range, token) =>
            {
                var done = await RangeAsync(store, province, database, bounds[range], bounds[range + 1], token);
                Interlocked.Add(ref count, done);
            });
        }
        else
        {
            count = await RestAsync(store, province, database, head, folded, ct);
        }

        await ProjectionRebuild.MarkAtAsync(database, store.Options.Events.DatabaseSchemaName, [Projection], head, ct);

        return count;
    }

    /// <summary>The events after <paramref name="after"/> up to <paramref name="upTo"/> (sequence numbers).</summary>
    private static async Task<long> RangeAsync(IDocumentStore store, string? province, IMartenDatabase database, long after, long upTo, CancellationToken ct)
    {
        await using var session = province is null ? store.QuerySession() : store.QuerySession(province);
        await using var writer = await Writer.OpenAsync(store, database, ct);
        long done = 0;
        while (after < upTo)
        {
            var from = after;
            var events = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > from && e.Sequence <= upTo)
                .OrderBy(e => e.Sequence)
                .Take(PageSize)
                .ToListAsync(ct);
            if (events.Count == 0)
            {
                break;
            }

            await writer.WriteAsync(await AuditLogProjection.RowsAsync(session, events, ct), ct);
            done += events.Count;
            after = events[^1].Sequence;
        }

        await writer.CompleteAsync(ct);
        return done;
    }

    /// <summary>
    /// The events the fold did not write: those of the types it does not fold (units, accounts, posts, transfers...:
    /// some thousands at city scale, found by one scan of the event types) and those it left (an event of a folded
    /// type whose stream is no member's).
    /// </summary>
    private static async Task<long> RestAsync(IDocumentStore store, string? province, IMartenDatabase database, long head, SnapshotFold.AuditRows folded, CancellationToken ct)
    {
        var sequences = new List<long>();
        await using (var connection = database.CreateConnection())
        {
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = $"select seq_id from {store.Options.Events.DatabaseSchemaName}.mt_events where seq_id <= $1 and type <> all($2)";
            command.CommandTimeout = 0;
            command.Parameters.Add(new NpgsqlParameter { Value = head });
            command.Parameters.Add(new NpgsqlParameter { Value = folded.TypeNames.ToArray() });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                sequences.Add(reader.GetInt64(0));
            }
        }

        sequences.AddRange(folded.Left);
        sequences = [.. sequences.Distinct().Order()];
        await using var session = province is null ? store.QuerySession() : store.QuerySession(province);
        await using var writer = await Writer.OpenAsync(store, database, ct);
        foreach (var page in sequences.Chunk(PageSize))
        {
            var events = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence.IsOneOf(page))
                .OrderBy(e => e.Sequence)
                .ToListAsync(ct);
            await writer.WriteAsync(await AuditLogProjection.RowsAsync(session, events, ct), ct);
        }

        await writer.CompleteAsync(ct);
        return sequences.Count;
    }

    /// <summary>A binary COPY into <c>audit_log</c> on a connection of its own, one per worker.</summary>
    public sealed class Writer : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly NpgsqlBinaryImporter _copy;

        private Writer(NpgsqlConnection connection, NpgsqlBinaryImporter copy)
        {
            _connection = connection;
            _copy = copy;
        }

        public static async Task<Writer> OpenAsync(IDocumentStore store, IMartenDatabase database, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(store);
            ArgumentNullException.ThrowIfNull(database);
            var connection = database.CreateConnection();
            try
            {
                await connection.OpenAsync(ct);
                var copy = await connection.BeginBinaryImportAsync(CopySql(store), ct);
                return new Writer(connection, copy);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        /// <summary>The COPY statement of <c>audit_log</c>'s columns.</summary>
        public static string CopySql(IDocumentStore store)
        {
            ArgumentNullException.ThrowIfNull(store);
            return $"copy {store.Options.Events.DatabaseSchemaName}.{AuditLogProjection.TableName} ({string.Join(", ", AuditLogProjection.Columns)}) from stdin (format binary)";
        }

        public async Task WriteAsync(IEnumerable<AuditLogRecord> rows, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(rows);
            foreach (var row in rows)
            {
                await WriteRowAsync(_copy, row, ct);
            }
        }

        /// <summary>One row into a COPY of <see cref="CopySql"/>.</summary>
        public static async Task WriteRowAsync(NpgsqlBinaryImporter copy, AuditLogRecord row, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(copy);
            ArgumentNullException.ThrowIfNull(row);
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(row.Sequence, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(row.RecordedAt, NpgsqlDbType.TimestampTz, ct);
            await WriteAsync(copy, row.EffectiveDate, NpgsqlDbType.Date, ct);
            await copy.WriteAsync(row.EventType, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(row.StreamId, NpgsqlDbType.Uuid, ct);
            await WriteAsync(copy, row.MemberId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(row.UnitIds.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid, ct);
            await WriteAsync(copy, row.Actor, NpgsqlDbType.Varchar, ct);
            await WriteAsync(copy, row.ActorName, NpgsqlDbType.Varchar, ct);
            await WriteAsync(copy, row.ActorRole, NpgsqlDbType.Varchar, ct);
            await WriteAsync(copy, row.ActorBody, NpgsqlDbType.Varchar, ct);
            await WriteAsync(copy, row.CorrelationId, NpgsqlDbType.Varchar, ct);
            await WriteAsync(copy, row.Decision, NpgsqlDbType.Varchar, ct);
            await WriteAsync(copy, row.Reason, NpgsqlDbType.Varchar, ct);
        }

        /// <summary>Commits the rows written; without it, disposing cancels the COPY and none is kept.</summary>
        public async Task CompleteAsync(CancellationToken ct) => await _copy.CompleteAsync(ct);

        public async ValueTask DisposeAsync()
        {
            await _copy.DisposeAsync();
            await _connection.DisposeAsync();
        }

        private static async Task WriteAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct)
        {
            if (value is null)
            {
                await copy.WriteNullAsync(ct);
            }
            else
            {
                await copy.WriteAsync(value, type, ct);
            }
        }
    }
}
