using System.Text;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>The checks the content procedures share, each failing with a named rule.</summary>
public static class ContentRules
{
    public const int MaxTags = 20;

    /// <summary>
    /// Markdown, normalised to NFC with Unix line ends but otherwise as written: collapsing spaces
    /// would break its indentation (nested lists, code).
    /// </summary>
    public static string? Markdown(string? text, int limit, string field, bool required)
    {
        var clean = (text ?? string.Empty).Normalize(NormalizationForm.FormC).Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (clean.Length == 0)
        {
            return required ? throw new RuleViolation(field + "Required") : null;
        }

        return Input.AtMost(clean, limit, field);
    }

    /// <summary>A reason for sending back, rejecting or withdrawing: the authors and the audit need it.</summary>
    public static string Reason(string? reason) => Input.Required(reason, TextLimits.Reason, "Content.Reason");

    /// <summary>
    /// Stores the reason the decision checked as the events' reason header, so the board's history shows
    /// the very text that was required, whatever the sender put in the envelope.
    /// </summary>
    public static void RecordReason(IDocumentSession session, string? reason)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.SetHeader(AuditHeaders.Reason, Reason(reason));
    }

    public static string? Comment(string? comment) => Input.Optional(comment, TextLimits.Reason, "Content.Comment");

    /// <summary>
    /// The decision must be about the revision the user saw: an approval recorded against content
    /// they never read would be worthless. The message names who changed it and when.
    /// </summary>
    public static void SawLatest(Post post, int revision)
    {
        if (revision != post.LatestRevision)
        {
            throw new RuleViolation("Content.StaleRevision", post.LatestRevision, post.Latest.By.Name, post.Latest.At);
        }
    }

    /// <summary>Rejected and archived posts are closed for good.</summary>
    public static void NotClosed(Post post)
    {
        if (post.Status is PostStatus.Rejected or PostStatus.Archived)
        {
            throw new RuleViolation("Content.PostClosed", post.Status);
        }
    }

    /// <summary>
    /// The rule the handbook is built on: whoever wrote any revision of a post never approves or
    /// publishes it, whatever roles they hold.
    /// </summary>
    public static void NotAnAuthorOf(Post post, Guid userId, string rule)
    {
        if (post.AuthorIds.Contains(userId))
        {
            throw new RuleViolation(rule);
        }
    }

    /// <summary>A publication or withdrawal time must lie ahead; one already past would run at once, unannounced.</summary>
    public static Instant Future(Instant at, Instant now) =>
        at <= now
            ? throw new RuleViolation("Content.ScheduleInPast", at)
            // Whole seconds: the scheduled message carries the time back and must match it exactly.
            : Instant.FromUnixTimeSeconds(at.ToUnixTimeSeconds());

    /// <summary>The start of a board's stream, naming the unit as it stands on the tree's date.</summary>
    public static EditorialBoardFormed FormBoard(Guid unitId, OrganisationTree tree)
    {
        var unit = tree.Find(unitId) ?? throw new RuleViolation("Content.UnitNotFound");
        return unit.IsActive ? new EditorialBoardFormed(unit.Id, unit.Name) : throw new RuleViolation("Content.UnitNotActive", unit.Name);
    }

    /// <summary>The unit's board for writing, at the version the user saw (0 when it has none yet).</summary>
    public static Task<IEventStream<EditorialBoard>> FetchBoardAsync(IDocumentSession session, Guid unitId, int expectedVersion, CancellationToken ct) =>
        session.Events.FetchForWriting<EditorialBoard>(EditorialBoard.StreamIdFor(unitId), expectedVersion, ct);

    /// <summary>A post for writing, at the version the user saw.</summary>
    public static Task<IEventStream<Post>> FetchPostAsync(IDocumentSession session, Guid postId, int expectedVersion, CancellationToken ct) =>
        Streams.AtVersionAsync<Post>(session, postId, expectedVersion, "Content.PostNotFound", ct);

    /// <summary>A post for writing by a scheduled message, which saw no version.</summary>
    public static Task<IEventStream<Post>> FetchPostAsync(IDocumentSession session, Guid postId, CancellationToken ct) =>
        Streams.LatestAsync<Post>(session, postId, "Content.PostNotFound", ct);

    /// <summary>The boards that may act on <paramref name="unitId"/>'s content today.</summary>
    public static async Task<BoardScope> LoadScopeAsync(IQuerySession session, Guid unitId, IClock clock, CancellationToken ct) =>
        await LoadScopeAsync(session, unitId, await OrganisationRules.LoadTreeAsync(session, VietnamTime.Today(clock), ct), ct);

    /// <summary>The boards that may act on <paramref name="unitId"/>'s content in <paramref name="tree"/> (screens pass their cached tree).</summary>
    public static async Task<BoardScope> LoadScopeAsync(IQuerySession session, Guid unitId, OrganisationTree tree, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var ids = tree.Ancestors(unitId).Select(n => n.Id).Append(unitId).Select(EditorialBoard.StreamIdFor).ToArray();
        var boards = await session.LoadManyAsync<EditorialBoard>(ct, ids);
        return BoardScope.For(unitId, tree, boards);
    }
}
