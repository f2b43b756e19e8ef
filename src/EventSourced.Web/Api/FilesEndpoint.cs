using System.Globalization;
using EventSourced.Domain.Content;
using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.Net.Http.Headers;

namespace EventSourced.Web.Api;

/// <summary>
/// Serves the files posts refer to, following the post's read rule: staff who may read the post in the
/// back office (its unit in their scope, or a seat on a board of its chain), and members only for the
/// live revision of a post the app shows them: one that reaches them, or a document of the library (which
/// lists every unit's documents), and a document only while it is valid, as the app lists it. Files go out with the content type found when they were
/// checked; anything but an image goes out as a download, in a sandbox, so a document can never run
/// script in the back office's origin.
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

    private static async Task<IResult> ServeAsync(Guid id, HttpContext context, FileStore files, IQuerySession session, CurrentUser user, OrganisationDirectory directory, NodaTime.IClock clock, CancellationToken ct)
    {
        // The same answer for a file that does not exist and one the caller may not read: ids are not
        // secrets, but which ones exist need not be told.
        if (await files.FindAsync(id, ct) is not { PostId: { } postId } || await session.LoadAsync<Post>(postId, ct) is not { } post
            || !await MayReadAsync(context, post, id, session, user, directory, Domain.Common.VietnamTime.Today(clock), ct)
            || await files.OpenAsync(id, ct) is not { } found)
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

    private static async Task<bool> MayReadAsync(HttpContext context, Post post, Guid fileId, IQuerySession session, CurrentUser user, OrganisationDirectory directory, NodaTime.LocalDate today, CancellationToken ct)
    {
        if (context.User.FindFirst(MemberAppAuthentication.MemberIdClaim)?.Value is not { } memberClaim)
        {
            return await ContentScope.CanReadAsync(post, user, directory, session, ct);
        }

        // A member reads what the app shows them: the files of the live revision of a post that reaches them,
        // or of any unit's document in the library; a document past its validity is in neither list.
        var member = await session.LoadAsync<Member>(Guid.Parse(memberClaim, CultureInfo.InvariantCulture), ct);
        var live = post.LiveContent;
        if (member is null || live is null || (live.CoverFileId != fileId && live.AttachmentFileId != fileId))
        {
            return false;
        }

        if (post.Kind == PostKind.Document)
        {
            return post.LiveValidUntil is not { } until || until >= today;
        }

        return PostAudience.Reaches(post, member.CellId, await directory.TreeAsync(ct: ct));
    }
}
