using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EventSourced.Domain.Installs;
using EventSourced.Web.Api;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Api;

/// <summary>
/// What the installs endpoint does with a body it cannot take: malformed JSON, wrong types, missing
/// fields and oversized bodies are answered with a problem naming the field (or the size) and store
/// nothing of the batch.
/// </summary>
public sealed class InstallsBodyTests(InstallsBodyTests.Fixture app) : IClassFixture<InstallsBodyTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        protected override string? ClockNow => "2025-03-02T00:00:00Z";
    }

    private const string Good = "\"kind\":\"Activated\",\"deviceId\":\"d\",\"platform\":\"android\",\"appVersion\":\"1.0\",\"occurredAt\":\"2025-03-01T08:00:00Z\"";

    [Theory]
    [InlineData("{\"eventId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b21\",", "$")]
    [InlineData("[{\"eventId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b22\"," + Good + "},", "$[1]")]
    [InlineData("", "$")]
    [InlineData("\"events\"", "$")]
    [InlineData("[{\"eventId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b23\"," + Good + "}, 7]", "$[1]")]
    [InlineData("[null]", "$[0]")]
    public async Task malformed_json_is_answered_400_naming_where_and_nothing_is_stored(string body, string field)
    {
        await AnsweredWithoutStoringAsync(body, HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("{\"eventId\":42,\"kind\":\"Activated\",\"deviceId\":\"d\",\"platform\":\"android\",\"appVersion\":\"1.0\",\"occurredAt\":\"2025-03-01T08:00:00Z\"}", "$.eventId")]
    [InlineData("[{\"eventId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b24\"," + Good + "},{\"eventId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b25\",\"kind\":\"Activated\",\"deviceId\":\"d\",\"platform\":\"android\",\"appVersion\":\"1.0\",\"occurredAt\":\"yesterday\"}]", "$[1].occurredAt")]
    [InlineData("[{\"eventId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b26\",\"kind\":\"Activated\",\"deviceId\":[\"d\"],\"platform\":\"android\",\"appVersion\":\"1.0\",\"occurredAt\":\"2025-03-01T08:00:00Z\"}]", "$[0].deviceId")]
    [InlineData("[{\"eventId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b27\",\"kind\":true,\"deviceId\":\"d\",\"platform\":\"android\",\"appVersion\":\"1.0\",\"occurredAt\":\"2025-03-01T08:00:00Z\"}]", "$[0].kind")]
    public async Task a_field_of_the_wrong_type_is_answered_400_naming_it_and_nothing_is_stored(string body, string field)
    {
        await AnsweredWithoutStoringAsync(body, HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("eventId")]
    [InlineData("kind")]
    [InlineData("deviceId")]
    [InlineData("platform")]
    [InlineData("appVersion")]
    [InlineData("occurredAt")]
    public async Task a_missing_field_is_answered_400_naming_it_and_nothing_is_stored(string missing)
    {
        var complete = new Dictionary<string, object>
        {
            ["eventId"] = Guid.NewGuid(),
            ["kind"] = "Activated",
            ["deviceId"] = "device-1",
            ["platform"] = "android",
            ["appVersion"] = "2.3.0",
            ["occurredAt"] = "2025-03-01T08:00:00Z",
        };
        var first = new Dictionary<string, object>(complete) { ["eventId"] = Guid.NewGuid() };
        complete.Remove(missing);

        await AnsweredWithoutStoringAsync(JsonSerializer.Serialize(new[] { first, complete }), HttpStatusCode.BadRequest, $"$[1].{missing}");
    }

    [Fact]
    public async Task an_explicit_null_is_as_missing()
    {
        await AnsweredWithoutStoringAsync("{\"eventId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b28\",\"kind\":\"Activated\",\"deviceId\":null,\"platform\":\"android\",\"appVersion\":\"1.0\",\"occurredAt\":\"2025-03-01T08:00:00Z\"}", HttpStatusCode.BadRequest, "$.deviceId");
    }

    [Fact]
    public async Task a_body_over_the_size_limit_is_answered_413_and_nothing_is_stored()
    {
        // Well-formed events, each with a device id far over its limit: refused for the size before it is read.
        var padding = new string('x', 4096);
        var events = Enumerable.Range(0, (InstallsApi.MaxBodyBytes / padding.Length) + 1)
            .Select(i => new { eventId = Guid.NewGuid(), kind = "Activated", deviceId = padding, platform = "android", appVersion = "1.0", occurredAt = "2025-03-01T08:00:00Z" });

        await AnsweredWithoutStoringAsync(JsonSerializer.Serialize(events), HttpStatusCode.RequestEntityTooLarge, field: null);
    }

    [Fact]
    public async Task a_body_over_the_size_limit_sent_without_a_length_is_answered_413()
    {
        var member = await NewMemberAsync();
        using var client = member.Client(app);
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("[" + new string(' ', InstallsApi.MaxBodyBytes) + "]")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/app/installs", UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task a_batch_over_the_largest_is_refused_with_its_rule_and_nothing_is_stored()
    {
        var events = Enumerable.Range(0, ReportAppInstallEventsHandler.MaxBatch + 1)
            .Select(i => new { eventId = Guid.NewGuid(), kind = "Activated", deviceId = "d", platform = "android", appVersion = "1.0", occurredAt = "2025-03-01T08:00:00Z" });

        var problem = await AnsweredWithoutStoringAsync(JsonSerializer.Serialize(events), HttpStatusCode.BadRequest, field: null);

        problem.RootElement.GetProperty("code").GetString().ShouldBe("Install.BatchTooLarge");
    }

    [Fact]
    public async Task a_body_that_is_not_json_by_its_content_type_is_answered_415()
    {
        var member = await NewMemberAsync();
        using var client = member.Client(app);

        var response = await client.PostAsync(new Uri("/api/app/installs", UriKind.Relative), new StringContent("{\"eventId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b29\"," + Good + "}", Encoding.UTF8, "text/plain"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task a_well_formed_event_is_stored_as_the_member()
    {
        var member = await NewMemberAsync();
        using var client = member.Client(app);
        var eventId = Guid.NewGuid();

        var response = await client.PostAsJsonAsync("/api/app/installs", new { eventId, kind = "Activated", deviceId = "d", platform = "android", appVersion = "1.0", occurredAt = "2025-03-01T08:00:00Z" }, WebSession.Json);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var answer = (await response.Content.ReadFromJsonAsync<AppInstallsAnswer>(WebSession.Json))!;
        (answer.Received, answer.Stored, answer.Refused.Count).ShouldBe((1, 1, 0));
        await using var session = app.Store.QuerySession();
        var stored = (await session.Events.FetchStreamAsync(MemberAppUsage.StreamIdFor(member.Id))).ShouldHaveSingleItem();
        ((AppInstallReported)stored.Data).EventId.ShouldBe(eventId);
        stored.UserName.ShouldBe("app:" + member.Id.ToString("N", CultureInfo.InvariantCulture));
    }

    private static int _serial = 700;

    private Task<AppMember> NewMemberAsync() =>
        AppMember.CreateAsync(app, "Trịnh Văn Gửi", string.Create(CultureInfo.InvariantCulture, $"001090000{Interlocked.Increment(ref _serial):D3}"), signInThroughApi: false);

    private async Task<JsonDocument> AnsweredWithoutStoringAsync(string body, HttpStatusCode status, string? field)
    {
        var member = await NewMemberAsync();
        using var client = member.Client(app);

        var response = await client.PostAsync(new Uri("/api/app/installs", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        var answer = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, answer);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(answer);
        if (field is not null)
        {
            problem.RootElement.GetProperty("field").GetString().ShouldBe(field, answer);
        }

        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamStateAsync(MemberAppUsage.StreamIdFor(member.Id))).ShouldBeNull();
        return problem;
    }
}
