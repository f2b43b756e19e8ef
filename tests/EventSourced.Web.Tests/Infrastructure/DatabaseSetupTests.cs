using EventSourced.Web.Infrastructure;
using Npgsql;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>The connection the replaying commands open, and the one the application opens.</summary>
public sealed class DatabaseSetupTests
{
    private const string Configured = "Host=127.0.0.1;Port=5432;Database=eventsourced;Username=app";

    [Theory]
    [InlineData("rebuild")]
    [InlineData("seed")]
    public void a_replay_prepares_its_statements_and_reads_without_parallel_workers(string command)
    {
        var connection = new NpgsqlConnectionStringBuilder(DatabaseSetup.ForCommand(Configured, command));

        connection.MaxAutoPrepare.ShouldBe(64);
        connection.Options.ShouldBe("-c max_parallel_workers_per_gather=0");
    }

    [Fact]
    public void options_the_operator_gave_are_kept_after_the_replays_own()
    {
        var connection = new NpgsqlConnectionStringBuilder(DatabaseSetup.ForCommand(Configured + ";Options=-c work_mem=64MB;Max Auto Prepare=10", "rebuild"));

        connection.MaxAutoPrepare.ShouldBe(10);
        connection.Options.ShouldBe("-c max_parallel_workers_per_gather=0 -c work_mem=64MB");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("verify-chain")]
    public void the_application_and_other_commands_prepare_their_statements_and_keep_the_rest_as_configured(string? command)
    {
        var connection = new NpgsqlConnectionStringBuilder(DatabaseSetup.ForCommand(Configured, command));

        connection.MaxAutoPrepare.ShouldBe(64);
        connection.Options.ShouldBeNull();
        connection.Host.ShouldBe("127.0.0.1");
        connection.Username.ShouldBe("app");
    }

    [Theory]
    [InlineData(";Max Auto Prepare=0")]
    [InlineData(";MaxAutoPrepare=0")]
    public void an_operator_who_turns_preparation_off_keeps_it_off(string setting)
    {
        DatabaseSetup.Prepared(Configured + setting).ShouldBe(Configured + setting);
        new NpgsqlConnectionStringBuilder(DatabaseSetup.ForCommand(Configured + setting, null)).MaxAutoPrepare.ShouldBe(0);
    }
}
