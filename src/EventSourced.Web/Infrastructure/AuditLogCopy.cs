using EventSourced.Domain.Audit;
using Marten;
using Marten.Storage;
using Npgsql;
using NpgsqlTypes;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// The rebuild's way of filling <c>audit_log</c>, one row per event (2.6 million at city scale): the events
/// read a page at a time in two ranges of sequence numbers at once, the rows made by the projection's own
/// code (<see cref="AuditLogProjection.RowsAsync"/>, against the finished snapshots of the first wave) and
/// written by binary COPY, instead of the daemon's delete and insert of every page (decision 0035). The
/// projection is then marked at the newest event, so the daemon goes on from there. The running daemon
/// never takes this path.
/// </summary>
public static class AuditLogCopy
{
    public const string Projection = nameof(AuditLogProjection);

    private const int PageSize = ProjectionRebuild.BatchSize;

    public static async Task<long> RunAsync(IDocumentStore store, string? province, IMartenDatabase database, long head, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(database);
        var middle = head / 2;
        long[] bounds = [0, middle, head];
        long count = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, bounds.Length - 1), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct }, async (range, token) =>
        {
            var done = await RangeAsync(store, province, database, bounds[range], bounds[range + 1], token);
            Interlocked.Add(ref count, done);
        });

        await ProjectionRebuild.MarkAtAsync(database, store.Options.Events.DatabaseSchemaName, [Projection], head, ct);

        return count;
    }

    /// <summary>The events after <paramref name="after"/> up to <paramref name="upTo"/> (sequence numbers).</summary>
    private static async Task<long> RangeAsync(IDocumentStore store, string? province, IMartenDatabase database, long after, long upTo, CancellationToken ct)
    {
        await using var session = province is null ? store.QuerySession() : store.QuerySession(province);
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var copy = await connection.BeginBinaryImportAsync(
            $"copy {store.Options.Events.DatabaseSchemaName}.{AuditLogProjection.TableName} ({string.Join(", ", AuditLogProjection.Columns)}) from stdin (format binary)", ct);
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

            foreach (var row in await AuditLogProjection.RowsAsync(session, events, ct))
            {
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

            done += events.Count;
            after = events[^1].Sequence;
        }

        await copy.CompleteAsync(ct);
        return done;
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
