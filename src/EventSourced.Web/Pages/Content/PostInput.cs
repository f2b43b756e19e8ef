using System.Globalization;
using EventSourced.Domain.Common;
using EventSourced.Domain.Content;
using EventSourced.Domain.Content.Rendering;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Pages.Content;

/// <summary>
/// The post form as typed: text fields, codes and uploads. It becomes a <see cref="PostContent"/> once
/// the uploads are checked and stored and the cell code is found; the content rules are the domain's.
/// A file once uploaded is kept by its id in a hidden field, so a form refused for another reason does
/// not make the author upload it again.
/// </summary>
public sealed class PostInput
{
    public PostKind Kind { get; set; } = PostKind.News;

    public string? Title { get; set; }

    public string? Summary { get; set; }

    public string? Body { get; set; }

    /// <summary>Comma-separated.</summary>
    public string? Tags { get; set; }

    public Guid? CoverFileId { get; set; }

    public IFormFile? CoverUpload { get; set; }

    public string? DocumentNumber { get; set; }

    public string? IssuingBody { get; set; }

    public LocalDate? IssuedOn { get; set; }

    public DocumentType? DocumentType { get; set; }

    public Guid? AttachmentFileId { get; set; }

    public IFormFile? AttachmentUpload { get; set; }

    public LocalDate? ValidFrom { get; set; }

    public LocalDate? ValidUntil { get; set; }

    public string? CellCode { get; set; }

    /// <summary>The bulletin's month as yyyy-MM (what a month input sends).</summary>
    public string? Month { get; set; }

    public LocalDate? MeetingDate { get; set; }

    public string? Topic { get; set; }

    /// <summary>A repost's original address; the three repost fields are left empty for the board's own writing.</summary>
    public string? RepostUrl { get; set; }

    public string? RepostSite { get; set; }

    public LocalDate? RepostDate { get; set; }

    public static PostInput From(PostContent content, OrganisationTree tree)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(tree);
        return new PostInput
        {
            Kind = content.Kind,
            Title = content.Title,
            Summary = content.Summary,
            Body = content.Body,
            Tags = string.Join(", ", content.Tags),
            CoverFileId = content.CoverFileId,
            DocumentNumber = content.DocumentNumber,
            IssuingBody = content.IssuingBody,
            IssuedOn = content.IssuedOn,
            DocumentType = content.DocumentType,
            AttachmentFileId = content.AttachmentFileId,
            ValidFrom = content.ValidFrom,
            ValidUntil = content.ValidUntil,
            CellCode = content.CellId is { } cell ? tree.Find(cell)?.Code : null,
            Month = content.Month?.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            MeetingDate = content.MeetingDate,
            Topic = content.Topic,
            RepostUrl = content.Repost?.OriginalUrl,
            RepostSite = content.Repost?.SiteName,
            RepostDate = content.Repost?.OriginalDate,
        };
    }

    /// <summary>Stores the uploads (refusing bad files with a rule) and builds the content to send.</summary>
    public async Task<PostContent> ToContentAsync(FileStore files, OrganisationTree tree, Guid postId, string uploadedBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(tree);
        if (CoverUpload is { Length: > 0 } cover)
        {
            CoverFileId = (await files.SaveAsync(cover, FileUse.CoverImage, postId, uploadedBy, ct)).Id;
        }

        if (AttachmentUpload is { Length: > 0 } attachment)
        {
            AttachmentFileId = (await files.SaveAsync(attachment, FileUse.Attachment, postId, uploadedBy, ct)).Id;
        }

        Guid? cellId = null;
        if (!string.IsNullOrWhiteSpace(CellCode))
        {
            cellId = (tree.FindActiveByCode(CellCode.Trim()) ?? throw new RuleViolation("Content.CellNotFound", CellCode.Trim())).Id;
        }

        LocalDate? month = null;
        if (!string.IsNullOrWhiteSpace(Month))
        {
            var parsed = NodaTime.Text.LocalDatePattern.CreateWithInvariantCulture("yyyy-MM").Parse(Month.Trim());
            month = parsed.Success ? parsed.Value : throw new RuleViolation("Content.MonthInvalid", Month.Trim());
        }

        return new PostContent
        {
            Kind = Kind,
            Title = Title ?? string.Empty,
            Summary = Summary,
            Body = Body,
            Tags = (Tags ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            CoverFileId = CoverFileId,
            DocumentNumber = DocumentNumber,
            IssuingBody = IssuingBody,
            IssuedOn = IssuedOn,
            DocumentType = DocumentType,
            AttachmentFileId = AttachmentFileId,
            ValidFrom = ValidFrom,
            ValidUntil = ValidUntil,
            CellId = cellId,
            Month = month,
            MeetingDate = MeetingDate,
            Topic = Topic,
            Repost = Repost(),
        };
    }

    // Any one of the three fields makes the post a repost; the domain then asks for the other two.
    private RepostSource? Repost()
    {
        if (string.IsNullOrWhiteSpace(RepostUrl) && string.IsNullOrWhiteSpace(RepostSite) && RepostDate is null)
        {
            return null;
        }

        return new RepostSource(RepostUrl ?? string.Empty, RepostSite ?? string.Empty, RepostDate ?? throw new RuleViolation("Content.RepostDateRequired"));
    }
}
