using System.Net;
using EventSourced.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EventSourced.Web.Tests.Accounts;

/// <summary>
/// Every route the running application serves (read from its own endpoint list, so a new page,
/// handler or endpoint is in the matrix without editing this test), sent by every demo role with
/// the route's object taken from a unit outside the role's scope, by GET and by POST with a valid
/// antiforgery token and a plausible form: the answer is a refusal (never a server error, never a
/// page with the object's data) and the store holds no new event. City-wide roles have no outside;
/// for them every change outside their work (and, for the auditor, every change at all) appends nothing.
/// </summary>
public sealed class ScopeMatrixTests(ScopeMatrixTests.Fixture app, ITestOutputHelper output) : IClassFixture<ScopeMatrixTests.Fixture>
{
    /// <summary>Routes left out, each with why; a route listed here that no longer exists fails the test.</summary>
    internal static readonly Dictionary<string, string> NotInMatrix = new()
    {
        ["/login"] = "public: the sign-in form, no object",
        ["/logout"] = "ends the caller's own session; posting it would sign the matrix user out",
        ["/culture"] = "sets the caller's own language cookie, no object",
        ["/error"] = "the error page, no object",
        ["/forbidden"] = "the refusal page itself, no object",
        ["/health"] = "public health check, no object",
        ["/openapi/{documentName}.json"] = "public description of the app's API, no object",
        ["/api/app/token"] = "the app's anonymous sign-in with a member's own credential, no staff object",
    };

    /// <summary>Roles whose scope is the whole city: nothing lies outside, so only what they may never change is checked.</summary>
    private static readonly HashSet<string> CityWide = ["editor", "approver", "auditor"];

    public sealed class Fixture : ScopeMatrixFixture;

    public static TheoryData<string> Roles => new() { "staff", "staff2", "editor", "approver", "auditor" };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task no_route_lets_a_role_read_or_change_what_lies_outside_its_scope(string username)
    {
        var outside = username == "staff" ? app.HoanKiem : app.BaDinh;
        var user = await app.SignInAsync(username);
        var token = await user.AntiforgeryTokenAsync("/");
        var holes = new List<string>();

        foreach (var route in app.Routes.Where(r => !NotInMatrix.ContainsKey(r.Pattern)))
        {
            var strict = !CityWide.Contains(username);
            var isChange = route.Method == "POST";
            // Editors and approvers work on the whole city's content; their seats are the content rules' own matter.
            if (!strict && isChange && username != "auditor" && route.Pattern.StartsWith("/content", StringComparison.Ordinal))
            {
                continue;
            }

            var url = route.Url(outside);
            var routeObject = route.RouteObject(outside);
            var before = await app.EventCountAsync();
            var response = await app.SendAsync(user, token, route, url, outside, routeObject);
            var appended = await app.EventCountAsync() - before;
            var status = (int)response.StatusCode;
            var location = response.Headers.Location?.ToString() ?? string.Empty;
            var what = $"{username} {route.Method} {url} → {status} {location}";
            output.WriteLine(what);

            if (status >= 500)
            {
                holes.Add($"{what}: server error");
                continue;
            }

            // A read of one's own list may be recorded (an export is); a request about an outside object never is.
            if ((isChange || (strict && routeObject is not null)) && appended != 0)
            {
                holes.Add($"{what}: {appended} event(s) appended");
            }

            if (!strict)
            {
                continue;
            }

            if (status is >= 300 and < 400 && isChange && !RefusalRedirect(location))
            {
                holes.Add($"{what}: a change was answered as if it succeeded");
            }

            if (status is >= 200 and < 300)
            {
                var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
                foreach (var secret in outside.TellTales.Where(t => body.Contains(t, StringComparison.OrdinalIgnoreCase)))
                {
                    holes.Add($"{what}: shows \"{secret}\" from outside the scope");
                }
            }
        }

        holes.ShouldBeEmpty(string.Join(Environment.NewLine, holes));
    }

    [Fact]
    public void the_matrix_covers_every_page_handler_and_endpoint_and_the_exceptions_still_exist()
    {
        var patterns = app.Routes.Select(r => r.Pattern).ToHashSet();

        NotInMatrix.Keys.Where(p => !patterns.Contains(p)).ShouldBeEmpty("allow-listed routes that no longer exist");
        patterns.ShouldContain("/organisations/{id:guid}/split");
        patterns.ShouldContain("/api/organisations/{id:guid}/split");
        app.Routes.ShouldContain(r => r.Pattern == "/transfers/{id:guid}" && r.Method == "POST" && r.Handler == "Receive");
    }

    private static bool RefusalRedirect(string location) =>
        location.Contains("/forbidden", StringComparison.OrdinalIgnoreCase) || location.Contains("/login", StringComparison.OrdinalIgnoreCase);
}

