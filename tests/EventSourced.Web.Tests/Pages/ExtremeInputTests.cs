using System.Globalization;
using System.Net;
using EventSourced.Domain.Accounts;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using NodaTime;

namespace EventSourced.Web.Tests.Pages;

/// <summary>
/// Every GET route of the application (read from its own endpoint list) with every query parameter
/// it binds set, one at a time, to values at and past the edges: none may answer 5xx. A page past
/// the end of a list shows the last page with a note, a page before 1 shows the first.
/// </summary>
public sealed class ExtremeInputTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly string[] Extremes =
    [
        int.MaxValue.ToString(CultureInfo.InvariantCulture),
        int.MinValue.ToString(CultureInfo.InvariantCulture),
        "-1",
        "0",
        "99999999999999999999",
        "abc",
        "0001-01-01",
        "9999-12-31",
        "31/02/2024",
        "x",
        "-0001-01-01",
        "2024-02-30",
    ];

    [Fact]
    public async Task no_query_value_makes_any_get_route_answer_a_server_error()
    {
        var admin = await app.SignInAsync("admin");
        var member = await AppMember.CreateAsync(app, "Nguyễn Văn Biên", "001090000123");
        var ids = await SampleIdsAsync(admin, member);
        var routes = (await AppRoutes.ReadAsync(app.Host.Services)).Where(r => r.Method == "GET").ToList();
        routes.Count.ShouldBeGreaterThan(30, "the endpoint list was read");
        var failures = new List<string>();
        var walked = 0;

        foreach (var route in routes)
        {
            if (route.Query.Count == 0)
            {
                continue;
            }

            var path = await FillRouteAsync(route, ids, admin, member);
            if (path is null)
            {
                failures.Add($"{route}: no sample id opens this route; add one to {nameof(SampleIdsAsync)}");
                continue;
            }

            foreach (var parameter in route.Query)
            {
                foreach (var value in Extremes)
                {
                    var url = With(path, route, parameter.Name, value);
                    var response = await GetAsync(url, admin, member);
                    walked++;
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{url} ({parameter.Type.Name}) answered {(int)response.StatusCode}");
                    }
                }
            }
        }

        failures.ShouldBeEmpty($"{walked} requests walked");
        walked.ShouldBeGreaterThan(100);
    }

    [Theory]
    [InlineData("/members")]
    [InlineData("/notifications")]
    [InlineData("/transfers")]
    [InlineData("/users")]
    [InlineData("/documents")]
    [InlineData("/content")]
    [InlineData("/installs")]
    [InlineData("/installs/training")]
    [InlineData("/audit/exports")]
    public async Task a_page_past_the_end_shows_the_last_page_with_a_note_and_a_page_before_the_first_shows_the_first(string list)
    {
        var admin = await app.SignInAsync("admin");

        var past = await admin.GetAsync($"{list}?page={int.MaxValue}");
        var before = await admin.GetAsync($"{list}?page=-5");

        past.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await past.Content.ReadAsStringAsync()).ShouldContain("data-testid=\"page-past-end\"");
        before.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await before.Content.ReadAsStringAsync()).ShouldNotContain("data-testid=\"page-past-end\"");
    }

    /// <summary>An object of each kind a route may name by id, so a route's query parameters are reached past its "not found".</summary>
    private async Task<List<Guid>> SampleIdsAsync(WebSession admin, AppMember member)
    {
        var seeded = await PublishedPosts.SeedAsync(app.Store);
        var transfer = await TransferForm.IssueOfficialAsync(
            admin, member.Id, DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem)).Code, new LocalDate(2025, 1, 2), await VersionOfAsync(member.Id));
        var round = Guid.CreateVersion7();
        await using (var write = app.Store.LightweightSession())
        {
            write.Events.StartStream<Domain.Reconciliation.ReconciliationRound>(round, new Domain.Reconciliation.ReconciliationRoundOpened(
                round, DemoUnits.BaDinh.OrganisationId, "Rà soát 2025", new LocalDate(2025, 1, 2), new LocalDate(2025, 2, 2), "1-KH"));
            await write.SaveChangesAsync();
        }

        await using var session = app.Store.QuerySession();
        var account = await session.Query<UserAccount>().Where(a => a.Username == "staff").Select(a => a.Id).SingleAsync();
        return [DemoUnits.BaDinh.OrganisationId, member.Id, transfer, seeded.CityNews, account, round, await ReconciliationAsync(), await UploadAsync()];
    }

    /// <summary>A reconciliation of <see cref="SampleUnit"/> whose roll is still being matched (the message is never sent).</summary>
    private async Task<Guid> ReconciliationAsync()
    {
        var id = Guid.CreateVersion7();
        await using var session = app.Store.LightweightSession();
        session.Events.StartStream<Domain.Reconciliation.Reconciliation>(id, new Domain.Reconciliation.ReconciliationStarted(id, SampleUnit.OrganisationId, null, new LocalDate(2025, 1, 1), "roll.csv", "hash", 1));
        await session.SaveChangesAsync();
        return id;
    }

    /// <summary>A roll of <see cref="SampleUnit"/> uploaded and not yet confirmed: its columns page is open.</summary>
    private async Task<Guid> UploadAsync()
    {
        var id = Guid.CreateVersion7();
        await using var session = app.Store.LightweightSession();
        session.Store(new Domain.Reconciliation.ReconciliationUpload
        {
            Id = id,
            UnitId = SampleUnit.OrganisationId,
            ReferenceDate = new LocalDate(2025, 1, 1),
            FileName = "roll.csv",
            Bytes = System.Text.Encoding.UTF8.GetBytes("Họ và tên,Ngày sinh\r\nNguyễn Văn An,01/02/1980\r\n"),
        });
        await session.SaveChangesAsync();
        return id;
    }

    private async Task<int> VersionOfAsync(Guid stream)
    {
        await using var session = app.Store.QuerySession();
        return (int)(await session.Events.FetchStreamStateAsync(stream))!.Version;
    }

    /// <summary>The route with its parameters filled by the first sample id it opens (200), or null.</summary>
    /// <summary>The unit that routes naming a unit by its code are filled with.</summary>
    private static readonly OrganisationCreated SampleUnit = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh));

    private async Task<string?> FillRouteAsync(AppRoute route, IReadOnlyList<Guid> ids, WebSession admin, AppMember member)
    {
        if (route.RouteParameters.Count == 0)
        {
            return route.Pattern;
        }

        foreach (var id in ids)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(route.Pattern, "\\{(?<name>[^}:?]+)[^}]*\\}", m => m.Groups["name"].Value switch
            {
                "id" => id.ToString(),
                "unitCode" => SampleUnit.Code,
                _ => "x",
            });
            if ((await GetAsync(With(path, route, null, null), admin, member)).StatusCode == HttpStatusCode.OK)
            {
                return path;
            }
        }

        return null;
    }

    private static string With(string path, AppRoute route, string? name, string? value)
    {
        var query = new List<KeyValuePair<string, string?>>();
        if (route.PageHandler is not null)
        {
            query.Add(new("handler", route.PageHandler));
        }

        if (name is not null)
        {
            query.Add(new(name, value));
        }

        return path + Microsoft.AspNetCore.Http.QueryString.Create(query);
    }

    /// <summary>As the admin for the screens, as the member's app for its API.</summary>
    private Task<HttpResponseMessage> GetAsync(string url, WebSession admin, AppMember member) =>
        url.StartsWith("/api/app/", StringComparison.Ordinal) ? (_memberClient ??= member.Client(app)).GetAsync(new Uri(url, UriKind.Relative)) : admin.GetAsync(url);

    private HttpClient? _memberClient;
}
