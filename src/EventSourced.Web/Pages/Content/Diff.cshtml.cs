using EventSourced.Domain.Content;
using EventSourced.Domain.Content.Rendering;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EventSourced.Web.Pages.Content;

/// <summary>One field of two revisions side by side, changed words marked.</summary>
public sealed record FieldDiff(string Label, IReadOnlyList<DiffSegment> Left, IReadOnlyList<DiffSegment> Right, bool Changed);

/// <summary>
/// Two revisions of a post side by side, field by field, with the words removed and added marked;
/// either side may be "live" (the revision members see).
/// </summary>
public sealed class DiffModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, IStringLocalizer<SharedResource> text) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [FromQuery(Name = "from")]
    public string? From { get; set; }

    [FromQuery(Name = "to")]
    public string? To { get; set; }

    public Post Post { get; private set; } = null!;

    public PostRevision? Left { get; private set; }

    public PostRevision? Right { get; private set; }

    public IReadOnlyList<FieldDiff> Fields { get; private set; } = [];

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
        Left = Find(post, From) ?? post.Revisions.Find(r => r.Number == post.LatestRevision - 1) ?? post.Revisions[0];
        Right = Find(post, To) ?? post.Latest;
        Fields = [.. FieldsOf(Left.Content).Zip(FieldsOf(Right.Content), (l, r) =>
        {
            var (left, right) = WordDiff.SideBySide(l.Value, r.Value);
            return new FieldDiff(l.Label, left, right, !string.Equals(l.Value, r.Value, StringComparison.Ordinal));
        })];
        return Page();
    }

    // Vietnamese letters stay as they are, as on every other page; only markup characters are escaped.
    private static readonly System.Text.Encodings.Web.HtmlEncoder Encoder = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>
    /// One side of a field, the changed words in &lt;del&gt; or &lt;ins&gt;, written without the
    /// whitespace Razor markup would add between segments (the cell keeps white space as typed).
    /// </summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent Render(IEnumerable<DiffSegment> segments, DiffKind marked, string tag)
    {
        var html = new System.Text.StringBuilder();
        foreach (var segment in segments)
        {
            var encoded = Encoder.Encode(segment.Text);
            html.Append(segment.Kind == marked ? $"<{tag}>{encoded}</{tag}>" : encoded);
        }

        return new Microsoft.AspNetCore.Html.HtmlString(html.ToString());
    }

    private static PostRevision? Find(Post post, string? which) => which switch
    {
        "live" => post.LiveRevision is { } live ? post.Revisions.Find(r => r.Number == live) : null,
        _ when int.TryParse(which, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) => post.Revisions.Find(r => r.Number == n),
        _ => null,
    };

    private IEnumerable<(string Label, string Value)> FieldsOf(PostContent c)
    {
        yield return (text["Content.Title"], c.Title);
        yield return (text["Content.Summary"], c.Summary ?? string.Empty);
        yield return (text["Content.BodyMarkdown"], c.Body ?? string.Empty);
        yield return (text["Content.Tags"], string.Join(", ", c.Tags));
        yield return (text["Content.DocumentNumber"], c.DocumentNumber ?? string.Empty);
        yield return (text["Content.IssuingBody"], c.IssuingBody ?? string.Empty);
        yield return (text["Content.IssuedOn"], Messages.DisplayDate(c.IssuedOn));
        yield return (text["Content.DocumentType"], c.DocumentType is { } t ? text.Name(t) : string.Empty);
        yield return (text["Content.Validity"], $"{Messages.DisplayDate(c.ValidFrom)} – {Messages.DisplayDate(c.ValidUntil)}");
        yield return (text["Content.Attachment"], c.AttachmentFileId?.ToString() ?? string.Empty);
        yield return (text["Content.Cover"], c.CoverFileId?.ToString() ?? string.Empty);
        yield return (text["Content.MeetingDate"], Messages.DisplayDate(c.MeetingDate));
        yield return (text["Content.Topic"], c.Topic ?? string.Empty);
    }
}
