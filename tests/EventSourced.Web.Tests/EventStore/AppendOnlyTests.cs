using System.Diagnostics;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using Npgsql;

namespace EventSourced.Web.Tests.EventStore;

/// <summary>
/// Stored events cannot be changed, archived or removed, whoever connects: the database refuses it. Appending
/// still works; the production role has no rights beyond that.
/// </summary>
public sealed class AppendOnlyTests(AppendOnlyTests.Fixture app) : IClassFixture<AppendOnlyTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    [Theory]
    [InlineData("update mt_events set data = '{\"name\":\"forged\"}'::jsonb where stream_id = @id")]
    [InlineData("update mt_events set type = 'organisation_dissolved' where stream_id = @id")]
    [InlineData("update mt_events set headers = '{}'::jsonb where stream_id = @id")]
    [InlineData("update mt_events set timestamp = now() - interval '1 year' where stream_id = @id")]
    [InlineData("update mt_events set version = version + 100 where stream_id = @id")]
    [InlineData("update mt_events set stream_id = gen_random_uuid() where stream_id = @id")]
    [InlineData("update mt_events set is_archived = true where stream_id = @id")]
    [InlineData("select mt_archive_stream(@id)")]
    [InlineData("delete from mt_events where stream_id = @id")]
    [InlineData("truncate mt_events cascade")]
    public async Task changing_or_deleting_a_stored_event_fails_even_for_the_owner(string sql)
    {
        var id = DemoUnits.BaDinh.OrganisationId;
        var before = await RowAsync(id);

        var error = await Should.ThrowAsync<PostgresException>(() => ExecuteAsync(app.ConnectionString, sql, id));

        error.MessageText.ShouldContain("append-only");
        (await RowAsync(id)).ShouldBe(before);
    }

    [Fact]
    public async Task appending_still_works_and_archiving_a_stream_is_refused_with_nothing_archived()
    {
        var id = DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem).OrganisationId;
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.Append(id, new OrganisationFlagsChanged(new OrganisationFlags(false, false, true), OrganisationFlags.None, new NodaTime.LocalDate(2024, 1, 1)));
            await session.SaveChangesAsync();
        }

        // An archived event is passed over by every projection and rebuild, as if deleted: the application
        // never archives, and the database refuses it.
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.ArchiveStream(id);
            (await Should.ThrowAsync<Exception>(() => session.SaveChangesAsync())).ToString().ShouldContain("append-only");
        }

        await using var query = app.Store.QuerySession();
        (await query.Events.FetchStreamStateAsync(id))!.IsArchived.ShouldBeFalse();
    }

    [Fact]
    public async Task the_production_role_can_append_but_has_no_right_to_rewrite_events()
    {
        var script = Path.Combine(AppCommand.RepositoryRoot, "db", "app-role.sql");
        var target = new NpgsqlConnectionStringBuilder(app.ConnectionString);
        // -h takes a host name or, for the embedded cluster, its socket directory.
        var psql = Process.Start(new ProcessStartInfo("psql", ["-v", "ON_ERROR_STOP=1", "-v", "app_password=test", "-h", target.Host!, "-p", target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", target.Username!, "-d", target.Database!, "-f", script])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var errors = await psql.StandardError.ReadToEndAsync();
        await psql.WaitForExitAsync();
        psql.ExitCode.ShouldBe(0, errors);

        var asApp = new NpgsqlConnectionStringBuilder(app.ConnectionString) { Username = "eventsourced_app", Pooling = false }.ConnectionString;
        var id = DemoUnits.ChildrenOf(DemoUnits.HoanKiem.OrganisationId)[^1].OrganisationId;
        using var store = DocumentStore.For(options =>
        {
            EventStoreConfiguration.Configure(options, asApp);
            options.AutoCreateSchemaObjects = JasperFx.AutoCreate.None;
        });
        await using (var session = store.LightweightSession())
        {
            session.Events.Append(id, new OrganisationFlagsChanged(new OrganisationFlags(true, false, false), OrganisationFlags.None, new NodaTime.LocalDate(2024, 2, 1)));
            await session.SaveChangesAsync();
        }

        foreach (var sql in new[] { "delete from mt_events where stream_id = @id", "update mt_events set is_archived = true where stream_id = @id" })
        {
            var refused = await Should.ThrowAsync<PostgresException>(() => ExecuteAsync(asApp, sql, id));
            refused.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        }
    }

    private async Task<string> RowAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select string_agg(seq_id || ':' || version || ':' || type || ':' || data::text || ':' || coalesce(headers::text, ''), '|' order by seq_id) from mt_events where stream_id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync();
    }
}
