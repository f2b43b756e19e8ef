using EventSourced.Domain.Audit;
using EventSourced.Domain.Installs;
using EventSourced.Domain.Installs.Rollout;
using EventSourced.Domain.Members;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Aggregation;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Marten.Internal.Storage;
using Marten.Storage;
using Npgsql;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// The rebuild's way of making the biggest inline snapshots (members and their app usage, 2.6 million
/// events at city scale): each stream's events read in stream order, a page of streams at a time, folded
/// in memory by the snapshot's own registered projection (the object Marten runs inline on every append
/// and in its own rebuild, <see cref="IAggregator{T,TId,TSession}"/>, metadata and identity included), and
/// the documents written by Marten's own bulk loader (binary COPY, every column Marten writes: the JSON,
/// the duplicated columns, the .NET type), with the stream's version as Marten's revision, into the emptied table. Marten's rebuild reaches the same documents
/// by upserting every snapshot once per page of events that touches it, loading it back in between
/// (decision 0035). Like Marten's rebuild of an inline snapshot it leaves no progression mark (inline
/// projections have none). In a full rebuild it also writes, as it folds, what is made of those events and
/// snapshots: the audit log's rows (<see cref="AuditRows"/>, decision 0042) and the member pass's roll periods,
/// movements and rollout spans (<see cref="PassRows"/>, decision 0043), so nothing is read back. The running
/// application never takes this path.
/// </summary>
public static class SnapshotFold
{
    /// <summary>The snapshots folded this way; every other projection is rebuilt by Marten's daemon.</summary>
    public static readonly Type[] Snapshots = [typeof(Member), typeof(MemberAppUsage)];

    /// <summary>Streams per page: one query for their events, one COPY for their documents.</summary>
    private const int PageSize = 2_000;

    /// <summary>The names of the projections this stands in for (the snapshots' own projections).</summary>
    public static IReadOnlyList<string> ProjectionsIn(IDocumentStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return [.. Snapshots.Select(type => ProjectionFor(store, type).Name)];
    }

    /// <summary>Disjoint ranges of stream ids, eight per snapshot: small enough that the last ones end close together.</summary>
    private static readonly Guid?[] Bounds =
        [null, .. Enumerable.Range(1, 7).Select(i => (Guid?)Guid.Parse($"{i * 2:x}0000000-0000-0000-0000-000000000000")), null];

    /// <summary>
    /// Folds both snapshots; <paramref name="folded"/> is told of each snapshot type as soon as all its documents are
    /// written, so what reads only that one can start while the other is still folding (the members' ranges go first).
    /// </summary>
    public static Task<long> RunAsync(IDocumentStore store, string? province, IMartenDatabase database, Action<Type>? folded, CancellationToken ct) =>
        RunAsync(store, province, database, folded, audit: null, pass: null, ct);

    /// <summary>
    /// The same, writing as it goes the audit-log rows of the events it folds (<paramref name="audit"/>; decision 0042)
    /// and the rows of the member pass's three tables (<paramref name="pass"/>; decision 0043): the app-usage streams
    /// then wait for every member snapshot, whose cells and exemptions their rows need.
    /// </summary>
    public static async Task<long> RunAsync(IDocumentStore store, string? province, IMartenDatabase database, Action<Type>? folded, AuditRows? audit, PassRows? pass, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(database);
        await using (var connection = database.CreateConnection())
        {
            await connection.OpenAsync(ct);
            await using var truncate = connection.CreateCommand();
            truncate.CommandText = $"truncate {string.Join(", ", Snapshots.Select(type => store.Options.Schema.For(type, qualified: true)))}";
            await truncate.ExecuteNonQueryAsync(ct);
        }

        // Every (snapshot, range of stream ids) is independent: three at a time keep both cores busy, one
        // folding while another waits on PostgreSQL.
        var work = Snapshots.SelectMany(type => Enumerable.Range(0, Bounds.Length - 1).Select(range => (type, range))).ToList();
        var remaining = Snapshots.ToDictionary(type => type, type => work.Count(item => item.type == type));
        var membersFolded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long count = 0;
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 3, CancellationToken = ct }, async (item, token) =>
        {
            var from = Bounds[item.range];
            var to = Bounds[item.range + 1];
            if ((audit is not null || pass is not null) && item.type != typeof(Member))
            {
                await membersFolded.Task.WaitAsync(token);
            }

            var done = item.type == typeof(Member)
                ? await FoldAsync<Member>(store, province, database, from, to, audit, pass, token)
                : await FoldAsync<MemberAppUsage>(store, province, database, from, to, audit, pass, token);
            Interlocked.Add(ref count, done);
            bool last;
            lock (remaining)
            {
                last = --remaining[item.type] == 0;
            }

            if (last)
            {
                if (item.type == typeof(Member))
                {
                    membersFolded.TrySetResult();
                }

                folded?.Invoke(item.type);
            }
        });

        if (pass is not null)
        {
            // The members with no app usage: their spans with none, as the pass wrote them.
            await using var connection = database.CreateConnection();
            await connection.OpenAsync(ct);
            await CopyAsync(connection, MemberSnapshotPass.SpansCopy(store.Options.DatabaseSchemaName), pass.WithoutUsage(),
                (copy, member, token) => MemberSnapshotPass.WriteSpansAsync(copy, member, null, token), ct);
        }

        return count;
    }

    /// <summary>One binary COPY of <paramref name="items"/>' rows, committed at its end.</summary>
    private static async Task CopyAsync<TItem>(NpgsqlConnection connection, string sql, IEnumerable<TItem> items, Func<NpgsqlBinaryImporter, TItem, CancellationToken, Task> write, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(sql, ct);
        foreach (var item in items)
        {
            await write(copy, item, ct);
        }

        await copy.CompleteAsync(ct);
    }

    /// <summary>The snapshot's own registered projection (also what <c>VerifyReadModels</c> folds with).</summary>
    internal static ProjectionBase ProjectionFor(IDocumentStore store, Type snapshot) =>
        ((StoreOptions)store.Options).Projections.All.OfType<ProjectionBase>()
            .Single(p => p is IAggregateProjection aggregate && aggregate.AggregateType == snapshot);

    private static async Task<long> FoldAsync<T>(IDocumentStore store, string? province, IMartenDatabase database, Guid? from, Guid? to, AuditRows? audit, PassRows? pass, CancellationToken ct)
        where T : class
    {
        var options = (StoreOptions)store.Options;
        var projection = ProjectionFor(store, typeof(T));
        var aggregator = (IAggregator<T, Guid, IQuerySession>)projection;
        var eventTypes = projection.IncludedEventTypes.ToArray();
        if (eventTypes.Length == 0)
        {
            throw new InvalidOperationException($"{projection.Name} declares no event types: it would fold every event in the store.");
        }

        var provider = (MartenDocumentProvider<T>)database.Providers.StorageFor<T>();
        // Marten's own storage sets a snapshot's id from its stream, as on every inline append.
        var identity = (IIdentitySetter<T, Guid>)provider.Lightweight;
        var loader = provider.BulkLoader ?? throw new InvalidOperationException($"Marten has no bulk loader for {typeof(T).Name}.");
        var tenant = new Tenant(province ?? StorageConstants.DefaultTenantId, database);
        var serializer = options.Serializer();

        await using var session = province is null ? store.QuerySession() : store.QuerySession(province);
        // The rows beside the documents (the log's, the pass's) go by COPY on a connection of their own, one per page and table.
        await using var side = audit is null && pass is null ? null : database.CreateConnection();
        if (side is not null)
        {
            await side.OpenAsync(ct);
        }

        var schema = options.DatabaseSchemaName;
        await using var streams = database.CreateConnection();
        await using var write = database.CreateConnection();
        await Task.WhenAll(streams.OpenAsync(ct), write.OpenAsync(ct));

        // Marten's bulk loader writes every column as Marten does, but revision 1 for all (it inserts new
        // documents); a snapshot's revision is its stream's version. So the loader fills Marten's own temporary
        // table and the documents go on into the table with their versions.
        var table = store.Options.Schema.For<T>(qualified: true);
        string columns;
        await using (var command = write.CreateCommand())
        {
            command.CommandText = "select string_agg(quote_ident(attname), ', ' order by attnum) from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped";
            command.Parameters.Add(new NpgsqlParameter { Value = table });
            columns = (string)(await command.ExecuteScalarAsync(ct))!;
        }

        var temporary = $"{store.Options.Schema.For<T>(qualified: false)}_temp";
        var moved = string.Join(", ", columns.Split(", ").Select(column => column == "mt_version" ? "v.version" : $"t.{column}"));
        await using (var command = write.CreateCommand())
        {
            command.CommandText = loader.CreateTempTableForCopying();
            await command.ExecuteNonQueryAsync(ct);
        }

        long done = 0;
        var after = from;
        var first = true;
        while (true)
        {
            // The store's streams a page at a time; only their events of the snapshot's types are read.
            var ids = new List<Guid>(PageSize);
            await using (var command = streams.CreateCommand())
            {
                command.CommandText =
                    $"""
                    select s.id from {options.Events.DatabaseSchemaName}.mt_streams s
                    where {(after is null ? "true" : first ? "s.id >= $1" : "s.id > $1")} {(to is null ? string.Empty : "and s.id < $2")}
                    order by s.id limit {PageSize}
                    """;
                command.Parameters.Add(new NpgsqlParameter { Value = after ?? Guid.Empty });
                command.Parameters.Add(new NpgsqlParameter { Value = to ?? Guid.Empty });
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    ids.Add(reader.GetGuid(0));
                }
            }

            first = false;
            if (ids.Count == 0)
            {
                break;
            }

            after = ids[^1];
            var page = ids.ToArray();
            var events = await session.Events.QueryAllRawEvents()
                .Where(e => e.StreamId.IsOneOf(page) && e.EventTypesAre(eventTypes))
                .OrderBy(e => e.Sequence)
                .ToListAsync(ct);
            var documents = new List<T>();
            var versions = new List<(Guid Id, long Version)>();
            foreach (var stream in events.GroupBy(e => e.StreamId))
            {
                var slice = stream.ToList();
                var document = await aggregator.BuildAsync(slice, session, null, stream.Key, identity, ct);
                if (document is not null)
                {
                    documents.Add(document);
                    versions.Add((stream.Key, slice[^1].Version));
                }
            }

            if (documents.Count > 0)
            {
                await using (var truncate = write.CreateCommand())
                {
                    truncate.CommandText = $"truncate {temporary}";
                    await truncate.ExecuteNonQueryAsync(ct);
                }

                await loader.LoadIntoTempTableAsync(tenant, serializer, write, documents, ct);
                await using var insert = write.CreateCommand();
                insert.CommandText =
                    $"insert into {table} ({columns}) select {moved} from {temporary} t join unnest($1::uuid[], $2::bigint[]) v(id, version) on v.id = t.id";
                insert.Parameters.Add(new NpgsqlParameter { Value = versions.Select(v => v.Id).ToArray() });
                insert.Parameters.Add(new NpgsqlParameter { Value = versions.Select(v => v.Version).ToArray() });
                await insert.ExecuteNonQueryAsync(ct);
            }

            var folded = documents as List<Member>;
            if (audit is not null)
            {
                var logged = events.Where(e => audit.Writes(typeof(T), e)).ToList();
                // The members' rows with the snapshots just folded; the app usage's with its members' cells, all folded by now.
                var streamIds = logged.Select(e => e.StreamId).Distinct().ToList();
                var members = folded is not null ? folded.ToDictionary(m => m.Id, MemberCells.Of)
                    : pass is not null ? pass.CellsFor(streamIds)
                    : await AuditLogProjection.MemberCellsAsync(session, streamIds, ct);
                var (rows, left) = AuditLogProjection.MemberRows(logged, members);
                await CopyAsync(side!, AuditLogCopy.Writer.CopySql(store), rows, AuditLogCopy.Writer.WriteRowAsync, ct);
                audit.Wrote(rows.Count);
                audit.Leave(left);
            }

            if (pass is not null && folded is not null)
            {
                await CopyAsync(side!, MemberSnapshotPass.RollCopy(schema), folded, MemberSnapshotPass.WriteRollAsync, ct);
                await CopyAsync(side!, MemberSnapshotPass.MovementsCopy(schema), folded, MemberSnapshotPass.WriteMovementsAsync, ct);
                pass.Keep(folded);
            }
            else if (pass is not null && documents is List<MemberAppUsage> usages)
            {
                var spanned = usages.Select(usage => (Member: pass.Spanned(usage.MemberId), Usage: usage)).Where(pair => pair.Member is not null).ToList();
                await CopyAsync(side!, MemberSnapshotPass.SpansCopy(schema), spanned, (copy, pair, token) => MemberSnapshotPass.WriteSpansAsync(copy, pair.Member!, pair.Usage, token), ct);
            }

            done += documents.Count;
            if (ids.Count < PageSize)
            {
                break;
            }
        }

        return done;
    }

    /// <summary>
    /// The member pass's rows written by the fold (decision 0043): each member's roll periods and movements as
    /// the member is folded; their rollout spans as their app usage is folded, with what
    /// <see cref="RolloutSpans.For"/> reads of a member (cells and exemptions) kept from the members' fold
    /// meanwhile; and at the end the spans of the members with no app usage. Same rows, same code as
    /// <see cref="MemberSnapshotPass"/>, without reading a million snapshots back.
    /// </summary>
    public sealed class PassRows
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, Kept> _members = new();

        /// <summary>How many members the fold kept (every member snapshot).</summary>
        public int Members => _members.Count;

        internal void Keep(IEnumerable<Member> members)
        {
            foreach (var member in members)
            {
                _members[member.Id] = new Kept(member.Id, member.CellId, member.Cells, member.Exempt, member.ExemptSince, member.ExemptPeriods);
            }
        }

        /// <summary>The member whose app usage is being folded, marked as having their spans written; null when not a member.</summary>
        internal Member? Spanned(Guid memberId)
        {
            if (!_members.TryGetValue(memberId, out var kept))
            {
                return null;
            }

            kept.Spanned = true;
            return kept.Member();
        }

        internal IEnumerable<Member> WithoutUsage() => _members.Values.Where(kept => !kept.Spanned).Select(kept => kept.Member());

        /// <summary>The cells of the members of <paramref name="streams"/>, as <see cref="AuditLogProjection.MemberCellsAsync"/> reads them.</summary>
        internal Dictionary<Guid, MemberCells> CellsFor(IEnumerable<Guid> streams)
        {
            var cells = new Dictionary<Guid, MemberCells>();
            foreach (var stream in streams)
            {
                foreach (var id in new[] { stream, MemberAppUsage.MemberIdFor(stream), Domain.Members.RecordReviews.RecordReview.MemberIdFor(stream) })
                {
                    if (_members.TryGetValue(id, out var kept))
                    {
                        cells[id] = new MemberCells(kept.Id, kept.CellId, kept.Cells);
                    }
                }
            }

            return cells;
        }

        /// <summary>What the spans and the log read of a member, kept while the app usage is folded (a few hundred bytes each).</summary>
        private sealed record Kept(Guid Id, Guid CellId, List<CellPeriod> Cells, bool Exempt, NodaTime.LocalDate? ExemptSince, List<MembershipPeriod> ExemptPeriods)
        {
            public bool Spanned { get; set; }

            public Member Member() => new() { Id = Id, CellId = CellId, Cells = Cells, Exempt = Exempt, ExemptSince = ExemptSince, ExemptPeriods = ExemptPeriods };
        }
    }

    /// <summary>
    /// The audit-log rows the fold writes (decision 0042): those of the events it folds up to the rebuild's
    /// <see cref="Head"/> whose stream is a member's (their own, or an app-usage or record-review stream), made by the
    /// projection's own code (<see cref="AuditLogProjection.MemberRows"/>) with the members' cells. An event of the app
    /// usage's types that the members' fold also reads is written by the members' fold only. Any other event the fold
    /// reads is left to <see cref="AuditLogCopy"/>, with every event of the types the fold does not read.
    /// </summary>
    public sealed class AuditRows
    {
        private readonly HashSet<Type> _memberTypes;
        private readonly HashSet<Type> _usageTypes;
        private readonly System.Collections.Concurrent.ConcurrentQueue<long> _left = new();
        private long _written;

        public AuditRows(IDocumentStore store, long head)
        {
            ArgumentNullException.ThrowIfNull(store);
            Head = head;
            _memberTypes = [.. ProjectionFor(store, typeof(Member)).IncludedEventTypes];
            _usageTypes = [.. ProjectionFor(store, typeof(MemberAppUsage)).IncludedEventTypes.Where(type => !_memberTypes.Contains(type))];
            var graph = ((DocumentStore)store).Events;
            TypeNames = [.. _memberTypes.Concat(_usageTypes).Select(type => graph.EventMappingFor(type).EventTypeName)];
        }

        public long Head { get; }

        /// <summary>The stored names of the event types whose rows the fold writes.</summary>
        public IReadOnlyList<string> TypeNames { get; }

        /// <summary>The events of those types the fold left (sequence numbers): their streams are no member's.</summary>
        public IReadOnlyCollection<long> Left => _left;

        internal bool Writes(Type snapshot, IEvent e) =>
            e.Sequence <= Head && (snapshot == typeof(Member) ? _memberTypes : _usageTypes).Contains(e.EventType);

        /// <summary>The rows the fold wrote.</summary>
        public long Written => Interlocked.Read(ref _written);

        internal void Wrote(int rows) => Interlocked.Add(ref _written, rows);

        internal void Leave(IEnumerable<IEvent> events)
        {
            foreach (var e in events)
            {
                _left.Enqueue(e.Sequence);
            }
        }
    }
}
