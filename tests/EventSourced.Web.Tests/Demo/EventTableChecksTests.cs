using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Web.Demo;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Identity;
using NodaTime;
using Npgsql;

namespace EventSourced.Web.Tests.Demo;

/// <summary>
/// The seed defers the event table's unique indexes and foreign key while it loads, then builds them over
/// every event: what comes back must be what Marten made, and a loaded row that breaks one must fail.
/// </summary>
public sealed class EventTableChecksTests
{
    private const string Catalog =
        """
        select indexdef from pg_indexes where schemaname = 'public' and tablename = 'mt_events'
        union all
        select conname || ' ' || pg_get_constraintdef(oid) from pg_constraint where conrelid = 'public.mt_events'::regclass
        """;

    [Fact]
    public async Task the_bulk_load_leaves_the_event_table_with_the_indexes_and_keys_marten_made()
    {
        var connectionString = await TestCluster.NewDatabaseAsync("seed's deferred checks");
        using var store = await OpenAsync(connectionString);
        var made = await ReadAsync(connectionString, Catalog);

        await DemoBulkLoad.LoadAsync(store, new PasswordHasher<UserAccount>(), DemoSize.Small, new LocalDate(2026, 11, 16), 1, TextWriter.Null, CancellationToken.None);

        (await ReadAsync(connectionString, Catalog)).ShouldBe(made, ignoreOrder: true);
        made.ShouldContain(definition => definition.StartsWith("fkey_mt_events_stream_id FOREIGN KEY", StringComparison.Ordinal));
        made.Count(definition => definition.StartsWith("CREATE UNIQUE INDEX", StringComparison.Ordinal)).ShouldBe(3);
        // Marten itself finds nothing to change in the schema.
        await store.Storage.Database.AssertDatabaseMatchesConfigurationAsync();
    }

    [Fact]
    public async Task while_deferred_the_checks_are_gone_and_they_come_back_when_restored()
    {
        var connectionString = await TestCluster.NewDatabaseAsync("checks deferred and restored");
        using var store = await OpenAsync(connectionString);
        var made = await ReadAsync(connectionString, Catalog);

        var checks = await EventTableChecks.DeferAsync(store, store.Storage.Database, CancellationToken.None);

        checks.Count.ShouldBe(3);
        (await ReadAsync(connectionString, Catalog)).ShouldBe(["CREATE UNIQUE INDEX pkey_mt_events_seq_id ON public.mt_events USING btree (seq_id)", "pkey_mt_events_seq_id PRIMARY KEY (seq_id)"], ignoreOrder: true);
        await checks.RestoreAsync(CancellationToken.None);
        (await ReadAsync(connectionString, Catalog)).ShouldBe(made, ignoreOrder: true);
    }

    [Fact]
    public async Task an_event_of_a_stream_that_does_not_exist_fails_the_restore_on_the_foreign_key()
    {
        var connectionString = await TestCluster.NewDatabaseAsync("deferred key broken");
        using var store = await OpenAsync(connectionString);
        var checks = await EventTableChecks.DeferAsync(store, store.Storage.Database, CancellationToken.None);
        await InsertEventAsync(connectionString, 1, Guid.NewGuid(), Guid.NewGuid());

        var failure = await Should.ThrowAsync<PostgresException>(() => checks.RestoreAsync(CancellationToken.None));

        failure.SqlState.ShouldBe(PostgresErrorCodes.ForeignKeyViolation);
        failure.ConstraintName.ShouldBe("fkey_mt_events_stream_id");
    }

    [Fact]
    public async Task two_events_with_one_id_fail_the_restore_on_the_unique_index()
    {
        var connectionString = await TestCluster.NewDatabaseAsync("deferred index broken");
        using var store = await OpenAsync(connectionString);
        var checks = await EventTableChecks.DeferAsync(store, store.Storage.Database, CancellationToken.None);
        var stream = Guid.NewGuid();
        await ExecuteAsync(connectionString, $"insert into public.mt_streams (id, version) values ('{stream}', 2)");
        var id = Guid.NewGuid();
        await InsertEventAsync(connectionString, 1, id, stream, version: 1);
        await InsertEventAsync(connectionString, 2, id, stream, version: 2);

        var failure = await Should.ThrowAsync<PostgresException>(() => checks.RestoreAsync(CancellationToken.None));

        failure.SqlState.ShouldBe(PostgresErrorCodes.UniqueViolation);
    }

    private static Task InsertEventAsync(string connectionString, long sequence, Guid id, Guid stream, long version = 1) =>
        ExecuteAsync(connectionString, $"insert into public.mt_events (seq_id, id, stream_id, version, data, type) values ({sequence}, '{id}', '{stream}', {version}, '{{}}', 'x')");

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> ReadAsync(string connectionString, string sql)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var command = source.CreateCommand(sql);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static async Task<DocumentStore> OpenAsync(string connectionString)
    {
        var store = DocumentStore.For(options => EventStoreConfiguration.Configure(options, connectionString));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return store;
    }
}
