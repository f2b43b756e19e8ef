using System.Net;
using System.Net.Http.Json;
using System.Text;
using EventSourced.Domain.Members.RecordReviews;
using EventSourced.Web.Api;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Api;

/// <summary>
/// Members confirm their record or report differences through the app: retries are stored once, an
/// id reused for something else and a second open report on a field are refused, bad payloads answer
/// 400 and store nothing, and nothing a member sends changes the record or reaches another member's.
/// </summary>
public sealed class RecordReviewApiTests(RecordReviewApiTests.Fixture app) : IClassFixture<RecordReviewApiTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    private static int _serial = 500;

    private Task<AppMember> MemberAsync(string name) =>
        AppMember.CreateAsync(app, name, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"001090000{Interlocked.Increment(ref _serial):D3}"), signInThroughApi: false);

    private static async Task<AppMe> MeAsync(HttpClient client) => (await client.GetFromJsonAsync<AppMe>("/api/app/me", WebSession.Json))!;

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json) =>
        client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<string?> CodeAsync(HttpResponseMessage response)
    {
        using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    [Fact]
    public async Task a_confirmed_record_reads_as_confirmed_until_staff_change_it_and_a_retry_is_stored_once()
    {
        var member = await MemberAsync("Trịnh Văn Xác");
        using var client = member.Client(app);
        var before = await MeAsync(client);
        before.ConfirmedSinceLastChange.ShouldBeFalse();
        before.FieldsToCheck.ShouldBe(RecordCheck.Fields);
        var confirm = new AppConfirmBody(Guid.NewGuid(), before.RecordVersion);

        var first = await client.PostAsJsonAsync("/api/app/me/confirmation", confirm, WebSession.Json);
        var retry = await client.PostAsJsonAsync("/api/app/me/confirmation", confirm, WebSession.Json);

        (await first.Content.ReadFromJsonAsync<AppReviewAnswer>(WebSession.Json))!.Stored.ShouldBeTrue();
        (await retry.Content.ReadFromJsonAsync<AppReviewAnswer>(WebSession.Json))!.Stored.ShouldBeFalse();
        var confirmed = await MeAsync(client);
        confirmed.ConfirmedSinceLastChange.ShouldBeTrue();
        confirmed.ConfirmedAt.ShouldNotBeNull();

        var staff = await app.SignInAsync("staff");
        var corrected = await staff.PostFormAsync($"/members/{member.Id}/correct?Field=Phone", $"/members/{member.Id}/correct?Field=Phone", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = before.RecordVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Field"] = "Phone",
            ["NewValue"] = "0987000111",
            ["Reason"] = "Bổ sung số điện thoại",
        });
        corrected.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await MeAsync(client)).ConfirmedSinceLastChange.ShouldBeFalse();

        var reused = await client.PostAsJsonAsync("/api/app/me/confirmation", confirm with { RecordVersion = before.RecordVersion + 1 }, WebSession.Json);
        reused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await CodeAsync(reused)).ShouldBe("Review.EventIdReused");
        var stale = await client.PostAsJsonAsync("/api/app/me/confirmation", new AppConfirmBody(Guid.NewGuid(), before.RecordVersion), WebSession.Json);
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await CodeAsync(stale)).ShouldBe("Review.RecordChanged");
    }

    [Fact]
    public async Task confirming_a_record_already_confirmed_stores_nothing_and_a_member_over_the_limit_gets_429()
    {
        var member = await MemberAsync("Trịnh Thị Lặp");
        using var client = member.Client(app);
        var version = (await MeAsync(client)).RecordVersion;

        // New ids for the same record, as a client looping on the button sends them.
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < (2 * RecordReviewRateLimitPolicy.RequestsPerMinute) + 1; i++)
        {
            answers.Add(await client.PostAsJsonAsync("/api/app/me/confirmation", new AppConfirmBody(Guid.NewGuid(), version), WebSession.Json));
        }

        (await answers[0].Content.ReadFromJsonAsync<AppReviewAnswer>(WebSession.Json))!.Stored.ShouldBeTrue();
        (await answers[1].Content.ReadFromJsonAsync<AppReviewAnswer>(WebSession.Json))!.Stored.ShouldBeFalse();
        answers.ShouldContain(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests).Headers.RetryAfter.ShouldNotBeNull();
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(RecordReview.StreamIdFor(member.Id))).Count.ShouldBe(1);
    }

    [Fact]
    public async Task two_confirmations_of_one_record_sent_at_once_under_different_ids_record_one()
    {
        var member = await MemberAsync("Trịnh Văn Hai Lần");
        using var one = member.Client(app);
        using var two = member.Client(app);
        var version = (await MeAsync(one)).RecordVersion;

        var answers = await Task.WhenAll(
            one.PostAsJsonAsync("/api/app/me/confirmation", new AppConfirmBody(Guid.NewGuid(), version), WebSession.Json),
            two.PostAsJsonAsync("/api/app/me/confirmation", new AppConfirmBody(Guid.NewGuid(), version), WebSession.Json));

        // One is stored; the other is told nothing new was stored, or that the record moved on (409).
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK || a.StatusCode == HttpStatusCode.Conflict);
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(RecordReview.StreamIdFor(member.Id))).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_report_is_listed_open_changes_nothing_on_the_record_and_its_id_is_not_reused()
    {
        var member = await MemberAsync("Lê Thị Báo");
        using var client = member.Client(app);
        var body = new AppReportBody(Guid.NewGuid(), RecordField.Phone, "0987 000 222", "Số mới từ năm 2024");

        var first = await client.PostAsJsonAsync("/api/app/me/reports", body, WebSession.Json);
        var retry = await client.PostAsJsonAsync("/api/app/me/reports", body, WebSession.Json);
        var conflicting = await client.PostAsJsonAsync("/api/app/me/reports", body with { Value = "0987000333" }, WebSession.Json);

        first.StatusCode.ShouldBe(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        (await retry.Content.ReadFromJsonAsync<AppReviewAnswer>(WebSession.Json))!.Stored.ShouldBeFalse();
        conflicting.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await CodeAsync(conflicting)).ShouldBe("Review.EventIdReused");
        var report = (await member.ReportsAsync(app)).ShouldHaveSingleItem();
        report.State.ShouldBe(ReportState.Open);
        report.MemberValue.ShouldBe("0987000222");
        report.RegisterValue.ShouldBeNull();
        (await MeAsync(client)).OpenReports.ShouldBe(1);
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamStateAsync(member.Id))!.Version.ShouldBe(2);
        (await session.Events.FetchStreamAsync(RecordReview.StreamIdFor(member.Id))).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("/api/app/me/reports", "not json")]
    [InlineData("/api/app/me/reports", "{\"reportId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b21\",\"field\":\"Nickname\",\"value\":\"x\"}")]
    [InlineData("/api/app/me/reports", "{\"reportId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b22\",\"field\":\"Phone\"}")]
    [InlineData("/api/app/me/reports", "{\"field\":\"Phone\",\"value\":\"0987000444\"}")]
    [InlineData("/api/app/me/reports", "{\"reportId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b23\",\"field\":\"DateOfBirth\",\"value\":\"32/13/1990\"}")]
    [InlineData("/api/app/me/reports", "{\"reportId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b24\",\"field\":\"AdmissionDate\",\"value\":\"2099-01-01\"}")]
    [InlineData("/api/app/me/reports", "{\"reportId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b25\",\"field\":42,\"value\":\"x\"}")]
    [InlineData("/api/app/me/reports", "[]")]
    [InlineData("/api/app/me/confirmation", "{\"recordVersion\":2}")]
    [InlineData("/api/app/me/confirmation", "{\"eventId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b26\"}")]
    public async Task malformed_or_invalid_payloads_get_400_and_nothing_is_stored(string path, string json)
    {
        var member = await MemberAsync("Đinh Văn Sai");
        using var client = member.Client(app);

        var response = await PostAsync(client, path, json);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamStateAsync(RecordReview.StreamIdFor(member.Id))).ShouldBeNull();
    }

    [Fact]
    public async Task two_reports_on_one_field_at_once_store_one_and_the_other_is_told_one_is_open()
    {
        var member = await MemberAsync("Hà Văn Đôi");
        using var one = member.Client(app);
        using var two = member.Client(app);

        var answers = await Task.WhenAll(
            one.PostAsJsonAsync("/api/app/me/reports", new AppReportBody(Guid.NewGuid(), RecordField.FullName, "Hà Văn Đối", null), WebSession.Json),
            two.PostAsJsonAsync("/api/app/me/reports", new AppReportBody(Guid.NewGuid(), RecordField.FullName, "Hà Văn Đồi", null), WebSession.Json));

        answers.Select(a => a.StatusCode).ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict], ignoreOrder: true);
        (await CodeAsync(answers.Single(a => a.StatusCode == HttpStatusCode.Conflict))).ShouldBe("Review.ReportAlreadyOpen");
        (await member.ReportsAsync(app)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task a_member_reaches_only_their_own_review_and_never_staff_pages()
    {
        var first = await MemberAsync("Cao Văn Một");
        var second = await MemberAsync("Cao Văn Hai");
        var reportId = await first.ReportAsync(app, RecordField.Phone, "0987000555");
        using var client = second.Client(app);

        // The same id from another member is that member's own report; the first member's is untouched.
        var other = await client.PostAsJsonAsync("/api/app/me/reports", new AppReportBody(reportId, RecordField.Phone, "0987000666", null), WebSession.Json);

        other.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await first.ReportsAsync(app)).ShouldHaveSingleItem().MemberValue.ShouldBe("0987000555");
        (await second.ReportsAsync(app)).ShouldHaveSingleItem().MemberValue.ShouldBe("0987000666");
        var staffPage = await client.GetAsync(new Uri($"/members/{first.Id}", UriKind.Relative));
        staffPage.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        var accept = await client.PostAsync(new Uri("/members/record-reports?handler=Accept", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["MemberId"] = first.Id.ToString(),
            ["ReportId"] = reportId.ToString(),
            ["ExpectedVersion"] = "2",
            ["Reason"] = "Tự sửa",
        }));
        // A member's token is no staff sign-in: the page sends the client to sign in.
        accept.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        accept.Headers.Location!.ToString().ShouldContain("/login");
        (await first.ReportsAsync(app)).ShouldHaveSingleItem().State.ShouldBe(ReportState.Open);
    }

    [Fact]
    public async Task the_review_endpoints_refuse_requests_without_a_member_token()
    {
        var anonymous = new WebSession(app.Host);

        (await anonymous.PostJsonAsync("/api/app/me/reports", new AppReportBody(Guid.NewGuid(), RecordField.Phone, "0987000777", null))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.PostJsonAsync("/api/app/me/confirmation", new AppConfirmBody(Guid.NewGuid(), 2))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/api/app/me/reports")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
