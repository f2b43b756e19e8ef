using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Installs.Rollout;

/// <summary>A point of the "installs over time" chart: installed members at the end of <paramref name="Day"/>.</summary>
public sealed record InstallsOnDay(LocalDate Day, int Installed);

/// <summary>
/// The dashboard's reads, all from projections: the rollout spans (counted per cell on the date with
/// one grouped range scan), the training classes and the targets. Rolling the cells up the tree is
/// done in memory by <see cref="RolloutFigures"/>, which is what keeps a parent equal to the sum of
/// its children.
/// </summary>
public static class RolloutDashboardQuery
{
    /// <summary>
    /// What each cell counts on <paramref name="date"/>, plus the staff trained by each unit up to that
    /// date; only the cells in <paramref name="cellIds"/> when given (a district's dashboard need not
    /// count the whole city).
    /// </summary>
    public static async Task<Dictionary<Guid, UnitCounts>> OwnCountsAsync(IQuerySession session, LocalDate date, CancellationToken ct, IReadOnlyCollection<Guid>? cellIds = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        var counts = new Dictionary<Guid, UnitCounts>();
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        await using (var connection = session.Database.CreateConnection(Marten.Storage.ConnectionUsage.Read))
        {
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                select cell_id, count(*)::int, count(*) filter (where eligible)::int, count(*) filter (where installed)::int,
                       count(*) filter (where installed and eligible)::int, count(*) filter (where active)::int
                from {schema}.{RolloutSpansProjection.TableName}
                where from_day <= $1 and to_day > $1 {(cellIds is null ? string.Empty : "and cell_id = any($2)")}
                group by cell_id
                """;
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = date.ToDateOnly() });
            if (cellIds is not null)
            {
                command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = cellIds.ToArray() });
            }

            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                counts[reader.GetGuid(0)] = new UnitCounts(reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5));
            }
        }

        // Classes number in the hundreds, not the hundreds of thousands: filtering the dates here is cheaper than a column for them.
        var classes = await session.Query<TrainingClass>()
            .Where(c => !c.Cancelled)
            .Select(c => new { c.UnitId, c.HeldOn, c.TraineeCount })
            .ToListAsync(ct);
        foreach (var training in classes.Where(c => c.HeldOn <= date))
        {
            var trained = new UnitCounts(0, 0, 0, 0, 0, training.TraineeCount);
            counts[training.UnitId] = counts.TryGetValue(training.UnitId, out var sofar) ? sofar.Plus(trained) : trained;
        }

        return counts;
    }

    /// <summary>
    /// Installed members of <paramref name="cellIds"/> (null: every cell) at the end of each day from
    /// <paramref name="from"/> to <paramref name="to"/>, every <paramref name="stepDays"/> days and on
    /// <paramref name="to"/> itself. Read as +1 where an installed span starts and -1 where it ends,
    /// summed up to each day, so one pass over the installed spans gives the whole line. The spans
    /// are grouped by (start, end) in the database, one scan; an open span's end (infinity) lies past
    /// every day asked for, so its -1 is never reached.
    /// </summary>
    public static async Task<IReadOnlyList<InstallsOnDay>> InstalledSeriesAsync(
        IQuerySession session, IReadOnlyCollection<Guid>? cellIds, LocalDate from, LocalDate to, int stepDays, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        var filter = cellIds is null ? string.Empty : "and cell_id = any($2)";
        var deltas = new SortedDictionary<LocalDate, int>();
        await using (var connection = session.Database.CreateConnection(Marten.Storage.ConnectionUsage.Read))
        {
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                select greatest(from_day, $1), to_day, count(*)::int from {schema}.{RolloutSpansProjection.TableName}
                where installed and to_day > $1 {filter}
                group by 1, 2
                """;
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = from.ToDateOnly() });
            if (cellIds is not null)
            {
                command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = cellIds.ToArray() });
            }

            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var spans = reader.GetInt32(2);
                Add(deltas, LocalDate.FromDateOnly(reader.GetFieldValue<DateOnly>(0)), spans);
                Add(deltas, LocalDate.FromDateOnly(reader.GetFieldValue<DateOnly>(1)), -spans);
            }
        }

        var points = new List<InstallsOnDay>();
        using var changes = deltas.GetEnumerator();
        var more = changes.MoveNext();
        var installed = 0;
        for (var day = from; day <= to; day = day == to ? day.PlusDays(1) : Min(day.PlusDays(stepDays), to))
        {
            // A span starting on a day counts on that day; one ending on it (to_day, exclusive) no longer does.
            while (more && changes.Current.Key <= day)
            {
                installed += changes.Current.Value;
                more = changes.MoveNext();
            }

            points.Add(new InstallsOnDay(day, installed));
        }

        return points;
    }

    /// <summary>Every unit's targets, by unit id.</summary>
    public static async Task<Dictionary<Guid, RolloutTarget>> TargetsAsync(IQuerySession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var targets = await session.Query<RolloutTarget>().ToListAsync(ct);
        return targets.ToDictionary(t => t.UnitId);
    }

    /// <summary>The cells under <paramref name="unitId"/> in the tree, or null when that is every cell (the city).</summary>
    public static IReadOnlyCollection<Guid>? CellsUnder(OrganisationTree tree, Guid unitId)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (tree.Find(unitId) is { ParentId: null } && tree.Roots.Count(r => r.IsActive) == 1)
        {
            return null;
        }

        // Every unit below, not just cells: members sit only in cells, and the kinds of cell differ.
        return [.. tree.Subtree(unitId).Select(u => u.Id)];
    }

    private static LocalDate Min(LocalDate a, LocalDate b) => a < b ? a : b;

    private static void Add(SortedDictionary<LocalDate, int> deltas, LocalDate day, int delta) =>
        deltas[day] = deltas.GetValueOrDefault(day) + delta;
}
