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

    public static void MapSiteApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sites/batches", ReceiveAsync)
            .AllowAnonymous()
            .RequireRateLimiting(SiteRateLimitPolicy.Name)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(Pages.Sites.ReceiveModel.MaxBatchBytes))
            .WithName("SiteBatch")
            .WithTags(Tag)
            .WithSummary("A site hands in its signed batch")
            .WithDescription("The body is the batch file as 'site export' writes it. Received once by its batch id: sent again, it changes nothing and says so. "
                + "401 with the refusal's code for a file not signed with the key of an offline site of the tree (the signature is the site's credential); "
                + "422 with the code for a file of the wrong kind, standing on a package the centre never cut, carrying anything but member and transfer events (Site.EventNotAllowed) "
                + "or signed but malformed (Site.Malformed: a stream named twice, an event's data not of its type); 400 for a body that is no site file; "
                + $"429 with Retry-After past {SiteRateLimitPolicy.RequestsPerMinute} requests a minute from one address.")
            .Produces<SyncReceipt>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .Produces(StatusCodes.Status429TooManyRequests);
        app.MapPost("/api/sites/updates", UpdateAsync)
            .AllowAnonymous()
            .RequireRateLimiting(SiteRateLimitPolicy.Name)
            .WithName("SiteUpdate")
            .WithTags(Tag)
            .WithSummary("A site asks for its update")
            .WithDescription("The body is an update request signed with the site's key, made within ten minutes of the centre's clock. "
                + "The answer is a signed update file for 'site update': what changed at the centre since the cut the site stands on, with the resolved conflicts. "
                + "401 with the refusal's code for a request not signed with an offline site's key, 422 for one too far from the centre's clock; 400 for a body that is no site file; "
                + $"429 with Retry-After past {SiteRateLimitPolicy.RequestsPerMinute} requests a minute from one address.")
            .Produces<SignedSiteFile>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .Produces(StatusCodes.Status429TooManyRequests);
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, SiteSync sync, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        await ReadAsync(request, ct) is { } file
            ? await AnswerAsync(text, async () => Results.Ok(await sync.ReceiveFromSiteAsync(file, ct)))
            : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: text[SiteFileRefusals.Malformed], extensions: new Dictionary<string, object?> { ["code"] = SiteFileRefusals.Malformed });

    private static async Task<IResult> UpdateAsync(HttpRequest request, SiteSync sync, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        await ReadAsync(request, ct) is { } file
            ? await AnswerAsync(text, async () => Results.Ok(await sync.IssueUpdateForSiteAsync(file, ct)))
            : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: text[SiteFileRefusals.Malformed], extensions: new Dictionary<string, object?> { ["code"] = SiteFileRefusals.Malformed });

    private static async Task<SignedSiteFile?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        return SiteSigning.Read(await reader.ReadToEndAsync(ct));
    }

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
