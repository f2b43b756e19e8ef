using System.Globalization;
using System.Net;
using EventSourced.Domain.Accounts;
using EventSourced.Domain.Exchange;
using EventSourced.Web.Demo;
using EventSourced.Web.Tests.Infrastructure;
using Marten;

namespace EventSourced.Web.Tests.Accounts;

/// <summary>
/// The administrators over the top of the tree and what a district's administrator sees: nobody removes the last
/// top administrator, not even two removing each other at once, and API keys are listed only to those who manage their unit.
/// </summary>
public sealed class AdministratorsTests(AdministratorsTests.Fixture app) : IClassFixture<AdministratorsTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    private static readonly Guid City = DemoUnits.City;

    private async Task<UserAccount> AccountAsync(string username)
    {
        await using var query = app.Store.QuerySession();
        return await query.Query<UserAccount>().SingleAsync(u => u.Username == username);
    }

    private static Dictionary<string, string> Assign(UserAccount account, Role role, string unitCode) => new()
    {
        ["ExpectedVersion"] = account.Version.ToString(CultureInfo.InvariantCulture),
        ["Role"] = role.ToString(),
        ["UnitCode"] = unitCode,
    };

    private static Dictionary<string, string> Remove(UserAccount account, Role role, Guid unitId) => new()
    {
        ["ExpectedVersion"] = account.Version.ToString(CultureInfo.InvariantCulture),
        ["Role"] = role.ToString(),
        ["UnitId"] = unitId.ToString(),
    };

    private async Task GrantAsync(string username, Role role, string unitCode)
    {
        var admin = await app.SignInAsync("admin");
        var account = await AccountAsync(username);
        var response = await admin.PostFormAsync($"/users/{account.Id}", $"/users/{account.Id}?handler=Assign", Assign(account, role, unitCode));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task the_last_top_administrator_cannot_remove_their_own_role_and_two_removing_each_other_at_once_leave_one()
    {
        var admin = await app.SignInAsync("admin");
        var self = await AccountAsync("admin");

        var alone = await admin.PostFormAsync($"/users/{self.Id}", $"/users/{self.Id}?handler=Remove", Remove(self, Role.Administrator, City));

        alone.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await alone.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Account.LastAdministrator\"");
        (await AccountAsync("admin")).Roles.ShouldContain(new RoleAssignment(Role.Administrator, City));

        // A second top administrator; each then removes the other at the same moment.
        await GrantAsync("auditor", Role.Administrator, DemoCity.CityCode);
        var second = await app.SignInAsync("auditor");
        var (adminAccount, secondAccount) = (await AccountAsync("admin"), await AccountAsync("auditor"));
        var (first, other) = await AtTheSameMoment.PostAsync(
            new AtTheSameMoment.Post(admin, $"/users/{secondAccount.Id}", $"/users/{secondAccount.Id}?handler=Remove", Remove(secondAccount, Role.Administrator, City)),
            new AtTheSameMoment.Post(second, $"/users/{adminAccount.Id}", $"/users/{adminAccount.Id}?handler=Remove", Remove(adminAccount, Role.Administrator, City)));

        new[] { first.StatusCode, other.StatusCode }.ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity], ignoreOrder: true);
        await using var query = app.Store.QuerySession();
        var top = (await query.Query<UserAccount>().ToListAsync()).Count(a => a.Roles.Contains(new RoleAssignment(Role.Administrator, City)));
        top.ShouldBe(1);
    }

    [Fact]
    public async Task a_districts_administrator_sees_only_the_api_keys_over_units_they_manage()
    {
        var admin = await app.SignInAsync("admin");
        foreach (var (name, unit) in new[] { ("Khóa Hoàn Kiếm của thành phố", DemoUnits.HoanKiem.Code), ("Khóa Ba Đình của thành phố", DemoUnits.BaDinh.Code) })
        {
            var created = await admin.PostFormAsync("/users/api-keys", "/users/api-keys?handler=Create", new Dictionary<string, string>
            {
                ["NewKeyId"] = Guid.CreateVersion7().ToString(),
                ["Name"] = name,
                ["UnitCode"] = unit,
                ["Purpose"] = nameof(ApiKeyPurpose.Statistics),
            });
            created.StatusCode.ShouldBe(HttpStatusCode.OK, await created.Content.ReadAsStringAsync());
        }

        await GrantAsync("staff", Role.Administrator, DemoUnits.BaDinh.Code);

        var district = await (await app.SignInAsync("staff")).GetTextAsync("/users/api-keys");
        district.ShouldContain("Khóa Ba Đình của thành phố");
        district.ShouldNotContain("Khóa Hoàn Kiếm của thành phố");
        (await admin.GetTextAsync("/users/api-keys")).ShouldContain("Khóa Hoàn Kiếm của thành phố");
    }
}
