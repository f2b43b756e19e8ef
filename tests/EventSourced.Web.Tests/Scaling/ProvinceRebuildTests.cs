using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Scaling;

/// <summary>
/// <c>rebuild --province CODE</c> rebuilds that province's projections in that province's database and
/// touches no other (decision 0025). Two provinces' databases and a store over both, with no application
/// running (a rebuild is run with the application stopped).
/// </summary>
public sealed class ProvinceRebuildTests
{
    [Fact]
    public async Task a_province_s_rebuild_restores_its_read_models_and_leaves_the_other_province_s_alone()
    {
        var databases = await ProvinceStore.DatabasesAsync("rebuild");
        using var store = ProvinceStore.Open(databases);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        foreach (var code in databases.Keys)
        {
            await DemoSeeder.SeedOrganisationsAsync(store, code, DemoSize.Small, CancellationToken.None);
        }

        // The same damage to a read model in both provinces: every unit snapshot gone.
        foreach (var connection in databases.Values)
        {
            await DirectSql.ExecuteAsync(connection, "delete from mt_doc_organisation");
        }

        await ProjectionRebuild.RunAsync(store, "haiphong", TextWriter.Null, CancellationToken.None);

        (await DirectSql.NumberAsync(databases["haiphong"], "select count(*) from mt_doc_organisation")).ShouldBe(await DirectSql.NumberAsync(databases["haiphong"], "select count(*) from mt_streams where type = 'organisation'"));
        (await DirectSql.NumberAsync(databases["haiphong"], "select count(*) from mt_doc_organisation")).ShouldBeGreaterThan(100);
        (await DirectSql.NumberAsync(databases["hanoi"], "select count(*) from mt_doc_organisation")).ShouldBe(0, "Hà Nội's was not rebuilt");
        await using var query = store.QuerySession("haiphong");
        (await query.LoadAsync<Organisation>(DemoUnits.BaDinh.OrganisationId)).ShouldNotBeNull().Code.ShouldBe(DemoUnits.BaDinh.Code);
    }
}
