using System.Net;
using EventSourced.Domain.Accounts;
using EventSourced.Web.Tests.Infrastructure;
using Marten;

namespace EventSourced.Web.Tests.Accounts;

/// <summary>Cookie sign-in through the real form: wrong passwords count, five lock the account, and each step is an audited event.</summary>
public sealed class SignInTests(SignInTests.Fixture app) : IClassFixture<SignInTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    [Fact]
    public async Task a_wrong_password_or_unknown_user_gets_the_same_message()
    {
        var session = new WebSession(app.Host);

        var wrong = await session.PostFormAsync("/login", "/login", new Dictionary<string, string> { ["username"] = "editor", ["password"] = "sai-mat-khau" });
        var unknown = await session.PostFormAsync("/login", "/login", new Dictionary<string, string> { ["username"] = "nobody", ["password"] = "x" });

        wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("Tên đăng nhập hoặc mật khẩu không đúng.");
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("Tên đăng nhập hoặc mật khẩu không đúng.");
    }

    [Fact]
    public async Task five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var session = new WebSession(app.Host);
        for (var i = 0; i < LockoutPolicy.Default.MaxFailures; i++)
        {
            await session.PostFormAsync("/login", "/login", new Dictionary<string, string> { ["username"] = "approver", ["password"] = "wrong" + i });
        }

        var right = await session.PostFormAsync("/login", "/login", new Dictionary<string, string> { ["username"] = "approver", ["password"] = "demo" });

        right.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await right.Content.ReadAsStringAsync()).ShouldContain("Tài khoản tạm khóa");
        await using var query = app.Store.QuerySession();
        var account = await query.Query<UserAccount>().SingleAsync(u => u.Username == "approver");
        account.LockedUntil.ShouldNotBeNull();
        var events = await query.Events.FetchStreamAsync(account.Id);
        events.Count(e => e.Data is SignInFailed).ShouldBe(LockoutPolicy.Default.MaxFailures);
        events.Count(e => e.Data is UserLockedOut).ShouldBe(1);
    }

    [Fact]
    public async Task signing_in_and_out_uses_the_cookie()
    {
        var session = await app.SignInAsync("auditor");
        (await session.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var signOut = await session.PostFormAsync("/", "/logout", new Dictionary<string, string>());
        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await session.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task a_post_without_the_antiforgery_token_is_rejected()
    {
        var session = new WebSession(app.Host);
        var response = await session.PostRawAsync("/login", new Dictionary<string, string> { ["username"] = "admin", ["password"] = "demo" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task assigning_and_removing_a_role_is_recorded_with_the_administrator_as_actor()
    {
        var admin = await app.SignInAsync("admin");
        await using var query = app.Store.QuerySession();
        var editor = await query.Query<UserAccount>().SingleAsync(u => u.Username == "editor");
        var unitCode = DemoUnits.BaDinh.Code;

        var assign = await admin.PostFormAsync($"/users/{editor.Id}", $"/users/{editor.Id}?handler=Assign", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = editor.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Role"] = "Approver",
            ["UnitCode"] = unitCode,
        });
        assign.StatusCode.ShouldBe(HttpStatusCode.Redirect, await assign.Content.ReadAsStringAsync());

        var remove = await admin.PostFormAsync($"/users/{editor.Id}", $"/users/{editor.Id}?handler=Remove", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = (editor.Version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Role"] = "Approver",
            ["UnitId"] = DemoUnits.BaDinh.OrganisationId.ToString(),
        });
        remove.StatusCode.ShouldBe(HttpStatusCode.Redirect, await remove.Content.ReadAsStringAsync());

        var events = (await query.Events.FetchStreamAsync(editor.Id)).Select(Domain.Common.AuditEntry.From).ToList();
        events[^2].Data.ShouldBe(new RoleAssigned(Role.Approver, DemoUnits.BaDinh.OrganisationId));
        events[^1].Data.ShouldBe(new RoleRemoved(Role.Approver, DemoUnits.BaDinh.OrganisationId));
        events[^1].RecordedBy.UserName.ShouldBe("admin");
        events[^1].RecordedBy.Role.ShouldBe("Administrator");
    }

    [Fact]
    public async Task a_staff_member_cannot_open_the_user_pages_or_grant_roles()
    {
        var staff = await app.SignInAsync("staff");
        await using var query = app.Store.QuerySession();
        var editor = await query.Query<UserAccount>().SingleAsync(u => u.Username == "editor");

        (await staff.GetAsync($"/users/{editor.Id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var forged = await staff.PostFormAsync("/", $"/users/{editor.Id}?handler=Assign", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = editor.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Role"] = "Administrator",
            ["UnitCode"] = DemoUnits.BaDinh.Code,
        });

        forged.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        forged.Headers.Location!.ToString().ShouldContain("/forbidden");
        (await query.Events.FetchStreamStateAsync(editor.Id))!.Version.ShouldBe(editor.Version);
    }
}
