using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Wolverine;
using static EventSourced.Web.Tests.Pages.Reconciliation.ReconciliationSteps;
using ReconciliationState = EventSourced.Domain.Reconciliation.Reconciliation;

namespace EventSourced.Web.Tests.Reconciliation;

/// <summary>
/// The matching of a roll is durable background work: a message still waiting in Wolverine's inbox
/// (kept in PostgreSQL) when the application stops is handled by the next application started on
/// the same database. Its own class, because it stops the fixture's host.
/// </summary>
public sealed class MatchRollRestartTests(MatchRollRestartTests.Fixture app) : IClassFixture<MatchRollRestartTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    [Fact]
    public async Task matching_left_waiting_when_the_application_stopped_is_done_by_the_next_one()
    {
        var cell = DemoUnits.Units.First(u => u.Code == Cells[0]);
        var staff = await app.SignInAsync("staff");
        var member = await AdmitAsync(staff, "Vũ Văn Bền", "001090900001", cell.Code);
        var id = Guid.CreateVersion7();
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.StartStream<ReconciliationState>(id, new ReconciliationStarted(id, cell.OrganisationId, null, new LocalDate(2025, 1, 1), "danh-sach.csv", "hash", 1));
            session.Store(new ReconciliationRoll
            {
                Id = id,
                People = [new RollPerson(1, "Vũ Văn Bền", null, null, "001090900001", null, [], cell.Code, null)],
                Cells = new() { [cell.OrganisationId] = cell.Code },
            });
            await session.SaveChangesAsync();
        }

        // Kept in the durable inbox and not yet due: the first application stops before handling it,
        // as one stopped (or crashed) between confirming the columns and matching would leave it.
        using (var scope = app.Host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().ScheduleAsync(new MatchRoll(id), TimeSpan.FromSeconds(3));
        }

        (await StateAsync(app.Store, id)).Status.ShouldBe(ReconciliationStatus.Matching);
        await app.Host.StopAsync();
        var stopped = DateTimeOffset.UtcNow;

        await using var next = await app.StartAnotherHostAsync();
        var store = next.Services.GetRequiredService<IDocumentStore>();
        var matched = await MatchedAsync(store, id);

        matched.Counts.Matched.ShouldBe(1);
        (await ItemsAsync(store, id)).Single().MemberId.ShouldBe(member);
        // Recorded after the first application had stopped: the next one did the work.
        await using var query = store.QuerySession();
        (await query.Events.FetchStreamAsync(id)).Single(e => e.Data is RollMatched).Timestamp.ShouldBeGreaterThan(stopped);
    }
}
