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
    public static string TestIdText(this string html, string testId)
    {
        var match = Regex.Match(html, $"<(\\w+)[^>]*data-testid=\"{Regex.Escape(testId)}\"[^>]*>(.*?)</\\1>", RegexOptions.Singleline);
        return match.Success ? WebUtility.HtmlDecode(Tags().Replace(match.Groups[2].Value, string.Empty)).Trim() : string.Empty;
    }

    /// <summary>Whether the page has an element with <paramref name="testId"/>.</summary>
    public static bool HasTestId(this string html, string testId) => html.Contains($"data-testid=\"{testId}\"", StringComparison.Ordinal);

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
