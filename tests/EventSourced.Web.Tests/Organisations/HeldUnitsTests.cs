using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Organisations;

/// <summary>
/// The units the commands decide against are held in memory, and a command never sees them older than
/// the database: a unit written by anyone (here around the handlers, as another node or a tool would) is
/// in the next command's tree.
/// </summary>
public sealed class HeldUnitsTests(HeldUnitsTests.Fixture app) : IClassFixture<HeldUnitsTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    private static readonly LocalDate Day = new(2025, 3, 3);

    [Fact]
    public async Task the_tree_is_held_while_no_unit_changes()
    {
        var first = await TreeAsync(Day);
        var again = await TreeAsync(Day);

        again.ShouldBeSameAs(first);
    }

    [Fact]
    public async Task a_unit_founded_or_dissolved_elsewhere_is_in_the_next_command_s_tree()
    {
        var before = await TreeAsync(Day);
        var parent = DemoUnits.GrassrootsUnder(DemoUnits.BaDinh);
        var cell = new OrganisationCreated(Guid.NewGuid(), $"HELD.{Guid.NewGuid():N}"[..16], "Chi bộ mới lập", OrganisationKind.Cell, parent.OrganisationId, OrganisationFlags.None, new LocalDate(2025, 1, 1));
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.StartStream<Organisation>(cell.OrganisationId, cell);
            await session.SaveChangesAsync();
        }

        var founded = await TreeAsync(Day);
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.Append(cell.OrganisationId, new OrganisationDissolved(null, new LocalDate(2025, 2, 1)));
            await session.SaveChangesAsync();
        }

        var dissolved = await TreeAsync(Day);

        before.Find(cell.OrganisationId).ShouldBeNull();
        founded.Find(cell.OrganisationId).ShouldNotBeNull().IsActive.ShouldBeTrue();
        dissolved.Find(cell.OrganisationId).ShouldNotBeNull().IsActive.ShouldBeFalse();
        (await TreeAsync(new LocalDate(2025, 1, 15))).Find(cell.OrganisationId).ShouldNotBeNull().IsActive.ShouldBeTrue("the tree of a date before the dissolution");
    }

    [Fact]
    public async Task units_emptied_and_loaded_again_around_marten_as_a_rebuild_does_are_read_again()
    {
        var before = await TreeAsync(Day);
        // A statement on the table itself, not through a session: the version still moves.
        await DirectSql.ExecuteAsync(app.ConnectionString, "create temporary table kept as select * from mt_doc_organisation; delete from mt_doc_organisation; insert into mt_doc_organisation select * from kept");

        var after = await TreeAsync(Day);

        after.ShouldNotBeSameAs(before);
        after.Find(DemoUnits.BaDinh.OrganisationId).ShouldNotBeNull();
    }

    private async Task<OrganisationTree> TreeAsync(LocalDate date)
    {
        await using var session = app.Store.LightweightSession();
        return await OrganisationRules.LoadTreeAsync(session, date, CancellationToken.None);
    }
}
