using EventSourced.Domain.Audit;
using EventSourced.Web.Audit;
using EventSourced.Web.Tests.Infrastructure;
using Npgsql;

namespace EventSourced.Web.Tests.Audit;

/// <summary>
/// The hash chain against a real database: altered, deleted and inserted events are found at their
/// sequence number, a chain rewritten to match is caught by a checkpoint kept elsewhere, and the
/// command line answers with its exit code. Each tampering test repairs what it did before the next.
/// </summary>
public sealed class EventChainTests(EventChainTests.Fixture app) : IClassFixture<EventChainTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        // The tests link the chain themselves; the keeper would race their tampering.
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["EventChain:LinkEverySeconds"] = "3600" };
    }

    [Fact]
    public async Task an_untouched_log_verifies_intact_and_every_event_is_checked()
    {
        var head = await LinkAllAsync();

        var result = await VerifyAsync();

        result.Intact.ShouldBeTrue(ChainVerificationText.Summary(result));
        result.Checked.ShouldBe(await ScalarAsync("select count(*) from mt_events where seq_id <= " + head));
        result.HeadSequence.ShouldBe(head);
    }

    [Fact]
    public async Task linking_again_links_nothing_twice()
    {
        await LinkAllAsync();

        (await ExtendEventChain.RunAsync(app.Store, await MaxSequenceAsync(), null, default)).ShouldBe(0);
        (await ScalarAsync("select count(*) from event_chain")).ShouldBe(await ScalarAsync("select count(*) from mt_events"));
    }

    [Fact]
    public async Task an_event_altered_in_the_database_breaks_the_chain_at_that_event()
    {
        var head = await LinkAllAsync();
        var target = await MiddleSequenceAsync(head);
        var original = await ScalarTextAsync($"select data::text from mt_events where seq_id = {target}");
        await TamperAsync($"update mt_events set data = jsonb_set(data, '{{forged}}', 'true') where seq_id = {target}");
        try
        {
            var result = await VerifyAsync();

            result.FirstBreak.ShouldNotBeNull();
            result.FirstBreak.Sequence.ShouldBe(target);
            result.FirstBreak.Kind.ShouldBe(ChainBreakKind.Altered);
            result.Breaks.ShouldBe(1);
        }
        finally
        {
            await TamperAsync($"update mt_events set data = '{original.Replace("'", "''", StringComparison.Ordinal)}'::jsonb where seq_id = {target}");
        }

        (await VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task an_event_flagged_archived_behind_the_triggers_is_reported_though_its_link_still_holds()
    {
        // Archived, an event is passed over by Marten's queries, projections and rebuilds: hidden as if
        // deleted, while every column the chain hashes is unchanged.
        var head = await LinkAllAsync();
        var target = await MiddleSequenceAsync(head);
        await TamperAsync($"update mt_events set is_archived = true where seq_id = {target}");
        try
        {
            var result = await VerifyAsync();

            result.FirstBreak.ShouldNotBeNull();
            result.FirstBreak.Sequence.ShouldBe(target);
            result.FirstBreak.Kind.ShouldBe(ChainBreakKind.Archived);
            result.Breaks.ShouldBe(1);
        }
        finally
        {
            await TamperAsync($"update mt_events set is_archived = false where seq_id = {target}");
        }

        (await VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task a_deleted_event_is_reported_as_a_gap_at_its_sequence_number()
    {
        var head = await LinkAllAsync();
        var target = await MiddleSequenceAsync(head);
        await TamperAsync($"create table deleted_event as select * from mt_events where seq_id = {target}; delete from mt_events where seq_id = {target}");
        try
        {
            var result = await VerifyAsync();

            result.FirstBreak!.Sequence.ShouldBe(target);
            result.FirstBreak.Kind.ShouldBe(ChainBreakKind.Missing);
        }
        finally
        {
            await TamperAsync("insert into mt_events select * from deleted_event; drop table deleted_event");
        }

        (await VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task a_chain_rewritten_after_an_altered_event_is_caught_by_a_checkpoint_kept_elsewhere()
    {
        var head = await LinkAllAsync();
        var keptElsewhere = (await ExtendEventChain.CheckpointAsync(app.Store, "auditor", default))!;
        var target = await MiddleSequenceAsync(head);
        var original = await ScalarTextAsync($"select data::text from mt_events where seq_id = {target}");
        // The forger changes an event, rewrites every link from it and removes the checkpoints in the database.
        await TamperAsync($"update mt_events set data = jsonb_set(data, '{{forged}}', 'true') where seq_id = {target}; delete from event_chain where seq_id >= {target}; create table saved_checkpoints as select * from event_chain_checkpoints; delete from event_chain_checkpoints");
        await ExtendEventChain.RunAsync(app.Store, head, null, default);
        try
        {
            (await VerifyAsync()).Intact.ShouldBeTrue("without a copy kept elsewhere the rewrite is consistent");

            var result = await VerifyAsync([keptElsewhere]);

            result.FirstBreak!.Kind.ShouldBe(ChainBreakKind.CheckpointMismatch);
            result.FirstBreak.Sequence.ShouldBe(keptElsewhere.Sequence);
        }
        finally
        {
            await TamperAsync($"update mt_events set data = '{original.Replace("'", "''", StringComparison.Ordinal)}'::jsonb where seq_id = {target}; delete from event_chain where seq_id >= {target}; insert into event_chain_checkpoints select * from saved_checkpoints; drop table saved_checkpoints");
            await ExtendEventChain.RunAsync(app.Store, head, null, default);
        }

        (await VerifyAsync([keptElsewhere])).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task the_command_line_exits_0_on_an_intact_chain_and_1_naming_the_altered_event()
    {
        var head = await LinkAllAsync();
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Marten"] = app.ConnectionString, ["ASPNETCORE_ENVIRONMENT"] = "Production" };

        var intact = await AppCommand.RunAsync(["verify-chain"], environment);

        intact.ExitCode.ShouldBe(0, intact.Output);
        intact.Output.ShouldContain("intact");

        var target = await MiddleSequenceAsync(head);
        var original = await ScalarTextAsync($"select data::text from mt_events where seq_id = {target}");
        await TamperAsync($"update mt_events set data = jsonb_set(data, '{{forged}}', 'true') where seq_id = {target}");
        try
        {
            var broken = await AppCommand.RunAsync(["verify-chain"], environment);

            broken.ExitCode.ShouldBe(1, broken.Output);
            broken.Output.ShouldContain($"BROKEN at sequence {target}");
        }
        finally
        {
            await TamperAsync($"update mt_events set data = '{original.Replace("'", "''", StringComparison.Ordinal)}'::jsonb where seq_id = {target}");
        }
    }

    [Fact]
    public async Task the_command_line_refuses_an_unreadable_checkpoint_file_before_touching_the_database()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "seq_id,hash,taken_at\n12,not-a-hash,2026-01-01T00:00:00Z\n");
        try
        {
            var result = await AppCommand.RunAsync(["verify-chain", "--checkpoints", file], new Dictionary<string, string> { ["ConnectionStrings__Marten"] = app.ConnectionString });

            result.ExitCode.ShouldNotBe(0);
            result.Output.ShouldContain("line 2");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<long> LinkAllAsync()
    {
        var head = await MaxSequenceAsync();
        await ExtendEventChain.RunAsync(app.Store, head, null, default);
        return head;
    }

    private Task<ChainVerification> VerifyAsync(IReadOnlyList<ChainCheckpoint>? keptElsewhere = null) =>
        VerifyEventChain.RunAsync(app.Store, null, keptElsewhere ?? [], null, TimeProvider.System, default);

    private Task<long> MaxSequenceAsync() => ScalarAsync("select max(seq_id) from mt_events");

    private Task<long> MiddleSequenceAsync(long head) =>
        ScalarAsync($"select seq_id from mt_events where seq_id <= {head} order by seq_id offset (select count(*) / 2 from mt_events where seq_id <= {head}) limit 1");

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string> ScalarTextAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    // As a forger with the owner's rights would: with the protective triggers switched off for the session.
    private async Task TamperAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("set session_replication_role = replica; " + sql + "; set session_replication_role = origin;", connection);
        await command.ExecuteNonQueryAsync();
    }
}
