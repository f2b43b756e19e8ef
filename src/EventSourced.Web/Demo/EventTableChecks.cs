using Marten;
using Marten.Storage;

namespace EventSourced.Web.Demo;

/// <summary>
/// The checks <c>mt_events</c> makes on every row it takes, deferred while the seed loads an empty store:
/// its unique indexes other than the primary key (event id; stream and version) and its foreign key to
/// <c>mt_streams</c>. Kept row by row through 2.6 million events they cost more than writing the events
/// themselves (600,000 events by COPY: 3.0 s bare, 6.4 s with the indexes, 10.4 s with the key too);
/// built once at the end they take a few seconds, and they check every row just the same: a duplicate id
/// or an event of a stream that does not exist fails the seed there. The definitions are PostgreSQL's own
/// (<c>pg_get_indexdef</c>, <c>pg_get_constraintdef</c>), so what comes back is what Marten made. Nothing
/// else writes while the seed runs (it loads only into an empty store, before the application serves).
/// </summary>
public sealed class EventTableChecks
{
    private readonly IMartenDatabase _database;
    private readonly string _table;
    private readonly IReadOnlyList<(string Name, string Definition)> _indexes;
    private readonly IReadOnlyList<(string Name, string Definition)> _keys;

    private EventTableChecks(IMartenDatabase database, string table, IReadOnlyList<(string, string)> indexes, IReadOnlyList<(string, string)> keys)
    {
        _database = database;
        _table = table;
        _indexes = indexes;
        _keys = keys;
    }

    /// <summary>How many checks are deferred (indexes and foreign keys).</summary>
    public int Count => _indexes.Count + _keys.Count;

    /// <summary>Drops the checks of <paramref name="store"/>'s event table in <paramref name="database"/> and remembers them.</summary>
    public static async Task<EventTableChecks> DeferAsync(IDocumentStore store, IMartenDatabase database, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(database);
        var table = $"{store.Options.Events.DatabaseSchemaName}.mt_events";
        var indexes = new List<(string, string)>();
        var keys = new List<(string, string)>();
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // An empty search path has PostgreSQL qualify every name in the definitions (mt_streams' schema),
        // so they are re-created right whatever the search path of the connection that does it.
        await ExecuteAsync(connection, "set local search_path = ''", ct);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText =
                """
                select 'index', quote_ident(n.nspname) || '.' || quote_ident(c.relname), pg_get_indexdef(x.indexrelid)
                from pg_index x join pg_class c on c.oid = x.indexrelid join pg_namespace n on n.oid = c.relnamespace
                where x.indrelid = $1::regclass and x.indisunique and not x.indisprimary
                  and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)
                union all
                select 'key', quote_ident(k.conname), pg_get_constraintdef(k.oid)
                from pg_constraint k
                where k.conrelid = $1::regclass and k.contype = 'f'
                """;
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = table });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                (reader.GetString(0) == "index" ? indexes : keys).Add((reader.GetString(1), reader.GetString(2)));
            }
        }

        foreach (var (name, _) in keys)
        {
            await ExecuteAsync(connection, $"alter table {table} drop constraint {name}", ct);
        }

        foreach (var (name, _) in indexes)
        {
            await ExecuteAsync(connection, $"drop index {name}", ct);
        }

        await transaction.CommitAsync(ct);
        return new EventTableChecks(database, table, indexes, keys);
    }

    /// <summary>
    /// Builds the indexes again (two at a time, one per core), then the foreign keys, each validating every
    /// row. Fails, naming the index or key, when a loaded row breaks one. Not all at once: adding a foreign key
    /// locks the table against the index builds' share lock, so they would only wait on each other.
    /// </summary>
    public async Task RestoreAsync(CancellationToken ct)
    {
        await Parallel.ForEachAsync(_indexes, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct }, async (index, token) =>
        {
            await using var connection = _database.CreateConnection();
            await connection.OpenAsync(token);
            await ExecuteAsync(connection, index.Definition, token);
        });

        await using var connection = _database.CreateConnection();
        await connection.OpenAsync(ct);
        foreach (var (name, definition) in _keys)
        {
            await ExecuteAsync(connection, $"alter table {_table} add constraint {name} {definition}", ct);
        }
    }

    private static async Task ExecuteAsync(Npgsql.NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        // Building an index over the city's events takes seconds, longer on a loaded machine.
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }
}
