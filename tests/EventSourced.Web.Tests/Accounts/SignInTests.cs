using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EventSourced.Domain.Accounts;
using EventSourced.Web.Demo;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace EventSourced.Web.Tests.Accounts;

/// <summary>
/// Cookie sign-in through the real form: wrong passwords are recorded for auditors and slowed per
/// username and client address, never locking the account, so the right password from another
/// address always signs in at once. The throttle runs on a fake clock: nothing here sleeps.
/// </summary>
public sealed partial class SignInTests(SignInTests.Fixture app) : IClassFixture<SignInTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    private static readonly SignInThrottlePolicy Policy = SignInThrottlePolicy.Default;

    private static Task<HttpResponseMessage> TryAsync(WebSession session, string username, string password) =>
        session.PostFormAsync("/login", "/login", new Dictionary<string, string> { ["username"] = username, ["password"] = password });

    private static async Task<string?> ErrorOf(HttpResponseMessage response)
    {
        var match = LoginError().Match(await response.Content.ReadAsStringAsync());
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    private static async Task FailAsync(WebSession session, string username, int times)
    {
        for (var i = 0; i < times; i++)
        {
            var response = await TryAsync(session, username, "wrong" + i);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, $"attempt {i + 1} for {username}");
        }
    }

    [Fact]
    public async Task someone_behind_the_owners_address_who_fails_on_purpose_does_not_shut_out_the_browser_the_owner_signed_in_from()
    {
        const string office = "198.51.100.70";
        var owner = new WebSession(app.Host, office);
        (await TryAsync(owner, "approver", DemoSeeder.DemoPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var colleague = new WebSession(app.Host, office);
        await FailAsync(colleague, "approver", Policy.FreeAttemptsPerLogin);
        (await TryAsync(colleague, "approver", "wrong")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        var again = await TryAsync(owner, "approver", DemoSeeder.DemoPassword);

        again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        // A browser the login never signed in from is still held to the waits; so is a forged device cookie.
        (await TryAsync(new WebSession(app.Host, office), "approver", DemoSeeder.DemoPassword)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        var forger = new WebSession(app.Host, office);
        forger.AddCookie(SignInDevices.CookieName("approver"), "CfDJ8forged");
        (await TryAsync(forger, "approver", DemoSeeder.DemoPassword)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task a_wrong_password_or_unknown_user_gets_the_same_answer()
    {
        var session = new WebSession(app.Host, "198.51.100.10");

        var wrong = await TryAsync(session, "editor", "sai-mat-khau");
        var unknown = await TryAsync(session, "nobody", "x");

        wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        unknown.StatusCode.ShouldBe(wrong.StatusCode);
        (await ErrorOf(wrong)).ShouldNotBeNull();
        (await ErrorOf(unknown)).ShouldBe(await ErrorOf(wrong));
    }

    [Theory]
    [InlineData("auditor")]
    [InlineData("admin")]
    public async Task six_wrong_passwords_from_one_address_do_not_stop_the_right_password_from_another(string username)
    {
        var attacker = new WebSession(app.Host, username == "admin" ? "198.51.100.21" : "198.51.100.22");
        await FailAsync(attacker, username, Policy.FreeAttemptsPerLogin);
        var sixth = await TryAsync(attacker, username, "wrong-again");

        var owner = await TryAsync(new WebSession(app.Host, username == "admin" ? "203.0.113.21" : "203.0.113.22"), username, DemoSeeder.DemoPassword);

        sixth.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        owner.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        owner.Headers.Location!.ToString().ShouldBe("/");
    }

    [Fact]
    public async Task after_five_failures_each_attempt_from_that_address_waits_twice_as_long_as_the_last()
    {
        var session = new WebSession(app.Host, "198.51.100.30");
        await FailAsync(session, "approver", Policy.FreeAttemptsPerLogin);

        var tooSoon = await TryAsync(session, "approver", DemoSeeder.DemoPassword);
        tooSoon.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        tooSoon.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));

        app.SignInClock.Advance(Duration.FromSeconds(1));
        (await TryAsync(session, "approver", "wrong-6")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = await TryAsync(session, "approver", "wrong-7");
        second.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        second.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(2));

        app.SignInClock.Advance(Duration.FromSeconds(2));
        (await TryAsync(session, "approver", "wrong-8")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await TryAsync(session, "approver", "wrong-9")).Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(4));

        app.SignInClock.Advance(Duration.FromSeconds(4));
        (await TryAsync(session, "approver", DemoSeeder.DemoPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task the_wait_is_shown_in_the_message_with_the_number_the_throttle_uses()
    {
        var session = new WebSession(app.Host, "198.51.100.31");
        await FailAsync(session, "staff", Policy.FreeAttemptsPerLogin);
        app.SignInClock.Advance(Policy.FirstDelay);
        await FailAsync(session, "staff", 1);

        var refused = await TryAsync(session, "staff", "again");

        var seconds = (int)(Policy.FirstDelay * 2).TotalSeconds;
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(seconds));
        var localizer = app.Host.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = ApplicationSetup.Cultures[0];
        try
        {
            (await ErrorOf(refused)).ShouldBe(localizer["Login.TryAgainIn", seconds].Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    [Fact]
    public async Task one_address_trying_many_usernames_is_slowed_for_every_username()
    {
        var sprayer = new WebSession(app.Host, "198.51.100.40");
        for (var i = 0; i < Policy.FreeAttemptsPerAddress; i++)
        {
            (await TryAsync(sprayer, "user" + i, "guess")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var fresh = await TryAsync(sprayer, "auditor", DemoSeeder.DemoPassword);
        var elsewhere = await TryAsync(new WebSession(app.Host, "203.0.113.40"), "auditor", DemoSeeder.DemoPassword);

        fresh.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task colleagues_behind_an_address_someone_sprayed_sign_in_as_it_drains_and_a_success_does_not_shut_it_again()
    {
        var office = "198.51.100.41";
        for (var i = 0; i < Policy.FreeAttemptsPerAddress; i++)
        {
            (await TryAsync(new WebSession(app.Host, office), "user" + i, "guess")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var shut = await TryAsync(new WebSession(app.Host, office), "editor", DemoSeeder.DemoPassword);
        app.SignInClock.Advance(Policy.AddressDrain(SignInDoor.Staff));
        var first = await TryAsync(new WebSession(app.Host, office), "editor", DemoSeeder.DemoPassword);
        var next = await TryAsync(new WebSession(app.Host, office), "approver", DemoSeeder.DemoPassword);

        shut.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        shut.Headers.RetryAfter!.Delta.ShouldBe(Policy.AddressDrain(SignInDoor.Staff).ToTimeSpan());
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        next.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task every_refusal_known_or_unknown_is_held_to_the_same_floor_and_a_success_is_not()
    {
        var session = new WebSession(app.Host, "198.51.100.42");
        app.SignInPacing.Delays.Clear();

        await TryAsync(session, "editor", "sai-mat-khau");
        var afterKnown = app.SignInPacing.Delays.Count;
        await TryAsync(session, "khong-co-ai", "x");
        var afterUnknown = app.SignInPacing.Delays.Count;
        await TryAsync(session, "editor", DemoSeeder.DemoPassword);

        afterKnown.ShouldBe(1);
        afterUnknown.ShouldBe(2);
        app.SignInPacing.Delays.Count.ShouldBe(2);
        app.SignInPacing.Floor.ShouldBe(SignInPacing.DefaultFloor);
        app.SignInPacing.Delays.ShouldAllBe(d => d <= SignInPacing.DefaultFloor + SignInPacing.DefaultJitter);
    }

    [Fact]
    public async Task an_unknown_username_is_throttled_exactly_like_a_known_one()
    {
        var session = new WebSession(app.Host, "198.51.100.50");
        await FailAsync(session, "editor", Policy.FreeAttemptsPerLogin);
        await FailAsync(session, "khong-co-ai", Policy.FreeAttemptsPerLogin);

        var known = await TryAsync(session, "editor", "x");
        var unknown = await TryAsync(session, "khong-co-ai", "x");

        known.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        unknown.StatusCode.ShouldBe(known.StatusCode);
        unknown.Headers.RetryAfter.ShouldBe(known.Headers.RetryAfter);
        (await ErrorOf(unknown)).ShouldBe(await ErrorOf(known));
    }

    [Fact]
    public async Task simultaneous_wrong_passwords_cannot_all_slip_past_the_throttle()
    {
        var sessions = Enumerable.Range(0, 12).Select(_ => new WebSession(app.Host, "198.51.100.60")).ToList();
        // Each session fetches its form first, so the posts themselves arrive together.
        var forms = sessions.Select(s => s.GetAsync("/login")).ToList();
        await Task.WhenAll(forms);

        var answers = await Task.WhenAll(sessions.Select((s, i) => TryAsync(s, "staff2", "guess" + i)));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(Policy.FreeAttemptsPerLogin, string.Join(", ", answers.Select(a => (int)a.StatusCode)));
        answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests).ShouldBe(12 - Policy.FreeAttemptsPerLogin);
        await using var query = app.Store.QuerySession();
        var account = await query.Query<UserAccount>().SingleAsync(u => u.Username == "staff2");
        var events = await query.Events.FetchStreamAsync(account.Id);
        events.Select(e => e.Data).OfType<SignInFailed>().Count(f => f.ClientAddress == "198.51.100.60").ShouldBe(Policy.FreeAttemptsPerLogin);
    }

    [Fact]
    public async Task wrong_passwords_are_recorded_with_the_address_and_shown_to_administrators_but_never_lock_the_account()
    {
        var session = new WebSession(app.Host, "198.51.100.70");
        for (var i = 0; i < 3 * Policy.FreeAttemptsPerLogin; i++)
        {
            (await TryAsync(session, "editor", "wrong" + i)).StatusCode.ShouldBe(HttpStatusCode.OK);
            app.SignInClock.Advance(Policy.MaxDelay);
        }

        await using var query = app.Store.QuerySession();
        var account = await query.Query<UserAccount>().SingleAsync(u => u.Username == "editor");
        account.FailedSignIns.ShouldBeGreaterThanOrEqualTo(Policy.FreeAttemptsPerLogin);
        var events = await query.Events.FetchStreamAsync(account.Id);
        // The guesses made after waiting out the delays are slowed, not written: one attacker cannot
        // grow the account's stream without end.
        events.Select(e => e.Data).OfType<SignInFailed>().Count(f => f.ClientAddress == "198.51.100.70").ShouldBe(Policy.FreeAttemptsPerLogin);
        events.ShouldNotContain(e => e.Data is UserLockedOut);
        var admin = await app.SignInAsync("admin");
        (await admin.GetTextAsync($"/users/{account.Id}")).ShouldContain("data-testid=\"failed-sign-ins\"");

        (await TryAsync(session, "editor", DemoSeeder.DemoPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var after = app.Store.QuerySession();
        (await after.Query<UserAccount>().SingleAsync(u => u.Username == "editor")).FailedSignIns.ShouldBe(0);
    }

    [Fact]
    public async Task an_account_locked_by_the_old_rule_signs_in()
    {
        await using (var write = app.Store.LightweightSession())
        {
            var account = await write.Query<UserAccount>().SingleAsync(u => u.Username == "staff");
            write.Events.Append(account.Id, new SignInFailed(app.SignInClock.GetCurrentInstant()), new UserLockedOut(app.SignInClock.GetCurrentInstant() + Duration.FromDays(365)));
            await write.SaveChangesAsync();
        }

        (await TryAsync(new WebSession(app.Host, "203.0.113.80"), "staff", DemoSeeder.DemoPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
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

    [GeneratedRegex("data-testid=\"login-error\">([^<]*)<")]
    private static partial Regex LoginError();
}
