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
    public async Task staff_cannot_open_the_chain_screen_nor_start_a_verification()
    {
        var staff = await app.SignInAsync("staff");

        (await staff.GetAsync("/audit/chain")).Headers.Location!.ToString().ShouldContain("/forbidden");
        (await staff.PostRawAsync("/audit/chain?handler=Verify", new Dictionary<string, string>())).StatusCode.ShouldNotBe(System.Net.HttpStatusCode.OK);
    }
}
