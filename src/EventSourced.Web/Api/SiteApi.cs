using EventSourced.Domain.Common;
using EventSourced.Domain.Sites;
using EventSourced.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace EventSourced.Web.Api;

/// <summary>
/// Network sync for offline sites (decision 0023): the site's machine pushes its signed batch and asks
/// for its update, with no staff sign-in. The site's signature is its credential: a file that is not
/// signed with the key of an offline site of the tree is refused with its reason and stores nothing.
/// </summary>
public static class SiteApi
{
    public const string Tag = "Offline sites";

    /// <summary>
    /// The largest batch taken over the network. A month of a 2,000-member site is a 1.4 MiB batch (the `sync`
    /// benchmark), so a year of a large site's work fits many times over; a bigger file is handed in by staff at
    /// <c>/sites/receive</c>. The endpoint is anonymous and the signature is checked only once the body is read,
    /// so the body is bounded before that.
    /// </summary>
    public const long MaxBatchBytes = 32L * 1024 * 1024;

    /// <summary>An update request is a few hundred bytes of signed JSON.</summary>
    public const long MaxUpdateRequestBytes = 64L * 1024;

    public static void MapSiteApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sites/batches", ReceiveAsync)
            .AllowAnonymous()
            .RequireRateLimiting(SiteRateLimitPolicy.Name)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBatchBytes))
            .WithName("SiteBatch")
            .WithTags(Tag)
            .WithSummary("A site hands in its signed batch")
            .WithDescription("The body is the batch file as 'site export' writes it. Received once by its batch id: sent again, it changes nothing and says so. "
                + "401 with the refusal's code for a file not signed with the key of an offline site of the tree (the signature is the site's credential); "
                + "422 with the code for a file of the wrong kind, standing on a package the centre never cut, carrying anything but member and transfer events (Site.EventNotAllowed) "
                + "or signed but malformed (Site.Malformed: a stream named twice, an event's data not of its type); 400 for a body that is no site file; "
                + $"413 for a body over {MaxBatchBytes / 1024 / 1024} MiB, refused before it is read; "
                + $"429 with Retry-After past {SiteRateLimitPolicy.RequestsPerMinute} requests a minute from one address.")
            .Produces<SyncReceipt>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .Produces(StatusCodes.Status429TooManyRequests);
        app.MapPost("/api/sites/updates", UpdateAsync)
            .AllowAnonymous()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxUpdateRequestBytes))
            .RequireRateLimiting(SiteRateLimitPolicy.Name)
            .WithName("SiteUpdate")
            .WithTags(Tag)
            .WithSummary("A site asks for its update")
            .WithDescription("The body is an update request signed with the site's key, made within ten minutes of the centre's clock. "
                + "The answer is a signed update file for 'site update': what changed at the centre since the cut the site stands on, with the resolved conflicts. "
                + "401 with the refusal's code for a request not signed with an offline site's key, 422 for one too far from the centre's clock; 400 for a body that is no site file; "
                + $"413 for a body over {MaxUpdateRequestBytes / 1024} KiB; "
                + $"429 with Retry-After past {SiteRateLimitPolicy.RequestsPerMinute} requests a minute from one address.")
            .Produces<SignedSiteFile>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .Produces(StatusCodes.Status429TooManyRequests);
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, SiteSync sync, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        await ReadAsync(request, MaxBatchBytes, ct) switch
        {
            { TooLarge: true } => TooLarge(text, MaxBatchBytes),
            { File: { } file } => await AnswerAsync(text, async () => Results.Ok(await sync.ReceiveFromSiteAsync(file, ct))),
            _ => Malformed(text),
        };

    private static async Task<IResult> UpdateAsync(HttpRequest request, SiteSync sync, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        await ReadAsync(request, MaxUpdateRequestBytes, ct) switch
        {
            { TooLarge: true } => TooLarge(text, MaxUpdateRequestBytes),
            { File: { } file } => await AnswerAsync(text, async () => Results.Ok(await sync.IssueUpdateForSiteAsync(file, ct))),
            _ => Malformed(text),
        };

    /// <summary>
    /// The body as a site file, read only up to <paramref name="limit"/> bytes: a declared length over it is
    /// refused before a byte is read, and a body without one (chunked) as soon as it passes the limit, whatever
    /// the server's own request limit is (a test server or a proxy may not apply one).
    /// </summary>
    private static async Task<(bool TooLarge, SignedSiteFile? File)> ReadAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
        {
            return (true, null);
        }

        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + read > limit)
            {
                return (true, null);
            }

            body.Write(buffer, 0, read);
        }

        string text;
        try
        {
            text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.GetBuffer(), 0, (int)body.Length);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return (false, null);
        }

        return (false, SiteSigning.Read(text.TrimStart('\uFEFF')));
    }

    private static IResult TooLarge(IStringLocalizer<SharedResource> text, long limit) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: text["Site.TooLarge", limit >= 1024 * 1024 ? FormattableString.Invariant($"{limit / 1024 / 1024} MB") : FormattableString.Invariant($"{limit / 1024} KB")], extensions: new Dictionary<string, object?> { ["code"] = "Site.TooLarge" });

    private static IResult Malformed(IStringLocalizer<SharedResource> text) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: text[SiteFileRefusals.Malformed], extensions: new Dictionary<string, object?> { ["code"] = SiteFileRefusals.Malformed });

    private static async Task<IResult> AnswerAsync(IStringLocalizer<SharedResource> text, Func<Task<IResult>> answer)
    {
        try
        {
            return await answer();
        }
        catch (RuleViolation violation)
        {
            // Not signed by an offline site's key: the caller is not authenticated, whatever the file says.
            var status = violation.Code is SiteFileRefusals.SignatureInvalid or SiteFileRefusals.UnknownSite
                ? StatusCodes.Status401Unauthorized
                : StatusCodes.Status422UnprocessableEntity;
            return Results.Problem(statusCode: status, title: text.Describe(violation), extensions: new Dictionary<string, object?> { ["code"] = violation.Code });
        }
        catch (JasperFx.ConcurrencyException)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: text["Stale.Unknown"]);
        }
    }
}
