using System.Net;
using System.Text.RegularExpressions;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>Reads a page by its test ids (<c>data-testid</c>), the names tests use instead of layout or wording.</summary>
public static partial class TestIds
{
    /// <summary>
    /// The text of the first element with <paramref name="testId"/>, tags stripped and HTML decoded;
    /// empty when the page has no such element.
    /// </summary>
    public static string TestIdText(this string html, string testId) => html.ElementText("data-testid", testId);

    /// <summary>
    /// The text of the first element whose <paramref name="attribute"/> is <paramref name="value"/>
    /// (a row's <c>data-transfer-id</c>, a timeline entry's <c>data-event</c>), tags stripped and HTML decoded.
    /// </summary>
    public static string ElementText(this string html, string attribute, string value) =>
        WebUtility.HtmlDecode(Tags().Replace(html.ElementHtml(attribute, value), string.Empty)).Trim();

    /// <summary>The markup inside the first element whose <paramref name="attribute"/> is <paramref name="value"/>; empty when there is none.</summary>
    public static string ElementHtml(this string html, string attribute, string value) =>
        Regex.Match(html, $"<(\\w+)[^>]*{Regex.Escape(attribute)}=\"{Regex.Escape(value)}\"[^>]*>(.*?)</\\1>", RegexOptions.Singleline).Groups[2].Value;

    /// <summary>Whether the page has an element with <paramref name="testId"/>.</summary>
    public static bool HasTestId(this string html, string testId) => html.Contains($"data-testid=\"{testId}\"", StringComparison.Ordinal);

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
