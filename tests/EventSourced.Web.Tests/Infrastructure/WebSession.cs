using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alba;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// A user at the in-memory server: keeps cookies like a browser, fetches a form to read its
/// antiforgery token before posting it, and never follows redirects so tests can see them.
/// With <c>clientAddress</c>, every request comes from that address (<see cref="TestClientAddress"/>); with
/// <c>site</c>, every request goes to that host name (a province's, decision 0025) instead of localhost.
/// </summary>
public sealed partial class WebSession
{
    private readonly CookieHandler _handler;
    private readonly HttpClient _client;

    public WebSession(IAlbaHost host, string? clientAddress = null, Uri? site = null)
    {
        _handler = new CookieHandler(host.Server.CreateHandler()) { Container = new CookieContainer() };
        if (clientAddress is not null)
        {
            _handler.Headers[TestClientAddress.Header] = clientAddress;
        }

        _client = new HttpClient(_handler) { BaseAddress = site ?? new Uri("http://localhost") };
    }

    /// <summary>The cookies this session would send, as a Cookie header (to replay them elsewhere).</summary>
    public string Cookies => _handler.Container.GetCookieHeader(_client.BaseAddress!);

    /// <summary>Sets a cookie as if the server had: a forged or replayed one, for tests of what the server makes of it.</summary>
    public void AddCookie(string name, string value) => _handler.Container.Add(_client.BaseAddress!, new Cookie(name, value, "/"));

    /// <summary>Drops one cookie, as a browser does when it expires.</summary>
    public void ForgetCookie(string name)
    {
        foreach (Cookie cookie in _handler.Container.GetCookies(_client.BaseAddress!))
        {
            if (cookie.Name == name)
            {
                cookie.Expired = true;
            }
        }
    }

    /// <summary>Headers sent with every request from now on (e.g. X-Forwarded-For as a proxy or a forger would send it).</summary>
    public IDictionary<string, string> Headers => _handler.Headers;

    /// <summary>GET, optionally as htmx would send it (and aimed at a region's id).</summary>
    public async Task<HttpResponseMessage> GetAsync(string url, bool htmx = false, string? target = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }

        if (target is not null)
        {
            request.Headers.Add("HX-Target", target);
        }

        return await _client.SendAsync(request);
    }

    public async Task<string> GetTextAsync(string url)
    {
        var response = await GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {url}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Opens <paramref name="formUrl"/>, takes its antiforgery token, and posts the fields to <paramref name="postUrl"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formUrl, string postUrl, IDictionary<string, string> fields) =>
        await (await PrepareFormAsync(formUrl, postUrl, fields))();

    /// <summary>Opens the form and takes its token now; the returned call posts it later (see <see cref="AtTheSameMoment"/>).</summary>
    public async Task<Func<Task<HttpResponseMessage>>> PrepareFormAsync(string formUrl, string postUrl, IDictionary<string, string> fields)
    {
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(formUrl) };
        return () => PostRawAsync(postUrl, all);
    }

    /// <summary>The antiforgery token of a form on <paramref name="formUrl"/>; it is valid for any form of this session.</summary>
    public async Task<string> AntiforgeryTokenAsync(string formUrl)
    {
        var form = await GetAsync(formUrl);
        var html = await form.Content.ReadAsStringAsync();
        var token = TokenPattern().Match(html);
        token.Success.ShouldBeTrue($"no antiforgery token on {formUrl} ({(int)form.StatusCode})");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    /// <summary>Posts fields as they are, for tests that forge or replay a form.</summary>
    public async Task<HttpResponseMessage> PostRawAsync(string url, IDictionary<string, string> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await _client.PostAsync(url, content);
    }

    /// <summary>
    /// Opens <paramref name="formUrl"/>, takes its antiforgery token and hidden fields, and uploads
    /// <paramref name="bytes"/> as <paramref name="fileName"/> in a multipart post to <paramref name="postUrl"/>.
    /// </summary>
    public async Task<HttpResponseMessage> PostFileAsync(string formUrl, string postUrl, string fieldName, string fileName, byte[] bytes, IDictionary<string, string>? extraFields = null)
    {
        var form = await GetAsync(formUrl);
        var html = await form.Content.ReadAsStringAsync();
        var token = TokenPattern().Match(html);
        token.Success.ShouldBeTrue($"no antiforgery token on {formUrl} ({(int)form.StatusCode})");
        var fields = HiddenFieldPattern().Matches(html)
            .Where(m => m.Groups["name"].Value != "__RequestVerificationToken")
            .ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        foreach (var (name, value) in extraFields ?? new Dictionary<string, string>())
        {
            fields[name] = value;
        }

        return await PostFileRawAsync(postUrl, fieldName, fileName, bytes, fields);
    }

    /// <summary>Uploads a file with the fields as they are, for tests that forge or replay a form.</summary>
    public async Task<HttpResponseMessage> PostFileRawAsync(string url, string fieldName, string fileName, byte[] bytes, IDictionary<string, string>? fields = null)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            content.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, fieldName, fileName);
        return await _client.PostAsync(url, content);
    }

    public async Task<HttpResponseMessage> PostJsonAsync<T>(string url, T body) =>
        await _client.PostAsJsonAsync(url, body, Json);

    public async Task<T> GetJsonAsync<T>(string url)
    {
        var response = await GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {url}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Domain.Common.EventStoreConfiguration.ConfigureJson(options);
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        return options;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenFieldPattern();

    /// <summary>Keeps cookies across requests (the in-memory server's handler does not) and adds the session's headers.</summary>
    private sealed class CookieHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public CookieContainer Container { get; init; } = new();

        public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            foreach (var (name, value) in Headers)
            {
                request.Headers.Remove(name);
                request.Headers.Add(name, value);
            }

            var uri = request.RequestUri!;
            var header = Container.GetCookieHeader(uri);
            if (!string.IsNullOrEmpty(header))
            {
                request.Headers.Add("Cookie", header);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
            {
                foreach (var cookie in cookies)
                {
                    Container.SetCookies(uri, cookie);
                }
            }

            return response;
        }
    }
}
