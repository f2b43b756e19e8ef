using EventSourced.Domain.Members;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using NodaTime;
using NodaTime.Text;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace EventSourced.Domain.Audit;

/// <summary>A member's standing on a unit's roll on a day.</summary>
public enum RollStatus
{
    Probationary,
    Official,
    Exempt,

    /// <summary>On an official transfer within the city, letter issued and not yet received: still on the sending cell's roll.</summary>
    InTransit,

    /// <summary>Listed by a host cell on a temporary transfer; the home cell keeps counting the member.</summary>
    Hosted,
}

/// <summary>A stretch of a member's time in one cell with one standing, from the member's own record.</summary>
public sealed record RollPeriod(Guid CellId, LocalDate From, LocalDate? To, RollStatus Status);

/// <summary>One line of a unit's roll as of a date.</summary>
public sealed record RollLine(
    Guid MemberId,
    string FullName,
    string SortName,
    LocalDate DateOfBirth,
    Sex Sex,
    string? CardNumber,
    Guid CellId,
    RollStatus Status,
    LocalDate InCellSince,
    int PartyAgeYears,
    string? Because = null,
    int? BecauseVersion = null);

/// <summary>
/// The stretches of a member's cell periods with their standing (probationary until official
/// recognition, official after, exempt during an exemption), cut where any of them changes. Pure.
/// A readmitted member's earlier periods take that period's own recognition (probationary before it, or
/// throughout when it ended in probation).
/// </summary>
public static class MemberRollPeriods
{
    public static IReadOnlyList<RollPeriod> For(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var result = new List<RollPeriod>();
        foreach (var cell in member.Cells.Where(c => c.To is null || c.To > c.From))
        {
            // Every day a standing may change on inside this cell period.
            var cuts = new SortedSet<LocalDate> { cell.From };
            foreach (var official in member.EarlierOfficialDates.Append(member.OfficialDate).OfType<LocalDate>())
            {
                cuts.Add(official);
            }

            foreach (var period in member.Periods)
            {
                cuts.Add(period.From);
            }

            foreach (var exempt in member.ExemptPeriods)
            {
                cuts.Add(exempt.From);
                if (exempt.To is { } to)
                {
                    cuts.Add(to);
                }
            }

            var starts = cuts.Where(d => d >= cell.From && (cell.To is null || d < cell.To)).ToList();
            for (var i = 0; i < starts.Count; i++)
            {
                var from = starts[i];
                var to = i + 1 < starts.Count ? starts[i + 1] : cell.To;
                var status = member.ExemptOn(from) ? RollStatus.Exempt
                    : OfficialDateOn(member, from) is { } o && from >= o ? RollStatus.Official
                    : RollStatus.Probationary;
                if (result.Count > 0 && result[^1] is var last && last.CellId == cell.CellId && last.Status == status && last.To == from)
                {
                    result[^1] = last with { To = to };
                }
                else
                {
                    result.Add(new RollPeriod(cell.CellId, from, to, status));
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The day official standing began in the membership period holding <paramref name="day"/>; null when it did not
    /// in that period. A record stored before earlier periods kept their own date shows them official, as it did.
    /// </summary>
    private static LocalDate? OfficialDateOn(Member member, LocalDate day)
    {
        for (var k = 0; k < member.Periods.Count - 1; k++)
        {
            if (member.Periods[k].To is not { } to || day < to)
            {
                return k < member.EarlierOfficialDates.Count ? member.EarlierOfficialDates[k] : member.Periods[k].From;
            }
        }

        return member.OfficialDate;
    }

    /// <summary>
    /// The entry of the member's stream that put them on the roll as <paramref name="period"/> shows
    /// them: the latest entry in effect by its start that placed them in its cell (admission,
    /// arrival, transfer, move) or set their standing (recognition, exemption), rescinded ones aside, with its dates
    /// as corrected.
    /// </summary>
    public static MemberEntry? Because(Member member, RollPeriod period)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(period);
        var rescinded = member.RescindedEntries.ToHashSet();
        // Entries as their dates stand after corrections: a ceremony corrected to a later day explains the roll from
        // that day, not from the date first typed.
        var corrected = MemberHistory.CorrectedDates(member.History);
        return member.History
            .Select(h => corrected.TryGetValue(h.Version, out var c) ? h with { Event = c } : h)
            .Where(h => !rescinded.Contains(h.Version) && MemberHistory.OrderDate(h.Event) <= period.From && Explains(h.Event, period.CellId))
            .OrderBy(h => MemberHistory.OrderDate(h.Event))
            .ThenBy(h => h.Version)
            .LastOrDefault();
    }

    private static bool Explains(IMemberEvent e, Guid cell) => e switch
    {
        MemberAdmitted x => x.CellId == cell,
        MemberReadmitted x => x.CellId == cell,
        MemberTransferredIn x => x.CellId == cell,
        MemberReturnedToCity x => x.CellId == cell,
        MemberTransferred x => x.ToCellId == cell,
        MemberCellChanged x => x.ToCellId == cell,
        MemberRecognisedOfficial or MemberExempted or MemberExemptionEnded => true,
        _ => false,
    };
}

/// <summary>
/// Keeps <c>member_roll_periods</c>: each member's <see cref="RollPeriod"/>s with what a roll shows of
/// them, recomputed from the member's record whenever its stream moves (order and repetition do not
/// matter), so a unit's roll on any date is one indexed range query.
/// </summary>
public sealed class MemberRollProjection : ProjectionBase, IProjection
{
    public const string TableName = "member_roll_periods";

    /// <summary>Its rows are the member snapshot's, recomputed: only an event that changes that snapshot can change them.</summary>
    public MemberRollProjection()
    {
        foreach (var type in Common.HandledEvents.Of(typeof(Member)))
        {
            IncludeType(type);
        }
    }

    public static readonly DateOnly Open = new(9999, 12, 31);

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(events);
        var ids = events.Select(e => e.StreamId).Distinct().ToArray();
        var members = await operations.LoadManyAsync<Member>(cancellation, ids);
        if (members.Count == 0)
        {
            return;
        }

        var rows = members.SelectMany(RowsFor).ToList();
        var table = $"{operations.DocumentStore.Options.DatabaseSchemaName}.{TableName}";
        operations.QueueSqlCommand($"delete from {table} where member_id = any(?)", members.Select(m => m.Id).ToArray());
        if (rows.Count == 0)
        {
            return;
        }

        operations.QueueSqlCommand(
            $"""
            insert into {table} ({string.Join(", ", Columns)})
            select * from unnest(?::uuid[], ?::uuid[], ?::date[], ?::date[], ?::varchar[], ?::varchar[], ?::varchar[], ?::date[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::int[], ?::date[], ?::varchar[], ?::varchar[])
            """,
            rows.Select(r => r.MemberId).ToArray(),
            rows.Select(r => r.CellId).ToArray(),
            rows.Select(r => r.From).ToArray(),
            rows.Select(r => r.To).ToArray(),
            rows.Select(r => r.Status).ToArray(),
            rows.Select(r => r.FullName).ToArray(),
            rows.Select(r => r.SortName).ToArray(),
            rows.Select(r => r.DateOfBirth).ToArray(),
            rows.Select(r => r.Sex).ToArray(),
            rows.Select(r => r.CardNumber).ToArray(),
            rows.Select(r => r.PartyPeriods).ToArray(),
            rows.Select(r => r.Because).ToArray(),
            rows.Select(r => r.BecauseVersion).ToArray(),
            rows.Select(r => r.PartyAgeFrom).ToArray(),
            rows.Select(r => r.Ethnicity).ToArray(),
            rows.Select(r => r.Religion).ToArray());
    }

    /// <summary>The table's columns, in the order of <see cref="Row"/>.</summary>
    public static readonly string[] Columns =
        ["member_id", "cell_id", "from_day", "to_day", "status", "full_name", "sort_name", "date_of_birth", "sex", "card_number", "party_periods", "because", "because_version", "party_age_from", "ethnicity", "religion"];

    /// <summary>One row of the table, in the order of <see cref="Columns"/>.</summary>
    public sealed record Row(
        Guid MemberId,
        Guid CellId,
        DateOnly From,
        DateOnly To,
        string Status,
        string FullName,
        string SortName,
        DateOnly DateOfBirth,
        string Sex,
        string? CardNumber,
        string PartyPeriods,
        string? Because,
        int? BecauseVersion,
        DateOnly PartyAgeFrom,
        string? Ethnicity,
        string? Religion);

    /// <summary>A member's rows, from the member's snapshot alone (pure): what the daemon and a rebuild both write.</summary>
    public static IEnumerable<Row> RowsFor(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return MemberRollPeriods.For(member).Select(period =>
        {
            var because = MemberRollPeriods.Because(member, period);
            return new Row(
                member.Id,
                period.CellId,
                period.From.ToDateOnly(),
                period.To?.ToDateOnly() ?? Open,
                period.Status.ToString(),
                member.Profile.FullName,
                member.SortName,
                member.Profile.DateOfBirth.ToDateOnly(),
                member.Profile.Sex.ToString(),
                member.CardNumber,
                PartyPeriods.Write(member.Periods),
                because?.Event.GetType().Name,
                because?.Version,
                // Party age within a period counts from one day (earlier periods moved in), so the
                // statistics band it in SQL; ethnicity and religion are counted as the record holds them now.
                member.PartyAgeStart(period.From.PlusDays(1)).ToDateOnly(),
                member.Profile.Ethnicity,
                member.Profile.Religion);
        });
    }

    public static Table Define(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("member_id").NotNull();
        table.AddColumn<Guid>("cell_id").NotNull();
        table.AddColumn("from_day", "date").NotNull();
        table.AddColumn("to_day", "date").NotNull();
        table.AddColumn("status", "varchar").NotNull();
        table.AddColumn("full_name", "varchar").NotNull();
        table.AddColumn("sort_name", "varchar").NotNull();
        table.AddColumn("date_of_birth", "date").NotNull();
        table.AddColumn("sex", "varchar").NotNull();
        table.AddColumn("card_number", "varchar");
        table.AddColumn("party_periods", "varchar").NotNull();
        table.AddColumn("because", "varchar");
        table.AddColumn<int>("because_version");
        table.AddColumn("party_age_from", "date");
        table.AddColumn("ethnicity", "varchar");
        table.AddColumn("religion", "varchar");
        table.Indexes.Add(new IndexDefinition("ix_member_roll_periods_member") { Columns = ["member_id"] });
        table.Indexes.Add(new IndexDefinition("ix_member_roll_periods_cell") { Columns = ["cell_id", "from_day", "to_day"] });
        return table;
    }
}

/// <summary>A member's membership periods in one column ("from/to;from/"), enough to count party age on any date.</summary>
public static class PartyPeriods
{
    public static string Write(IEnumerable<MembershipPeriod> periods) =>
        string.Join(';', periods.Select(p => $"{LocalDatePattern.Iso.Format(p.From)}/{(p.To is { } to ? LocalDatePattern.Iso.Format(to) : string.Empty)}"));

    public static List<MembershipPeriod> Read(string text) =>
        [.. (text ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var parts = p.Split('/');
            return new MembershipPeriod(LocalDatePattern.Iso.Parse(parts[0]).Value, parts.Length > 1 && parts[1].Length > 0 ? LocalDatePattern.Iso.Parse(parts[1]).Value : null);
        })];
}

/// <summary>A unit's roll on a date: who was on it, in which cell, with which standing, from business dates.</summary>
public static class RollAsOf
{
    /// <summary>
    /// The roll on <paramref name="on"/>: the members' own records, then, with <paramref name="withTransfers"/>,
    /// the standings transfers give that day (in transit on the sending cell's roll, hosted on a host's). Without
    /// them it is the members' records alone, as <see cref="AsKnownAtAsync"/> replays them, to compare like with like.
    /// </summary>
    public static async Task<IReadOnlyList<RollLine>> ReadAsync(IQuerySession session, IReadOnlyCollection<Guid> cellIds, LocalDate on, CancellationToken ct, bool withTransfers = true)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(cellIds);
        if (cellIds.Count == 0)
        {
            return [];
        }

        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.{MemberRollProjection.TableName}";
        var day = on.ToDateOnly();
        var lines = new List<RollLine>();
        await using (var connection = session.Database.CreateConnection(Marten.Storage.ConnectionUsage.Read))
        {
            await connection.OpenAsync(ct);
            await using var command = new Npgsql.NpgsqlCommand(
                $"""
                select member_id, full_name, sort_name, date_of_birth, sex, card_number, cell_id, status, from_day, party_periods, because, because_version
                from {table} where cell_id = any($1) and from_day <= $2 and to_day > $2
                """,
                connection);
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = cellIds.ToArray() });
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = day });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var periods = PartyPeriods.Read(reader.GetString(9));
                lines.Add(new RollLine(
                    reader.GetGuid(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    LocalDate.FromDateOnly(reader.GetFieldValue<DateOnly>(3)),
                    Enum.Parse<Sex>(reader.GetString(4)),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.GetGuid(6),
                    Enum.Parse<RollStatus>(reader.GetString(7)),
                    LocalDate.FromDateOnly(reader.GetFieldValue<DateOnly>(8)),
                    new Member { Periods = periods }.PartyAgeYears(on),
                    reader.IsDBNull(10) ? null : reader.GetString(10),
                    reader.IsDBNull(11) ? null : reader.GetInt32(11)));
            }
        }

        if (!withTransfers)
        {
            return [.. lines.OrderBy(l => l.SortName, StringComparer.Ordinal).ThenBy(l => l.MemberId)];
        }

        // Transfers change a line's standing that day: in transit on the sending cell's roll, and a
        // temporary transfer lists the member on the host cell's roll as well.
        var memberIds = lines.Select(l => l.MemberId).ToList();
        var cells = cellIds.ToList();
        var hostCells = cells.Select(c => (Guid?)c).ToList();
        var transfers = (await session.Query<Transfers.Transfer>().Where(t => t.MemberId.IsOneOf(memberIds)).ToListAsync(ct))
            .Concat(await session.Query<Transfers.Transfer>().Where(t => t.Kind == Transfers.TransferKind.Temporary && t.ToCellId.IsOneOf(hostCells)).ToListAsync(ct))
            .DistinctBy(t => t.Id)
            .ToList();
        // In transit on the sending side's line, never the receiving cell's: a receipt whose date was corrected on
        // the member's record (earlier than the transfer's own) puts the member's line in the receiving cell,
        // received, that day. The sending side is the cell the letter left, or the cell that took its members
        // when it was merged or dissolved while the letter was on its way.
        var inTransit = transfers.Where(t => t.Kind == Transfers.TransferKind.WithinCity
                && t.IssuedOn <= on && (t.ReceivedOn is null || t.ReceivedOn > on) && (t.ClosedOn is null || t.ClosedOn > on))
            .GroupBy(t => t.MemberId)
            .ToDictionary(g => g.Key, g => g.Select(t => t.ToCellId).ToList());
        var result = lines.Select(l => inTransit.TryGetValue(l.MemberId, out var to) && to.Any(c => c != l.CellId)
            ? l with { Status = RollStatus.InTransit }
            : l).ToList();
        // Until is the day the member is back (the scheduled end closes the transfer on it), so the host's
        // roll of that day does not list them, before or after the end has run. A member no longer in any
        // cell that day (died, removed, left) is no one's guest, whatever became of the transfer.
        var hosted = transfers.Where(t => t.Kind == Transfers.TransferKind.Temporary && t.ToCellId is { } host && cells.Contains(host)
                && t.TemporaryFrom <= on && (t.TemporaryUntil is null || t.TemporaryUntil > on) && (t.ClosedOn is null || t.ClosedOn > on))
            .ToList();
        if (hosted.Count > 0)
        {
            foreach (var member in await session.LoadManyAsync<Member>(ct, hosted.Select(t => t.MemberId).Distinct()))
            {
                if (member.Cells.Count > 0 ? member.CellOn(on) is null : member.EndedOn is { } ended && ended <= on)
                {
                    continue;
                }

                var transfer = hosted.First(t => t.MemberId == member.Id);
                // A member already on the host cell's roll (received there officially while the hosting
                // was left open, as records before receipt ended it were) is its member, not its guest.
                if (result.Any(l => l.MemberId == member.Id && l.CellId == transfer.ToCellId))
                {
                    continue;
                }

                result.Add(new RollLine(member.Id, member.Profile.FullName, member.SortName, member.Profile.DateOfBirth, member.Profile.Sex, member.CardNumber,
                    transfer.ToCellId!.Value, RollStatus.Hosted, transfer.TemporaryFrom ?? transfer.IssuedOn, member.PartyAgeYears(on)));
            }
        }

        return [.. result.OrderBy(l => l.SortName, StringComparer.Ordinal).ThenBy(l => l.MemberId)];
    }

    /// <summary>
    /// The roll as the register knew it at <paramref name="knownAt"/>: each member who was ever
    /// recorded in these cells by then, folded from only the events recorded up to that moment. What a
    /// report printed then said, before later (back-dated) entries. Standings from transfers in transit
    /// are not shown here: only the members' own records are replayed.
    /// </summary>
    public static async Task<IReadOnlyList<RollLine>> AsKnownAtAsync(IQuerySession session, IReadOnlyCollection<Guid> cellIds, LocalDate on, Instant knownAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(cellIds);
        if (cellIds.Count == 0)
        {
            return [];
        }

        var log = $"{session.DocumentStore.Options.Events.DatabaseSchemaName}.{AuditLogProjection.TableName}";
        var periods = $"{session.DocumentStore.Options.DatabaseSchemaName}.{MemberRollProjection.TableName}";
        var candidates = await session.QueryAsync<Guid>(
            $"""
            select member_id from {log} where member_id is not null and unit_ids && ? and recorded_at <= ?
            union select member_id from {periods} where cell_id = any(?)
            """,
            ct,
            cellIds.ToArray(),
            knownAt.ToDateTimeOffset(),
            cellIds.ToArray());
        var cells = cellIds.ToHashSet();
        var lines = new List<RollLine>();
        foreach (var id in candidates)
        {
            var member = await session.Events.AggregateStreamAsync<Member>(id, timestamp: knownAt.ToDateTimeOffset(), token: ct);
            if (member is null)
            {
                continue;
            }

            if (MemberRollPeriods.For(member).FirstOrDefault(p => cells.Contains(p.CellId) && p.From <= on && (p.To is null || p.To > on)) is { } period)
            {
                var because = MemberRollPeriods.Because(member, period);
                lines.Add(new RollLine(member.Id, member.Profile.FullName, member.SortName, member.Profile.DateOfBirth, member.Profile.Sex, member.CardNumber,
                    period.CellId, period.Status, period.From, member.PartyAgeYears(on), because?.Event.GetType().Name, because?.Version));
            }
        }

        return [.. lines.OrderBy(l => l.SortName, StringComparer.Ordinal).ThenBy(l => l.MemberId)];
    }
}
