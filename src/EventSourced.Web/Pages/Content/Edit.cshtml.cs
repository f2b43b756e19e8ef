using EventSourced.Domain.Accounts;
using EventSourced.Domain.Content;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EventSourced.Web.Pages.Content;

/// <summary>
/// An author saves a new revision of a post, against the version they opened: a post changed in the
/// meantime fails with who changed it and when, and a submitted post cannot be changed in place.
/// </summary>
public sealed class EditModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, CommandSender sender, FileStore files, IStringLocalizer<SharedResource> text) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public int ExpectedVersion { get; set; }

    [BindProperty]
    public PostInput Input { get; set; } = new();

    public Post Post { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await session.LoadAsync<Post>(Id, ct) is not { } post)
        {
            return NotFound();
        }

        if (!await ContentScope.CanReadAsync(post, user, directory, session, ct))
        {
            return Forbid();
        }

        Post = post;
        ExpectedVersion = post.Version;
        Input = PostInput.From(post.Latest.Content, await directory.TreeAsync(ct: ct));
        if (post.Status == PostStatus.Submitted)
        {
            this.Show(text.Invalid("Content.SubmittedLocked", null));
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await session.LoadAsync<Post>(Id, ct) is not { } post)
        {
            return NotFound();
        }

        Post = post;
        Input.Kind = post.Kind;
        if ((await ContentScope.ForAsync(post.UnitId, directory, session, ct)).Find(user.Id ?? Guid.Empty, BoardRole.Author) is null)
        {
            // Refused before any upload is stored: only the post's authors put files on it.
            return this.Refuse(text.Invalid("Content.NotAnAuthor", null, post.UnitName));
        }

        var invalid = this.InputErrors(text);
        if (invalid.Count > 0)
        {
            return this.Refuse(new Refusal(RefusalKind.Invalid, invalid));
        }

        var refusal = await sender.TryAsync(
            async () =>
            {
                var content = await Input.ToContentAsync(files, await directory.TreeAsync(ct: ct), Id, User.Identity?.Name ?? "?", ct);
                await sender.SendAsync(new RevisePost(Id, ExpectedVersion, user.Id ?? Guid.Empty, content), Permission.ChangeContent, [post.UnitId], AuditNote.None, ct);
            },
            Id,
            ct);
        if (refusal is not null)
        {
            // The author's text stays in the form; the version moves on so they can save over it knowingly.
            return await this.RefuseAsync(refusal, text, reload: async () =>
            {
                Post = (await session.LoadAsync<Post>(Id, ct))!;
                ExpectedVersion = Post.Version;
            });
        }

        TempData["Flash"] = text["Content.Revised"].Value;
        return Redirect($"/content/{Id}");
    }
}
