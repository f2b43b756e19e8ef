using System.Diagnostics;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// The screens' and access checks' units: a unit changed by any session of this process is in the next
/// request's tree at once, one changed on another node within the directory's half second, and a command
/// that changed no unit costs the next request no read of the units' version.
/// </summary>
public sealed class OrganisationDirectoryTests(OrganisationDirectoryTests.Fixture app) : IClassFixture<OrganisationDirectoryTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    /// <summary>Below the directory's half second of freshness, with room for the check that follows.</summary>
    private static readonly TimeSpan WithinFreshness = TimeSpan.FromMilliseconds(400);

    private OrganisationDirectory Directory => app.Host.Services.GetRequiredService<OrganisationDirectory>();

    [Fact]
    public async Task a_unit_written_by_any_session_of_this_process_is_in_the_next_request_s_tree_at_once()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await FreshCheckAsync();
            var checks = Directory.Checks;
            var started = Stopwatch.StartNew();
            var cell = await FoundCellAsync(app.Store);

            var tree = await Directory.TreeAsync();

            tree.Find(cell).ShouldNotBeNull();
            if (started.Elapsed < WithinFreshness)
            {
                Directory.Checks.ShouldBe(checks + 1, "the commit that changed a unit, not the half second, made the directory check");
                return;
            }
        }

        throw new TimeoutException("No attempt founded a unit within the directory's freshness window; the machine is too slow to tell.");
    }

    [Fact]
    public async Task a_command_that_changes_no_unit_leaves_the_next_request_without_a_read_of_the_units()
    {
        var staff = await app.SignInAsync("staff");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await FreshCheckAsync();
            var checks = Directory.Checks;
            var started = Stopwatch.StartNew();
            await AdmissionForm.AdmitAsync(staff, AdmissionForm.Fields("Lê Văn Tĩnh", AdmissionForm.Cell.Code, new LocalDate(2024, 6, 5)));

            await Directory.TreeAsync();

            if (started.Elapsed < WithinFreshness)
            {
                Directory.Checks.ShouldBe(checks);
                return;
            }
        }

        throw new TimeoutException("No admission was answered within the directory's freshness window; the machine is too slow to tell.");
    }

    [Fact]
    public async Task a_unit_written_on_another_node_is_in_this_node_s_tree_within_half_a_second_and_in_its_next_command_at_once()
    {
        await using var other = await app.StartAnotherHostAsync();
        await Directory.TreeAsync();

        var cell = await FoundCellAsync(other.Services.GetRequiredService<IDocumentStore>());

        await using (var session = app.Store.LightweightSession())
        {
            (await HeldUnits.TreeAsync(session, new LocalDate(2025, 3, 3), CancellationToken.None)).Find(cell).ShouldNotBeNull("a command checks the units' version on its own session");
        }

        await Eventually.UntilAsync(
            async () => (await Directory.TreeAsync()).Find(cell) is not null,
            TimeSpan.FromSeconds(2),
            "the other node's unit in this node's tree (the directory checks the units' version at least every half second)",
            every: TimeSpan.FromMilliseconds(50));
    }

    /// <summary>Checks the units now, so the half second starts here and cannot run out during what a test times.</summary>
    private async Task FreshCheckAsync()
    {
        Directory.Invalidate();
        await Directory.TreeAsync();
    }

    /// <summary>A new cell under a Ba Đình grassroots unit, written through a Marten session of <paramref name="store"/> as a handler would.</summary>
    private static async Task<Guid> FoundCellAsync(IDocumentStore store)
    {
        var parent = DemoUnits.GrassrootsUnder(DemoUnits.BaDinh);
        var cell = new OrganisationCreated(Guid.NewGuid(), $"DIR.{Guid.NewGuid():N}"[..16], "Chi bộ mới lập", OrganisationKind.Cell, parent.OrganisationId, OrganisationFlags.None, new LocalDate(2025, 1, 1));
        await using var session = store.LightweightSession();
        session.Events.StartStream<Organisation>(cell.OrganisationId, cell);
        await session.SaveChangesAsync();
        return cell.OrganisationId;
    }
}
