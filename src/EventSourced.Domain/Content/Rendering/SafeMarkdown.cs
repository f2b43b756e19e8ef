using System.Text;
using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;

namespace EventSourced.Domain.Content.Rendering;

/// <summary>
/// Turns an author's Markdown into HTML that is safe to put on a page as it is, and into plain text
/// for search and summaries. Two walls, because either alone has failed elsewhere: Markdig is told
/// not to pass raw HTML through, and its output is still run through an allow-list sanitiser, so a
/// Markdig extension or parser quirk that emits something unexpected is cut off there.
/// </summary>
public static class SafeMarkdown
{
    private const string LinkRel = "noopener noreferrer nofollow";

    // The advanced extensions chosen one by one rather than UseAdvancedExtensions(): that set also
    // brings generic attributes ({onclick=...} on any element), media links (iframes), footnotes and
    // auto-identifiers (element ids, which can clobber script globals), all of which the sanitiser
    // would have to strip again.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAbbreviations()
        .UseAutoLinks()
        .UseCitations()
        .UseDefinitionLists()
        .UseEmphasisExtras()
        .UseFigures()
        .UseGridTables()
        .UseListExtras()
        .UsePipeTables()
        .DisableHtml()
        .Build();

    // Sanitize is safe to call from many threads on one instance as long as its settings are not
    // changed afterwards; they are only set here.
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>
    /// The HTML for <paramref name="markdown"/>: only article elements survive (paragraphs, headings,
    /// lists, emphasis, quotes, code, tables, links to http/https/mailto or within the site, images from
    /// "/files/..." or https); no scripts, event handlers, styles, frames or script-capable URLs.
    /// </summary>
    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return string.Empty;
        }

        var html = Markdown.ToHtml(markdown.Normalize(NormalizationForm.FormC), Pipeline);
        return Sanitize(html);
    }

    /// <summary>
    /// The second wall on its own, so tests can prove it holds against HTML that Markdig would
    /// never produce today.
    /// </summary>
    internal static string Sanitize(string html) => Sanitizer.Sanitize(html).Trim();

    /// <summary>
    /// The words of <paramref name="markdown"/> without markup, on one line with single spaces, for
    /// the search index and list summaries. It is text, not HTML: whoever shows it must encode it
    /// (Razor does), since raw HTML in the source is kept here as the literal characters the author typed.
    /// </summary>
    public static string ToPlainText(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return string.Empty;
        }

        var text = Markdown.ToPlainText(markdown.Normalize(NormalizationForm.FormC), Pipeline);
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// True for the link targets an article may have: http, https and mailto addresses, a path on
    /// this site ("/..." but not "//host", which is another site) and a fragment ("#..."). The scheme
    /// is compared on the literal start of the text, so "jav&#x09;ascript:" and other spellings that a
    /// browser would clean up into "javascript:" never match.
    /// </summary>
    internal static bool IsAllowedLink(string url) =>
        IsSitePath(url)
        || url.StartsWith('#')
        || HasScheme(url, Uri.UriSchemeHttps)
        || HasScheme(url, Uri.UriSchemeHttp)
        || HasScheme(url, Uri.UriSchemeMailto);

    /// <summary>
    /// True for image sources: an uploaded file ("/files/...") or an https address. Plain http would
    /// make the page mixed content; other paths on the site could make the reader's browser call
    /// pages (with the reader's cookies) just by showing the article.
    /// </summary>
    internal static bool IsAllowedImage(string url) =>
        (url.StartsWith("/files/", StringComparison.OrdinalIgnoreCase) && !url.Contains("..", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal))
        || HasScheme(url, Uri.UriSchemeHttps);

    private static bool IsSitePath(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);

    private static bool HasScheme(string url, string scheme) =>
        url.StartsWith(scheme + ":", StringComparison.OrdinalIgnoreCase)
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, scheme, StringComparison.OrdinalIgnoreCase);

    private static readonly HashSet<string> DroppedWithContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "template", "noscript", "noembed", "noframes", "iframe", "object", "embed",
        "svg", "math", "textarea", "select", "title", "xmp", "plaintext",
    };

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
                "ul", "ol", "li", "dl", "dt", "dd",
                "strong", "em", "b", "i", "del", "ins", "mark", "sub", "sup", "abbr", "cite",
                "a", "blockquote", "code", "pre", "img", "figure", "figcaption",
                "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "href", "src", "alt", "title", "colspan", "rowspan", "start",
            },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                Uri.UriSchemeHttp, Uri.UriSchemeHttps, Uri.UriSchemeMailto,
            },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedClasses = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        })
        {
            // The words inside a refused element (a stray <span>, <u>) are kept: losing an author's
            // text silently is worse than losing its formatting.
            KeepChildNodes = true,
        };

        // ...except inside elements whose content is code or foreign markup, not words: kept, a
        // script would show as its source text on the page.
        sanitizer.RemovingTag += (_, e) =>
        {
            if (DroppedWithContent.Contains(e.Tag.LocalName))
            {
                e.Tag.TextContent = string.Empty;
            }
        };

        // The sanitiser's own scheme check runs first; this is the stricter, element-aware rule on
        // top of it (images and links have different allow-lists). A null URL removes the attribute.
        sanitizer.FilterUrl += (_, e) =>
        {
            if (e.SanitizedUrl is null)
            {
                return;
            }

            var allowed = e.Tag.NodeName.Equals("IMG", StringComparison.OrdinalIgnoreCase)
                ? IsAllowedImage(e.OriginalUrl.Trim())
                : IsAllowedLink(e.OriginalUrl.Trim());
            if (!allowed)
            {
                e.SanitizedUrl = null;
            }
        };

        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not IElement element)
            {
                return;
            }

            if (element.NodeName.Equals("A", StringComparison.OrdinalIgnoreCase) && element.HasAttribute("href"))
            {
                // Author links lead off the site: no window.opener, no referrer, no ranking credit.
                // Set after sanitising, so "rel" itself is not on the allow-list and never comes from the author.
                element.SetAttribute("rel", LinkRel);
            }
            else if (element.NodeName.Equals("IMG", StringComparison.OrdinalIgnoreCase) && !element.HasAttribute("src"))
            {
                // An image whose source was refused would show as a broken frame; say what it was instead.
                var alt = element.GetAttribute("alt");
                e.ReplacementNodes.Add(e.Document.CreateTextNode(alt ?? string.Empty));
            }
        };

        return sanitizer;
    }
}
