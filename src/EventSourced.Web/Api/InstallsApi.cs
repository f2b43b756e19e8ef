using System.Globalization;
using System.Text.Json;
using EventSourced.Domain.Common;
using EventSourced.Domain.Installs;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using NodaTime;

namespace EventSourced.Web.Api;

/// <summary>
/// One install event as the app sends it. Every field is nullable here so that a missing one is
/// answered with its name rather than silently taking a default (an empty id, the first kind, 1970).
/// </summary>
public sealed record AppInstallEventBody(
    Guid? EventId,
    AppInstallEventKind? Kind,
    string? DeviceId,
    string? Platform,
    string? AppVersion,
    Instant? OccurredAt);

/// <summary>A reported event that was not stored and never will be, with the rule's code and reason: the app drops it.</summary>
public sealed record AppRefusedEvent(Guid EventId, string Code, string Reason);

/// <summary>What became of a report: how many events came, how many were new, and which were refused.</summary>
public sealed record AppInstallsAnswer(int Received, int Stored, IReadOnlyList<AppRefusedEvent> Refused);

/// <summary>The app reports install events for the signed-in member (decision 0011).</summary>
public static class InstallsApi
{
    /// <summary>
    /// A full batch of events with every text at its longest is about 300 KB; a body over this is a
    /// runaway client and is refused before it is parsed.
    /// </summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static void MapInstallsApi(this IEndpointRouteBuilder app)
    {
        var window = app.ServiceProvider.GetRequiredService<InstallSettings>().ReportWindow;
        var perMinute = InstallsRateLimitPolicy.RequestsPerMinute(app.ServiceProvider.GetRequiredService<IConfiguration>());
        var member = new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { AuthenticationSchemes = MemberAppAuthentication.SchemeName };
        app.MapPost("/api/app/installs", ReportAsync)
            .RequireAuthorization(member)
            .WithMetadata(MemberAppAuthentication.CredentialCheckedOnWrite.Instance, RequestLog.Frequent.Instance)
            .RequireRateLimiting(InstallsRateLimitPolicy.Name)
            .WithName("AppInstalls")
            .WithTags(AppApiDocument.Tag)
            .WithSummary("Report install events")
            .WithDescription(Description(window, perMinute))
            .AddOpenApiOperationTransformer(DescribeBodyAsync)
            .Produces<AppInstallsAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .Produces(StatusCodes.Status429TooManyRequests);
    }

    /// <summary>
    /// The body is read by the endpoint itself (one event or a list), so it is described here rather
    /// than by <c>Accepts</c>, whose content-type match would answer other types before authentication.
    /// </summary>
    private static async Task DescribeBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(List<AppInstallEventBody>), cancellationToken: ct) },
            },
        };
    }

    /// <summary>The endpoint's contract, stated from the values that enforce it.</summary>
    public static string Description(Duration reportWindow, int requestsPerMinute) => string.Create(
        CultureInfo.InvariantCulture,
        $"One object or an array (up to {ReportAppInstallEventsHandler.MaxBatch:N0}, at most {MaxBodyBytes / 1024:N0} KB) of "
        + $"{{ eventId, kind: {string.Join(" | ", Enum.GetNames<AppInstallEventKind>())}, deviceId, platform, appVersion, occurredAt }}, every field required; "
        + $"deviceId is at most {TextLimits.DeviceId} characters, platform and appVersion at most {TextLimits.Platform} and {TextLimits.AppVersion}. "
        + $"Answers {{ received, stored, refused: [{{ eventId, code, reason }}] }}; an eventId already counted is not counted again; "
        + $"an event that occurred more than {AppApiDocument.Days(reportWindow)} before it arrives (the report window) is refused on its own while the rest is stored: drop it, do not resend it. "
        + $"400 with the reason (and the field, for a body that is not a list of events) stores nothing of the batch. "
        + $"429 with Retry-After past {requestsPerMinute} requests a minute per member.");

    /// <summary>
    /// Events the app saw before the member signed in (the install itself) are kept on the phone and
    /// sent with the first token. A malformed body or a malformed report stores nothing and answers 400
    /// with the reason; a retried event is counted once (<c>stored</c> says how many were new); a report
    /// from before the report window is listed in <c>refused</c> with its reason while the rest is stored.
    /// The credential is checked where the report is written (decision 0039): a revoked one gets 401 and
    /// stores nothing, as the authentication of every other app request answers it.
    /// </summary>
    private static async Task<IResult> ReportAsync(HttpContext context, CommandSender sender, InstallReportWriter writer, IQuerySession session, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var memberId = Guid.Parse(context.User.FindFirst(MemberAppAuthentication.MemberIdClaim)!.Value, CultureInfo.InvariantCulture);
        var credential = MemberAppAuthentication.CredentialOf(context.User);
        var body = await BindAsync(context.Request, json.Value.SerializerOptions, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var reports = body.Reports!;
        try
        {
            var command = new ReportAppInstallEvents(memberId, reports);
            var outcome = await writer.WriteAsync(
                sender.TenantId,
                new AttributedReport(command, sender.MemberAttribution(memberId), credential),
                () => StoreAsync(sender, session, command, credential, ct),
                ct);
            var refused = outcome.Refused.Select(r => new AppRefusedEvent(r.EventId, r.Code, text[r.Code].Value)).ToList();
            return Results.Ok(new AppInstallsAnswer(reports.Count, outcome.Events.Count, refused));
        }
        catch (RuleViolation violation) when (violation.Code == ReportAppInstallEventsHandler.CredentialRevoked)
        {
            return Results.Unauthorized();
        }
        catch (RuleViolation violation)
        {
            return Results.Problem(statusCode: 400, title: text.Describe(violation), extensions: new Dictionary<string, object?> { ["code"] = violation.Code });
        }
    }

    private sealed record Bound(IReadOnlyList<AppInstallEventReport>? Reports, IResult? Problem);

    /// <summary>
    /// Binds the body with the app's JSON options (NodaTime, enums by name) as one event or a list of
    /// them, so the JSON path of whatever is wrong ("$[3].occurredAt") can be named in the answer.
    /// </summary>
    private static async Task<Bound> BindAsync(HttpRequest request, JsonSerializerOptions options, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
        {
            return new Bound(null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "send application/json"));
        }

        var utf8 = await ReadLimitedAsync(request, ct);
        if (utf8 is null)
        {
            return new Bound(null, TooLarge());
        }

        List<AppInstallEventBody?>? events;
        var root = JsonTokenType.None;
        try
        {
            root = RootToken(utf8);
            events = root switch
            {
                JsonTokenType.StartArray => JsonSerializer.Deserialize<List<AppInstallEventBody?>>(utf8, options),
                JsonTokenType.StartObject => [JsonSerializer.Deserialize<AppInstallEventBody>(utf8, options)],
                _ => null,
            };
        }
        catch (JsonException e)
        {
            return new Bound(null, Malformed(e.Path ?? "$", AppJsonErrors.Describe(e)));
        }

        if (events is null)
        {
            return new Bound(null, Malformed("$", "send an event object or an array of them"));
        }

        var reports = new List<AppInstallEventReport>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var at = root == JsonTokenType.StartObject ? "$" : string.Create(CultureInfo.InvariantCulture, $"$[{i}]");
            if (events[i] is not { } e)
            {
                return new Bound(null, Malformed(at, $"{at} is not an event"));
            }

            if (Missing(e) is { } name)
            {
                return new Bound(null, Malformed($"{at}.{name}", $"{at}.{name} is required"));
            }

            reports.Add(new AppInstallEventReport(e.EventId!.Value, e.Kind!.Value, e.DeviceId!, e.Platform!, e.AppVersion!, e.OccurredAt!.Value));
        }

        return new Bound(reports, null);
    }

    /// <summary>Whether the body is an object, an array or something else; malformed JSON throws here.</summary>
    private static JsonTokenType RootToken(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        reader.Read();
        return reader.TokenType;
    }

    private static string? Missing(AppInstallEventBody e) =>
        e.EventId is null ? "eventId"
        : e.Kind is null ? "kind"
        : e.DeviceId is null ? "deviceId"
        : e.Platform is null ? "platform"
        : e.AppVersion is null ? "appVersion"
        : e.OccurredAt is null ? "occurredAt"
        : null;

    /// <summary>The body, or null when it is longer than <see cref="MaxBodyBytes"/> (whether or not it said so up front).</summary>
    private static async Task<byte[]?> ReadLimitedAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static IResult Malformed(string field, string detail) =>
        Results.Problem(statusCode: 400, title: "malformed install events", detail: detail, extensions: new Dictionary<string, object?> { ["field"] = field });

    private static IResult TooLarge() =>
        Results.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "too many install events in one request",
            detail: string.Create(CultureInfo.InvariantCulture, $"send at most {MaxBodyBytes / 1024:N0} KB and {ReportAppInstallEventsHandler.MaxBatch:N0} events a request"));

    /// <summary>
    /// A report written alone, as every report was before group commit (decision 0031): when its group's
    /// transaction failed. A phone retrying while its first request is still being stored sends the
    /// same batch twice at once: the stream's version (or, from another node, the unique stored id of
    /// decision 0032) makes one of them fail. Sent again, it finds the reports the other stored and
    /// stores nothing, so the app gets an answer rather than a server error.
    /// </summary>
    private static async Task<ReportOutcome> StoreAsync(CommandSender sender, IQuerySession session, ReportAppInstallEvents command, Guid credential, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Written alone, the report is not in the group's transaction that checks its credential.
                if (!await MemberAppAuthentication.HasActiveAccessAsync(session, command.MemberId, credential, ct))
                {
                    throw new RuleViolation(ReportAppInstallEventsHandler.CredentialRevoked);
                }

                return await sender.SendAsMemberAsync<ReportOutcome>(command, command.MemberId, ct);
            }
            catch (Exception e) when (attempt < 3 && (e is JasperFx.ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException || ReportAppInstallEventsHandler.IsSecondCopy(e)))
            {
            }
        }
    }
}
