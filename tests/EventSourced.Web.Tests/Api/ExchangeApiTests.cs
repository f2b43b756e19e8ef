using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EventSourced.Domain.Audit;
using EventSourced.Domain.Exchange;
using EventSourced.Web.Api;
using EventSourced.Web.Tests.Infrastructure;
using EventSourced.Web.Tests.Pages.Audit;
using Marten;
using Marten.Events;
using MiniExcelLibs;
using nietras.SeparatedValues;

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
        // The key's own creation is in the log of its scope once the daemon has caught up.
        await app.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        var first = await GetAsync(key, "/api/v1/changes?after=0&limit=3");
        var cursor = first.Json.GetProperty("next").GetString();
        var rest = await GetAsync(key, $"/api/v1/changes?after={cursor}&limit=1000");
        // What the calls above recorded (their exports) is projected by now too: still nothing after the end.
        await app.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
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

        var export = await GetAsync(key, "/api/v1/organisations/export?format=csv");

        after.Status.ShouldBe(HttpStatusCode.Unauthorized);
        after.Json.GetProperty("status").GetInt32().ShouldBe(401);
        export.Status.ShouldBe(HttpStatusCode.Unauthorized);
        none.Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/api/v1/members?on=31-12-2024")]
    [InlineData("/api/v1/members?limit=0")]
    [InlineData("/api/v1/members?limit=100000")]
    [InlineData("/api/v1/members?after=not-a-cursor")]
    [InlineData("/api/v1/changes?after=-5")]
    [InlineData("/api/v1/statistics?from=2024-12-01&to=2024-01-01")]
    [InlineData("/api/v1/members/export?format=pdf")]
    [InlineData("/api/v1/members/export?on=2024-13-01")]
    [InlineData("/api/v1/organisations/export?on=yesterday")]
    [InlineData("/api/v1/statistics/export?format=json")]
    [InlineData("/api/v1/statistics/export?on=2024-12-31&from=2025-01-01")]
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
    public async Task the_register_csv_is_the_json_register_of_the_same_date_with_the_fields_the_purpose_allows()
    {
        foreach (var purpose in new[] { ApiKeyPurpose.Register, ApiKeyPurpose.RegisterWithIdentifiers })
        {
            var key = await CreateKeyAsync(G, purpose);

            var json = (await GetAsync(key, "/api/v1/members?on=2024-07-01&limit=1000")).Json.GetProperty("items").EnumerateArray().ToList();
            var csv = await GetFileAsync(key, "/api/v1/members/export?on=2024-07-01&format=csv");

            csv.Status.ShouldBe(HttpStatusCode.OK);
            csv.ContentType.ShouldBe("text/csv");
            var rows = CsvRows(csv.Body);
            rows.Select(r => r["id"]).ShouldBe(json.Select(m => m.GetProperty("id").GetString()));
            foreach (var (row, member) in rows.Zip(json))
            {
                foreach (var (field, value) in row)
                {
                    value.ShouldBe(Text(member.GetProperty(field)), $"{purpose} {field}");
                }
            }

            rows.ShouldAllBe(r => (r["dateOfBirth"].Length > 0 && r["citizenId"].Length > 0) == (purpose == ApiKeyPurpose.RegisterWithIdentifiers));
        }
    }

    [Fact]
    public async Task a_key_over_another_district_exports_none_of_these_members_and_a_statistics_key_no_register()
    {
        var other = await CreateKeyAsync(DemoUnits.HoanKiem.Code, ApiKeyPurpose.RegisterWithIdentifiers);
        var statistics = await CreateKeyAsync(G, ApiKeyPurpose.Statistics);

        var csv = await GetFileAsync(other, "/api/v1/members/export?on=2024-07-01");
        var xlsx = await GetFileAsync(other, "/api/v1/members/export?on=2024-07-01&format=xlsx");
        var refused = await GetAsync(statistics, "/api/v1/members/export?on=2024-07-01");

        csv.Status.ShouldBe(HttpStatusCode.OK);
        var ids = CsvRows(csv.Body).Select(r => Guid.Parse(r["id"])).Concat(XlsxRows(xlsx.Body).Select(r => Guid.Parse(r["id"]))).ToList();
        ids.ShouldNotContain(app.A);
        ids.ShouldNotContain(app.B);
        ids.ShouldNotContain(app.C);
        refused.Status.ShouldBe(HttpStatusCode.Forbidden);
        refused.Json.GetProperty("status").GetInt32().ShouldBe(403);
    }

    [Fact]
    public async Task the_register_and_the_tree_as_xlsx_open_with_the_rows_of_the_json()
    {
        var key = await CreateKeyAsync(G, ApiKeyPurpose.Register);

        var members = await GetFileAsync(key, "/api/v1/members/export?on=2024-07-01&format=xlsx");
        var units = await GetFileAsync(key, "/api/v1/organisations/export?on=2024-07-01&format=xlsx");
        var tree = (await GetAsync(key, "/api/v1/organisations?on=2024-07-01")).Json.GetProperty("items").EnumerateArray().ToList();

        members.ContentType.ShouldBe(Web.Infrastructure.TableExport.XlsxContentType);
        XlsxRows(members.Body).Select(r => Guid.Parse(r["id"])).Order().ShouldBe(new[] { app.A, app.B, app.C }.Order());
        var sheet = XlsxRows(units.Body);
        sheet.Select(r => r["code"]).ShouldBe(tree.Select(u => u.GetProperty("code").GetString()));
        sheet.Select(r => r["parentId"]).ShouldBe(tree.Select(u => Text(u.GetProperty("parentId"))));
    }

    [Fact]
    public async Task the_statistics_csv_and_xlsx_hold_every_count_of_the_json_tables()
    {
        var key = await CreateKeyAsync(G, ApiKeyPurpose.Statistics);
        const string Query = "on=2024-12-31&from=2024-01-01&to=2024-12-31";

        var json = (await GetAsync(key, $"/api/v1/statistics?{Query}")).Json;
        var csv = CsvRows((await GetFileAsync(key, $"/api/v1/statistics/export?{Query}")).Body);
        var xlsx = XlsxRows((await GetFileAsync(key, $"/api/v1/statistics/export?{Query}&format=xlsx")).Body);

        var expected = json.GetProperty("tables").EnumerateArray().SelectMany(t =>
        {
            var columns = t.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
            return t.GetProperty("rows").EnumerateArray().Select(r => (Row: r, Total: false)).Append((Row: t.GetProperty("total"), Total: true))
                .SelectMany(r => columns.Select((c, i) => $"{t.GetProperty("table").GetString()}|{r.Row.GetProperty("unitId").GetString()}|{r.Total}|{c}|{r.Row.GetProperty("counts")[i].GetInt32()}"));
        }).ToList();
        static string Line(IReadOnlyDictionary<string, string> r) => $"{r["table"]}|{r["unitId"]}|{bool.Parse(r["total"])}|{r["column"]}|{r["count"]}";
        expected.ShouldNotBeEmpty();
        csv.Select(Line).ShouldBe(expected);
        xlsx.Select(Line).ShouldBe(expected);
        csv.Where(r => r["table"] == "Status").ShouldAllBe(r => r["from"] == "2024-12-31" && r["to"] == "2024-12-31");
        csv.Where(r => r["table"] == "Admissions").ShouldAllBe(r => r["from"] == "2024-01-01" && r["to"] == "2024-12-31");
    }

    [Fact]
    public async Task every_export_is_recorded_with_its_format_and_how_many_records_went_out()
    {
        var key = await CreateKeyAsync(G, ApiKeyPurpose.Register);

        await GetFileAsync(key, "/api/v1/members/export?on=2024-12-31");
        await GetFileAsync(key, "/api/v1/members/export?on=2024-12-31&format=xlsx");
        await GetFileAsync(key, "/api/v1/organisations/export?on=2024-12-31");

        await using var session = app.Store.QuerySession();
        var stored = await session.Query<ApiKey>().SingleAsync(k => k.SecretHash == ApiKey.Hash(key));
        var recorded = (await session.Events.QueryRawEventDataOnly<PersonalDataExported>().ToListAsync()).Where(e => e.UserId == stored.Id).ToList();
        recorded.ShouldContain(e => e.Dataset == "api-v1-members-export" && e.Format == "csv" && e.Rows == 2);
        recorded.ShouldContain(e => e.Dataset == "api-v1-members-export" && e.Format == "xlsx" && e.Rows == 2);
        recorded.ShouldContain(e => e.Dataset == "api-v1-organisations-export" && e.Format == "csv" && e.Rows > 1);
    }

    [Fact]
    public async Task the_exchange_has_its_own_openapi_document_with_every_endpoint()
    {
        var response = await new WebSession(app.Host).GetAsync($"/openapi/{ExchangeApiDocument.Name}.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldBe(["/api/v1/organisations", "/api/v1/members", "/api/v1/statistics", "/api/v1/changes", "/api/v1/organisations/export", "/api/v1/members/export", "/api/v1/statistics/export"], ignoreOrder: true);
        var export = document.RootElement.GetProperty("paths").GetProperty("/api/v1/members/export").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("Stream").GetProperty("format").GetString().ShouldBe("binary");
        export.TryGetProperty("text/csv", out _).ShouldBeTrue();
        export.TryGetProperty(Web.Infrastructure.TableExport.XlsxContentType, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task a_key_past_its_calls_a_minute_gets_429_with_retry_after_and_no_more_export_records()
    {
        var key = await CreateKeyAsync(G, ApiKeyPurpose.Statistics);
        var other = await CreateKeyAsync(G, ApiKeyPurpose.Statistics);
        using var client = app.Host.Server.CreateClient();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i <= ExchangeRateLimitPolicy.RequestsPerMinute; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/organisations?on=2024-12-31");
            request.Headers.Add(ApiKeyAuthentication.HeaderName, key);
            answers.Add(await client.SendAsync(request));
        }

        answers.Take(ExchangeRateLimitPolicy.RequestsPerMinute).ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK);
        answers[^1].StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        answers[^1].Headers.RetryAfter.ShouldNotBeNull();
        (await GetAsync(other, "/api/v1/organisations?on=2024-12-31")).Status.ShouldBe(HttpStatusCode.OK, "the limit is the key's, not everyone's");
        await using var session = app.Store.QuerySession();
        var stored = await session.Query<ApiKey>().SingleAsync(k => k.SecretHash == ApiKey.Hash(key));
        (await session.Events.QueryRawEventDataOnly<PersonalDataExported>().Where(e => e.UserId == stored.Id).CountAsync()).ShouldBe(ExchangeRateLimitPolicy.RequestsPerMinute);
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

    private async Task<(HttpStatusCode Status, string? ContentType, byte[] Body)> GetFileAsync(string key, string url)
    {
        using var client = app.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(ApiKeyAuthentication.HeaderName, key);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>A CSV file's rows by header, as a data centre would read it.</summary>
    private static List<Dictionary<string, string>> CsvRows(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body).TrimStart('\uFEFF');
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromText(text);
        var names = reader.Header.ColNames;
        var rows = new List<Dictionary<string, string>>();
        foreach (var row in reader)
        {
            var cells = new Dictionary<string, string>();
            foreach (var name in names)
            {
                cells[name] = row[name].ToString();
            }

            rows.Add(cells);
        }

        return rows;
    }

    /// <summary>An XLSX file's rows by header, read back with MiniExcel, every cell as text.</summary>
    private static List<Dictionary<string, string>> XlsxRows(byte[] body)
    {
        using var stream = new MemoryStream(body);
        return [.. stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .Select(r => r.ToDictionary(c => c.Key, c => Convert.ToString(c.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty))];
    }

    /// <summary>A JSON value as the CSV writes it: null empty, numbers and text as they are.</summary>
    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => string.Empty,
        JsonValueKind.String => value.GetString()!,
        _ => value.GetRawText(),
    };
}
