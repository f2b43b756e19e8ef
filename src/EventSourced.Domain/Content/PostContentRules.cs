using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>What each kind of post must say; the fields of other kinds are cleared.</summary>
public static class PostContentRules
{
    /// <summary>
    /// The content checked and normalised for the kind it names, for a post of <paramref name="scope"/>'s
    /// unit; <paramref name="today"/> (Hanoi's date) bounds a repost's original date.
    /// </summary>
    public static PostContent Validate(PostContent content, BoardScope scope, LocalDate today) => content.Kind switch
    {
        PostKind.News => News(content) with { Repost = Repost(content.Repost, today) },
        PostKind.Document => Document(content) with { Repost = Repost(content.Repost, today) },
        PostKind.Bulletin => Bulletin(content, scope),
        _ => throw new RuleViolation("Content.UnknownKind", content.Kind),
    };

    private static PostContent News(PostContent c) => new()
    {
        Kind = PostKind.News,
        Title = Input.Required(c.Title, TextLimits.Title, "Content.Title"),
        Summary = Input.Optional(c.Summary, TextLimits.Summary, "Content.Summary"),
        Body = ContentRules.Markdown(c.Body, TextLimits.Body, "Content.Body", required: true),
        CoverFileId = c.CoverFileId,
        Tags = Tags(c.Tags),
    };

    private static PostContent Document(PostContent c)
    {
        if (c.ValidFrom is { } from && c.ValidUntil is { } until && until < from)
        {
            throw new RuleViolation("Content.ValidityReversed", from, until);
        }

        return new()
        {
            Kind = PostKind.Document,
            Title = Input.Required(c.Title, TextLimits.Title, "Content.Title"),
            Summary = Input.Optional(c.Summary, TextLimits.Summary, "Content.Summary"),
            Body = ContentRules.Markdown(c.Body, TextLimits.Body, "Content.Body", required: false),
            Tags = Tags(c.Tags),
            DocumentNumber = Input.Required(c.DocumentNumber, TextLimits.Name, "Content.DocumentNumber"),
            IssuingBody = Input.Required(c.IssuingBody, TextLimits.Name, "Content.IssuingBody"),
            IssuedOn = c.IssuedOn ?? throw new RuleViolation("Content.IssueDateRequired"),
            DocumentType = c.DocumentType ?? throw new RuleViolation("Content.DocumentTypeRequired"),
            AttachmentFileId = c.AttachmentFileId ?? throw new RuleViolation("Content.AttachmentRequired"),
            ValidFrom = c.ValidFrom,
            ValidUntil = c.ValidUntil,
        };
    }

    private static PostContent Bulletin(PostContent c, BoardScope scope)
    {
        var cellId = c.CellId ?? throw new RuleViolation("Content.CellRequired");
        var cell = scope.Tree.Find(cellId);
        if (cell is not { IsActive: true, Kind: OrganisationKind.Cell or OrganisationKind.GrassrootsCell })
        {
            throw new RuleViolation("Content.NotACell");
        }

        // A bulletin is for one cell, posted by that cell or a unit above it; its audience is the cell.
        if (!scope.Tree.IsWithin(cellId, scope.Unit.Id))
        {
            throw new RuleViolation("Content.CellOutsideUnit", cell.Name, scope.Unit.Name);
        }

        var month = (c.Month ?? throw new RuleViolation("Content.MonthRequired")).With(DateAdjusters.StartOfMonth);
        var meeting = c.MeetingDate ?? throw new RuleViolation("Content.MeetingDateRequired");
        if (meeting.With(DateAdjusters.StartOfMonth) != month)
        {
            throw new RuleViolation("Content.MeetingOutsideMonth", meeting, month);
        }

        var topic = Input.Required(c.Topic, TextLimits.Title, "Content.Topic");
        return new()
        {
            Kind = PostKind.Bulletin,
            // Cell secretaries fill in the topic; lists need a title, so the topic stands in for one.
            Title = Input.Optional(c.Title, TextLimits.Title, "Content.Title") ?? topic,
            Summary = Input.Optional(c.Summary, TextLimits.Summary, "Content.Summary"),
            Body = ContentRules.Markdown(c.Body, TextLimits.Body, "Content.Body", required: false),
            Tags = Tags(c.Tags),
            CellId = cellId,
            Month = month,
            MeetingDate = meeting,
            Topic = topic,
        };
    }

    /// <summary>
    /// A repost's source: an absolute http or https address (what members can open), the site's name,
    /// and an original date that has already come. A bulletin is the cell's own and is never a repost.
    /// </summary>
    public static RepostSource? Repost(RepostSource? source, LocalDate today)
    {
        if (source is null)
        {
            return null;
        }

        var url = Input.Required(source.OriginalUrl, TextLimits.Url, "Content.RepostUrl");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
        {
            throw new RuleViolation("Content.RepostUrlInvalid");
        }

        var site = Input.Required(source.SiteName, TextLimits.Name, "Content.RepostSite");
        Input.NotInFuture(source.OriginalDate, today, "Content.RepostDate");
        return new RepostSource(uri.AbsoluteUri, site, source.OriginalDate);
    }

    private static List<string> Tags(IReadOnlyList<string>? tags)
    {
        var clean = (tags ?? [])
            .Select(t => Input.Optional(t, TextLimits.Tag, "Content.Tag"))
            .OfType<string>()
            // "Hà Nội" and "ha noi" are one tag: the first spelling wins.
            .DistinctBy(VietnameseText.Fold)
            .ToList();
        return clean.Count > ContentRules.MaxTags ? throw new RuleViolation("Content.TooManyTags", ContentRules.MaxTags) : clean;
    }
}
