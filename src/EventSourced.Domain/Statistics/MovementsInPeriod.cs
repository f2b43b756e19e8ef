using System.Globalization;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using NodaTime;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace EventSourced.Domain.Statistics;

/// <summary>
/// A step of a member's record that a period table counts: in which cell, on which business date,
/// which table (<paramref name="Kind"/>, a <see cref="StatisticsDimension"/> key) and column
/// (<paramref name="Detail"/>), and the entry of the stream it comes from.
/// </summary>
public sealed record MemberMovement(Guid CellId, LocalDate Day, string Kind, string Detail, int Version);

/// <summary>
/// The period tables: admissions, recognitions, transfers in and out, ends of membership by ground,
/// disciplines by form and badges awarded between two dates, counted per cell from
/// <c>member_movements</c> and added up the tree. Every movement is counted at the cell where it
/// happened, so a unit's figure is the sum of its cells' (a move between two cells of one committee
/// is an arrival in one and a departure from the other, also at the committee).
/// </summary>
public static class MovementsInPeriod
{
    public static readonly StatisticsDimension Admissions = new("Admissions", ["Admitted", "Readmitted"]);

    public static readonly StatisticsDimension Recognitions = new("Recognitions", ["Recognised"]);

    public static readonly StatisticsDimension Transfers = new("Transfers", ["ArrivedWithinCity", "ArrivedFromOutside", "ReturnedToCity", "LeftWithinCity", "LeftCity"]);

    public static readonly StatisticsDimension Ends = new("Ends",
        [.. Enum.GetValues<RemovalGround>().Select(g => $"Removed{g}"), "Expelled", "LeftVoluntarily", "Deceased"]);

    public static readonly StatisticsDimension Disciplines = new("Disciplines", [.. Enum.GetNames<DisciplineKind>()]);

    public static readonly StatisticsDimension Badges = new("Badges", [.. PartyBadges.Years.Select(y => y.ToString(CultureInfo.InvariantCulture))], Translated: false);

    public static IReadOnlyList<StatisticsDimension> Dimensions { get; } = [Admissions, Recognitions, Transfers, Ends, Disciplines, Badges];

    /// <summary>
    /// The movements of a member's record as it now stands (pure): rescinded entries left out, corrected
    /// dates applied, annulled disciplines left out, an end counted only when it ended a period of
    /// membership (a departure from the city also when a return reopened that period). A step that
    /// ends or leaves a cell counts in the cell the member left.
    /// </summary>
    public static IReadOnlyList<MemberMovement> For(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var annulled = member.Disciplines.Where(d => d.Annulled).Select(d => d.Id).ToHashSet();
        var ends = member.Periods.Where(p => p.To is not null).Select(p => p.To!.Value).ToHashSet();
        // A return to the city reopens the period the departure ended (the member stayed a member
        // elsewhere), but not the cell stretch it closed: that tells a departure that took effect.
        var cellEnds = member.Cells.Where(c => c.To is not null).Select(c => c.To!.Value).ToHashSet();
        var result = new List<MemberMovement>();
        Guid? In(LocalDate day) => member.CellOn(day) ?? member.CellOn(day.PlusDays(-1));
        Guid? Left(LocalDate day) => member.CellOn(day.PlusDays(-1)) ?? member.CellOn(day);
        void Add(Guid? cell, LocalDate day, StatisticsDimension kind, string detail, int version)
        {
            if (cell is { } id)
            {
                result.Add(new MemberMovement(id, day, kind.Key, detail, version));
            }
        }

        foreach (var (version, e) in MemberHistory.FactsInEffect(member).Select(h => (h.Version, h.Event)))
        {
            var day = e.EffectiveDate;
            switch (e)
            {
                case MemberAdmitted x: Add(x.CellId, day, Admissions, "Admitted", version); break;
                case MemberReadmitted x: Add(x.CellId, day, Admissions, "Readmitted", version); break;
                case MemberRecognisedOfficial: Add(In(day), day, Recognitions, "Recognised", version); break;
                case MemberTransferred x:
                    Add(x.FromCellId, day, Transfers, "LeftWithinCity", version);
                    Add(x.ToCellId, day, Transfers, "ArrivedWithinCity", version);
                    break;
                case MemberTransferredIn x: Add(x.CellId, day, Transfers, "ArrivedFromOutside", version); break;
                case MemberReturnedToCity x: Add(x.CellId, day, Transfers, "ReturnedToCity", version); break;
                case MemberTransferredOut when ends.Contains(day) || cellEnds.Contains(day): Add(Left(day), day, Transfers, "LeftCity", version); break;
                case MemberRemovedFromRolls x when ends.Contains(day): Add(Left(day), day, Ends, $"Removed{x.Ground}", version); break;
                case MemberLeftVoluntarily when ends.Contains(day): Add(Left(day), day, Ends, "LeftVoluntarily", version); break;
                case MemberDied when ends.Contains(day): Add(Left(day), day, Ends, "Deceased", version); break;
                case DisciplineImposed x when !annulled.Contains(x.DisciplineId):
                    Add(In(day), day, Disciplines, x.Kind.ToString(), version);
                    if (x.Kind == DisciplineKind.Expulsion && ends.Contains(day))
                    {
                        Add(Left(day), day, Ends, "Expelled", version);
                    }

                    break;
                case PartyBadgeAwarded x: Add(In(day), day, Badges, x.Years.ToString(CultureInfo.InvariantCulture), version); break;
                default: break;
            }
        }

        return result;
    }

    /// <summary>Each cell's counts of movements from <paramref name="from"/> to <paramref name="to"/>, both days included (all cells when null).</summary>
    public static async Task<IReadOnlyDictionary<Guid, Tally>> PerCellAsync(IQuerySession session, IReadOnlyCollection<Guid>? cellIds, LocalDate from, LocalDate to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.{MemberMovementsProjection.TableName}";
        var result = new Dictionary<Guid, Tally>();
        await using var connection = session.Database.CreateConnection(Marten.Storage.ConnectionUsage.Read);
        await connection.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand(
            $"select cell_id, kind, detail, count(*)::int from {table} where day between $1 and $2 {(cellIds is null ? string.Empty : "and cell_id = any($3)")} group by 1, 2, 3",
            connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = from.ToDateOnly() });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = to.ToDateOnly() });
        if (cellIds is not null)
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = cellIds.ToArray() });
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var cell = reader.GetGuid(0);
            if (!result.TryGetValue(cell, out var tally))
            {
                result[cell] = tally = new Tally();
            }

            tally.Increase($"{reader.GetString(1)}.{reader.GetString(2)}", reader.GetInt32(3));
        }

        return result;
    }

    /// <summary>The period tables of a unit, on the tree of the period's last day (cells closed during it still count).</summary>
    public static async Task<IReadOnlyList<StatisticsTable>> TablesAsync(IQuerySession session, OrganisationTree tree, Guid unitId, LocalDate from, LocalDate to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var cells = tree.Find(unitId)?.ParentId is null ? null : tree.Subtree(unitId, includeClosed: true).Select(n => n.Id).ToList();
        var perCell = await PerCellAsync(session, cells, from, to, ct);
        return Tables(tree, unitId, perCell);
    }

    /// <summary>The tables from the cells' counts (pure).</summary>
    public static IReadOnlyList<StatisticsTable> Tables(OrganisationTree tree, Guid unitId, IReadOnlyDictionary<Guid, Tally> perCell)
    {
        var totals = StatisticsRollUp.Totals(tree, unitId, perCell);
        return [.. Dimensions.Select(d => StatisticsRollUp.Table(tree, unitId, totals, perCell, d))];
    }
}

/// <summary>
/// Keeps <c>member_movements</c>: each member's <see cref="MemberMovement"/>s, recomputed from the
/// member's record whenever its stream moves (like <see cref="Audit.MemberRollProjection"/>), so a
/// period table is one grouped query over a date range.
/// </summary>
public sealed class MemberMovementsProjection : ProjectionBase, IProjection
{
    public const string TableName = "member_movements";

    /// <summary>Its rows are the member snapshot's, recomputed: only an event that changes that snapshot can change them.</summary>
    public MemberMovementsProjection()
    {
        foreach (var type in Common.HandledEvents.Of(typeof(Member)))
        {
            IncludeType(type);
        }
    }

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

        var rows = members.SelectMany(m => MovementsInPeriod.For(m).Select(x => (Member: m.Id, Movement: x))).ToList();
        var table = $"{operations.DocumentStore.Options.DatabaseSchemaName}.{TableName}";
        operations.QueueSqlCommand($"delete from {table} where member_id = any(?)", members.Select(m => m.Id).ToArray());
        if (rows.Count == 0)
        {
            return;
        }

        operations.QueueSqlCommand(
            $"""
            insert into {table} (member_id, cell_id, day, kind, detail, version)
            select * from unnest(?::uuid[], ?::uuid[], ?::date[], ?::varchar[], ?::varchar[], ?::int[])
            """,
            rows.Select(r => r.Member).ToArray(),
            rows.Select(r => r.Movement.CellId).ToArray(),
            rows.Select(r => r.Movement.Day.ToDateOnly()).ToArray(),
            rows.Select(r => r.Movement.Kind).ToArray(),
            rows.Select(r => r.Movement.Detail).ToArray(),
            rows.Select(r => r.Movement.Version).ToArray());
    }

    public static Table Define(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("member_id").NotNull();
        table.AddColumn<Guid>("cell_id").NotNull();
        table.AddColumn("day", "date").NotNull();
        table.AddColumn("kind", "varchar").NotNull();
        table.AddColumn("detail", "varchar").NotNull();
        table.AddColumn<int>("version").NotNull();
        table.Indexes.Add(new IndexDefinition("ix_member_movements_member") { Columns = ["member_id"] });
        table.Indexes.Add(new IndexDefinition("ix_member_movements_day") { Columns = ["day", "cell_id"] });
        return table;
    }
}
