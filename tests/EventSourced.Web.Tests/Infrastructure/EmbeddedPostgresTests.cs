using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// The embedded cluster keeps a trial's records through a power cut unless a test harness asks for
/// speed, and Production never starts it.
/// </summary>
public sealed class EmbeddedPostgresTests
{
    [Fact]
    public void the_embedded_cluster_starts_durable_unless_told_otherwise()
    {
        EmbeddedPostgres.ServerSettings(durable: true).ShouldContain("fsync=on");
        EmbeddedPostgres.ServerSettings(durable: true).ShouldContain("synchronous_commit=on");
        EmbeddedPostgres.ServerSettings(durable: true).ShouldContain("full_page_writes=on");
        EmbeddedPostgres.ServerSettings(durable: true).ShouldContain("listen_addresses=127.0.0.1");
        EmbeddedPostgres.ServerSettings(durable: false).ShouldContain("fsync=off");
    }

    [Fact]
    public async Task the_test_cluster_runs_fast_because_it_asked_to()
    {
        await using var connection = new NpgsqlConnection(await TestCluster.NewDatabaseAsync("fast"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("show fsync", connection);

        (await command.ExecuteScalarAsync()).ShouldBe("off");
    }

    [Fact]
    public async Task the_embedded_cluster_compresses_snapshots_with_lz4()
    {
        var database = await TestCluster.NewDatabaseAsync("lz4");

        (await DirectSql.TextAsync(database, "show default_toast_compression")).ShouldBe("lz4");
        // A snapshot-sized document stored now is compressed with it.
        await DirectSql.ExecuteAsync(database, "create table snapshots (data jsonb); insert into snapshots select jsonb_build_object('history', (select jsonb_agg(g) from generate_series(1, 2000) g))");
        (await DirectSql.TextAsync(database, "select pg_column_compression(data) from snapshots")).ShouldBe("lz4");
    }

    [Fact]
    public async Task the_application_reaches_its_embedded_cluster_through_the_socket_in_the_cluster_s_directory()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"es-socket-{Guid.NewGuid():N}"[..21]);
        var cluster = await EmbeddedPostgres.StartAsync(directory, durable: false);
        try
        {
            cluster.SocketDirectory.ShouldBe(Path.GetFullPath(directory));
            var connectionString = cluster.ConnectionString("postgres");
            new NpgsqlConnectionStringBuilder(connectionString).Host.ShouldBe(Path.GetFullPath(directory));

            // A Unix-domain socket has no server address; TCP would answer 127.0.0.1.
            (await DirectSql.TextAsync(connectionString, "select coalesce(host(inet_server_addr()), 'socket')")).ShouldBe("socket");
        }
        finally
        {
            await cluster.DisposeAsync();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    [Fact]
    public async Task a_development_start_without_a_connection_string_gets_a_durable_embedded_cluster_even_over_a_fast_one_left_running()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"es-durable-{Guid.NewGuid():N}"[..22]);
        var leftRunning = await EmbeddedPostgres.StartAsync(directory, durable: false);
        (await leftRunning.IsDurableAsync()).ShouldBeFalse();
        EmbeddedPostgres? embedded = null;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
            builder.Configuration["ConnectionStrings:Marten"] = string.Empty;
            builder.Configuration["EmbeddedDatabase:DataDirectory"] = directory;

            (var connectionString, embedded) = await DatabaseSetup.ResolveAsync(builder, []);

            embedded.ShouldNotBeNull();
            (await embedded.IsDurableAsync()).ShouldBeTrue();
            connectionString.ShouldContain("Database=" + DatabaseSetup.DatabaseName);
        }
        finally
        {
            // Whichever this process started last is the one running.
            await (embedded ?? leftRunning).DisposeAsync();

            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    [Fact]
    public async Task a_production_start_without_a_connection_string_refuses_with_a_clear_message()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"es-refused-{Guid.NewGuid():N}"[..22]);

        var (exitCode, output) = await AppCommand.RunAsync([], new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Marten"] = string.Empty,
            ["EmbeddedDatabase__DataDirectory"] = directory,
            ["Urls"] = "http://127.0.0.1:0",
        });

        exitCode.ShouldNotBe(0, output);
        output.ShouldContain("ConnectionStrings__Marten");
        Directory.Exists(directory).ShouldBeFalse("no embedded cluster is created");
    }
}
