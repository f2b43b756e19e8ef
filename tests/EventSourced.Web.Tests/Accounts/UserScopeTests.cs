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
}
