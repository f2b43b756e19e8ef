using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Web.Demo;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace EventSourced.Web.Tests.Scaling;

/// <summary>
/// <c>seed --province CODE</c> loads the demo into that province's database and no other (decision 0025),
/// and with provinces configured the province must be named.
/// </summary>
public sealed class ProvinceSeedTests
{
    private static readonly LocalDate Today = new(2026, 11, 16);

    [Fact]
    public async Task a_province_s_seed_loads_its_database_and_leaves_the_other_province_empty()
    {
        var databases = await ProvinceStore.DatabasesAsync("seed");
        using var store = ProvinceStore.Open(databases);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        var loaded = await DemoBulkLoad.LoadAsync(store, "haiphong", new PasswordHasher<UserAccount>(), DemoSize.Small, Today, 1, TextWriter.Null, CancellationToken.None);
        await ProjectionRebuild.RunAsync(store, "haiphong", TextWriter.Null, CancellationToken.None);

        loaded.Members.ShouldBeGreaterThan(0);
        (await DemoSeeder.IsEmptyAsync(store, "haiphong", CancellationToken.None)).ShouldBeFalse();
        (await DemoSeeder.IsEmptyAsync(store, "hanoi", CancellationToken.None)).ShouldBeTrue();
        (await DirectSql.NumberAsync(databases["haiphong"], "select count(*) from mt_doc_member")).ShouldBe(loaded.Members);
        (await DirectSql.NumberAsync(databases["hanoi"], "select count(*) from mt_events")).ShouldBe(0);
        // The demo documents' files are the province's too.
        (await DirectSql.NumberAsync(databases["haiphong"], $"select count(*) from {Domain.Content.Files.StoredFilesTable.TableName}")).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task a_province_s_seed_reserves_its_citizen_ids_and_card_numbers_in_the_national_register_once()
    {
        var databases = await ProvinceStore.DatabasesAsync("seed national");
        var main = await TestCluster.NewDatabaseAsync("seed national main");
        var provinces = new Provinces([.. databases.Select(d => new Province(d.Key, d.Value, [d.Key + ".example"]))]);
        var national = NationalRegister.For(provinces, main);
        using var store = ProvinceStore.Open(databases, options => options.Listeners.Add(national.Listener));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await DemoBulkLoad.LoadAsync(store, "haiphong", new PasswordHasher<UserAccount>(), DemoSize.Small, Today, 1, TextWriter.Null, CancellationToken.None);
        await ProjectionRebuild.RunAsync(store, "haiphong", TextWriter.Null, CancellationToken.None);
        await RegisterKeys.BackfillAsync(store, await store.Storage.FindOrCreateDatabase("haiphong"), CancellationToken.None);

        var first = await national.BackfillAsync(store, "haiphong", CancellationToken.None);
        var again = await national.BackfillAsync(store, "haiphong", CancellationToken.None);

        var keys = await DirectSql.NumberAsync(databases["haiphong"], "select count(*) from mt_doc_registerkey where id like 'citizen-id:%'");
        var cards = await DirectSql.NumberAsync(databases["haiphong"], "select count(*) from mt_doc_registerkey where id like 'card:%'");
        keys.ShouldBeGreaterThan(0);
        cards.ShouldBeGreaterThan(0);
        first.ShouldBe(new NationalBackfill(new((int)keys, 0), new((int)cards, 0)));
        again.ShouldBe(new NationalBackfill(new(0, 0), new(0, 0)));
        (await DirectSql.NumberAsync(main, $"select count(*) from {NationalRegister.Table} where province = 'haiphong'")).ShouldBe(keys + cards);
    }

    [Fact]
    public async Task with_provinces_the_seed_must_be_told_which_province()
    {
        var databases = await ProvinceStore.DatabasesAsync("seed");
        var environment = ProvinceStore.CommandEnvironment(databases, main: databases["hanoi"]);

        var (exitCode, output) = await AppCommand.RunAsync(["seed", "--environment", "Development"], environment);

        exitCode.ShouldNotBe(0, output);
        output.ShouldContain("--province is required");
        // Refused before anything was written, not even the schema.
        (await DirectSql.NumberAsync(databases["hanoi"], "select count(*) from pg_tables where tablename = 'mt_events'")).ShouldBe(0);
    }
}
