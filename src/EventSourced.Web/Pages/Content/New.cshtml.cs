using EventSourced.Domain.Accounts;
using EventSourced.Domain.Content;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EventSourced.Web.Pages.Content;

/// <summary>An author starts a post of one kind for a unit whose board (or a board above it) they write for.</summary>
public sealed class NewModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, CommandSender sender, FileStore files, IStringLocalizer<SharedResource> text) : PageModel
{
    [FromQuery(Name = "kind")]
    public PostKind Kind { get; set; } = PostKind.News;

    /// <summary>Fixed when the form is shown, so sending it twice creates one post.</summary>
    [BindProperty]
    public Guid PostId { get; set; }

    [BindProperty]
    public string? UnitCode { get; set; }

    [BindProperty]
    public PostInput Input { get; set; } = new();

    /// <summary>The units whose boards the user writes for.</summary>
    public IReadOnlyList<EditorialBoard> AuthorBoards { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        PostId = Guid.CreateVersion7();
        Input = new PostInput { Kind = Kind };
        UnitCode ??= AuthorBoards.Count > 0 ? (await directory.TreeAsync(ct: ct)).Find(AuthorBoards[0].UnitId)?.Code : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Kind = Input.Kind;
        var tree = await directory.TreeAsync(ct: ct);
        var invalid = this.InputErrors(text);
        var unit = string.IsNullOrWhiteSpace(UnitCode) ? null : tree.FindActiveByCode(UnitCode.Trim());
        if (unit is null)
        {
            invalid.Add(text.Error("Installs.UnitNotFound", nameof(UnitCode), UnitCode ?? string.Empty));
        }

        if (invalid.Count > 0 || unit is null)
        {
            return Refused(new Refusal(RefusalKind.Invalid, invalid));
        }

        if ((await ContentScope.ForAsync(unit.Id, directory, session, ct)).Find(user.Id ?? Guid.Empty, BoardRole.Author) is null)
        {
            // Refused before any upload is stored: only authors of the unit's boards put files here.
            return Refused(text.Invalid("Content.NotAnAuthor", nameof(UnitCode), unit.Name));
        }

        var refusal = await sender.TryAsync(
            async () =>
            {
                var content = await Input.ToContentAsync(files, tree, PostId, User.Identity?.Name ?? "?", ct);
                await sender.SendAsync(new DraftPost(PostId, unit.Id, user.Id ?? Guid.Empty, content), Permission.ChangeContent, [unit.Id], AuditNote.None, ct);
            },
            PostId,
            ct);
        if (refusal is not null)
        {
            // The same form sent twice (its post id is chosen when it opens): the first post drafted it.
            return await this.RefuseAsync(refusal, text, recordedMeanwhile: async () => await session.LoadAsync<Post>(PostId, ct) is not null);
        }

        TempData["Flash"] = text["Content.Drafted"].Value;
        return Redirect($"/content/{PostId}");
    }

    private PageResult Refused(Refusal refusal) => this.Refuse(refusal);

    private async Task LoadAsync(CancellationToken ct) =>
        AuthorBoards = [.. (await ContentScope.BoardsOfAsync(user.Id ?? Guid.Empty, session, ct)).Where(b => b.Roles.HasFlag(BoardRole.Author)).Select(b => b.Board)];
}
