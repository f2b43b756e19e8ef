using System.Globalization;
using System.Net;
using EventSourced.Domain.Accounts;
using EventSourced.Web.Demo;
using EventSourced.Web.Tests.Infrastructure;
using Marten;

namespace EventSourced.Web.Tests.Accounts;

/// <summary>
/// Accounts switched off and on, passwords reset by an administrator or changed by their owner, through the pages: a
/// switched-off account does not sign in and its open sessions end, and a new password ends every other session.
/// </summary>
public sealed class AccountAccessTests(AccountAccessTests.Fixture app) : IClassFixture<AccountAccessTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    private const string NewPassword = "mat-khau-moi-2026";

    private async Task<UserAccount> AccountAsync(string username)
    {
        await using var query = app.Store.QuerySession();
        return await query.Query<UserAccount>().SingleAsync(u => u.Username == username);
    }

    private static Task<HttpResponseMessage> SignInAsync(WebSession session, string username, string password) =>
        session.PostFormAsync("/login", "/login", new Dictionary<string, string> { ["username"] = username, ["password"] = password });

    private static Dictionary<string, string> Form(UserAccount account, params (string Key, string Value)[] fields)
    {
        var form = fields.ToDictionary(f => f.Key, f => f.Value);
        form["ExpectedVersion"] = account.Version.ToString(CultureInfo.InvariantCulture);
        return form;
    }

    private static async Task<bool> SignedInAsync(WebSession session)
    {
        var home = await session.GetAsync("/");
        return home.StatusCode == HttpStatusCode.OK;
    }

    [Fact]
    public async Task a_switched_off_account_loses_its_open_session_and_cannot_sign_in_until_switched_on()
    {
        var admin = await app.SignInAsync("admin");
        var editor = await app.SignInAsync("editor");
        var account = await AccountAsync("editor");

        var off = await admin.PostFormAsync($"/users/{account.Id}", $"/users/{account.Id}?handler=Disable", Form(account, ("Reason", "Đã chuyển công tác")));

        off.StatusCode.ShouldBe(HttpStatusCode.Redirect, await off.Content.ReadAsStringAsync());
        (await SignedInAsync(editor)).ShouldBeFalse();
        var refused = await SignInAsync(new WebSession(app.Host, "203.0.113.90"), "editor", DemoSeeder.DemoPassword);
        (await refused.Content.ReadAsStringAsync()).ShouldContain(Texts.Vi("Login.Disabled"));
        (await admin.GetTextAsync($"/users/{account.Id}")).ShouldContain("data-testid=\"account-disabled\"");

        account = await AccountAsync("editor");
        var on = await admin.PostFormAsync($"/users/{account.Id}", $"/users/{account.Id}?handler=Enable", Form(account, ("Reason", "Trở lại công tác")));
        on.StatusCode.ShouldBe(HttpStatusCode.Redirect, await on.Content.ReadAsStringAsync());
        (await SignInAsync(new WebSession(app.Host, "203.0.113.91"), "editor", DemoSeeder.DemoPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task a_password_reset_by_an_administrator_ends_the_accounts_sessions_and_only_the_new_password_signs_in()
    {
        var admin = await app.SignInAsync("admin");
        var approver = await app.SignInAsync("approver");
        var account = await AccountAsync("approver");

        var reset = await admin.PostFormAsync($"/users/{account.Id}", $"/users/{account.Id}?handler=ResetPassword", Form(account, ("NewPassword", NewPassword)));

        reset.StatusCode.ShouldBe(HttpStatusCode.Redirect, await reset.Content.ReadAsStringAsync());
        (await SignedInAsync(approver)).ShouldBeFalse();
        (await SignInAsync(new WebSession(app.Host, "203.0.113.92"), "approver", DemoSeeder.DemoPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SignInAsync(new WebSession(app.Host, "203.0.113.93"), "approver", NewPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task an_owner_changing_their_password_keeps_this_session_ends_the_others_and_is_told_a_wrong_current_password()
    {
        var here = await app.SignInAsync("staff2");
        var elsewhere = await app.SignInAsync("staff2", clientAddress: "203.0.113.94");
        var events = await app.EventCountAsync();

        var wrong = await here.PostFormAsync("/account/password", "/account/password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = "not-it", ["NewPassword"] = NewPassword, ["ConfirmPassword"] = NewPassword,
        });
        wrong.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Account.CurrentPasswordWrong\"");
        (await app.EventCountAsync()).ShouldBe(events);

        var changed = await here.PostFormAsync("/account/password", "/account/password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = DemoSeeder.DemoPassword, ["NewPassword"] = NewPassword, ["ConfirmPassword"] = NewPassword,
        });

        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect, await changed.Content.ReadAsStringAsync());
        (await SignedInAsync(here)).ShouldBeTrue();
        (await SignedInAsync(elsewhere)).ShouldBeFalse();
        (await SignInAsync(new WebSession(app.Host, "203.0.113.95"), "staff2", NewPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task an_account_switched_off_from_two_browsers_at_once_is_switched_off_once()
    {
        var account = await AccountAsync("auditor");
        var url = $"/users/{account.Id}";

        var (first, second) = await AtTheSameMoment.PostAsync(
            new AtTheSameMoment.Post(await app.SignInAsync("admin"), url, url + "?handler=Disable", Form(account, ("Reason", "Lý do một"))),
            new AtTheSameMoment.Post(await app.SignInAsync("admin"), url, url + "?handler=Disable", Form(account, ("Reason", "Lý do hai"))));

        new[] { first.StatusCode, second.StatusCode }.ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity], ignoreOrder: true);
        await using var query = app.Store.QuerySession();
        (await query.Events.FetchStreamAsync(account.Id)).Count(e => e.Data is UserDisabled).ShouldBe(1);
    }

    [Fact]
    public async Task a_districts_administrator_cannot_switch_off_or_reset_an_account_working_beyond_the_district()
    {
        var admin = await app.SignInAsync("admin");
        var staff = await AccountAsync("staff");
        (await admin.PostFormAsync($"/users/{staff.Id}", $"/users/{staff.Id}?handler=Assign", Form(staff, ("Role", "Administrator"), ("UnitCode", DemoUnits.BaDinh.Code)))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var district = await app.SignInAsync("staff");
        var cityAdmin = await AccountAsync("admin");
        var events = await app.EventCountAsync();

        var off = await district.PostFormAsync("/users", $"/users/{cityAdmin.Id}?handler=Disable", Form(cityAdmin, ("Reason", "x")));
        var reset = await district.PostFormAsync("/users", $"/users/{cityAdmin.Id}?handler=ResetPassword", Form(cityAdmin, ("NewPassword", NewPassword)));

        off.StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.Forbidden, HttpStatusCode.UnprocessableEntity);
        off.Headers.Location?.ToString().ShouldNotBe($"/users/{cityAdmin.Id}");
        reset.Headers.Location?.ToString().ShouldNotBe($"/users/{cityAdmin.Id}");
        (await app.EventCountAsync()).ShouldBe(events);
    }
}
