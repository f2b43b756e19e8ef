using System.Net;
using System.Text.RegularExpressions;

namespace EventSourced.Benchmarks;

/// <summary>Signing in and reading forms as a browser does, for every benchmark that talks to the pages.</summary>
internal static partial class DemoSignIn
{
    public const string Username = "admin";
    public const string Password = "demo";

    /// <summary>The antiforgery token of a form page; <paramref name="what"/> names the form in the error.</summary>
    public static string Token(string html, string what) =>
        AntiforgeryField().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups["token"].Value)
            : throw new BenchmarkException($"The {what} has no __RequestVerificationToken field.");

    /// <summary>Signs in through the form: the antiforgery token and cookie come from the GET.</summary>
    public static async Task SignInAsync(HttpClient client, CancellationToken ct)
    {
        var form = await client.GetStringAsync(new Uri("/login", UriKind.Relative), ct);
        using var fields = new FormUrlEncodedContent([
            new("username", Username),
            new("password", Password),
            new("__RequestVerificationToken", Token(form, "sign-in form")),
        ]);
        using var response = await client.PostAsync(new Uri("/login", UriKind.Relative), fields, ct);
        // Success is a redirect away from the form; a wrong password renders the form again (200).
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.SeeOther))
        {
            throw new BenchmarkException($"Signing in as {Username} answered {(int)response.StatusCode} instead of a redirect: is the demo account there?");
        }
    }

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*value="(?<token>[^"]*)"|<input[^>]*value="(?<token>[^"]*)"[^>]*name="__RequestVerificationToken"[^>]*>""")]
    private static partial Regex AntiforgeryField();
}
