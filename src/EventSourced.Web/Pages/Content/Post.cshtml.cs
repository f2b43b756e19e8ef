using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Content;
using EventSourced.Domain.Content.Files;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace EventSourced.Web.Pages.Content;

/// <summary>
/// A post's page: the revision shown (the latest unless another is asked for), what is live and who
/// approved and published it, the whole approval trail read from the events, every revision with
/// links to compare them, and the actions the user's board roles allow, each sent against the
/// revision and version the user saw.
/// </summary>
public sealed class PostModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, CommandSender sender, FileStore files, IClock clock, IStringLocalizer<SharedResource> text) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [FromQuery(Name = "revision")]
    public int? RevisionShown { get; set; }

    [BindProperty]
    public int ExpectedVersion { get; set; }

    [BindProperty]
    public int Revision { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public LocalDateTime? At { get; set; }

    public Post Post { get; private set; } = null!;

    public PostRevision Shown { get; private set; } = null!;

    public PostActions Actions { get; private set; } = null!;

    public PostAttribution? Attribution { get; private set; }

    public IReadOnlyList<TrailEntry> Trail { get; private set; } = [];

    public IReadOnlyDictionary<Guid, StoredFile> Files { get; private set; } = new Dictionary<Guid, StoredFile>();

    public string? CellName { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(string act, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        var actor = user.Id ?? Guid.Empty;
        // The review form has one box: a comment when approving, the required reason when sending back or rejecting.
        var reason = Reason ?? Comment ?? string.Empty;
        var at = At is { } local ? local.InZoneLeniently(VietnamTime.Zone).ToInstant() : default;
        object? command = act switch
        {
            "submit" => new SubmitPost(Id, ExpectedVersion, Revision, actor, Comment),
            "approve" => new ApprovePost(Id, ExpectedVersion, Revision, actor, Comment),
            "request-changes" => new RequestChanges(Id, ExpectedVersion, Revision, actor, reason),
            "reject" => new RejectPost(Id, ExpectedVersion, Revision, actor, reason),
            "publish" => new PublishPost(Id, ExpectedVersion, Revision, actor, Comment),
            "schedule-publication" => new SchedulePublication(Id, ExpectedVersion, Revision, actor, at, Comment),
            "cancel-publication" => new CancelScheduledPublication(Id, ExpectedVersion, actor),
            "withdraw" => new WithdrawPost(Id, ExpectedVersion, Revision, actor, reason),
            "schedule-withdrawal" => new ScheduleWithdrawal(Id, ExpectedVersion, Revision, actor, at, reason),
            "cancel-withdrawal" => new CancelScheduledWithdrawal(Id, ExpectedVersion, actor),
            "archive" => new ArchivePost(Id, ExpectedVersion, actor, Comment),
            _ => null,
        };
        if (command is null)
        {
            return BadRequest();
        }

        if (act is "schedule-publication" or "schedule-withdrawal" && At is null)
        {
            return Refused(text.Invalid("Content.ScheduleTimeRequired", "At"));
        }

        var refusal = await sender.TrySendAsync(() => command, Permission.ChangeContent, _ => [Post.UnitId], new AuditNote(Reason ?? Comment, null), Id, ct);
        if (refusal is null)
        {
            TempData["Flash"] = text["Content.Done." + act].Value;
            return Redirect($"/content/{Id}");
        }

        await LoadAsync(ct);
        return Refused(refusal);
    }

    private PageResult Refused(Refusal refusal) => this.Refuse(refusal);

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (await session.LoadAsync<Post>(Id, ct) is not { } post)
        {
            return NotFound();
        }

        // The scope serves both the read rule and the actions offered: loaded once.
        var scope = await ContentScope.ForAsync(post.UnitId, directory, session, ct);
        if (!await ContentScope.SeatedAsync(scope, user, ct) && !await user.CanSeeAsync(post.UnitId, ct))
        {
            return Forbid();
        }

        Post = post;
        Shown = (RevisionShown is { } number ? post.Revisions.Find(r => r.Number == number) : null) ?? post.Latest;
        Actions = PostActions.For(post, scope, user.Id ?? Guid.Empty);
        Attribution = PostAttribution.For(post);
        Trail = PostTrail.From((await session.Events.FetchStreamAsync(Id, token: ct)).Select(e => e.Data));
        var found = new Dictionary<Guid, StoredFile>();
        foreach (var id in new[] { Shown.Content.CoverFileId, Shown.Content.AttachmentFileId }.OfType<Guid>())
        {
            if (await files.FindAsync(id, ct) is { } file)
            {
                found[id] = file;
            }
        }

        Files = found;
        CellName = Shown.Content.CellId is { } cell ? (await directory.TreeAsync(ct: ct)).Find(cell)?.Name : null;
        if (HttpMethods.IsGet(Request.Method))
        {
            // On a post the values are the ones the user's form carried: the version and revision they saw.
            ExpectedVersion = post.Version;
            Revision = post.LatestRevision;
        }

        At ??= clock.GetCurrentInstant().InZone(VietnamTime.Zone).LocalDateTime.PlusHours(1).With(TimeAdjusters.TruncateToHour);
        return null;
    }
}
