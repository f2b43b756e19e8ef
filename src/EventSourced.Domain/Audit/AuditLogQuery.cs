using EventSourced.Domain.Common;
using Marten;
using Npgsql;
using NodaTime;

namespace EventSourced.Domain.Audit;

/// <summary>
/// What the auditors' log is searched by. <see cref="Units"/> null means every unit (a reader whose
/// scope is the whole city, with no unit chosen); otherwise only events concerning one of them.
/// </summary>
public sealed record AuditLogFilter(
    IReadOnlyList<Guid>? Units,
    Guid? MemberId,
    string? Actor,
    string? EventType,
    LocalDate? RecordedFrom,
    LocalDate? RecordedTo,
    LocalDate? EffectiveFrom,
    LocalDate? EffectiveTo,
    long? Before)
{
    /// <summary>
    /// Event types kept by <see cref="EffectiveTo"/> whatever their own date: notes on entries (a rescission, a
    /// corrected date) take effect the day they are recorded yet change what an earlier date's roll says.
    /// </summary>
    public IReadOnlyList<string>? AnyEffectiveDateTypes { get; init; }
}

/// <summary>One line of the log: the event's place in the log and its audit metadata.</summary>
public sealed record AuditLogRow(
    long Sequence,
    Instant RecordedAt,
    LocalDate? EffectiveDate,
    string EventType,
    Guid? StreamId,
    Guid? MemberId,
    string? Actor,
    string? ActorName,
    string? ActorRole,
    string? ActorBody,
    string? CorrelationId,
    string? Decision,
    string? Reason);

/// <summary>Reads the log newest first, a page at a time by sequence number (keyset), so any page is as fast as the first.</summary>
public static class AuditLogQuery
{
    public const int MaxPage = 500;

    /// <summary>Up to <paramref name="limit"/> rows older than the filter's <c>Before</c>, and whether there are more.</summary>
    public static async Task<(IReadOnlyList<AuditLogRow> Rows, bool More)> PageAsync(IQuerySession session, AuditLogFilter filter, int limit, DateTimeZone zone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(zone);
        limit = Math.Clamp(limit, 1, MaxPage);
        var table = $"{session.DocumentStore.Options.Events.DatabaseSchemaName}.{AuditLogProjection.TableName}";
        var where = new List<string>();
        var command = new NpgsqlCommand();
        void Add(string condition, object value)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
            where.Add(condition.Replace("@", "$" + command.Parameters.Count, StringComparison.Ordinal));
        }

        if (filter.Units is { } units)
        {
            Add("unit_ids && @", units.ToArray());
        }

        if (filter.MemberId is { } member)
        {
            Add("member_id = @", member);
        }

        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            Add("actor = @", filter.Actor.Trim());
        }

        if (!string.IsNullOrWhiteSpace(filter.EventType))
        {
            Add("event_type = @", filter.EventType.Trim());
        }

        if (filter.RecordedFrom is { } recordedFrom)
        {
            Add("recorded_at >= @", recordedFrom.AtStartOfDayInZone(zone).ToInstant().ToDateTimeOffset());
        }

        if (filter.RecordedTo is { } recordedTo)
        {
            Add("recorded_at < @", recordedTo.PlusDays(1).AtStartOfDayInZone(zone).ToInstant().ToDateTimeOffset());
        }

        if (filter.EffectiveFrom is { } effectiveFrom)
        {
            Add("effective_date >= @", effectiveFrom.ToDateOnly());
        }

        if (filter.EffectiveTo is { } effectiveTo)
        {
            Add("effective_date <= @", effectiveTo.ToDateOnly());
            if (filter.AnyEffectiveDateTypes is { Count: > 0 } anyDate)
            {
                // The date's condition widened to the types kept whatever their date.
                command.Parameters.Add(new NpgsqlParameter { Value = anyDate.ToArray() });
                where[^1] = $"({where[^1]} or event_type = any(${command.Parameters.Count}))";
            }
        }

        if (filter.Before is { } before)
        {
            Add("seq_id < @", before);
        }

        command.CommandText = $"""
            select seq_id, recorded_at, effective_date, event_type, stream_id, member_id, actor, actor_name, actor_role, actor_body, correlation_id, decision, reason
            from {table}
            {(where.Count == 0 ? string.Empty : "where " + string.Join(" and ", where))}
            order by seq_id desc limit {limit + 1}
            """;
        await using var connection = session.Database.CreateConnection(Marten.Storage.ConnectionUsage.Read);
        await connection.OpenAsync(ct);
        command.Connection = connection;
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = new List<AuditLogRow>();
            while (await reader.ReadAsync(ct))
            {
                rows.Add(Row(reader));
            }

            return rows.Count > limit ? (rows[..limit], true) : (rows, false);
        }
    }

    /// <summary>Lines of one user action (one request's correlation id) next to each other belong together.</summary>
    public static IReadOnlyList<IReadOnlyList<AuditLogRow>> Grouped(IReadOnlyList<AuditLogRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var groups = new List<IReadOnlyList<AuditLogRow>>();
        List<AuditLogRow>? current = null;
        foreach (var row in rows)
        {
            if (current is not null && row.CorrelationId is not null && current[0].CorrelationId == row.CorrelationId)
            {
                current.Add(row);
                continue;
            }

            current = [row];
            groups.Add(current);
        }

        return groups;
    }

    /// <summary>Entries that changed the record after the fact: corrections, rescissions, and member entries dated a month or more before they were recorded.</summary>
    public static readonly IReadOnlyList<string> CorrectionTypes = ["ProfileCorrected", "MemberEntryRescinded", "MemberDateCorrected", "DisciplineAnnulled"];

    /// <summary>
    /// Entries that open a member's record (an admission, an arrival) describe history when a register is
    /// first filled or imported: thousands of them are dated years back, and none is a change after the fact.
    /// </summary>
    public static readonly IReadOnlyList<string> RecordOpeners = ["MemberAdmitted", "MemberTransferredIn"];

    /// <summary>
    /// <see cref="CorrectionTypes"/>, and entries other than <see cref="RecordOpeners"/> dated more than 30
    /// days before the day they were recorded, in SQL with the lists written out: it is also the predicate
    /// of a partial index (<see cref="AuditLogProjection"/>), which PostgreSQL uses only for a query that
    /// says exactly this.
    /// </summary>
    /// <remarks>
    /// Written as PostgreSQL prints it back (<c>= ANY</c> for <c>in</c>, <c>timezone()</c> for <c>at time
    /// zone</c>): it is also the predicate of the index that serves it, and the schema check at start compares
    /// the two texts; another spelling made every start drop and rebuild the index.
    /// </remarks>
    public static readonly string CorrectionSql =
        $"event_type = ANY (ARRAY[{Quoted(CorrectionTypes)}]) or (member_id IS NOT NULL and event_type <> ALL (ARRAY[{Quoted(RecordOpeners)}]) and effective_date < (timezone('{VietnamTime.Zone.Id}', recorded_at))::date - 30)";

    /// <summary>
    /// The card counts corrections up to this many: a register first filled or imported is back-dated by
    /// the million, and counting them all on every home page took a second.
    /// </summary>
    public const int CorrectionsCountCap = 1000;

    /// <summary>
    /// The newest corrections and back-dated entries recorded since <paramref name="since"/> in the units
    /// (null: everywhere), and how many there are up to <see cref="CorrectionsCountCap"/> + 1 (meaning more).
    /// </summary>
    public static async Task<(IReadOnlyList<AuditLogRow> Rows, int Total)> CorrectionsAsync(IQuerySession session, IReadOnlyList<Guid>? units, Instant since, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var table = $"{session.DocumentStore.Options.Events.DatabaseSchemaName}.{AuditLogProjection.TableName}";
        var where = $"recorded_at >= $1 and ({CorrectionSql}){(units is null ? string.Empty : " and unit_ids && $2")}";
        await using var connection = session.Database.CreateConnection(Marten.Storage.ConnectionUsage.Read);
        await connection.OpenAsync(ct);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"select seq_id, recorded_at, effective_date, event_type, stream_id, member_id, actor, actor_name, actor_role, actor_body, correlation_id, decision, reason from {table} where {where} order by seq_id desc limit {Math.Clamp(limit, 1, MaxPage)}"),
                new NpgsqlBatchCommand($"select count(*)::int from (select 1 from {table} where {where} limit {CorrectionsCountCap + 1}) as hits"),
            },
        };
        foreach (var command in batch.BatchCommands)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = since.ToDateTimeOffset() });
            if (units is not null)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = units.ToArray() });
            }
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        var rows = new List<AuditLogRow>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(Row(reader));
        }

        await reader.NextResultAsync(ct);
        var total = await reader.ReadAsync(ct) ? reader.GetInt32(0) : 0;
        return (rows, total);
    }

    private static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"'{v}'"));

    /// <summary>A log row from the first thirteen columns both queries select, in their order.</summary>
    private static AuditLogRow Row(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        Instant.FromDateTimeUtc(reader.GetDateTime(1)),
        reader.IsDBNull(2) ? null : LocalDate.FromDateOnly(reader.GetFieldValue<DateOnly>(2)),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetGuid(4),
        reader.IsDBNull(5) ? null : reader.GetGuid(5),
        Text(reader, 6),
        Text(reader, 7),
        Text(reader, 8),
        Text(reader, 9),
        Text(reader, 10),
        Text(reader, 11),
        Text(reader, 12));

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
}
