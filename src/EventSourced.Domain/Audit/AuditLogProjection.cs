using System.Collections.Concurrent;
using System.Reflection;
using EventSourced.Domain.Common;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using NodaTime;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace EventSourced.Domain.Audit;

/// <summary>
/// Keeps <c>audit_log</c>: one row per stored event with what the auditors' log searches by (the units
/// it concerns, the member, who recorded it in which role and body, when, in effect when, correlation,
/// decision and reason). The payload stays in <c>mt_events</c>; the row points to it by sequence number.
/// It runs in the async daemon, so appending never waits for it, and is rebuilt from the events like
/// any projection.
/// </summary>
public sealed class AuditLogProjection : IProjection
{
    public const string TableName = "audit_log";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        var rows = await RowsAsync(operations, events, cancellation);
        var table = $"{operations.DocumentStore.Options.Events.DatabaseSchemaName}.{TableName}";
        operations.QueueSqlCommand($"delete from {table} where seq_id = any(?)", rows.Select(r => r.Sequence).ToArray());
        operations.QueueSqlCommand(
            $$"""
            insert into {{table}} ({{string.Join(", ", Columns)}})
            select s, r, d, t, st, m, (select coalesce(array_agg(x::uuid), '{}') from unnest(string_to_array(nullif(u, ''), ',')) x), a, an, ar, ab, c, dc, rs
            from unnest(?::bigint[], ?::timestamptz[], ?::date[], ?::varchar[], ?::uuid[], ?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[])
                 as v(s, r, d, t, st, m, u, a, an, ar, ab, c, dc, rs)
            """,
            rows.Select(r => r.Sequence).ToArray(),
            rows.Select(r => r.RecordedAt).ToArray(),
            rows.Select(r => r.EffectiveDate).ToArray(),
            rows.Select(r => r.EventType).ToArray(),
            rows.Select(r => r.StreamId).ToArray(),
            rows.Select(r => r.MemberId).ToArray(),
            rows.Select(r => string.Join(',', r.UnitIds)).ToArray(),
            rows.Select(r => r.Actor).ToArray(),
            rows.Select(r => r.ActorName).ToArray(),
            rows.Select(r => r.ActorRole).ToArray(),
            rows.Select(r => r.ActorBody).ToArray(),
            rows.Select(r => r.CorrelationId).ToArray(),
            rows.Select(r => r.Decision).ToArray(),
            rows.Select(r => r.Reason).ToArray());
    }

    /// <summary>The table's columns, in the order of <see cref="AuditLogRecord"/>.</summary>
    public static readonly string[] Columns =
        ["seq_id", "recorded_at", "effective_date", "event_type", "stream_id", "member_id", "unit_ids", "actor", "actor_name", "actor_role", "actor_body", "correlation_id", "decision", "reason"];

    /// <summary>
    /// The rows of a page of events, as the daemon writes them and as a rebuild copies them
    /// (<c>AuditLogCopy</c>): the member snapshots and the other streams' snapshots are read from
    /// <paramref name="session"/>.
    /// </summary>
    public static async Task<IReadOnlyList<AuditLogRecord>> RowsAsync(IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(events);
        var streams = events.Select(e => e.StreamId).Distinct().ToArray();
        var members = await MemberCellsAsync(session, streams, cancellation);
        // A stream is one aggregate's: a member's own stream, or one of the member's side streams (app usage,
        // record review), is no transfer, unit or post, so only the rest are looked up in those nine tables.
        // In a rebuild nearly every stream is a member's, and each lookup of thousands of ids found nothing.
        var unresolved = streams.Where(s => MemberOf(members, s) is null).ToArray();
        var others = new Dictionary<Guid, object>();
        await LoadAsync<Transfers.Transfer>(t => t.Id);
        await LoadAsync<Organisations.Organisation>(o => o.Id);
        await LoadAsync<Accounts.UserAccount>(u => u.Id);
        await LoadAsync<Content.Post>(p => p.Id);
        await LoadAsync<Content.EditorialBoard>(b => b.Id);
        await LoadAsync<Installs.RolloutTarget>(t => t.Id);
        await LoadAsync<Installs.TrainingClass>(t => t.Id);
        await LoadAsync<Reconciliation.Reconciliation>(r => r.Id);
        await LoadAsync<Reconciliation.ReconciliationRound>(r => r.Id);

        return [.. events.Select(e => Row(e, MemberOf(members, e.StreamId), others.GetValueOrDefault(e.StreamId)))];

        async Task LoadAsync<T>(Func<T, Guid> id)
            where T : notnull
        {
            if (unresolved.Length == 0)
            {
                return;
            }

            foreach (var snapshot in await session.LoadManyAsync<T>(cancellation, unresolved))
            {
                others[id(snapshot)] = snapshot;
            }
        }
    }

    /// <summary>
    /// The rows of the events whose member is among <paramref name="members"/> (their own stream's, or the member
    /// of their app-usage or record-review stream), exactly as <see cref="RowsAsync"/> makes them; the other events
    /// are left, their rows needing the other streams' snapshots. Pure: the rebuild's fold of the member snapshots
    /// makes the rows of the events it has just folded with the snapshots it holds (decision 0042).
    /// </summary>
    public static (IReadOnlyList<AuditLogRecord> Rows, IReadOnlyList<IEvent> Left) MemberRows(IReadOnlyList<IEvent> events, IReadOnlyDictionary<Guid, MemberCells> members)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(members);
        var rows = new List<AuditLogRecord>(events.Count);
        var left = new List<IEvent>();
        foreach (var e in events)
        {
            if (MemberOf(members, e.StreamId) is { } member)
            {
                rows.Add(Row(e, member, null));
            }
            else
            {
                left.Add(e);
            }
        }

        return (rows, left);
    }

    /// <summary>
    /// The cells of the members of <paramref name="streams"/> (each stream's own member, or the member of a side
    /// stream), read from their snapshots. Only the cells are read, not whole snapshots: a member's JSON carries
    /// its whole history, and deserialising a thousand of them per page was most of this projection's cost in a rebuild.
    /// </summary>
    public static async Task<Dictionary<Guid, MemberCells>> MemberCellsAsync(IQuerySession session, IReadOnlyCollection<Guid> streams, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(streams);
        var memberIds = streams.Concat(streams.Select(Installs.MemberAppUsage.MemberIdFor)).Concat(streams.Select(Members.RecordReviews.RecordReview.MemberIdFor)).Distinct().ToArray();
        return (await session.QueryAsync<MemberCells>(
            $"select jsonb_build_object('id', id, 'cellId', data -> 'cellId', 'cells', data -> 'cells') from {session.DocumentStore.Options.Schema.For<Members.Member>(qualified: true)} where id = any(?)",
            cancellation,
            memberIds)).ToDictionary(m => m.Id);
    }

    private static MemberCells? MemberOf(IReadOnlyDictionary<Guid, MemberCells> members, Guid stream) =>
        members.GetValueOrDefault(stream) ?? members.GetValueOrDefault(Installs.MemberAppUsage.MemberIdFor(stream))
        ?? members.GetValueOrDefault(Members.RecordReviews.RecordReview.MemberIdFor(stream));

    private static AuditLogRecord Row(IEvent e, MemberCells? member, object? other)
    {
        var entry = AuditEntry.From(e);
        var units = AuditLogUnits.Of(e.Data, entry.EffectiveDate ?? LocalDate.FromDateTime(e.Timestamp.UtcDateTime), member, other);
        // A transfer's own events (issued, received, refused) belong to its member's log too.
        var memberId = member?.Id ?? (other is Transfers.Transfer transfer ? transfer.MemberId : null);
        return new AuditLogRecord(
            e.Sequence,
            e.Timestamp,
            entry.EffectiveDate is { } d ? d.ToDateOnly() : null,
            entry.EventName,
            e.StreamId,
            memberId,
            units,
            entry.RecordedBy.UserName,
            entry.RecordedBy.DisplayName,
            entry.RecordedBy.Role,
            entry.RecordedBy.OrganisationName,
            entry.CorrelationId,
            entry.DecisionReference ?? NotedDecision(e.Data),
            entry.Reason ?? NotedReason(e.Data));
    }

    /// <summary>
    /// The decision a rescission carries in its own data: confirming a proposal sends no decision of its own (the
    /// proposal's is the one), so the request's headers have none, and the log would show the event that rescinded
    /// the entry without the decision it rests on.
    /// </summary>
    private static string? NotedDecision(object data) => data switch
    {
        Members.MemberEntryRescinded e => e.Decision.ToString(),
        Members.MemberEntryRescissionProposed e => e.Decision.ToString(),
        _ => null,
    };

    private static string? NotedReason(object data) => data switch
    {
        Members.MemberEntryRescinded e => e.Reason,
        Members.MemberEntryRescissionProposed e => e.Reason,
        _ => null,
    };

    public static Table Define(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<long>("seq_id").AsPrimaryKey();
        table.AddColumn("recorded_at", "timestamp with time zone").NotNull();
        table.AddColumn("effective_date", "date");
        table.AddColumn("event_type", "varchar").NotNull();
        table.AddColumn<Guid>("stream_id");
        table.AddColumn<Guid>("member_id");
        table.AddColumn("unit_ids", "uuid[]").NotNull();
        table.AddColumn("actor", "varchar");
        table.AddColumn("actor_name", "varchar");
        table.AddColumn("actor_role", "varchar");
        table.AddColumn("actor_body", "varchar");
        table.AddColumn("correlation_id", "varchar");
        table.AddColumn("decision", "varchar");
        table.AddColumn("reason", "varchar");
        table.Indexes.Add(new IndexDefinition("ix_audit_log_units") { Columns = ["unit_ids"], Method = IndexMethod.gin });
        table.Indexes.Add(new IndexDefinition("ix_audit_log_member") { Columns = ["member_id", "seq_id"] });
        table.Indexes.Add(new IndexDefinition("ix_audit_log_actor") { Columns = ["actor", "seq_id"] });
        table.Indexes.Add(new IndexDefinition("ix_audit_log_type") { Columns = ["event_type", "seq_id"] });
        table.Indexes.Add(new IndexDefinition("ix_audit_log_recorded") { Columns = ["recorded_at"] });
        table.Indexes.Add(new IndexDefinition("ix_audit_log_effective") { Columns = ["effective_date"] });
        table.Indexes.Add(new IndexDefinition("ix_audit_log_correlation") { Columns = ["correlation_id"] });
        // The auditors' card of corrections and back-dated entries, newest first (AuditLogQuery.CorrectionSql).
        table.Indexes.Add(new IndexDefinition("ix_audit_log_corrections") { Columns = ["seq_id"], Predicate = AuditLogQuery.CorrectionSql });
        return table;
    }
}

/// <summary>One row of <c>audit_log</c>, in the order of <see cref="AuditLogProjection.Columns"/>.</summary>
public sealed record AuditLogRecord(
    long Sequence,
    DateTimeOffset RecordedAt,
    DateOnly? EffectiveDate,
    string EventType,
    Guid StreamId,
    Guid? MemberId,
    IReadOnlyList<Guid> UnitIds,
    string? Actor,
    string? ActorName,
    string? ActorRole,
    string? ActorBody,
    string? CorrelationId,
    string? Decision,
    string? Reason);

/// <summary>What the log needs of a member's snapshot: the cell periods, to place an event in the cell of its date.</summary>
public sealed record MemberCells(Guid Id, Guid CellId, List<Members.CellPeriod> Cells)
{
    public static MemberCells Of(Members.Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new MemberCells(member.Id, member.CellId, member.Cells);
    }
}

/// <summary>
/// The units an event concerns, for the log's scope: the units its data names (cells, units, parents,
/// organisations), the unit its stream belongs to (a post's or board's unit, both ends of a transfer, a
/// user's assignments), and for a member the cell they were in on the event's date. Pure.
/// </summary>
public static class AuditLogUnits
{
    private static readonly string[] UnitSuffixes = ["CellId", "UnitId", "OrganisationId", "ParentId"];
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    public static IReadOnlyList<Guid> Of(object data, LocalDate on, MemberCells? member, object? stream)
    {
        ArgumentNullException.ThrowIfNull(data);
        var units = new HashSet<Guid>(Named(data));
        if (member is not null)
        {
            var cell = member.Cells.LastOrDefault(c => c.From <= on && (c.To is null || c.To >= on))?.CellId
                ?? member.Cells.LastOrDefault(c => c.From <= on)?.CellId
                ?? member.CellId;
            if (cell != Guid.Empty)
            {
                units.Add(cell);
            }
        }

        switch (stream)
        {
            case Organisations.Organisation unit:
                units.Add(unit.Id);
                break;
            case Accounts.UserAccount account:
                units.UnionWith(account.Roles.Select(r => r.OrganisationId));
                break;
            case not null:
                units.UnionWith(Named(stream));
                break;
        }

        units.Remove(Guid.Empty);
        return [.. units.Order()];
    }

    private static IEnumerable<Guid> Named(object value)
    {
        var properties = Properties.GetOrAdd(value.GetType(), t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => (p.PropertyType == typeof(Guid) || p.PropertyType == typeof(Guid?)) && UnitSuffixes.Any(s => p.Name.EndsWith(s, StringComparison.Ordinal)))
            .ToArray());
        foreach (var property in properties)
        {
            if (property.GetValue(value) is Guid id)
            {
                yield return id;
            }
        }
    }
}
