using System.Net;
using System.Text;
using EventSourced.Web.Api;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Api;

/// <summary>
/// Bodies the app's endpoints cannot take, as an attacker would send them: the anonymous sign-in refuses a large
/// body unread, and a malformed body anywhere is answered with a problem naming where, never with the serializer's
/// message (which names the server's .NET types) or a stack trace.
/// </summary>
public sealed class AppRequestBodyTests(AppRequestBodyTests.Fixture app) : IClassFixture<AppRequestBodyTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task a_sign_in_body_over_the_limit_is_refused_with_413_declared_or_not()
    {
        using var client = app.Host.Server.CreateClient();
        var large = "{\"login\":\"" + new string('1', MobileApi.MaxTokenBodyBytes) + "\",\"secret\":\"x\"}";
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(large)));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var declared = await client.PostAsync(new Uri("/api/app/token", UriKind.Relative), Json(large));
        var streamed = await client.PostAsync(new Uri("/api/app/token", UriKind.Relative), chunked);

        declared.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge, await declared.Content.ReadAsStringAsync());
        streamed.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge, await streamed.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"login\":")]
    [InlineData("{\"login\":42,\"secret\":\"x\"}")]
    [InlineData("[\"001090000101\"]")]
    public async Task a_malformed_sign_in_body_is_a_problem_naming_where_without_the_servers_types(string body)
    {
        using var client = app.Host.Server.CreateClient();

        var response = await client.PostAsync(new Uri("/api/app/token", UriKind.Relative), Json(body));

        var answer = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, answer);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        answer.ShouldNotContain("System.");
        answer.ShouldNotContain("EventSourced.");
        answer.ShouldNotContain("   at ");
    }

    [Theory]
    [InlineData("001090000911", "/api/app/me/confirmation", "{\"eventId\":\"not-a-guid\",\"recordVersion\":1}", "$.eventId")]
    [InlineData("001090000912", "/api/app/me/reports", "{\"reportId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b31\",\"field\":\"Nickname\",\"value\":\"x\"}", "$.field")]
    [InlineData("001090000913", "/api/app/installs", "{\"eventId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b32\",\"kind\":\"Hacked\",\"deviceId\":\"d\",\"platform\":\"android\",\"appVersion\":\"1.0\",\"occurredAt\":\"2025-03-01T08:00:00Z\"}", "$.kind")]
    public async Task a_value_of_the_wrong_type_is_named_by_its_path_without_the_servers_types(string citizenId, string path, string body, string field)
    {
        var member = await AppMember.CreateAsync(app, "Phan Văn Thử", citizenId, signInThroughApi: false);
        using var client = member.Client(app);

        var response = await client.PostAsync(new Uri(path, UriKind.Relative), Json(body));

        var answer = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, answer);
        answer.ShouldContain(field);
        answer.ShouldNotContain("System.");
        answer.ShouldNotContain("EventSourced.");
    }
}
