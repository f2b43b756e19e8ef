using EventSourced.Domain.Audit;
using EventSourced.Web.Audit;
using EventSourced.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourced.Web.Tests.Pages.Audit;

/// <summary>The auditors' chain screen (<c>/audit/chain</c>): verify, take and export checkpoints; staff cannot open it.</summary>
public sealed class ChainTests(ChainTests.Fixture app) : IClassFixture<ChainTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    [Fact]
    public async Task the_auditor_verifies_the_chain_and_reads_that_it_is_intact()
    {
        await ExtendEventChain.RunAsync(app.Store, (await app.Store.Advanced.FetchEventStoreStatistics()).EventSequenceNumber, null, default);
        var auditor = await app.SignInAsync("auditor");

        var started = await auditor.PostFormAsync("/audit/chain", "/audit/chain?handler=Verify", new Dictionary<string, string>());
        await app.Host.Services.GetRequiredService<ChainVerificationRunner>().WaitAsync();
        var page = await auditor.GetTextAsync("/audit/chain");

        started.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        page.ShouldContain("data-testid=\"chain-intact\"");
        page.ShouldContain("data-testid=\"head-sequence\"");
        page.ShouldContain("data-testid=\"read-models-agree\"");
    }

    [Fact]
    public async Task a_checkpoint_taken_on_screen_is_in_the_export_an_auditor_keeps_elsewhere()
    {
        await ExtendEventChain.RunAsync(app.Store, (await app.Store.Advanced.FetchEventStoreStatistics()).EventSequenceNumber, null, default);
        var auditor = await app.SignInAsync("auditor");

        await auditor.PostFormAsync("/audit/chain", "/audit/chain?handler=Checkpoint", new Dictionary<string, string>());
        var export = await auditor.GetAsync("/audit/chain?handler=Export");
        var lines = (await export.Content.ReadAsStringAsync()).Split('\n');

        export.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var checkpoints = ChainCheckpointFile.Parse(lines, out var error);
        error.ShouldBeNull();
        checkpoints.ShouldNotBeNull().ShouldNotBeEmpty();
        (await VerifyEventChain.RunAsync(app.Store, null, checkpoints, null, TimeProvider.System, default)).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task the_chain_is_held_to_a_checkpoint_file_kept_elsewhere_and_a_checkpoint_it_no_longer_has_is_reported()
    {
        await ExtendEventChain.RunAsync(app.Store, (await app.Store.Advanced.FetchEventStoreStatistics()).EventSequenceNumber, null, default);
        var auditor = await app.SignInAsync("auditor");
        await auditor.PostFormAsync("/audit/chain", "/audit/chain?handler=Checkpoint", new Dictionary<string, string>());
        var kept = await (await auditor.GetAsync("/audit/chain?handler=Export")).Content.ReadAsByteArrayAsync();
        var runner = app.Host.Services.GetRequiredService<ChainVerificationRunner>();

        var held = await auditor.PostFileAsync("/audit/chain", "/audit/chain?handler=Verify", "CheckpointFile", "checkpoints.csv", kept);
        await runner.WaitAsync();
        var intact = await auditor.GetTextAsync("/audit/chain");

        held.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, await held.Content.ReadAsStringAsync());
        intact.ShouldContain("data-testid=\"chain-intact\"");
        intact.ShouldContain("data-testid=\"chain-checked-file\"");

        // A checkpoint past the chain's head: what a log cut short with its links and in-database checkpoints leaves.
        var (head, hash) = (await EventChainStorage.HeadAsync(await EventChainStorage.OpenAsync(app.Store.Storage.Database, default), EventChainStorage.SchemaOf(app.Store), default))!.Value;
        var cut = ChainCheckpointFile.Write([new ChainCheckpoint(head + 1_000, EventChain.Hex(hash), DateTimeOffset.UtcNow)]);
        (await auditor.PostFileAsync("/audit/chain", "/audit/chain?handler=Verify", "CheckpointFile", "checkpoints.csv", System.Text.Encoding.UTF8.GetBytes(cut))).StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        await runner.WaitAsync();
        var broken = await auditor.GetTextAsync("/audit/chain");

        broken.ShouldContain("data-testid=\"chain-broken\" data-kind=\"CheckpointMismatch\"");
    }

    [Fact]
    public async Task the_export_holds_the_head_so_a_log_cut_short_after_the_last_kept_checkpoint_is_caught()
    {
        await ExtendEventChain.RunAsync(app.Store, (await app.Store.Advanced.FetchEventStoreStatistics()).EventSequenceNumber, null, default);
        var auditor = await app.SignInAsync("auditor");
        // The last checkpoint kept in the database (the hourly one), then more work recorded and linked.
        await auditor.PostFormAsync("/audit/chain", "/audit/chain?handler=Checkpoint", new Dictionary<string, string>());
        var kept = await DirectSql.NumberAsync(app.ConnectionString, "select max(seq_id) from event_chain_checkpoints");
        await AdmissionForm.AdmitAsync(await app.SignInAsync("staff"), "Trần Văn Cuối Sổ", new NodaTime.LocalDate(2025, 2, 1));
        await ExtendEventChain.RunAsync(app.Store, (await app.Store.Advanced.FetchEventStoreStatistics()).EventSequenceNumber, null, default);

        var file = ChainCheckpointFile.Parse((await (await auditor.GetAsync("/audit/chain?handler=Export")).Content.ReadAsStringAsync()).Split('\n'), out _)!;

        // Someone with the database's password cuts the log after that checkpoint, with its links and the later checkpoints.
        await DirectSql.TamperAsync(app.ConnectionString, $"""
            create table cut_events as select * from mt_events where seq_id > {kept}; delete from mt_events where seq_id > {kept};
            create table cut_links as select * from event_chain where seq_id > {kept}; delete from event_chain where seq_id > {kept};
            create table cut_checkpoints as select * from event_chain_checkpoints where seq_id > {kept}; delete from event_chain_checkpoints where seq_id > {kept}
            """);
        try
        {
            (await VerifyEventChain.RunAsync(app.Store, null, [], null, TimeProvider.System, default)).Intact.ShouldBeTrue("without the file the cut log is consistent");

            var result = await VerifyEventChain.RunAsync(app.Store, null, file, null, TimeProvider.System, default);

            result.FirstBreak.ShouldNotBeNull().Kind.ShouldBe(ChainBreakKind.CheckpointMismatch);
            result.FirstBreak.Sequence.ShouldBeGreaterThan(kept);
        }
        finally
        {
            await DirectSql.TamperAsync(app.ConnectionString, """
                insert into mt_events select * from cut_events; insert into event_chain select * from cut_links;
                insert into event_chain_checkpoints select * from cut_checkpoints; drop table cut_events, cut_links, cut_checkpoints
                """);
        }

        (await VerifyEventChain.RunAsync(app.Store, null, file, null, TimeProvider.System, default)).Intact.ShouldBeTrue();
    }

    [Theory]
    [InlineData("seq_id,hash,taken_at\n12,not-a-hash,2026-01-01T00:00:00Z\n")]
    [InlineData("seq_id,hash,taken_at\n")]
    [InlineData("PK\u0003\u0004 a workbook, not the export")]
    public async Task a_checkpoint_file_that_cannot_be_read_is_refused_and_nothing_is_verified(string file)
    {
        var auditor = await app.SignInAsync("auditor");
        var runner = app.Host.Services.GetRequiredService<ChainVerificationRunner>();
        await runner.WaitAsync();
        var before = runner.For(app.Store.Storage.Database, null).Last;

        var response = await auditor.PostFileAsync("/audit/chain", "/audit/chain?handler=Verify", "CheckpointFile", "checkpoints.csv", System.Text.Encoding.UTF8.GetBytes(file));

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.UnprocessableEntity);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain("data-testid=\"checkpoint-file-error\"");
        if (file.Contains("not-a-hash", StringComparison.Ordinal))
        {
            // The line is named in the user's language.
            body.ShouldContain("dòng 2 ");
        }
        await runner.WaitAsync();
        runner.For(app.Store.Storage.Database, null).Last.ShouldBeSameAs(before);
    }

    [Fact]
    public async Task staff_cannot_open_the_chain_screen_nor_start_a_verification()
    {
        var staff = await app.SignInAsync("staff");

        (await staff.GetAsync("/audit/chain")).Headers.Location!.ToString().ShouldContain("/forbidden");
        (await staff.PostRawAsync("/audit/chain?handler=Verify", new Dictionary<string, string>())).StatusCode.ShouldNotBe(System.Net.HttpStatusCode.OK);
    }
}
