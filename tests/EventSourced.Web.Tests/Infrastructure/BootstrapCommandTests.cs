using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using Marten;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>A new production register gets its city committee and first administrator from one command, once.</summary>
public sealed class BootstrapCommandTests
{
    [Fact]
    public async Task bootstrap_founds_the_city_and_the_first_administrator_and_refuses_to_run_twice()
    {
        var database = await TestCluster.NewDatabaseAsync("bootstrap");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Marten"] = database,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ADMIN_PASSWORD"] = "mat-khau-du-dai",
        };

        var first = await AppCommand.RunAsync(["bootstrap", "--username", "quantri"], environment);
        var second = await AppCommand.RunAsync(["bootstrap", "--username", "quantri"], environment);
        var weak = await AppCommand.RunAsync(["bootstrap"], new Dictionary<string, string>(environment) { ["ADMIN_PASSWORD"] = "short" });

        first.ExitCode.ShouldBe(0, first.Output);
        second.ExitCode.ShouldNotBe(0);
        second.Output.ShouldContain("Account.UsernameTaken");
        weak.ExitCode.ShouldNotBe(0);
        using var store = DocumentStore.For(o => EventStoreConfiguration.Configure(o, database));
        await using var session = store.QuerySession();
        var city = (await session.Query<Organisation>().ToListAsync()).ShouldHaveSingleItem();
        city.Kind.ShouldBe(OrganisationKind.CityCommittee);
        var admin = await session.Query<UserAccount>().SingleAsync(u => u.Username == "quantri");
        admin.Roles.ShouldBe([new RoleAssignment(Role.Administrator, city.Id)]);
        admin.PasswordHash.ShouldNotContain("mat-khau");
    }
}
