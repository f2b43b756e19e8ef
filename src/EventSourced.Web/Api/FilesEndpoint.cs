using EventSourced.Web.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace EventSourced.Web.Api;

/// <summary>
/// Serves the files posts refer to, to staff (cookie) and to members (app token), with the content
/// type found when the file was checked. Anything but an image goes out as a download, in a sandbox,
/// so a document can never run script in the back office's origin.
/// </summary>
public static class FilesEndpoint
{
    public static void MapFiles(this IEndpointRouteBuilder app)
    {
        var staffOrMember = new Microsoft.AspNetCore.Authorization.AuthorizeAttribute
        {
            AuthenticationSchemes = $"{Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme},{MemberAppAuthentication.SchemeName}",
        };
        app.MapGet("/files/{id:guid}/{name?}", ServeAsync).RequireAuthorization(staffOrMember);
    }

    private static async Task<IResult> ServeAsync(Guid id, HttpContext context, FileStore files, CancellationToken ct)
    {
        if (await files.OpenAsync(id, ct) is not { } found)
        {
            return Results.NotFound();
        }

        var headers = context.Response.Headers;
        headers[HeaderNames.CacheControl] = "private, max-age=31536000, immutable";
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.ContentSecurityPolicy] = "sandbox; default-src 'none'";
        return found.File.ServeAsAttachment
            ? Results.File(found.Content, found.File.ContentType, found.File.FileName)
            : Results.File(found.Content, found.File.ContentType);
    }
}
