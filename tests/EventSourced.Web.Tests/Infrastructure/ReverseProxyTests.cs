using System.Net;
using EventSourced.Domain.Accounts;
using EventSourced.Web.Api;
using EventSourced.Web.Demo;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// Behind a TLS proxy: X-Forwarded-For names the client only when the request comes from a proxy
/// the operator listed, so the sign-in throttle and the app's rate limit count real clients and a
/// client cannot escape them by inventing the header.
/// </summary>
public sealed class ReverseProxyTests
{
    private const string Proxy = "10.20.30.40";

    private static readonly int Free = SignInThrottlePolicy.Default.FreeAttemptsPerLogin;

    private static Task<HttpResponseMessage> TryAsync(WebSession session, string username, string password) =>
        session.PostFormAsync("/login", "/login", new Dictionary<string, string> { ["username"] = username, ["password"] = password });

    private static async Task<IReadOnlyList<SignInFailed>> FailuresAsync(AppFixture app, string username)
    {
        await using var query = app.Store.QuerySession();
        var account = await query.Query<UserAccount>().SingleAsync(u => u.Username == username);
        return [.. (await query.Events.FetchStreamAsync(account.Id)).Select(e => e.Data).OfType<SignInFailed>()];
    }

    public sealed class BehindKnownProxy(BehindKnownProxy.Fixture app) : IClassFixture<BehindKnownProxy.Fixture>
    {
        public sealed class Fixture : AppFixture
        {
            protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
            {
                [ReverseProxy.KnownProxiesSetting] = Proxy,
            };
        }

        [Fact]
        public async Task the_forwarded_client_address_is_the_one_the_throttle_slows()
        {
            var attacker = new WebSession(app.Host, Proxy);
            attacker.Headers["X-Forwarded-For"] = "198.51.100.1";
            for (var i = 0; i < Free; i++)
            {
                (await TryAsync(attacker, "auditor", "wrong" + i)).StatusCode.ShouldBe(HttpStatusCode.OK);
            }

            var sixth = await TryAsync(attacker, "auditor", DemoSeeder.DemoPassword);
            var owner = new WebSession(app.Host, Proxy);
            owner.Headers["X-Forwarded-For"] = "203.0.113.9";
            var ownerSignIn = await TryAsync(owner, "auditor", DemoSeeder.DemoPassword);

            sixth.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
            ownerSignIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            (await FailuresAsync(app, "auditor")).Select(f => f.ClientAddress).Distinct().ShouldBe(["198.51.100.1"]);
        }

        [Fact]
        public async Task a_client_that_is_not_the_proxy_cannot_name_another_address()
        {
            var forger = new WebSession(app.Host, "198.51.100.2");
            forger.Headers["X-Forwarded-For"] = "192.0.2.77";

            await TryAsync(forger, "approver", "wrong");

            (await FailuresAsync(app, "approver")).Single().ClientAddress.ShouldBe("198.51.100.2");
        }

        [Fact]
        public async Task the_app_token_limit_counts_each_forwarded_client_on_its_own()
        {
            var first = new WebSession(app.Host, Proxy);
            first.Headers["X-Forwarded-For"] = "198.51.100.3";
            for (var i = 0; i < MobileApi.TokenRequestsPerMinute; i++)
            {
                // A different login each time: only the per-address limits are at work.
                await first.PostJsonAsync("/api/app/token", new AppTokenRequest("00109000" + i.ToString("0000", System.Globalization.CultureInfo.InvariantCulture), "AAAA-BBBB-CC"));
            }

            var over = await first.PostJsonAsync("/api/app/token", new AppTokenRequest("001090009999", "AAAA-BBBB-CC"));
            var other = new WebSession(app.Host, Proxy);
            other.Headers["X-Forwarded-For"] = "198.51.100.4";
            var otherClient = await other.PostJsonAsync("/api/app/token", new AppTokenRequest("001090009999", "AAAA-BBBB-CC"));

            over.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
            otherClient.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
    }

    public sealed class WithoutKnownProxy(WithoutKnownProxy.Fixture app) : IClassFixture<WithoutKnownProxy.Fixture>
    {
        public sealed class Fixture : AppFixture;

        [Fact]
        public async Task a_new_x_forwarded_for_on_every_attempt_does_not_escape_the_throttle()
        {
            var attacker = new WebSession(app.Host, "198.51.100.5");
            for (var i = 0; i < Free; i++)
            {
                attacker.Headers["X-Forwarded-For"] = "192.0.2." + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                (await TryAsync(attacker, "auditor", "wrong" + i)).StatusCode.ShouldBe(HttpStatusCode.OK);
            }

            attacker.Headers["X-Forwarded-For"] = "192.0.2.200";
            var sixth = await TryAsync(attacker, "auditor", DemoSeeder.DemoPassword);

            sixth.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
            (await FailuresAsync(app, "auditor")).Select(f => f.ClientAddress).Distinct().ShouldBe(["198.51.100.5"]);
        }

        [Fact]
        public async Task a_new_x_forwarded_for_on_every_request_does_not_escape_the_app_token_limit()
        {
            var client = new WebSession(app.Host, "198.51.100.6");
            for (var i = 0; i < MobileApi.TokenRequestsPerMinute; i++)
            {
                client.Headers["X-Forwarded-For"] = "192.0.2." + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await client.PostJsonAsync("/api/app/token", new AppTokenRequest("00109100" + i.ToString("0000", System.Globalization.CultureInfo.InvariantCulture), "AAAA-BBBB-CC"));
            }

            client.Headers["X-Forwarded-For"] = "192.0.2.200";
            var over = await client.PostJsonAsync("/api/app/token", new AppTokenRequest("001091009999", "AAAA-BBBB-CC"));

            over.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        }

        [Fact]
        public async Task development_cookies_follow_the_request_so_plain_http_works_locally()
        {
            var login = await new WebSession(app.Host).GetAsync("/login");

            login.Headers.GetValues("Set-Cookie").ShouldAllBe(c => !c.Contains("secure", StringComparison.OrdinalIgnoreCase));
            app.Host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme)
                .Cookie.SecurePolicy.ShouldBe(CookieSecurePolicy.SameAsRequest);
        }
    }

    public sealed class InProduction(InProduction.Fixture app) : IClassFixture<InProduction.Fixture>
    {
        public sealed class Fixture : AppFixture
        {
            protected override string EnvironmentName => "Production";

            protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
            {
                [ReverseProxy.KnownProxiesSetting] = Proxy,
            };
        }

        [Fact]
        public async Task the_sign_in_antiforgery_and_temp_data_cookies_are_secure()
        {
            var browser = new WebSession(app.Host, Proxy);
            browser.Headers["X-Forwarded-For"] = "198.51.100.7";
            browser.Headers["X-Forwarded-Proto"] = "https";

            var login = await browser.GetAsync("/login");

            login.StatusCode.ShouldBe(HttpStatusCode.OK);
            var cookies = login.Headers.GetValues("Set-Cookie").ToList();
            cookies.ShouldNotBeEmpty();
            cookies.ShouldContain(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
            cookies.ShouldAllBe(c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
            app.Host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme)
                .Cookie.SecurePolicy.ShouldBe(CookieSecurePolicy.Always);
            app.Host.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.SecurePolicy.ShouldBe(CookieSecurePolicy.Always);
        }

        [Fact]
        public async Task plain_http_is_refused_with_what_to_configure_but_health_still_answers()
        {
            var direct = await new WebSession(app.Host, "198.51.100.8").GetAsync("/login");
            var forged = new WebSession(app.Host, "198.51.100.8");
            forged.Headers["X-Forwarded-Proto"] = "https";
            var forgedAnswer = await forged.GetAsync("/login");

            direct.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await direct.Content.ReadAsStringAsync()).ShouldBe(ReverseProxy.HttpsRequired);
            forgedAnswer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await new WebSession(app.Host, "198.51.100.8").GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }
}
