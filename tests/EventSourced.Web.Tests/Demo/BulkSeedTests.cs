using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Web.Demo;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Npgsql;

namespace EventSourced.Web.Tests.Demo;

/// <summary>
/// The seed command bulk-loads the demo's events and rebuilds the projections from them; the small demo
/// at start-up and the test fixtures still write through sessions with the inline projections and the
/// daemon. Both must leave the same read models behind, table for table.
/// </summary>
public sealed class BulkSeedTests
{
    private static readonly LocalDate Today = new(2026, 11, 16);

    [Fact]
    public async Task the_bulk_load_and_rebuild_leave_the_same_read_models_as_seeding_through_sessions()
    {
        var bySessions = await TestCluster.NewDatabaseAsync("seed by sessions");
        var byBulk = await TestCluster.NewDatabaseAsync("seed by bulk load");
        var hasher = new PasswordHasher<UserAccount>();

        using (var store = await OpenAsync(bySessions))
        {
            await DemoSeeder.SeedOrganisationsAsync(store, DemoSize.Small, CancellationToken.None);
            await DemoSeeder.SeedAccountsAsync(store, hasher, DemoSize.Small, CancellationToken.None);
            await DemoSeeder.SeedMembersAsync(store, DemoSize.Small, Today, DemoSeeder.SmallMembersPerCell, CancellationToken.None);
            await DemoSeeder.SeedRolloutAsync(store, DemoSize.Small, Today, DemoSeeder.SmallMembersPerCell, CancellationToken.None);
            await DemoContent.SeedAsync(store, DemoSize.Small, Today, CancellationToken.None);
            // What the application's daemon does after the demo loader: the async projections catch up.
            using var daemon = await store.BuildProjectionDaemonAsync();
            await daemon.StartAllAsync();
            await daemon.CatchUpAsync(TimeSpan.FromMinutes(5), CancellationToken.None);
            await daemon.StopAllAsync();
            await RegisterKeysBackfill.RunAsync(store, NullLogger.Instance, CancellationToken.None);
        }

        using (var store = await OpenAsync(byBulk))
        {
            var loaded = await DemoBulkLoad.LoadAsync(store, hasher, DemoSize.Small, Today, DemoSeeder.SmallMembersPerCell, TextWriter.Null, CancellationToken.None);
            loaded.Members.ShouldBeGreaterThan(1000);
            // As the seed command does: the register keys built beside the rebuild's second wave.
            await ProjectionRebuild.RunAsync(store, null, TextWriter.Null, token => RegisterKeysBackfill.RunAsync(store, NullLogger.Instance, token), CancellationToken.None);
        }

        var expected = await ReadModelsAsync(bySessions);
        var actual = await ReadModelsAsync(byBulk);

        actual.Keys.ShouldBe(expected.Keys, ignoreOrder: true);
        foreach (var (table, figures) in expected)
        {
            actual[table].ShouldBe(figures, $"table {table}");
        }

        expected["mt_doc_member"].Rows.ShouldBeGreaterThan(1000);
        expected["rollout_spans"].Rows.ShouldBeGreaterThan(1000);
        expected["audit_log"].Rows.ShouldBeGreaterThan(10_000);
    }

    [Fact]
    public async Task a_rebuild_that_reads_only_the_event_types_the_projections_declare_leaves_the_same_read_models_as_reading_every_event()
    {
        var declared = await TestCluster.NewDatabaseAsync("rebuild of declared event types");
        var everything = await TestCluster.NewDatabaseAsync("rebuild of every event");
        var hasher = new PasswordHasher<UserAccount>();

        using (var store = await OpenAsync(declared))
        {
            await DemoBulkLoad.LoadAsync(store, hasher, DemoSize.Small, Today, DemoSeeder.SmallMembersPerCell, TextWriter.Null, CancellationToken.None);
            // Through the daemon, as the running application follows new events: the pass over the member snapshots would skip the filters.
            await ProjectionRebuild.RunAsync(store, null, TextWriter.Null, memberSnapshotPass: false, CancellationToken.None);
        }

        // As before the projections declared their types: Marten hands each of them every event.
        using (var store = await OpenAsync(everything))
        {
            var filtered = store.Options.Projections.All.OfType<JasperFx.Events.Projections.ProjectionBase>()
                .Where(p => p is not JasperFx.Events.Aggregation.IAggregateProjection && p.IncludedEventTypes.Count > 0).ToList();
            filtered.Select(p => p.Name).ShouldBe(["RolloutSpansProjection", "MemberRollProjection", "MemberMovementsProjection", "LibraryProjection"], ignoreOrder: true);
            filtered.ForEach(p => p.IncludedEventTypes.Clear());
            await DemoBulkLoad.LoadAsync(store, hasher, DemoSize.Small, Today, DemoSeeder.SmallMembersPerCell, TextWriter.Null, CancellationToken.None);
            await ProjectionRebuild.RunAsync(store, null, TextWriter.Null, memberSnapshotPass: false, CancellationToken.None);
        }

        var expected = await ReadModelsAsync(everything);
        var actual = await ReadModelsAsync(declared);
        actual.Keys.ShouldBe(expected.Keys, ignoreOrder: true);
        foreach (var (table, figures) in expected)
        {
            actual[table].ShouldBe(figures, $"table {table}");
        }

        expected[Domain.Audit.MemberRollProjection.TableName].Rows.ShouldBeGreaterThan(1000);
        expected[Domain.Statistics.MemberMovementsProjection.TableName].Rows.ShouldBeGreaterThan(1000);
        expected[Domain.Content.Library.LibraryProjection.TableName].Rows.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task the_rebuilds_one_pass_over_the_member_snapshots_leaves_the_same_rows_as_replaying_the_events_and_the_daemon_goes_on_from_the_newest_event()
    {
        var replayed = await TestCluster.NewDatabaseAsync("rebuild replaying the events");
        var passed = await TestCluster.NewDatabaseAsync("rebuild by one pass over the snapshots");
        var hasher = new PasswordHasher<UserAccount>();
        foreach (var (connectionString, pass) in new[] { (replayed, false), (passed, true) })
        {
            using var store = await OpenAsync(connectionString);
            await DemoBulkLoad.LoadAsync(store, hasher, DemoSize.Small, Today, DemoSeeder.SmallMembersPerCell, TextWriter.Null, CancellationToken.None);
            // An exemption that has ended: only the kept periods, not "exempt since", place it in the rollout's spans.
            await using (var session = store.LightweightSession())
            {
                // The snapshots are not written yet (the rebuild makes them): the first member's stream by id.
                await using var streams = NpgsqlDataSource.Create(connectionString);
                await using var first = streams.CreateCommand("select id from public.mt_streams where type = 'member' order by id limit 1");
                var member = (Guid)(await first.ExecuteScalarAsync())!;
                session.Events.Append(
                    member,
                    new Domain.Members.MemberExempted(new Domain.Members.Decision("QĐ 1/MG", new LocalDate(2026, 3, 1)), "ốm dài ngày", new LocalDate(2026, 3, 1)),
                    new Domain.Members.MemberExemptionEnded(new Domain.Members.Decision("QĐ 2/MG", new LocalDate(2026, 6, 1)), new LocalDate(2026, 6, 1)));
                await session.SaveChangesAsync();
            }

            await ProjectionRebuild.RunAsync(store, null, TextWriter.Null, pass, CancellationToken.None);
            var head = (await store.Advanced.FetchEventStoreStatistics()).EventSequenceNumber;
            await using var progression = NpgsqlDataSource.Create(connectionString);
            await using var command = progression.CreateCommand("select name, last_seq_id from public.mt_event_progression where name = any($1)");
            command.Parameters.Add(new NpgsqlParameter { Value = MemberSnapshotPass.Projections.Select(p => $"{p}:All").ToArray() });
            var marks = new Dictionary<string, long>();
            await using (var rows = await command.ExecuteReaderAsync())
            {
                while (await rows.ReadAsync())
                {
                    marks[rows.GetString(0)] = rows.GetInt64(1);
                }
            }

            // At the newest event: the daemon that starts next goes on from there instead of replaying the store.
            marks.Count.ShouldBe(MemberSnapshotPass.Projections.Length);
            marks.Values.ShouldAllBe(mark => mark == head);
        }

        var expected = await ReadModelsAsync(replayed);
        var actual = await ReadModelsAsync(passed);
        actual.Keys.ShouldBe(expected.Keys, ignoreOrder: true);
        foreach (var (table, figures) in expected)
        {
            actual[table].ShouldBe(figures, $"table {table}");
        }

        foreach (var table in new[] { Domain.Audit.MemberRollProjection.TableName, Domain.Statistics.MemberMovementsProjection.TableName, Domain.Installs.Rollout.RolloutSpansProjection.TableName })
        {
            expected[table].Rows.ShouldBeGreaterThan(1000, table);
        }

        // The ended exemption made the member not eligible for those three months, and only then.
        (await ChecksumAsync(passed, $"select from_day::text from public.{Domain.Installs.Rollout.RolloutSpansProjection.TableName} where not eligible and from_day = '2026-03-01' and to_day = '2026-06-01'")).Rows.ShouldBe(1);

        // The log places an event that names no unit (a card, an app report) in its member's cell, read from the snapshot.
        await using var source = NpgsqlDataSource.Create(passed);
        await using var placed = source.CreateCommand(
            $"select count(*), count(*) filter (where cardinality(unit_ids) = 0) from public.{Domain.Audit.AuditLogProjection.TableName} where event_type in ('PartyCardIssued', 'AppInstallReported')");
        await using var reader = await placed.ExecuteReaderAsync();
        await reader.ReadAsync();
        reader.GetInt64(0).ShouldBeGreaterThan(100);
        reader.GetInt64(1).ShouldBe(0);
    }

    [Fact]
    public async Task the_rebuilds_fold_of_the_member_and_app_usage_streams_writes_the_same_documents_as_martens_rebuild()
    {
        var byMarten = await TestCluster.NewDatabaseAsync("snapshots rebuilt by Marten");
        var folded = await TestCluster.NewDatabaseAsync("snapshots folded stream by stream");
        var hasher = new PasswordHasher<UserAccount>();
        foreach (var (connectionString, fold) in new[] { (byMarten, false), (folded, true) })
        {
            using var store = await OpenAsync(connectionString);
            await DemoBulkLoad.LoadAsync(store, hasher, DemoSize.Small, Today, DemoSeeder.SmallMembersPerCell, TextWriter.Null, CancellationToken.None);
            await ProjectionRebuild.RunAsync(store, null, TextWriter.Null, RebuildPaths.All with { FoldSnapshots = fold }, CancellationToken.None);
        }

        // Every column Marten writes, its version and .NET type included; only the time of the write differs.
        foreach (var table in new[] { "mt_doc_member", "mt_doc_memberappusage" })
        {
            var rows = $"select (to_jsonb(d) - 'mt_last_modified')::text from public.{table} d";
            var expected = await ChecksumAsync(byMarten, rows);
            var actual = await ChecksumAsync(folded, rows);
            actual.ShouldBe(expected, table);
            expected.Rows.ShouldBeGreaterThan(1000, table);
        }

        // Inline snapshots have no progression mark: the fold leaves none either.
        (await MarksAsync(folded)).ShouldBe(await MarksAsync(byMarten));
        var models = await ReadModelsAsync(byMarten);
        var foldedModels = await ReadModelsAsync(folded);
        foreach (var (table, figures) in models)
        {
            foldedModels[table].ShouldBe(figures, $"table {table}");
        }
    }

    [Fact]
    public async Task the_rebuilds_copy_of_the_audit_log_writes_the_rows_of_a_replay_and_the_daemon_goes_on_from_the_newest_event()
    {
        var replayed = await TestCluster.NewDatabaseAsync("audit log replayed");
        var copied = await TestCluster.NewDatabaseAsync("audit log copied");
        var hasher = new PasswordHasher<UserAccount>();
        // An app report of a member who is not on the register: the fold reads it with the app usage, finds no member
        // for its row and leaves it to the copy of the rest.
        var stranger = Guid.Parse("0193a1b0-0000-7000-8000-00000000beef");
        var reported = Instant.FromUtc(2026, 11, 2, 3, 4);
        var report = new Domain.Installs.AppInstallReported(Guid.Parse("0193a1b0-0000-7000-8000-00000000feed"), stranger, Domain.Installs.AppInstallEventKind.Installed, "device", "android", "1.0", reported, reported);
        var output = new StringWriter();
        foreach (var (connectionString, copy) in new[] { (replayed, false), (copied, true) })
        {
            using var store = await OpenAsync(connectionString);
            await DemoBulkLoad.LoadAsync(store, hasher, DemoSize.Small, Today, DemoSeeder.SmallMembersPerCell, TextWriter.Null, CancellationToken.None);
            await using (var session = store.LightweightSession())
            {
                session.Events.Append(Domain.Installs.MemberAppUsage.StreamIdFor(stranger), report);
                await session.SaveChangesAsync();
            }

            await ProjectionRebuild.RunAsync(store, null, copy ? output : TextWriter.Null, RebuildPaths.All with { AuditLogCopy = copy }, CancellationToken.None);
        }

        // The member and app-usage events' rows were written by the fold, the rest copied.
        output.ToString().ShouldContain("written by the fold");

        // Every column but the recording time, which is each load's own; that one is the event's, checked below.
        var rows = $"select (to_jsonb(a) - 'recorded_at')::text from public.{Domain.Audit.AuditLogProjection.TableName} a";
        var expected = await ChecksumAsync(replayed, rows);
        (await ChecksumAsync(copied, rows)).ShouldBe(expected);
        expected.Rows.ShouldBeGreaterThan(10_000);
        await using (var source = NpgsqlDataSource.Create(copied))
        {
            await using var recorded = source.CreateCommand(
                $"select count(*) from public.{Domain.Audit.AuditLogProjection.TableName} a join public.mt_events e on e.seq_id = a.seq_id where a.recorded_at = e.timestamp");
            ((long)(await recorded.ExecuteScalarAsync())!).ShouldBe(expected.Rows);
        }

        (await MarksAsync(copied)).ShouldBe(await MarksAsync(replayed));
        (await MarksAsync(copied)).ShouldContain(mark => mark.StartsWith("AuditLogProjection:All ", StringComparison.Ordinal));
        (await ChecksumAsync(copied, $"select event_type from public.{Domain.Audit.AuditLogProjection.TableName} where stream_id = '{Domain.Installs.MemberAppUsage.StreamIdFor(stranger)}' and member_id is null")).Rows.ShouldBe(1);
    }

    [Fact]
    public async Task a_rebuild_leaves_the_events_table_with_martens_indexes_only()
    {
        var connectionString = await TestCluster.NewDatabaseAsync("rebuild's own index on the events");
        var hasher = new PasswordHasher<UserAccount>();
        using var store = await OpenAsync(connectionString);
        await DemoBulkLoad.LoadAsync(store, hasher, DemoSize.Small, Today, DemoSeeder.SmallMembersPerCell, TextWriter.Null, CancellationToken.None);
        var indexes = $"select indexdef from pg_indexes where schemaname = 'public' and tablename = 'mt_events'";
        var before = await ChecksumAsync(connectionString, indexes);

        await ProjectionRebuild.RunAsync(store, null, TextWriter.Null, RebuildPaths.All, CancellationToken.None);

        // The index by event type the daemon's snapshots read through exists only while the rebuild runs.
        (await ChecksumAsync(connectionString, indexes)).ShouldBe(before);
        before.Rows.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task a_rebuild_runs_the_callers_work_from_the_snapshots_once_the_member_and_unit_snapshots_are_complete()
    {
        var connectionString = await TestCluster.NewDatabaseAsync("rebuild with work from the snapshots");
        var hasher = new PasswordHasher<UserAccount>();
        using var store = await OpenAsync(connectionString);
        await DemoBulkLoad.LoadAsync(store, hasher, DemoSize.Small, Today, DemoSeeder.SmallMembersPerCell, TextWriter.Null, CancellationToken.None);
        const string counts = "select (select count(*) from public.mt_doc_member)::text union all select (select count(*) from public.mt_doc_organisation)::text";
        var seen = new List<(long Rows, string Checksum)>();

        await ProjectionRebuild.RunAsync(store, null, TextWriter.Null, async _ => seen.Add(await ChecksumAsync(connectionString, counts)), CancellationToken.None);

        // Run once, and what it saw was the finished snapshots, not a table still filling.
        seen.Count.ShouldBe(1);
        seen[0].ShouldBe(await ChecksumAsync(connectionString, counts));
        (await ChecksumAsync(connectionString, "select id::text from public.mt_doc_member")).Rows.ShouldBeGreaterThan(1000);
    }

    [Fact]
    public async Task a_failure_of_the_callers_work_from_the_snapshots_fails_the_rebuild_and_leaves_no_index_missing()
    {
        var connectionString = await TestCluster.NewDatabaseAsync("rebuild whose caller's work fails");
        var hasher = new PasswordHasher<UserAccount>();
        using var store = await OpenAsync(connectionString);
        await DemoBulkLoad.LoadAsync(store, hasher, DemoSize.Small, Today, DemoSeeder.SmallMembersPerCell, TextWriter.Null, CancellationToken.None);
        var indexes = "select indexdef from pg_indexes where schemaname = 'public'";
        var before = await ChecksumAsync(connectionString, indexes);

        await Should.ThrowAsync<InvalidOperationException>(() =>
            ProjectionRebuild.RunAsync(store, null, TextWriter.Null, _ => throw new InvalidOperationException("the caller's work failed"), CancellationToken.None));

        (await ChecksumAsync(connectionString, indexes)).ShouldBe(before);
    }

    [Fact]
    public async Task a_rebuild_leaves_the_planner_statistics_of_the_tables_it_filled()
    {
        var connectionString = await TestCluster.NewDatabaseAsync("rebuild analyses what it filled");
        var hasher = new PasswordHasher<UserAccount>();
        using var store = await OpenAsync(connectionString);
        await DemoBulkLoad.LoadAsync(store, hasher, DemoSize.Small, Today, DemoSeeder.SmallMembersPerCell, TextWriter.Null, CancellationToken.None);
        var analysed =
            "select relname from pg_stat_user_tables where schemaname = 'public' and last_analyze is not null "
            + "and relname in ('mt_events', 'mt_doc_member', 'mt_doc_memberappusage', 'audit_log', 'rollout_spans', 'member_roll_periods', 'member_movements') order by relname";

        await ProjectionRebuild.RunAsync(store, null, TextWriter.Null, RebuildPaths.All, CancellationToken.None);

        // Planned against empty tables' statistics, the first screens after a seed were slow until autovacuum came.
        (await ChecksumAsync(connectionString, analysed)).Rows.ShouldBe(7);
    }

    private static async Task<List<string>> MarksAsync(string connectionString)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var command = source.CreateCommand("select name || ' ' || last_seq_id from public.mt_event_progression order by name");
        var marks = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            marks.Add(reader.GetString(0));
        }

        return marks;
    }

    /// <summary>Row count and checksum of a query's rows (one text column).</summary>
    private static async Task<(long Rows, string Checksum)> ChecksumAsync(string connectionString, string rows)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var sum = source.CreateCommand($"select count(*), coalesce(md5(string_agg(r, '|' order by r)), '') from ({rows}) t(r)");
        await using var result = await sum.ExecuteReaderAsync();
        await result.ReadAsync();
        return (result.GetInt64(0), result.GetString(1));
    }

    private static async Task<DocumentStore> OpenAsync(string connectionString)
    {
        var store = DocumentStore.For(options => EventStoreConfiguration.Configure(options, connectionString));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return store;
    }

    /// <summary>
    /// Row count and a checksum of every read-model table: Marten's documents and the projections' own
    /// tables. Left out are what differs between any two loads: Marten's write metadata (<c>mt_*</c>
    /// columns), the event sequence and recording time, the salted password hashes and when the register
    /// keys were last checked.
    /// </summary>
    private static async Task<Dictionary<string, (long Rows, string Checksum)>> ReadModelsAsync(string connectionString)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        var tables = new List<string>();
        await using (var command = source.CreateCommand(
            $"""
            select table_name from information_schema.tables
            where table_schema = 'public' and table_type = 'BASE TABLE'
              and (table_name like 'mt_doc_%' or table_name = any($1))
            """))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = new[] { Domain.Installs.Rollout.RolloutSpansProjection.TableName, Domain.Audit.AuditLogProjection.TableName, Domain.Audit.MemberRollProjection.TableName, Domain.Statistics.MemberMovementsProjection.TableName, Domain.Content.Library.LibraryProjection.TableName } });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var figures = new Dictionary<string, (long, string)>();
        foreach (var table in tables)
        {
            var columns = new List<string>();
            await using (var command = source.CreateCommand("select column_name from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position"))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = table });
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var column = reader.GetString(0);
                    if (!column.StartsWith("mt_", StringComparison.Ordinal) && !(table == Domain.Audit.AuditLogProjection.TableName && column is "seq_id" or "recorded_at"))
                    {
                        columns.Add(column == "data" ? "data - 'passwordHash' - 'checkedAt'" : column);
                    }
                }
            }

            await using var sum = source.CreateCommand($"select count(*), coalesce(md5(string_agg(r, '|' order by r)), '') from (select row({string.Join(", ", columns)})::text as r from public.{table}) t");
            await using var result = await sum.ExecuteReaderAsync();
            await result.ReadAsync();
            figures[table] = (result.GetInt64(0), result.GetString(1));
        }

        return figures;
    }
}
