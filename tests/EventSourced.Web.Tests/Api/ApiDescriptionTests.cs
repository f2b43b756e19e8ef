using System.Globalization;
using System.Net;
using System.Text.Json;
using EventSourced.Domain.Common;
using EventSourced.Domain.Installs;
using EventSourced.Web.Api;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourced.Web.Tests.Api;

/// <summary>
/// Every API endpoint says what it does and what it answers where it is mapped, the app's endpoints
/// reach the OpenAPI document that way, and the limits the descriptions state are the ones enforced.
/// The host runs with a report window and a request limit of its own, so a description that states
/// the defaults instead of the configured values fails here.
/// </summary>
public sealed class ApiDescriptionTests(ApiDescriptionTests.Fixture app) : IClassFixture<ApiDescriptionTests.Fixture>
{
    public const int ReportWindowDays = 12;

    public const int RequestsPerMinute = 7;

    public sealed class Fixture : AppFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Installs:ReportWindowDays"] = ReportWindowDays.ToString(CultureInfo.InvariantCulture),
            ["Installs:RequestsPerMinute"] = RequestsPerMinute.ToString(CultureInfo.InvariantCulture),
        };
    }

    [Fact]
    public void every_api_endpoint_has_a_summary_and_declares_its_answers()
    {
        var endpoints = app.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .ToList();

        endpoints.Count.ShouldBeGreaterThan(10);
        foreach (var endpoint in endpoints)
        {
            var name = $"{(endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is [var method, ..] ? method : "?")} {endpoint.RoutePattern.RawText}";
            endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary.ShouldNotBeNullOrWhiteSpace(name);
            var answers = endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>().Select(p => p.StatusCode).ToList();
            answers.ShouldContain(StatusCodes.Status200OK, name);
            answers.ShouldContain(StatusCodes.Status401Unauthorized, name);
        }
    }

    [Fact]
    public async Task every_app_endpoint_is_in_the_openapi_document_with_a_summary_a_description_and_typed_answers()
    {
        var document = await DocumentAsync();
        var appEndpoints = app.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/app/", StringComparison.Ordinal) == true)
            .Select(e => (Path: e.RoutePattern.RawText!, Method: e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Single().ToLowerInvariant()))
            .ToList();

        appEndpoints.Count.ShouldBeGreaterThanOrEqualTo(5);
        var paths = document.RootElement.GetProperty("paths");
        foreach (var (path, method) in appEndpoints)
        {
            paths.TryGetProperty(path, out var item).ShouldBeTrue($"{path} is not in the document");
            var operation = item.GetProperty(method);
            operation.GetProperty("summary").GetString().ShouldNotBeNullOrWhiteSpace(path);
            operation.GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace(path);
            operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe([AppApiDocument.Tag], path);
            var ok = operation.GetProperty("responses").GetProperty("200");
            ok.GetProperty("content").GetProperty("application/json").GetProperty("schema").EnumerateObject().ShouldNotBeEmpty(path);
        }

        Operation(document, "/api/app/installs", "post").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _).ShouldBeTrue();
        document.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ShouldBe([AppApiDocument.Tag]);
    }

    [Fact]
    public async Task the_limits_the_descriptions_state_are_the_ones_enforced()
    {
        var document = await DocumentAsync();
        var token = Operation(document, "/api/app/token", "post").GetProperty("description").GetString()!;
        var installs = Operation(document, "/api/app/installs", "post").GetProperty("description").GetString()!;
        var feed = Operation(document, "/api/app/feed", "get").GetProperty("description").GetString()!;
        var documents = Operation(document, "/api/app/documents", "get").GetProperty("description").GetString()!;
        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty(MemberAppAuthentication.SchemeName).GetProperty("description").GetString()!;
        var policy = SignInThrottlePolicy.Default;

        token.ShouldContain(Invariant($"valid {MemberAppAuthentication.Lifetime.TotalMinutes} minutes"));
        scheme.ShouldContain(Invariant($"valid {MemberAppAuthentication.Lifetime.TotalMinutes} minutes"));
        token.ShouldContain(Invariant($"{MobileApi.TokenRequestsPerMinute} attempts a minute"));
        token.ShouldContain(Invariant($"{policy.FreeAttemptsPerLogin} failures for one login"));
        token.ShouldContain(Invariant($"{policy.FreeAppAttemptsPerAddress} failures from one address within {policy.AddressWindow.TotalMinutes} minutes"));
        token.ShouldContain(Invariant($"at most {MobileApi.MaxLoginLength} characters"));
        installs.ShouldContain(Invariant($"more than {ReportWindowDays} days before it arrives"));
        installs.ShouldContain(Invariant($"{RequestsPerMinute} requests a minute per member"));
        installs.ShouldContain(Invariant($"up to {ReportAppInstallEventsHandler.MaxBatch:N0}"));
        installs.ShouldContain(Invariant($"at most {TextLimits.DeviceId} characters"));
        feed.ShouldContain(Invariant($"limit is 1 to {HandbookApi.MaxFeedLimit} ({HandbookApi.DefaultFeedLimit} by default)"));
        documents.ShouldContain(Invariant($"{HandbookApi.DocumentPageSize} a page"));
        documents.ShouldContain(Invariant($"at most {HandbookApi.MaxQueryLength} characters"));
    }

    [Fact]
    public void the_configured_limits_are_the_ones_the_installs_endpoint_enforces()
    {
        app.Host.Services.GetRequiredService<InstallSettings>().ReportWindow.TotalDays.ShouldBe(ReportWindowDays);
        InstallsRateLimitPolicy.RequestsPerMinute(app.Host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()).ShouldBe(RequestsPerMinute);
    }

    private async Task<JsonDocument> DocumentAsync()
    {
        var response = await new WebSession(app.Host).GetAsync("/openapi/v1.json");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static JsonElement Operation(JsonDocument document, string path, string method) =>
        document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
