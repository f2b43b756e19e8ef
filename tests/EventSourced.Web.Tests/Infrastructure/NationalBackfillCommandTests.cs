using EventSourced.Domain.Accounts;
using EventSourced.Web.Demo;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Tests.Scaling;
using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// <c>national-backfill</c> reserves the citizen IDs and card numbers a province held before the national
/// register existed or held card numbers (decision 0034), leaves one another province holds with it, and
/// reserves nothing new when run again.
/// </summary>
public sealed class NationalBackfillCommandTests
{
    [Fact]
    public async Task a_province_s_existing_citizen_ids_and_card_numbers_are_reserved_once_and_one_held_elsewhere_is_left_with_its_province()
    {
        var databases = await ProvinceStore.DatabasesAsync("national backfill");
        var main = await TestCluster.NewDatabaseAsync("national backfill main");
        // Members recorded in Hải Phòng with no national register in the way, as before it existed.
        using (var store = ProvinceStore.Open(databases))
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await DemoBulkLoad.LoadAsync(store, "haiphong", new PasswordHasher<UserAccount>(), DemoSize.Small, new LocalDate(2026, 11, 16), 1, TextWriter.Null, CancellationToken.None);
            await ProjectionRebuild.RunAsync(store, "haiphong", TextWriter.Null, CancellationToken.None);
        }

        var environment = ProvinceStore.CommandEnvironment(databases, main);
        var emptyProvince = await AppCommand.RunAsync(["national-backfill", "--province", "hanoi"], environment);
        emptyProvince.ExitCode.ShouldBe(0, emptyProvince.Output);
        emptyProvince.Output.ShouldContain("province hanoi: 0 citizen IDs reserved now; 0 held by another province");
        // Loaded around the handlers: not even the province's own register keys exist yet; the command makes them first.
        (await DirectSql.NumberAsync(databases["haiphong"], "select count(*) from mt_doc_registerkey")).ShouldBe(0);
        // One of Hải Phòng's citizen IDs is already Hà Nội's in the national register.
        var shared = await DirectSql.TextAsync(databases["haiphong"], "select data -> 'profile' ->> 'citizenId' from mt_doc_member where data -> 'profile' ->> 'citizenId' is not null order by id limit 1");
        shared.ShouldNotBeNullOrEmpty();
        await DirectSql.ExecuteAsync(main, $"insert into {NationalRegister.Table} (key, province, member_id) values ('citizen-id:' || $1, 'hanoi', $2)", shared, Guid.NewGuid());

        var first = await AppCommand.RunAsync(["national-backfill"], environment);
        var again = await AppCommand.RunAsync(["national-backfill"], environment);

        first.ExitCode.ShouldBe(0, first.Output);
        var keys = await DirectSql.NumberAsync(databases["haiphong"], "select count(*) from mt_doc_registerkey where id like 'citizen-id:%'");
        keys.ShouldBeGreaterThan(1);
        var cards = await DirectSql.NumberAsync(databases["haiphong"], "select count(*) from mt_doc_registerkey where id like 'card:%'");
        cards.ShouldBeGreaterThan(0);
        first.Output.ShouldContain($"province haiphong: {keys - 1:N0} citizen IDs reserved now; 1 held by another province; {cards:N0} card numbers reserved now; 0 held by another province");
        again.ExitCode.ShouldBe(0, again.Output);
        again.Output.ShouldContain("province haiphong: 0 citizen IDs reserved now; 1 held by another province; 0 card numbers reserved now; 0 held by another province");
        (await DirectSql.NumberAsync(main, $"select count(*) from {NationalRegister.Table} where province = 'haiphong'")).ShouldBe(keys - 1 + cards);
        (await DirectSql.NumberAsync(main, $"select count(*) from {NationalRegister.Table} where province = 'haiphong' and key like 'card:%'")).ShouldBe(cards);
        (await DirectSql.TextAsync(main, $"select province from {NationalRegister.Table} where key = 'citizen-id:' || $1", shared)).ShouldBe("hanoi");
    }

    [Fact]
    public async Task the_backfill_is_refused_without_provinces_and_for_an_unknown_province()
    {
        var databases = await ProvinceStore.DatabasesAsync("national backfill refused");
        var main = await TestCluster.NewDatabaseAsync("national backfill refused main");

        var single = await AppCommand.RunAsync(["national-backfill"], new Dictionary<string, string> { ["ConnectionStrings__Marten"] = main, ["Demo__LoadOnStart"] = "false" });
        var unknown = await AppCommand.RunAsync(["national-backfill", "--province", "danang"], ProvinceStore.CommandEnvironment(databases, main));

        single.ExitCode.ShouldNotBe(0);
        single.Output.ShouldContain("no provinces are configured");
        unknown.ExitCode.ShouldNotBe(0);
        unknown.Output.ShouldContain("no province danang");
        (await DirectSql.NumberAsync(main, "select count(*) from pg_tables where tablename = $1", NationalRegister.Table)).ShouldBe(0);
    }
}
