using System.Globalization;
using EventSourced.Domain.Common;
using EventSourced.Domain.Content;
using EventSourced.Domain.Content.Rendering;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace EventSourced.Web.Api;

/// <summary>A unit as the app names it: the post's owner or a bulletin's cell.</summary>
public sealed record AppUnitName(Guid Id, string Name);

/// <summary>What a document carries besides its text: number, issuer, date, type, validity and the file.</summary>
public sealed record AppDocumentDetails(
    string? Number,
    string? IssuingBody,
    LocalDate? IssuedOn,
    DocumentType? Type,
    LocalDate? ValidFrom,
    LocalDate? ValidUntil,
    string? AttachmentUrl);

/// <summary>A cell-meeting bulletin's cell, month (its first day), meeting date and topic.</summary>
public sealed record AppBulletinDetails(AppUnitName? Cell, LocalDate? Month, LocalDate? MeetingDate, string? Topic);

/// <summary>One approval step of the live revision: the person, the role and position they acted in, their body, when.</summary>
public sealed record AppApproval(string Name, BoardRole Role, string? Title, string Body, Instant At);

/// <summary>Who published the live revision, the role and position they acted in, from which body, when.</summary>
public sealed record AppPublisher(string Name, string Body, Instant At, BoardRole Role, string? Title);

/// <summary>Where a reposted article first appeared: the address, the site's name and the original date, shown with the attribution.</summary>
public sealed record AppRepostSource(string OriginalUrl, string SiteName, LocalDate OriginalDate);

/// <summary>A post as members read it: the live revision only, with the attribution line every post must show.</summary>
public sealed record AppPost(
    Guid Id,
    PostKind Kind,
    AppUnitName Unit,
    string Title,
    string? Summary,
    string BodyHtml,
    IReadOnlyList<string> Tags,
    string? CoverImageUrl,
    AppDocumentDetails? Document,
    AppBulletinDetails? Bulletin,
    Instant PublishedAt,
    IReadOnlyList<AppApproval> ApprovedBy,
    AppPublisher PublishedBy,
    AppRepostSource? RepostOf = null);

/// <summary>One page of the feed; <c>nextCursor</c> is null on the last page.</summary>
public sealed record AppFeedPage(IReadOnlyList<AppPost> Items, string? NextCursor);

/// <summary>One page of the document library, ranked by relevance when words were given.</summary>
public sealed record AppDocumentPage(IReadOnlyList<AppPost> Items, int Total, int Page, int PageSize);

/// <summary>
/// The handbook content the app reads: the signed-in member's feed and the document library. Both
/// show the live revision only, never a draft under review, and the same item shape, so the app
/// renders a post the same way wherever it came from.
/// </summary>
public static class HandbookApi
{
    public const int DefaultFeedLimit = 20;

    public const int MaxFeedLimit = 50;

    public const int DocumentPageSize = 20;

    /// <summary>Longer queries are not searches a person types; refusing them keeps the text-search query small.</summary>
    public const int MaxQueryLength = 200;

    public static void MapHandbookApi(this IEndpointRouteBuilder app)
    {
        var member = new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { AuthenticationSchemes = MemberAppAuthentication.SchemeName };
        app.MapGet("/api/app/feed", FeedAsync)
            .RequireAuthorization(member)
            .WithName("AppFeed")
            .WithTags(AppApiDocument.Tag)
            .WithSummary("The signed-in member's news feed")
            .WithDescription(
                "Published posts whose audience includes the member (posts of every unit from the city down to the member's cell, "
                + "and the bulletins of the member's own cell), newest first. Expired documents and withdrawn posts are not listed. "
                + string.Create(CultureInfo.InvariantCulture, $"Pass the previous page's nextCursor as cursor; limit is 1 to {MaxFeedLimit} ({DefaultFeedLimit} by default)."))
            .Produces<AppFeedPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status404NotFound);
        app.MapGet("/api/app/documents", DocumentsAsync)
            .RequireAuthorization(member)
            .WithName("AppDocuments")
            .WithTags(AppApiDocument.Tag)
            .WithSummary("Search the document library")
            .WithDescription(
                "Published, still valid documents matching all the words of q (with or without Vietnamese diacritics, prefixes match), "
                + string.Create(CultureInfo.InvariantCulture, $"ranked by relevance, then newest issue first; q is at most {MaxQueryLength} characters. ")
                + $"Filters: type ({string.Join(", ", Enum.GetNames<DocumentType>())}), issuingBody (exact name), from and to (issue date, yyyy-MM-dd). "
                + string.Create(CultureInfo.InvariantCulture, $"{DocumentPageSize} a page; page starts at 1."))
            .Produces<AppDocumentPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized);
    }

    private static async Task<IResult> FeedAsync(
        HttpContext context, string? cursor, int? limit, IQuerySession session, OrganisationDirectory directory, IClock clock, CancellationToken ct)
    {
        var size = limit ?? DefaultFeedLimit;
        if (size is < 1 or > MaxFeedLimit)
        {
            return Results.Problem(statusCode: 400, title: "limit out of range", detail: $"limit must be between 1 and {MaxFeedLimit}");
        }

        FeedCursor? after = null;
        if (!string.IsNullOrEmpty(cursor) && (after = FeedCursor.Decode(cursor)) is null)
        {
            return Results.Problem(statusCode: 400, title: "unknown cursor", detail: "cursor must be a nextCursor returned by this endpoint; leave it out for the first page");
        }

        var member = await session.LoadAsync<Member>(MemberId(context), ct);
        if (member is null)
        {
            return Results.NotFound();
        }

        var tree = await directory.TreeAsync(ct: ct);
        // Units keep their ids when renamed or moved, so the chain of today's tree reaches every post
        // written for a unit the member's cell is under now.
        Guid[] chain = [member.CellId, .. tree.Ancestors(member.CellId).Select(a => a.Id)];
        var (posts, next) = await PostSearch.FeedAsync(session, member.CellId, chain, after, size, VietnamTime.Today(clock), ct);
        return Results.Ok(new AppFeedPage([.. posts.Select(p => ToAppPost(p, tree))], next?.Encode()));
    }

    private static async Task<IResult> DocumentsAsync(
        string? q, string? type, string? issuingBody, string? from, string? to, int? page, IQuerySession session, OrganisationDirectory directory, IClock clock, CancellationToken ct)
    {
        if (q is { Length: > MaxQueryLength })
        {
            return Results.Problem(statusCode: 400, title: "query too long", detail: $"q may be at most {MaxQueryLength} characters");
        }

        DocumentType? documentType = null;
        if (!string.IsNullOrWhiteSpace(type))
        {
            // Names only: Enum.TryParse would also take "3" or "999".
            if (!Enum.GetNames<DocumentType>().Contains(type.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                return Results.Problem(statusCode: 400, title: "unknown document type", detail: $"type must be one of {string.Join(", ", Enum.GetNames<DocumentType>())}");
            }

            documentType = Enum.Parse<DocumentType>(type.Trim(), ignoreCase: true);
        }

        if (!TryDate(from, out var issuedFrom) || !TryDate(to, out var issuedTo))
        {
            return Results.Problem(statusCode: 400, title: "invalid date", detail: "from and to are issue dates as yyyy-MM-dd");
        }

        if (page is < 1)
        {
            return Results.Problem(statusCode: 400, title: "page out of range", detail: "page starts at 1");
        }

        var query = new LibraryQuery(q, documentType, issuingBody, issuedFrom, issuedTo, page ?? 1, DocumentPageSize);
        var (posts, total) = await PostSearch.LibraryAsync(session, query, VietnamTime.Today(clock), ct);
        var tree = await directory.TreeAsync(ct: ct);
        return Results.Ok(new AppDocumentPage([.. posts.Select(p => ToAppPost(p, tree))], total, query.Page, DocumentPageSize));
    }

    /// <summary>The post as the app shows it, from its live revision.</summary>
    public static AppPost ToAppPost(Post post, OrganisationTree tree)
    {
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(tree);
        var content = post.LiveContent ?? throw new InvalidOperationException($"Post {post.Id} has nothing live.");
        var attribution = PostAttribution.For(post)!;
        AppUnitName Unit(Guid id, string fallback) => new(id, tree.Find(id)?.Name ?? fallback);
        return new AppPost(
            post.Id,
            post.Kind,
            Unit(post.UnitId, post.UnitName),
            content.Title,
            content.Summary,
            SafeMarkdown.ToHtml(content.Body),
            content.Tags,
            FileLinks.Url(content.CoverFileId),
            post.Kind == PostKind.Document
                ? new AppDocumentDetails(content.DocumentNumber, content.IssuingBody, content.IssuedOn, content.DocumentType, content.ValidFrom, content.ValidUntil, FileLinks.Url(content.AttachmentFileId))
                : null,
            post.Kind == PostKind.Bulletin
                ? new AppBulletinDetails(content.CellId is { } cell ? Unit(cell, post.UnitName) : null, content.Month, content.MeetingDate, content.Topic)
                : null,
            post.Live!.At,
            [.. attribution.ApprovedBy.Select(a => new AppApproval(a.Name, a.Role, a.Title, a.BodyName, a.At))],
            new AppPublisher(attribution.PublishedBy.Name, attribution.PublishedBy.BodyName, attribution.PublishedBy.At, attribution.PublishedBy.Role, attribution.PublishedBy.Title),
            content.Repost is { } repost ? new AppRepostSource(repost.OriginalUrl, repost.SiteName, repost.OriginalDate) : null);
    }

    private static Guid MemberId(HttpContext context) =>
        Guid.Parse(context.User.FindFirst(MemberAppAuthentication.MemberIdClaim)!.Value, CultureInfo.InvariantCulture);

    private static bool TryDate(string? text, out LocalDate? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var parsed = LocalDatePattern.Iso.Parse(text.Trim());
        date = parsed.Success && LocalDateModelBinder.InRange(parsed.Value) ? parsed.Value : null;
        return date is not null;
    }
}
