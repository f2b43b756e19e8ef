using EventSourced.Domain.Audit;
using EventSourced.Domain.Common;
using EventSourced.Domain.Installs;
using EventSourced.Domain.Installs.Rollout;
using EventSourced.Domain.Members;
using EventSourced.Domain.Statistics;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// The rebuild's way of filling the three tables whose rows are a member's snapshot recomputed
/// (<see cref="MemberRollProjection"/>, <see cref="MemberMovementsProjection"/>, and
/// <see cref="RolloutSpansProjection"/> with the member's app usage): one pass over the finished
/// snapshots, each read and deserialised once, the rows written by binary COPY, instead of each
/// projection replaying the events and loading every snapshot again (three times over, 2.6 million
/// events at city scale). Same rows, same code (<c>RowsFor</c>, <c>MovementsInPeriod.For</c>,
/// <c>RolloutSpans.For</c>): each projection replaces a touched member's rows by those of the current
/// snapshot, and every member's stream begins with an event all three read (an admission or an
/// arrival), so a replay leaves exactly the rows of every member's final snapshot. Afterwards the
/// three projections are marked at the newest event, so the daemon goes on from there. The running
/// daemon never takes this path, and a full rebuild neither: there the snapshot fold writes the same rows with
/// the same writers as it folds each member (<see cref="SnapshotFold.PassRows"/>, decision 0043).
/// </summary>
public static class MemberSnapshotPass
{
    /// <summary>The projections this pass stands in for, by name.</summary>
    public static readonly string[] Projections =
        [nameof(MemberRollProjection), nameof(MemberMovementsProjection), nameof(RolloutSpansProjection)];

    /// <summary>The tables this pass fills.</summary>
    public static readonly string[] Tables =
        [MemberRollProjection.TableName, MemberMovementsProjection.TableName, RolloutSpansProjection.TableName];

    private const int PageSize = 2_000;

    /// <summary>Disjoint ranges of member ids, worked two at a time (one reads while the other computes).</summary>
    internal static readonly Guid?[] Bounds =
    [
        null,
        Guid.Parse("40000000-0000-0000-0000-000000000000"),
        Guid.Parse("80000000-0000-0000-0000-000000000000"),
        Guid.Parse("c0000000-0000-0000-0000-000000000000"),
        null,
    ];

    public static async Task<long> RunAsync(IDocumentStore store, Marten.Storage.IMartenDatabase database, long head, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(database);
        var options = store.Options;
        var serializer = ((StoreOptions)options).Serializer();
        var members = options.Schema.For<Member>(qualified: true);
        var usages = options.Schema.For<MemberAppUsage>(qualified: true);
        var schema = options.DatabaseSchemaName;
        long count = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, Bounds.Length - 1), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct }, async (range, token) =>
        {
            var done = await RangeAsync(Bounds[range], Bounds[range + 1], token);
            Interlocked.Add(ref count, done);
        });

        await ProjectionRebuild.MarkAtAsync(database, options.Events.DatabaseSchemaName, Projections, head, ct);

        return count;

        async Task<long> RangeAsync(Guid? from, Guid? to, CancellationToken token)
        {
            await using var read = database.CreateConnection();
            await using var rollConnection = database.CreateConnection();
            await using var movementsConnection = database.CreateConnection();
            await using var spansConnection = database.CreateConnection();
            await Task.WhenAll(read.OpenAsync(token), rollConnection.OpenAsync(token), movementsConnection.OpenAsync(token), spansConnection.OpenAsync(token));
            await using var roll = await rollConnection.BeginBinaryImportAsync(RollCopy(schema), token);
            await using var movements = await movementsConnection.BeginBinaryImportAsync(MovementsCopy(schema), token);
            await using var spans = await spansConnection.BeginBinaryImportAsync(SpansCopy(schema), token);
            long done = 0;
            var after = from;
            var first = true;
            while (true)
            {
                var page = new List<Member>(PageSize);
                await using (var command = read.CreateCommand())
                {
                    // The range's lower bound is inclusive, every later page starts after the last id read.
                    command.CommandText = $"select data from {members} where {(after is null ? "true" : first ? "id >= $1" : "id > $1")} {(to is null ? string.Empty : "and id < $2")} order by id limit {PageSize}";
                    command.Parameters.Add(new NpgsqlParameter { Value = after ?? Guid.Empty });
                    command.Parameters.Add(new NpgsqlParameter { Value = to ?? Guid.Empty });
                    await using var reader = await command.ExecuteReaderAsync(token);
                    while (await reader.ReadAsync(token))
                    {
                        page.Add(serializer.FromJson<Member>(reader, 0));
                    }
                }

                first = false;
                if (page.Count == 0)
                {
                    break;
                }

                after = page[^1].Id;
                var usage = new Dictionary<Guid, MemberAppUsage>(page.Count);
                await using (var command = read.CreateCommand())
                {
                    command.CommandText = $"select data from {usages} where id = any($1)";
                    command.Parameters.Add(new NpgsqlParameter { Value = page.Select(m => MemberAppUsage.StreamIdFor(m.Id)).ToArray() });
                    await using var reader = await command.ExecuteReaderAsync(token);
                    while (await reader.ReadAsync(token))
                    {
                        var found = serializer.FromJson<MemberAppUsage>(reader, 0);
                        usage[found.MemberId] = found;
                    }
                }

                foreach (var member in page)
                {
                    await WriteRollAsync(roll, member, token);
                    await WriteMovementsAsync(movements, member, token);
                    await WriteSpansAsync(spans, member, usage.GetValueOrDefault(member.Id), token);
                }

                done += page.Count;
                if (page.Count < PageSize)
                {
                    break;
                }
            }

            await roll.CompleteAsync(token);
            await movements.CompleteAsync(token);
            await spans.CompleteAsync(token);
            return done;
        }
    }

    internal static string RollCopy(string schema) =>
        $"copy {schema}.{MemberRollProjection.TableName} ({string.Join(", ", MemberRollProjection.Columns)}) from stdin (format binary)";

    internal static string MovementsCopy(string schema) =>
        $"copy {schema}.{MemberMovementsProjection.TableName} (member_id, cell_id, day, kind, detail, version) from stdin (format binary)";

    internal static string SpansCopy(string schema) =>
        $"copy {schema}.{RolloutSpansProjection.TableName} (member_id, cell_id, from_day, to_day, eligible, installed, active) from stdin (format binary)";

    internal static async Task WriteRollAsync(NpgsqlBinaryImporter copy, Member member, CancellationToken ct)
    {
        foreach (var row in MemberRollProjection.RowsFor(member))
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(row.MemberId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(row.CellId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(row.From, NpgsqlDbType.Date, ct);
            await copy.WriteAsync(row.To, NpgsqlDbType.Date, ct);
            await WriteTextAsync(copy, row.Status, ct);
            await WriteTextAsync(copy, row.FullName, ct);
            await WriteTextAsync(copy, row.SortName, ct);
            await copy.WriteAsync(row.DateOfBirth, NpgsqlDbType.Date, ct);
            await WriteTextAsync(copy, row.Sex, ct);
            await WriteTextAsync(copy, row.CardNumber, ct);
            await WriteTextAsync(copy, row.PartyPeriods, ct);
            await WriteTextAsync(copy, row.Because, ct);
            if (row.BecauseVersion is { } version)
            {
                await copy.WriteAsync(version, NpgsqlDbType.Integer, ct);
            }
            else
            {
                await copy.WriteNullAsync(ct);
            }

            await copy.WriteAsync(row.PartyAgeFrom, NpgsqlDbType.Date, ct);
            await WriteTextAsync(copy, row.Ethnicity, ct);
            await WriteTextAsync(copy, row.Religion, ct);
        }
    }

    internal static async Task WriteMovementsAsync(NpgsqlBinaryImporter copy, Member member, CancellationToken ct)
    {
        foreach (var movement in MovementsInPeriod.For(member))
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(member.Id, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(movement.CellId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(movement.Day.ToDateOnly(), NpgsqlDbType.Date, ct);
            await WriteTextAsync(copy, movement.Kind, ct);
            await WriteTextAsync(copy, movement.Detail, ct);
            await copy.WriteAsync(movement.Version, NpgsqlDbType.Integer, ct);
        }
    }

    internal static async Task WriteSpansAsync(NpgsqlBinaryImporter copy, Member member, MemberAppUsage? usage, CancellationToken ct)
    {
        foreach (var span in RolloutSpans.For(member, usage, VietnamTime.Zone))
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(member.Id, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(span.CellId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(span.From.ToDateOnly(), NpgsqlDbType.Date, ct);
            await copy.WriteAsync(span.To?.ToDateOnly() ?? RolloutSpansProjection.Open, NpgsqlDbType.Date, ct);
            await copy.WriteAsync(span.Eligible, NpgsqlDbType.Boolean, ct);
            await copy.WriteAsync(span.Installed, NpgsqlDbType.Boolean, ct);
            await copy.WriteAsync(span.Active, NpgsqlDbType.Boolean, ct);
        }
    }

    private static async Task WriteTextAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct)
    {
        if (value is null)
        {
            await copy.WriteNullAsync(ct);
        }
        else
        {
            await copy.WriteAsync(value, NpgsqlDbType.Varchar, ct);
        }
    }
}
