using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace EventSourced.Domain.Installs.Rollout;

/// <summary>
/// Keeps <c>rollout_spans</c>: for every member touched by a page of events, the member's spans are
/// computed again from their record and app usage (both inline snapshots, so already current) and
/// replace the old ones. Recomputing from the current state rather than applying each event makes the
/// projection indifferent to order and repetition: a late report, a retry or a replay gives the same rows.
/// It runs in the async daemon, so the app's reports are answered without waiting for it.
/// </summary>
public sealed class RolloutSpansProjection : ProjectionBase, IProjection
{
    public const string TableName = "rollout_spans";

    /// <summary>Stands for "still open" in <c>to_day</c>, so the range test needs no null check.</summary>
    public static readonly DateOnly Open = new(9999, 12, 31);

    private static readonly HashSet<Type> MemberEventsThatCount =
    [
        typeof(MemberAdmitted), typeof(MemberReadmitted), typeof(MemberTransferredIn), typeof(MemberExempted),
        typeof(MemberExemptionEnded), typeof(MemberRemovedFromRolls), typeof(MemberLeftVoluntarily), typeof(MemberDied),
        typeof(MemberCellChanged), typeof(MemberTransferred), typeof(MemberTransferredOut), typeof(DisciplineImposed),
        typeof(DisciplineAnnulled), typeof(MemberEntryRescinded), typeof(MemberDateCorrected), typeof(MemberReturnedToCity),
    ];

    private static readonly HashSet<Type> UsageEvents =
        [typeof(AppInstallReported), typeof(InstallRecordedByStaff), typeof(MarkedNotEligible), typeof(EligibilityRestored)];

    /// <summary>The daemon fetches only the events that can change a member's spans, not the whole store.</summary>
    public RolloutSpansProjection()
    {
        foreach (var type in MemberEventsThatCount.Concat(UsageEvents))
        {
            IncludeType(type);
        }
    }

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(events);
        var memberIds = new HashSet<Guid>();
        foreach (var e in events)
        {
            var type = e.Data.GetType();
            if (MemberEventsThatCount.Contains(type))
            {
                memberIds.Add(e.StreamId);
            }
            else if (UsageEvents.Contains(type))
            {
                memberIds.Add(MemberAppUsage.MemberIdFor(e.StreamId));
            }
        }

        if (memberIds.Count == 0)
        {
            return;
        }

        var ids = memberIds.ToArray();
        var members = await operations.LoadManyAsync<Member>(cancellation, ids);
        var usages = (await operations.LoadManyAsync<MemberAppUsage>(cancellation, ids.Select(MemberAppUsage.StreamIdFor).ToArray()))
            .ToDictionary(u => u.MemberId);
        var rows = new Rows();
        foreach (var member in members)
        {
            foreach (var span in RolloutSpans.For(member, usages.GetValueOrDefault(member.Id), VietnamTime.Zone))
            {
                rows.Add(member.Id, span);
            }
        }

        var table = $"{operations.DocumentStore.Options.DatabaseSchemaName}.{TableName}";
        operations.QueueSqlCommand($"delete from {table} where member_id = any(?)", ids);
        if (rows.Count > 0)
        {
            operations.QueueSqlCommand(
                $"""
                insert into {table} (member_id, cell_id, from_day, to_day, eligible, installed, active)
                select * from unnest(?::uuid[], ?::uuid[], ?::date[], ?::date[], ?::boolean[], ?::boolean[], ?::boolean[])
                """,
                rows.MemberIds.ToArray(),
                rows.CellIds.ToArray(),
                rows.From.ToArray(),
                rows.To.ToArray(),
                rows.Eligible.ToArray(),
                rows.Installed.ToArray(),
                rows.Active.ToArray());
        }
    }

    private sealed class Rows
    {
        public List<Guid> MemberIds { get; } = [];

        public List<Guid> CellIds { get; } = [];

        public List<DateOnly> From { get; } = [];

        public List<DateOnly> To { get; } = [];

        public List<bool> Eligible { get; } = [];

        public List<bool> Installed { get; } = [];

        public List<bool> Active { get; } = [];

        public int Count => MemberIds.Count;

        public void Add(Guid memberId, RolloutSpan span)
        {
            MemberIds.Add(memberId);
            CellIds.Add(span.CellId);
            From.Add(span.From.ToDateOnly());
            To.Add(span.To?.ToDateOnly() ?? Open);
            Eligible.Add(span.Eligible);
            Installed.Add(span.Installed);
            Active.Add(span.Active);
        }
    }
}

/// <summary>
/// The table behind <see cref="RolloutSpansProjection"/>, created and patched with the rest of the
/// schema (<see cref="Common.ExtraSchemaObjects"/>). It holds nothing the events do not: truncating it and
/// rewinding the projection rebuilds it.
/// </summary>
public static class RolloutSpansTable
{
    /// <summary>One row counting the statements that changed <c>rollout_spans</c>, kept by its triggers.</summary>
    public const string ChangesTableName = "rollout_spans_changes";

    public static readonly Common.ChangeCounter Changes = new(ChangesTableName, "id", "rollout_spans_changed", RolloutSpansProjection.TableName, 1);

    /// <summary>
    /// The spans table, and a counter that moves with every statement changing it, however it is
    /// written (the daemon, a rebuild, a truncate). The dashboard's figures depend on nothing else
    /// from the events, so they are reused while the counter stands still, even as other events
    /// (a roll looked at, a post approved) arrive every second.
    /// </summary>
    public static IEnumerable<ISchemaObject> SchemaObjects(string schema)
    {
        yield return Define(schema);
        foreach (var counter in Changes.SchemaObjects(schema))
        {
            yield return counter;
        }
    }

    public static Table Define(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, RolloutSpansProjection.TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("member_id").NotNull();
        table.AddColumn<Guid>("cell_id").NotNull();
        table.AddColumn("from_day", "date").NotNull();
        table.AddColumn("to_day", "date").NotNull();
        table.AddColumn<bool>("eligible").NotNull();
        table.AddColumn<bool>("installed").NotNull();
        table.AddColumn<bool>("active").NotNull();
        table.Indexes.Add(new IndexDefinition("ix_rollout_spans_member") { Columns = ["member_id"] });
        table.Indexes.Add(new IndexDefinition("ix_rollout_spans_cell") { Columns = ["cell_id", "from_day"] });
        // The dashboard's date queries (to_day > date) can read this index alone, a third of the table's
        // size; for today the range also skips the closed spans, two in three at city scale.
        table.Indexes.Add(new IndexDefinition("ix_rollout_spans_to_day")
        {
            Columns = ["to_day"],
            IncludeColumns = ["from_day", "cell_id", "eligible", "installed", "active"],
        });
        return table;
    }
}
