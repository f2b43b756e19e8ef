using EventSourced.Domain.Common;
using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>The three kinds of handbook content.</summary>
public enum PostKind
{
    /// <summary>A news article ("tin bài").</summary>
    News,

    /// <summary>A document for lookup ("văn kiện, tài liệu"): resolution, directive, guidance...</summary>
    Document,

    /// <summary>The monthly cell-meeting bulletin ("bản tin sinh hoạt chi bộ").</summary>
    Bulletin,
}

/// <summary>The type of a document, as printed on it.</summary>
public enum DocumentType
{
    Resolution,
    Directive,
    Regulation,
    Guidance,
    Plan,
    Other,
}

/// <summary>
/// Where a post's working revision stands. <see cref="Post.LiveRevision"/> says separately what
/// members see: a published post being revised is <see cref="Draft"/> (or further) while its live
/// revision stays published.
/// </summary>
public enum PostStatus
{
    Draft,
    ChangesRequested,
    Submitted,
    Approved,
    Published,
    Withdrawn,
    Archived,
    Rejected,
}

/// <summary>
/// What one revision of a post says. One record for the three kinds, with the fields of the other
/// kinds left empty: a flat shape stores and queries simply in JSON, where a class hierarchy would
/// need type discriminators in every stored event. <see cref="PostContentRules"/> checks the fields
/// each kind needs and clears the rest.
/// </summary>
public sealed record PostContent
{
    public PostKind Kind { get; init; }

    /// <summary>The headline; for a bulletin, the topic when left empty.</summary>
    public string Title { get; init; } = string.Empty;

    public string? Summary { get; init; }

    /// <summary>Markdown: the article's body, the document's text, or the bulletin's materials.</summary>
    public string? Body { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>News: the uploaded cover image.</summary>
    public Guid? CoverFileId { get; init; }

    /// <summary>Document: its number as printed ("15-NQ/TU").</summary>
    public string? DocumentNumber { get; init; }

    public string? IssuingBody { get; init; }

    public LocalDate? IssuedOn { get; init; }

    public DocumentType? DocumentType { get; init; }

    /// <summary>Document: the uploaded PDF or DOCX.</summary>
    public Guid? AttachmentFileId { get; init; }

    public LocalDate? ValidFrom { get; init; }

    public LocalDate? ValidUntil { get; init; }

    /// <summary>Bulletin: the cell whose meeting it announces.</summary>
    public Guid? CellId { get; init; }

    /// <summary>Bulletin: the first day of the meeting's month.</summary>
    public LocalDate? Month { get; init; }

    public LocalDate? MeetingDate { get; init; }

    public string? Topic { get; init; }

    /// <summary>News or document: set when the post reposts an article first published elsewhere.</summary>
    public RepostSource? Repost { get; init; }
}

/// <summary>
/// Where a reposted article first appeared: its address, the site's name and the date it was first
/// published there. Members see it beside the attribution, and coverage counts reposts apart from
/// the board's own writing.
/// </summary>
public sealed record RepostSource(string OriginalUrl, string SiteName, LocalDate OriginalDate);

/// <summary>
/// Who took a decision on a post and from which board: the person, the role they acted in (and their
/// position on the board, if recorded), and the unit whose board gave them the authority, named as on
/// the day. This is what the attribution line shows.
/// </summary>
public sealed record ContentActor(Guid UserId, string Name, BoardRole Role, string? Title, Guid BodyId, string BodyName);

/// <summary>
/// A post was written for <paramref name="UnitId"/>: its first revision (number 1). The unit's name
/// is the name on the day.
/// </summary>
public sealed record PostDrafted(Guid PostId, Guid UnitId, string UnitName, PostContent Content, ContentActor By, Instant At);

/// <summary>A new revision was saved; every earlier one is kept. Revising an approved post sends it back to draft.</summary>
public sealed record PostRevised(int Revision, PostContent Content, ContentActor By, Instant At);

/// <summary>
/// <paramref name="Revision"/> was submitted for review and needs <paramref name="ApprovalSteps"/>
/// approvals: the board's number at submission, kept for the whole round.
/// </summary>
/// <paramref name="BulletinOnTime"/>: for a bulletin, whether it was submitted by the 20th of the month
/// before its meeting (null for other posts, and on submissions recorded before it was kept).
public sealed record PostSubmitted(int Revision, int ApprovalSteps, ContentActor By, string? Comment, Instant At, bool? BulletinOnTime = null);

/// <summary>Approval step <paramref name="Step"/> of the round, given on the revision the approver saw.</summary>
public sealed record PostApproved(int Revision, int Step, ContentActor By, string? Comment, Instant At);

/// <summary>A reviewer sent <paramref name="Revision"/> back to its authors with a reason; a new round follows.</summary>
public sealed record PostChangesRequested(int Revision, ContentActor By, string Reason, Instant At);

/// <summary>A reviewer turned the post down for good, with a reason.</summary>
public sealed record PostRejected(int Revision, ContentActor By, string Reason, Instant At);

/// <summary>
/// The approved <paramref name="Revision"/> is live. <paramref name="ScheduledFor"/> is set when a
/// scheduled publication ran; <paramref name="By"/> is then the publisher who scheduled it.
/// </summary>
public sealed record PostPublished(int Revision, ContentActor By, string? Comment, Instant At, Instant? ScheduledFor = null);

/// <summary>The approved <paramref name="Revision"/> is to be published at <paramref name="PublishAt"/>; a later schedule replaces it.</summary>
public sealed record PublicationScheduled(int Revision, Instant PublishAt, ContentActor By, string? Comment, Instant At);

/// <summary>A scheduled publication was called off; the post stays approved.</summary>
public sealed record ScheduledPublicationCancelled(ContentActor By, Instant At);

/// <summary>The live <paramref name="Revision"/> is to be withdrawn at <paramref name="WithdrawAt"/> for <paramref name="Reason"/>.</summary>
public sealed record WithdrawalScheduled(int Revision, Instant WithdrawAt, ContentActor By, string Reason, Instant At);

/// <summary>A scheduled withdrawal was called off; the post stays live.</summary>
public sealed record ScheduledWithdrawalCancelled(ContentActor By, Instant At);

/// <summary>
/// The post was taken down (live <paramref name="Revision"/>); any review of a newer revision ends
/// with it. <paramref name="ScheduledFor"/> is set when a scheduled withdrawal ran.
/// </summary>
public sealed record PostWithdrawn(int Revision, ContentActor By, string Reason, Instant At, Instant? ScheduledFor = null);

/// <summary>The post was archived: no longer shown to members, kept for the record.</summary>
public sealed record PostArchived(int? Revision, ContentActor By, string? Comment, Instant At);

/// <summary>One saved revision of a post.</summary>
public sealed record PostRevision(int Number, PostContent Content, ContentActor By, Instant At);

/// <summary>When a bulletin was first submitted for its month, and whether that was by the due date.</summary>
public sealed record BulletinSubmission(LocalDate Month, LocalDate SubmittedOn, bool OnTime);

/// <summary>One approval step of the current round (or of the live revision's round).</summary>
public sealed record PostApproval(int Step, int Revision, ContentActor By, string? Comment, Instant At);

/// <summary>A scheduled publication or withdrawal: which revision, when, who decided and why.</summary>
public sealed record PostSchedule(int Revision, Instant At, ContentActor By, string? Note);

/// <summary>What is live and on whose decisions: the source of the attribution line.</summary>
public sealed record PostPublication(int Revision, IReadOnlyList<PostApproval> Approvals, ContentActor By, Instant At);

/// <summary>
/// A handbook post: news, a document or a cell-meeting bulletin, owned by one unit, with every saved
/// revision and the review decisions on it. <see cref="LatestRevision"/> is the one being worked on;
/// <see cref="LiveRevision"/> the one members see, which stays up while a newer one is reviewed.
/// The snapshot doubles as the editorial desk's list row (status, kind, unit, title, authors, times).
/// </summary>
public sealed class Post
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public Guid UnitId { get; set; }

    public string UnitName { get; set; } = string.Empty;

    public PostKind Kind { get; set; }

    public PostStatus Status { get; set; }

    /// <summary>The latest revision's title, for lists.</summary>
    public string Title { get; set; } = string.Empty;

    public List<PostRevision> Revisions { get; set; } = [];

    public int LatestRevision { get; set; }

    /// <summary>The revision members see, or null when nothing is live.</summary>
    public int? LiveRevision { get; set; }

    /// <summary>Everyone who created or revised a revision: none of them may approve or publish the post.</summary>
    public List<Guid> AuthorIds { get; set; } = [];

    /// <summary>Approvals the current round needs, fixed at submission.</summary>
    public int RequiredApprovals { get; set; }

    /// <summary>The approvals of the current round, cleared by a new submission, a revision or a request for changes.</summary>
    public List<PostApproval> Approvals { get; set; } = [];

    public PostPublication? Live { get; set; }

    public PostSchedule? ScheduledPublication { get; set; }

    public PostSchedule? ScheduledWithdrawal { get; set; }

    /// <summary>The reason of the last request for changes, rejection or withdrawal.</summary>
    public string? LastReason { get; set; }

    public Instant CreatedAt { get; set; }

    /// <summary>When the live revision went out, in Unix milliseconds (a column: the feed pages on it); null when nothing is live.</summary>
    public long? PublishedOrder { get; set; }

    /// <summary>The latest revision's bulletin month, for the list of cells late with their bulletin.</summary>
    public LocalDate? BulletinMonth { get; set; }

    /// <summary>
    /// The first submission for the bulletin's month: a bulletin submitted late stays late on the
    /// record once approved and published, and one sent back for changes keeps its first date.
    /// </summary>
    public BulletinSubmission? BulletinSubmission { get; set; }

    /// <summary>The cell a live bulletin is for: its audience.</summary>
    public Guid? LiveCellId { get; set; }

    /// <summary>The live document's end of validity: the feed leaves out what has expired.</summary>
    public LocalDate? LiveValidUntil { get; set; }

    public Instant UpdatedAt { get; set; }

    /// <summary>When the post first went live: coverage counts a post in the period it was first published, whatever happened later.</summary>
    public Instant? FirstPublishedAt { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsLive => LiveRevision is not null;

    [System.Text.Json.Serialization.JsonIgnore]
    public PostRevision Latest => Revisions[^1];

    /// <summary>The content members see, or null when nothing is live.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public PostContent? LiveContent => LiveRevision is { } live ? Revisions.Find(r => r.Number == live)?.Content : null;

    public static Post Create(PostDrafted e)
    {
        var post = new Post
        {
            Id = e.PostId,
            Version = 1,
            UnitId = e.UnitId,
            UnitName = e.UnitName,
            Kind = e.Content.Kind,
            Status = PostStatus.Draft,
            CreatedAt = e.At,
        };
        post.AddRevision(new PostRevision(1, e.Content, e.By, e.At));
        return post;
    }

    public void Apply(PostRevised e)
    {
        AddRevision(new PostRevision(e.Revision, e.Content, e.By, e.At));
        // An approval is of the revision it saw: changed content needs review again, and the
        // publication scheduled for the old content must not go out.
        Status = PostStatus.Draft;
        Approvals.Clear();
        ScheduledPublication = null;
    }

    public void Apply(PostSubmitted e)
    {
        Status = PostStatus.Submitted;
        if (Kind == PostKind.Bulletin && BulletinMonth is { } month && BulletinSubmission?.Month != month)
        {
            var on = e.At.InZone(VietnamTime.Zone).Date;
            BulletinSubmission = new BulletinSubmission(month, on, e.BulletinOnTime ?? on <= Bulletins.DueBy(month));
        }

        RequiredApprovals = e.ApprovalSteps;
        Approvals.Clear();
        LastReason = null;
        UpdatedAt = e.At;
    }

    public void Apply(PostApproved e)
    {
        Approvals.Add(new PostApproval(e.Step, e.Revision, e.By, e.Comment, e.At));
        if (Approvals.Count >= RequiredApprovals)
        {
            Status = PostStatus.Approved;
        }

        UpdatedAt = e.At;
    }

    public void Apply(PostChangesRequested e)
    {
        Status = PostStatus.ChangesRequested;
        Approvals.Clear();
        LastReason = e.Reason;
        UpdatedAt = e.At;
    }

    public void Apply(PostRejected e)
    {
        Status = PostStatus.Rejected;
        LastReason = e.Reason;
        UpdatedAt = e.At;
    }

    public void Apply(PostPublished e)
    {
        Status = PostStatus.Published;
        LiveRevision = e.Revision;
        FirstPublishedAt ??= e.At;
        Live = new PostPublication(e.Revision, Approvals.ToList(), e.By, e.At);
        ScheduledPublication = null;
        UpdatedAt = e.At;
        var live = Revisions.Find(r => r.Number == e.Revision)?.Content ?? Latest.Content;
        PublishedOrder = e.At.ToUnixTimeMilliseconds();
        LiveCellId = live.CellId;
        LiveValidUntil = live.ValidUntil;
    }

    public void Apply(PublicationScheduled e)
    {
        ScheduledPublication = new PostSchedule(e.Revision, e.PublishAt, e.By, e.Comment);
        UpdatedAt = e.At;
    }

    public void Apply(ScheduledPublicationCancelled e)
    {
        ScheduledPublication = null;
        UpdatedAt = e.At;
    }

    public void Apply(WithdrawalScheduled e)
    {
        ScheduledWithdrawal = new PostSchedule(e.Revision, e.WithdrawAt, e.By, e.Reason);
        UpdatedAt = e.At;
    }

    public void Apply(ScheduledWithdrawalCancelled e)
    {
        ScheduledWithdrawal = null;
        UpdatedAt = e.At;
    }

    public void Apply(PostWithdrawn e)
    {
        TakeDown(PostStatus.Withdrawn, e.At);
        LastReason = e.Reason;
    }

    public void Apply(PostArchived e) => TakeDown(PostStatus.Archived, e.At);

    private void AddRevision(PostRevision revision)
    {
        Revisions.Add(revision);
        LatestRevision = revision.Number;
        Title = revision.Content.Title;
        BulletinMonth = revision.Content.Month;
        if (!AuthorIds.Contains(revision.By.UserId))
        {
            AuthorIds.Add(revision.By.UserId);
        }

        UpdatedAt = revision.At;
    }

    // Nothing stays pending on a post taken down: a scheduled publication or a review of a newer
    // revision would otherwise bring it back without anyone deciding so.
    private void TakeDown(PostStatus status, Instant at)
    {
        Status = status;
        LiveRevision = null;
        Live = null;
        Approvals.Clear();
        ScheduledPublication = null;
        ScheduledWithdrawal = null;
        UpdatedAt = at;
        PublishedOrder = null;
        LiveCellId = null;
        LiveValidUntil = null;
    }
}
