using System.Globalization;
using System.Net;
using EventSourced.Domain.Accounts;
using EventSourced.Web.Tests.Infrastructure;
using Marten;

namespace EventSourced.Web.Tests.Accounts;

/// <summary>A district's administrator sees and opens only the accounts whose every role is within the district.</summary>
public sealed class UserScopeTests(UserScopeTests.Fixture app) : IClassFixture<UserScopeTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    private async Task<UserAccount> AccountAsync(string username)
    {
        await using var query = app.Store.QuerySession();
        return await query.Query<UserAccount>().SingleAsync(u => u.Username == username);
    }

    private async Task GrantAsync(string username, Role role, string unitCode)
    {
        var admin = await app.SignInAsync("admin");
        var account = await AccountAsync(username);
        if (account.Roles.Contains(new RoleAssignment(role, DemoUnits.Units.Single(u => u.Code == unitCode).OrganisationId)))
        {
            return;
        }

        var response = await admin.PostFormAsync($"/users/{account.Id}", $"/users/{account.Id}?handler=Assign", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = account.Version.ToString(CultureInfo.InvariantCulture),
            ["Role"] = role.ToString(),
            ["UnitCode"] = unitCode,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task an_account_working_beyond_the_district_is_neither_listed_nor_opened_for_the_districts_administrator()
    {
        await GrantAsync("staff", Role.Administrator, DemoUnits.BaDinh.Code);
        // The city's auditor also works in Ba Đình: one role within the district, one beyond it.
        await GrantAsync("auditor", Role.OrganisationStaff, DemoUnits.BaDinh.Code);
        var district = await app.SignInAsync("staff");
        var auditor = await AccountAsync("auditor");

        var list = await district.GetTextAsync("/users");
        var open = await district.GetAsync($"/users/{auditor.Id}");

        list.ShouldNotContain($"/users/{auditor.Id}");
        open.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        open.Headers.Location?.ToString().ShouldContain("/forbidden");
        (await (await app.SignInAsync("admin")).GetTextAsync($"/users/{auditor.Id}")).ShouldContain("data-testid=\"roles\"");
    }

    private async Task<Guid> OpenAsync(WebSession administrator, string username)
    {
        var id = Guid.CreateVersion7();
        var opened = await administrator.PostFormAsync("/users/new", "/users/new", new Dictionary<string, string>
        {
            ["Username"] = username,
            ["DisplayName"] = $"Tài khoản {username}",
            ["Password"] = "mat-khau-tam-2026",
            ["NewUserId"] = id.ToString(),
        });
        opened.StatusCode.ShouldBe(HttpStatusCode.Redirect, await opened.Content.ReadAsStringAsync());
        return id;
    }

    [Fact]
    public async Task an_account_without_roles_is_managed_by_its_opener_or_whoever_managed_its_roles_not_by_another_districts_administrator()
    {
        await GrantAsync("staff", Role.Administrator, DemoUnits.BaDinh.Code);
        await GrantAsync("staff2", Role.Administrator, DemoUnits.HoanKiem.Code);
        var admin = await app.SignInAsync("admin");
        var baDinh = await app.SignInAsync("staff");
        var hoanKiem = await app.SignInAsync("staff2");
        var openedInDistrict = await OpenAsync(baDinh, "mo-o-ba-dinh");
        var openedByCity = await OpenAsync(admin, "mo-o-thanh-pho");
        // Held a role in Ba Đình, withdrawn since: it answers to Ba Đình still.
        var former = await OpenAsync(admin, "tung-o-ba-dinh");
        await GrantAsync("tung-o-ba-dinh", Role.OrganisationStaff, DemoUnits.BaDinh.Code);
        var account = await AccountAsync("tung-o-ba-dinh");
        var removed = await admin.PostFormAsync($"/users/{former}", $"/users/{former}?handler=Remove", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = account.Version.ToString(CultureInfo.InvariantCulture),
            ["Role"] = nameof(Role.OrganisationStaff),
            ["UnitId"] = DemoUnits.BaDinh.OrganisationId.ToString(),
        });
        removed.StatusCode.ShouldBe(HttpStatusCode.Redirect, await removed.Content.ReadAsStringAsync());

        var baDinhList = await baDinh.GetTextAsync("/users");
        var hoanKiemList = await hoanKiem.GetTextAsync("/users");
        var cityList = await admin.GetTextAsync("/users");

        baDinhList.ShouldContain($"/users/{openedInDistrict}");
        baDinhList.ShouldContain($"/users/{former}");
        baDinhList.ShouldNotContain($"/users/{openedByCity}");
        foreach (var id in new[] { openedInDistrict, openedByCity, former })
        {
            hoanKiemList.ShouldNotContain($"/users/{id}");
            (await hoanKiem.GetAsync($"/users/{id}")).Headers.Location?.ToString().ShouldContain("/forbidden");
            cityList.ShouldContain($"/users/{id}");
        }

        // Not listed is not enough: another district's administrator cannot grant it a role and take it over.
        var taken = await hoanKiem.PostFormAsync("/users/new", $"/users/{openedByCity}?handler=Assign", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["Role"] = nameof(Role.OrganisationStaff),
            ["UnitCode"] = DemoUnits.HoanKiem.Code,
        });
        taken.Headers.Location?.ToString().ShouldContain("/forbidden");
        (await AccountAsync("mo-o-thanh-pho")).Roles.ShouldBeEmpty();
    }
}
