using System.Diagnostics;
using JasperFx.Events.Projections;
using Marten;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Rebuilds every projection from the events with Marten's daemon, in two waves: first the snapshots
/// (members, units, app usage, posts...), then the projections that read those snapshots as they go
/// (the asynchronous <c>RolloutSpansProjection</c>, <c>AuditLogProjection</c>... and the inline
/// <c>LibraryProjection</c>), which would otherwise see a member or a post half rebuilt. Each projection
/// reads only the event types it declares (a projection declaring none reads the whole store). Within a wave the projections are independent and run at
/// once, so one waits on PostgreSQL while another deserialises. The three tables computed from member snapshots
/// alone are filled by <see cref="MemberSnapshotPass"/> beside the second wave (decision 0030), and the member and
/// app-usage snapshots by <see cref="SnapshotFold"/> in the first and the audit log by <see cref="AuditLogCopy"/> in
/// the second (decision 0035). Progress goes to
/// the console every few seconds.
/// </summary>
public static class ProjectionRebuild
{
    private static readonly TimeSpan ShardTimeout = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Events a rebuild reads and applies per batch. The daemon's default (500) suits following new
    /// events; replaying millions, each batch's round trips and progress write dominate, so the rebuild
    /// takes pages ten times larger. Only the rebuilding process is affected (the seed and rebuild commands).
    /// </summary>
    public const int BatchSize = 5_000;

    /// <summary>
    /// Marks asynchronous projections filled outside Marten's daemon (a pass or a copy of the rebuild) as at
    /// <paramref name="head"/>, so the daemon of the next start goes on from there instead of replaying them.
    /// </summary>
    internal static async Task MarkAtAsync(Marten.Storage.IMartenDatabase database, string eventSchema, IEnumerable<string> projections, long head, CancellationToken ct)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var progress = connection.CreateCommand();
        progress.CommandText =
            $"""
            insert into {eventSchema}.mt_event_progression (name, last_seq_id, last_updated)
            select unnest($1::varchar[]), $2, transaction_timestamp()
            on conflict (name) do update set last_seq_id = excluded.last_seq_id, last_updated = excluded.last_updated
            """;
        progress.Parameters.Add(new Npgsql.NpgsqlParameter { Value = projections.Select(p => $"{p}:All").ToArray() });
        progress.Parameters.Add(new Npgsql.NpgsqlParameter { Value = head });
        await progress.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The tables the asynchronous projections write with their own SQL: Marten does not know to empty them.</summary>
    private static readonly string[] AsyncTables =
    [
        Domain.Installs.Rollout.RolloutSpansProjection.TableName,
        Domain.Audit.AuditLogProjection.TableName,
        Domain.Audit.MemberRollProjection.TableName,
        Domain.Statistics.MemberMovementsProjection.TableName,
    ];

    public static Task RunAsync(IDocumentStore store, TextWriter output, CancellationToken ct) => RunAsync(store, null, output, ct);

    /// <summary>The same in one province's database (its code, a Marten tenant; decision 0025), or the one database when null.</summary>
    public static Task RunAsync(IDocumentStore store, string? province, TextWriter output, CancellationToken ct) => RunAsync(store, province, output, memberSnapshotPass: true, ct);

    /// <summary>
    /// The same, with <paramref name="memberSnapshotPass"/> false replaying the events through every
    /// projection with Marten's daemon, those that <see cref="MemberSnapshotPass"/> and <see cref="SnapshotFold"/>
    /// stand in for included (what the tests compare them with).
    /// </summary>
    public static Task RunAsync(IDocumentStore store, string? province, TextWriter output, bool memberSnapshotPass, CancellationToken ct) =>
        RunAsync(store, province, output, memberSnapshotPass ? RebuildPaths.All : RebuildPaths.DaemonOnly, ct);

    /// <summary>The same, choosing each of the rebuild's own paths (<see cref="RebuildPaths"/>); the tests compare each with the daemon.</summary>
    public static Task RunAsync(IDocumentStore store, string? province, TextWriter output, RebuildPaths paths, CancellationToken ct) =>
        RunAsync(store, province, output, paths, fromSnapshots: null, ct);

    /// <summary>
    /// The same, with <paramref name="fromSnapshots"/> (work of the caller's that reads the finished member and
    /// unit snapshots: the seed's register keys) run beside the second wave as soon as those snapshots are complete,
    /// rather than after the rebuild on one core while the other waits.
    /// </summary>
    public static Task RunAsync(IDocumentStore store, string? province, TextWriter output, Func<CancellationToken, Task> fromSnapshots, CancellationToken ct) =>
        RunAsync(store, province, output, RebuildPaths.All, fromSnapshots, ct);

    private static async Task RunAsync(IDocumentStore store, string? province, TextWriter output, RebuildPaths paths, Func<CancellationToken, Task>? fromSnapshots, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(output);
        var database = province is null ? store.Storage.Database : await store.Storage.FindOrCreateDatabase(province);
        var options = (StoreOptions)store.Options;
        // A rebuild batch writes thousands of rows in one command; on a busy machine that outlasts the
        // interactive 30 s default, and one timed-out batch fails the whole rebuild (seen at city scale).
        options.CommandTimeout = (int)CommandTimeout.TotalSeconds;
        var projections = options.Projections.All;
        foreach (var projection in projections.OfType<ProjectionBase>())
        {
            projection.Options.BatchSize = BatchSize;
            projection.Options.MaximumHopperSize = 4 * BatchSize;
        }

        var head = (await store.Advanced.FetchEventStoreStatistics(province, ct)).EventSequenceNumber;
        using var daemon = await store.BuildProjectionDaemonAsync(province);
        var clock = Stopwatch.StartNew();

        var deferred = await DropSecondaryIndexesAsync(store, database, keepMemberIndexes: !paths.MemberSnapshotPass, ct);
        await output.WriteLineAsync($"rebuild: {deferred.Count} secondary indexes dropped until the end");
        // A table's indexes are built as soon as the table is complete, beside the rest of the rebuild: the
        // member snapshots' during the second wave (which reads them by id only), the audit log's when the copy of
        // its rest ends (beside the pass), the pass's tables' after the pass.
        var early = new List<Task>();
        var builtEarly = 0;
        try
        {
            await RebuildAsync();
        }
        finally
        {
            // Also after a failure: a table without its indexes is slow, never wrong, but put them back anyway.
            // Those already back are skipped (IF NOT EXISTS), once the early ones have finished.
            var from = clock.Elapsed;
            await Task.WhenAll(early.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            await RecreateIndexesAsync(database, [.. deferred.Select(d => d.Definition)], 2, CancellationToken.None);
            await output.WriteLineAsync(
                $"rebuild: {deferred.Count} indexes re-created ({builtEarly} of them beside the second wave), the last in {(clock.Elapsed - from).TotalSeconds:F1} s");
        }

        var analysing = clock.Elapsed;
        var analysed = await AnalyseAsync(store, database, ct);
        await output.WriteLineAsync($"rebuild: {analysed} tables analysed for the planner in {(clock.Elapsed - analysing).TotalSeconds:F1} s");
        await output.WriteLineAsync($"rebuild: {projections.Count} projections over {head:N0} events in {clock.Elapsed.TotalSeconds:F1} s");

        async Task RebuildAsync()
        {
            // They hold nothing the events do not (decision 0006): emptied, they are refilled below; nothing
            // writes them before.
            await ExecuteAsync(database, $"truncate {string.Join(", ", AsyncTables.Select(t => $"{store.Options.DatabaseSchemaName}.{t}"))}", ct);

            var folded = paths.FoldSnapshots ? SnapshotFold.ProjectionsIn(store) : [];
            var snapshots = projections.Where(p => p is JasperFx.Events.Aggregation.IAggregateProjection).Select(p => p.Name)
                .Where(name => !folded.Contains(name)).ToList();
            // With both of the rebuild's own paths, the fold writes the audit-log rows of the events it folds (decision 0042).
            var foldedRows = paths.FoldSnapshots && paths.AuditLogCopy ? new SnapshotFold.AuditRows(store, head) : null;
            // And the member pass's rows, from each member as it is folded (decision 0043).
            var passRows = paths.FoldSnapshots && paths.MemberSnapshotPass ? new SnapshotFold.PassRows() : null;
            var membersFolded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var usageFolded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var fold = paths.FoldSnapshots
                ? Task.Run(async () =>
                {
                    var from = clock.Elapsed;
                    try
                    {
                        var documents = await SnapshotFold.RunAsync(store, province, database, type =>
                        {
                            (type == typeof(Domain.Members.Member) ? membersFolded : usageFolded).TrySetResult();
                            output.WriteLine($"rebuild: {type.Name} folded at {clock.Elapsed.TotalSeconds:F1} s");
                        }, foldedRows, passRows, ct);
                        await output.WriteLineAsync(
                            $"rebuild: {string.Join(", ", folded)} folded in one pass over their streams, {documents:N0} documents in {(clock.Elapsed - from).TotalSeconds:F1} s");
                    }
                    catch (Exception e)
                    {
                        // A failed fold fails whoever waits on its snapshots.
                        membersFolded.TrySetException(e);
                        usageFolded.TrySetException(e);
                        throw;
                    }
                }, ct)
                : Task.CompletedTask;
            // The fold reads by stream and needs no index by type: it starts at once, the daemon's snapshots once it is built.
            var byType = Task.Run(async () =>
            {
                var from = clock.Elapsed;
                await CreateEventTypeIndexAsync(store, database, ct);
                await output.WriteLineAsync($"rebuild: {EventTypeIndex} built for the daemon's snapshots in {(clock.Elapsed - from).TotalSeconds:F1} s");
            }, ct);
            var daemonSnapshots = AfterAsync(byType, () => DaemonAsync(snapshots));
            var firstWave = Task.WhenAll(daemonSnapshots, fold);

            // Each of the rebuild's own paths starts as soon as the snapshots it reads are complete, not at the end
            // of the first wave (decision 0036): the audit log reads the members' cells and the other streams'
            // snapshots, never the app usage, so it runs beside the app-usage fold; the pass needs both folds.
            var membersReady = paths.FoldSnapshots ? ReadyAsync(membersFolded.Task) : firstWave;
            var usageReady = paths.FoldSnapshots ? ReadyAsync(usageFolded.Task) : firstWave;
            var memberIndexes = AfterAsync(membersReady, () =>
            {
                BuildEarly("mt_doc_member");
                return Task.CompletedTask;
            });
            var pass = passRows is not null
                ? AfterAsync(fold, async () =>
                {
                    await MarkAtAsync(database, store.Options.Events.DatabaseSchemaName, MemberSnapshotPass.Projections, head, ct);
                    BuildEarly(MemberSnapshotPass.Tables);
                    await output.WriteLineAsync(
                        $"rebuild: {string.Join(", ", MemberSnapshotPass.Projections)} written by the fold from {passRows.Members:N0} members as they were folded");
                })
                : paths.MemberSnapshotPass
                ? AfterAsync(Task.WhenAll(membersReady, usageReady), async () =>
                {
                    var from = clock.Elapsed;
                    var members = await MemberSnapshotPass.RunAsync(store, database, head, ct);
                    BuildEarly(MemberSnapshotPass.Tables);
                    await output.WriteLineAsync(
                        $"rebuild: {string.Join(", ", MemberSnapshotPass.Projections)} from {members:N0} member snapshots in one pass in {(clock.Elapsed - from).TotalSeconds:F1} s (begun at {from.TotalSeconds:F1} s)");
                })
                : Task.CompletedTask;
            // The rest of the log reads the other streams' snapshots, and waits for everything the fold leaves it.
            var audit = paths.AuditLogCopy
                ? AfterAsync(foldedRows is null ? membersReady : firstWave, async () =>
                {
                    var from = clock.Elapsed;
                    var rows = await AuditLogCopy.RunAsync(store, province, database, head, foldedRows, ct);
                    // Complete now, long before the pass ends: its indexes (a GIN among them) go up beside it.
                    BuildEarly(Domain.Audit.AuditLogProjection.TableName);
                    await output.WriteLineAsync(
                        $"rebuild: {AuditLogCopy.Projection} copied, {rows:N0} rows in {(clock.Elapsed - from).TotalSeconds:F1} s (begun at {from.TotalSeconds:F1} s)"
                        + (foldedRows is null ? string.Empty : $", the other {foldedRows.Written:N0} written by the fold"));
                })
                : Task.CompletedTask;
            var caller = fromSnapshots is null
                ? Task.CompletedTask
                : AfterAsync(membersReady, async () =>
                {
                    var from = clock.Elapsed;
                    await fromSnapshots(ct);
                    await output.WriteLineAsync($"rebuild: the caller's work from the snapshots done in {(clock.Elapsed - from).TotalSeconds:F1} s (begun at {from.TotalSeconds:F1} s)");
                });
            try
            {
                await WaveAsync("snapshots", snapshots, firstWave);

                // The library's rows are its posts' snapshots with the batch's events folded on, so like the
                // asynchronous projections it waits for the snapshots; it used to finish after them only because
                // it read every event in the store.
                var readers = projections.Where(p => p is not JasperFx.Events.Aggregation.IAggregateProjection).Select(p => p.Name)
                    .Where(name => !paths.MemberSnapshotPass || !MemberSnapshotPass.Projections.Contains(name))
                    .Where(name => !paths.AuditLogCopy || name != AuditLogCopy.Projection).ToList();
                await WaveAsync("projections reading the snapshots", readers, Task.WhenAll(DaemonAsync(readers), pass, audit, memberIndexes, caller));
            }
            finally
            {
                // After a failure, nothing of the rebuild may still be writing when the indexes are put back.
                await Task.WhenAll(new[] { firstWave, pass, audit, memberIndexes, caller }.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
                await DropEventTypeIndexAsync(store, database);
            }

            async Task ReadyAsync(Task folding)
            {
                await folding;
                await daemonSnapshots;
            }
        }

        static async Task AfterAsync(Task ready, Func<Task> then)
        {
            await ready;
            await then();
        }

        Task DaemonAsync(IReadOnlyList<string> names) =>
            Task.WhenAll(names.Select(async name =>
            {
                var from = clock.Elapsed;
                await daemon.RebuildProjectionAsync(name, ShardTimeout, ct);
                await output.WriteLineAsync($"rebuild: {name} done in {(clock.Elapsed - from).TotalSeconds:F1} s");
            }));

        void BuildEarly(params string[] tables)
        {
            var definitions = deferred.Where(d => tables.Contains(d.Table)).Select(d => d.Definition).ToList();
            Interlocked.Add(ref builtEarly, definitions.Count);
            lock (early)
            {
                // One at a time: the wave's own work keeps the other core.
                early.Add(RecreateIndexesAsync(database, definitions, 1, CancellationToken.None));
            }
        }

        async Task WaveAsync(string what, IReadOnlyList<string> names, Task work)
        {
            var started = clock.Elapsed;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var progress = ReportAsync(store, province, names, head, clock, output, stop.Token);
            try
            {
                await work;
            }
            finally
            {
                await stop.CancelAsync();
                await progress;
            }

            await output.WriteLineAsync($"rebuild: {what} ({names.Count}) in {(clock.Elapsed - started).TotalSeconds:F1} s");
        }
    }

    /// <summary>
    /// Drops the secondary indexes of the big tables a rebuild fills (member snapshots and the
    /// asynchronous projections' tables) and returns their definitions. Building an index once over a
    /// full table is far cheaper than keeping it up to date through a million upserts, the trigram and
    /// collated indexes of the member list above all. Kept: primary keys, unique indexes, and the
    /// <c>member_id</c> indexes the projections delete by while they run.
    /// </summary>
    private static async Task<IReadOnlyList<(string Table, string Definition)>> DropSecondaryIndexesAsync(IDocumentStore store, Marten.Storage.IMartenDatabase database, bool keepMemberIndexes, CancellationToken ct)
    {
        string[] tables = ["mt_doc_member", .. AsyncTables];
        var definitions = new List<(string Name, string Table, string Definition)>();
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText =
                """
                select i.schemaname || '.' || i.indexname, i.tablename, i.indexdef
                from pg_indexes i
                join pg_class c on c.relname = i.indexname
                join pg_namespace n on n.oid = c.relnamespace and n.nspname = i.schemaname
                join pg_index x on x.indexrelid = c.oid
                where i.schemaname = any($1) and i.tablename = any($2) and not x.indisprimary and not x.indisunique
                  and (not $3 or i.indexdef not like '%(member_id)')
                """;
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = new[] { store.Options.DatabaseSchemaName, store.Options.Events.DatabaseSchemaName } });
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = tables });
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = keepMemberIndexes });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                definitions.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        foreach (var (name, _, _) in definitions)
        {
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"drop index {name}";
            await drop.ExecuteNonQueryAsync(ct);
        }

        return [.. definitions.Select(d => (d.Table, d.Definition))];
    }

    /// <summary>A temporary index of <c>mt_events</c> by event type, only while a rebuild runs (see <see cref="CreateEventTypeIndexAsync"/>).</summary>
    internal const string EventTypeIndex = "mt_events_rebuild_by_type";

    /// <summary>
    /// Marten's daemon reads a projection's events as <c>seq_id &gt; $1 and seq_id &lt;= $2 and type = any($3) order by
    /// seq_id limit 5000</c>, and <c>mt_events</c> has no index by type: PostgreSQL walks the primary key from the
    /// start, fetching and discarding every other event, so each of the small snapshots (organisations, transfers,
    /// accounts...) went through all 2.6 million events of the city at least once, a third of the cluster's time in
    /// the first wave (decision 0036). An index by type and sequence lets each read only its own events. It exists
    /// only for the rebuild: Marten does not declare it, the running daemon follows new events from its last mark
    /// and does not need it, and it would cost every append. Should the process die before it is dropped, the
    /// next rebuild drops it first; until then it only costs appends a little.
    /// </summary>
    private static Task CreateEventTypeIndexAsync(IDocumentStore store, Marten.Storage.IMartenDatabase database, CancellationToken ct)
    {
        var events = $"{store.Options.Events.DatabaseSchemaName}.mt_events";
        return ExecuteAsync(database, $"drop index if exists {store.Options.Events.DatabaseSchemaName}.{EventTypeIndex}; create index {EventTypeIndex} on {events} (type, seq_id); analyze {events}", ct);
    }

    private static Task DropEventTypeIndexAsync(IDocumentStore store, Marten.Storage.IMartenDatabase database) =>
        ExecuteAsync(database, $"drop index if exists {store.Options.Events.DatabaseSchemaName}.{EventTypeIndex}", CancellationToken.None);

    /// <summary>
    /// Gathers the planner's statistics of every table in the store's schemas once the rebuild has filled them
    /// (their indexes, expression indexes included, are back by then). Left to autovacuum, the first minutes
    /// of screens after a seed or rebuild were planned against the statistics of empty tables, and prepared
    /// statements (decision 0037) keep a plan chosen then; the `load` benchmark right after a seed showed
    /// searches at twice their usual p95. Two tables at a time, as the indexes.
    /// </summary>
    private static async Task<int> AnalyseAsync(IDocumentStore store, Marten.Storage.IMartenDatabase database, CancellationToken ct)
    {
        var tables = new List<string>();
        await using (var connection = database.CreateConnection())
        {
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "select quote_ident(schemaname) || '.' || quote_ident(tablename) from pg_tables where schemaname = any($1) order by tablename";
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = new[] { store.Options.DatabaseSchemaName, store.Options.Events.DatabaseSchemaName }.Distinct().ToArray() });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        await ExecuteEachAsync(database, tables.Select(table => $"analyze {table}"), 2, ct);
        return tables.Count;
    }

    /// <summary>Puts the dropped indexes back exactly as they were (their own definitions), <paramref name="atOnce"/> at a time.</summary>
    private static Task RecreateIndexesAsync(Marten.Storage.IMartenDatabase database, IReadOnlyList<string> definitions, int atOnce, CancellationToken ct) =>
        ExecuteEachAsync(database, definitions.Select(d => d.Replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", StringComparison.Ordinal)), atOnce, ct);

    /// <summary>Runs each statement on a connection of its own, <paramref name="atOnce"/> at a time.</summary>
    private static Task ExecuteEachAsync(Marten.Storage.IMartenDatabase database, IEnumerable<string> statements, int atOnce, CancellationToken ct) =>
        Parallel.ForEachAsync(statements, new ParallelOptions { MaxDegreeOfParallelism = atOnce, CancellationToken = ct }, async (sql, token) => await ExecuteAsync(database, sql, token));

    /// <summary>Runs a statement of the rebuild's own (an index, statistics) with no time limit: on the city some take minutes.</summary>
    private static async Task ExecuteAsync(Marten.Storage.IMartenDatabase database, string sql, CancellationToken ct)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task ReportAsync(IDocumentStore store, string? province, IReadOnlyList<string> names, long head, Stopwatch clock, TextWriter output, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(ProgressEvery, ct);
                var progress = await store.Advanced.AllProjectionProgress(province, ct);
                var lines = progress
                    .Where(p => names.Any(n => p.ShardName.StartsWith(n + ":", StringComparison.Ordinal)) && p.Sequence < head)
                    .Select(p => $"{p.ShardName} {p.Sequence:N0}");
                await output.WriteLineAsync($"rebuild: {clock.Elapsed.TotalSeconds:F0} s, of {head:N0} events: {string.Join(", ", lines)}");
            }
        }
        catch (OperationCanceledException)
        {
            // The wave is over.
        }
    }
}

/// <summary>
/// Which of the rebuild's own paths stand in for Marten's daemon: the pass over the member snapshots
/// (decision 0030), the fold of the member and app-usage streams and the audit log by COPY (decision 0035).
/// </summary>
public sealed record RebuildPaths(bool MemberSnapshotPass, bool FoldSnapshots, bool AuditLogCopy)
{
    public static readonly RebuildPaths All = new(true, true, true);

    /// <summary>Every projection replayed by Marten's daemon, as the running application follows new events.</summary>
    public static readonly RebuildPaths DaemonOnly = new(false, false, false);
}
