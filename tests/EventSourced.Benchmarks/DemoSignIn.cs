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

    /// <summary>Signs in through the form as <paramref name="username"/> (admin unless given): the antiforgery token and cookie come from the GET.</summary>
    public static async Task SignInAsync(HttpClient client, CancellationToken ct, string username = Username)
    {
        var form = await client.GetStringAsync(new Uri("/login", UriKind.Relative), ct);
        using var fields = new FormUrlEncodedContent([
            new("username", username),
            new("password", Password),
            new("__RequestVerificationToken", Token(form, "sign-in form")),
        ]);
        using var response = await client.PostAsync(new Uri("/login", UriKind.Relative), fields, ct);
        // Success is a redirect away from the form; a wrong password renders the form again (200).
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.SeeOther))
        {
            throw new BenchmarkException($"Signing in as {username} answered {(int)response.StatusCode} instead of a redirect: is the demo account there?");
        }
    }

    /// <summary>
    /// The admission form's fields for a man born in 1990 admitted into <paramref name="cell"/> in June
    /// 2024, with citizen ID and decision number made unique by <paramref name="serial"/>.
    /// </summary>
    public static FormUrlEncodedContent Admission(Guid id, int serial, string name, string cell, string token) =>
        new([
            new("NewMemberId", id.ToString()),
            new("FullName", name),
            new("Sex", "Male"),
            new("DateOfBirth", "1990-05-06"),
            new("CitizenId", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"00109{serial:D7}")),
            new("CellCode", cell),
            new("DecisionNumber", $"{serial}-QĐ/ĐU"),
            new("DecisionDate", "2024-06-05"),
            new("CeremonyDate", "2024-06-05"),
            new("__RequestVerificationToken", token),
        ]);

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*value="(?<token>[^"]*)"|<input[^>]*value="(?<token>[^"]*)"[^>]*name="__RequestVerificationToken"[^>]*>""")]
    private static partial Regex AntiforgeryField();
}
