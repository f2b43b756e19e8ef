using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EventSourced.Domain.Audit;
using EventSourced.Domain.Exchange;
using EventSourced.Web.Api;
using EventSourced.Web.Tests.Infrastructure;
using EventSourced.Web.Tests.Pages.Audit;
using Marten;

namespace EventSourced.Web.Tests.Api;

/// <summary>
/// The data centre's API over the hand-computed roll history (members A and B in cell X, C in cell
/// Y, all under G in Ba Đình): keys created on the administrator's page, their scope and purpose,
/// revocation, the change cursor and bad requests.
/// </summary>
public sealed class ExchangeApiTests(RollHistoryTests.Fixture app) : IClassFixture<RollHistoryTests.Fixture>
{
    private static readonly string G = DemoUnits.GrassrootsUnder(DemoUnits.BaDinh).Code;

    [Fact]
    public async Task a_key_without_a_register_purpose_reads_the_tree_and_statistics_but_not_the_members()
    {
        var key = await CreateKeyAsync(G, ApiKeyPurpose.Statistics);

        var tree = await GetAsync(key, "/api/v1/organisations?on=2024-12-31");
        var statistics = await GetAsync(key, "/api/v1/statistics?on=2024-12-31");
        var members = await GetAsync(key, "/api/v1/members?on=2024-12-31");

        tree.Status.ShouldBe(HttpStatusCode.OK);
        tree.Json.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("code").GetString()).ShouldContain(RollHistoryTests.Fixture.X.Code);
        statistics.Status.ShouldBe(HttpStatusCode.OK);
        var status = statistics.Json.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("table").GetString() == "Status");
        status.GetProperty("total").GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()).ShouldBe([0, 2, 0]);
        members.Status.ShouldBe(HttpStatusCode.Forbidden);
        members.Json.GetProperty("status").GetInt32().ShouldBe(403);
    }

    [Fact]
    public async Task the_register_purpose_gives_names_but_no_identifiers_and_the_identifiers_purpose_gives_both()
    {
        var register = await CreateKeyAsync(G, ApiKeyPurpose.Register);
        var identifiers = await CreateKeyAsync(G, ApiKeyPurpose.RegisterWithIdentifiers);

        var plain = (await GetAsync(register, "/api/v1/members?on=2024-12-31")).Json.GetProperty("items").EnumerateArray().ToList();
        var full = (await GetAsync(identifiers, "/api/v1/members?on=2024-12-31")).Json.GetProperty("items").EnumerateArray().ToList();

        plain.Select(m => m.GetProperty("id").GetGuid()).Order().ShouldBe(new[] { app.A, app.B }.Order());
        plain.ShouldAllBe(m => m.GetProperty("fullName").GetString() != null && m.GetProperty("yearOfBirth").ValueKind == JsonValueKind.Number);
        plain.ShouldAllBe(m => m.GetProperty("dateOfBirth").ValueKind == JsonValueKind.Null && m.GetProperty("citizenId").ValueKind == JsonValueKind.Null);
        full.ShouldAllBe(m => m.GetProperty("dateOfBirth").ValueKind == JsonValueKind.String && m.GetProperty("citizenId").ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task a_key_over_another_district_sees_none_of_these_members_nor_their_unit()
    {
        var key = await CreateKeyAsync(DemoUnits.HoanKiem.Code, ApiKeyPurpose.RegisterWithIdentifiers);

        var members = await GetAsync(key, "/api/v1/members?on=2024-12-31&limit=1000");
        var statistics = await GetAsync(key, $"/api/v1/statistics?unit={G}");
        var changes = await GetAsync(key, "/api/v1/changes?after=0&limit=1000");

        members.Json.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ShouldNotContain(app.A);
        statistics.Status.ShouldBe(HttpStatusCode.NotFound);
        changes.Json.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("memberId").ToString()).ShouldNotContain(app.A.ToString());
    }

    [Fact]
    public async Task pages_of_the_register_follow_each_other_by_cursor_without_gaps()
    {
        var key = await CreateKeyAsync(G, ApiKeyPurpose.Register);

        var first = await GetAsync(key, "/api/v1/members?on=2024-07-01&limit=1");
        var next = first.Json.GetProperty("next").GetString()!;
        var second = await GetAsync(key, $"/api/v1/members?on=2024-07-01&limit=1&after={next}");
        var third = await GetAsync(key, $"/api/v1/members?on=2024-07-01&limit=1&after={second.Json.GetProperty("next").GetString()}");

        // On 1 July 2024: A (X), B and C (Y); A hosted by Y is listed once, by the home cell.
        var ids = new[] { first, second, third }.SelectMany(p => p.Json.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetGuid())).ToList();
        ids.Order().ShouldBe(new[] { app.A, app.B, app.C }.Order());
        third.Json.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task the_change_cursor_returns_what_came_after_it_and_nothing_twice()
    {
        var key = await CreateKeyAsync(G, ApiKeyPurpose.Register);

        var first = await GetAsync(key, "/api/v1/changes?after=0&limit=3");
        var cursor = first.Json.GetProperty("next").GetString();
        var rest = await GetAsync(key, $"/api/v1/changes?after={cursor}&limit=1000");
        var end = await GetAsync(key, $"/api/v1/changes?after={rest.Json.GetProperty("next").GetString()}");

        var a = first.Json.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("sequence").GetInt64()).ToList();
        var b = rest.Json.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("sequence").GetInt64()).ToList();
        a.Count.ShouldBe(3);
        b.ShouldNotBeEmpty();
        b.Min().ShouldBeGreaterThan(a.Max());
        rest.Json.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("memberId").ToString()).ShouldContain(app.C.ToString());
        end.Json.GetProperty("items").GetArrayLength().ShouldBe(0);
        end.Json.GetProperty("next").GetString().ShouldBe(rest.Json.GetProperty("next").GetString());
    }

    [Fact]
    public async Task a_revoked_key_is_refused_with_401()
    {
        var key = await CreateKeyAsync(G, ApiKeyPurpose.Statistics);
        (await GetAsync(key, "/api/v1/organisations")).Status.ShouldBe(HttpStatusCode.OK);
        var admin = await app.SignInAsync("admin");
        await using (var session = app.Store.QuerySession())
        {
            var stored = await session.Query<ApiKey>().SingleAsync(k => k.SecretHash == ApiKey.Hash(key));
            var revoke = await admin.PostFormAsync("/users/api-keys", "/users/api-keys?handler=Revoke", new Dictionary<string, string>
            {
                ["keyId"] = stored.Id.ToString(),
                ["expectedVersion"] = stored.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            revoke.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        var after = await GetAsync(key, "/api/v1/organisations");
        var none = await GetAsync(null, "/api/v1/organisations");

        after.Status.ShouldBe(HttpStatusCode.Unauthorized);
        after.Json.GetProperty("status").GetInt32().ShouldBe(401);
        none.Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/api/v1/members?on=31-12-2024")]
    [InlineData("/api/v1/members?limit=0")]
    [InlineData("/api/v1/members?limit=100000")]
    [InlineData("/api/v1/members?after=not-a-cursor")]
    [InlineData("/api/v1/changes?after=-5")]
    [InlineData("/api/v1/statistics?from=2024-12-01&to=2024-01-01")]
    public async Task a_bad_request_is_answered_with_problem_details(string url)
    {
        var key = await CreateKeyAsync(G, ApiKeyPurpose.Register);

        var response = await GetAsync(key, url);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.Json.GetProperty("status").GetInt32().ShouldBe(400);
    }

    [Fact]
    public async Task every_call_is_recorded_with_the_key_what_was_asked_and_how_many_records()
    {
        var key = await CreateKeyAsync(G, ApiKeyPurpose.Register);

        await GetAsync(key, "/api/v1/members?on=2024-12-31");

        await using var session = app.Store.QuerySession();
        var stored = await session.Query<ApiKey>().SingleAsync(k => k.SecretHash == ApiKey.Hash(key));
        var recorded = (await session.Events.QueryRawEventDataOnly<PersonalDataExported>().ToListAsync()).Where(e => e.UserId == stored.Id).ToList();
        recorded.ShouldContain(e => e.Dataset == "api-v1-members" && e.Rows == 2 && e.UnitIds.Single() == stored.ScopeUnitId);
    }

    [Fact]
    public async Task the_exchange_has_its_own_openapi_document_with_every_endpoint()
    {
        var response = await new WebSession(app.Host).GetAsync($"/openapi/{ExchangeApiDocument.Name}.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldBe(["/api/v1/organisations", "/api/v1/members", "/api/v1/statistics", "/api/v1/changes"], ignoreOrder: true);
    }

    private async Task<string> CreateKeyAsync(string unitCode, ApiKeyPurpose purpose)
    {
        var admin = await app.SignInAsync("admin");
        var response = await admin.PostFormAsync("/users/api-keys", "/users/api-keys?handler=Create", new Dictionary<string, string>
        {
            ["NewKeyId"] = Guid.CreateVersion7().ToString(),
            ["Name"] = $"Trung tâm dữ liệu {purpose}",
            ["UnitCode"] = unitCode,
            ["Purpose"] = purpose.ToString(),
        });
        var page = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, page);
        var secret = Regex.Match(page, "data-testid=\"api-key-secret\">([^<]+)<").Groups[1].Value;
        secret.ShouldNotBeNullOrEmpty();
        return secret;
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> GetAsync(string? key, string url)
    {
        using var client = app.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (key is not null)
        {
            request.Headers.Add(ApiKeyAuthentication.HeaderName, key);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone());
    }
}
