using EventSourced.Web.Tests.Infrastructure;
using Weasel.Core;

namespace EventSourced.Web.Tests.EventStore;

/// <summary>
/// Once the application has created its schema, the next start finds nothing to change: an object the
/// schema check reads back differently from how it declares it would be dropped and made again at every
/// start (an index over the city's 475,000 member snapshots took 7–8 s of each start).
/// </summary>
public sealed class SchemaAtStartTests(SchemaAtStartTests.Fixture app) : IClassFixture<SchemaAtStartTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    [Fact]
    public async Task the_schema_the_application_created_needs_no_change_at_the_next_start()
    {
        var migration = await app.Store.Storage.Database.CreateMigrationAsync();

        var changed = migration.Deltas.Where(d => d.Difference != SchemaPatchDifference.None).Select(Describe).ToList();
        changed.ShouldBeEmpty();
    }

    /// <summary>The object and the SQL the next start would run for it.</summary>
    private static string Describe(ISchemaObjectDelta delta)
    {
        using var sql = new StringWriter();
        delta.WriteUpdate(new Weasel.Postgresql.PostgresqlMigrator(), sql);
        return $"{delta.SchemaObject.Identifier} ({delta.Difference}): {sql}";
    }
}
