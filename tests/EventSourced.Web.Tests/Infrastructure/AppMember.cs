using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using EventSourced.Web.Api;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>A member of the demo city signed in to the handbook app: admitted, given a credential by staff, holding a token.</summary>
public sealed partial record AppMember(Guid Id, string Token)
{
    /// <param name="signInThroughApi">
    /// False signs the token with the application's own keys instead of asking <c>/api/app/token</c>,
    /// for a test that needs more members than that endpoint's per-address limit allows in a minute.
    /// </param>
    public static async Task<AppMember> CreateAsync(AppFixture app, string name, string citizenId, bool signInThroughApi = true)
    {
        var staff = await app.SignInAsync("staff");
        var id = await AdmissionForm.AdmitAsync(staff, name, citizenId);
        return await GrantAsync(app, staff, id, citizenId, signInThroughApi);
    }

    /// <summary>Staff give a member just admitted (version 1) the app; the member signs in as in <see cref="CreateAsync"/>.</summary>
    public static async Task<AppMember> GrantAsync(AppFixture app, WebSession staff, Guid id, string citizenId, bool signInThroughApi = false)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(staff);
        var accessId = Guid.NewGuid();
        var granted = await staff.PostFormAsync($"/members/{id}/app", $"/members/{id}/app?handler=Grant", new Dictionary<string, string> { ["ExpectedVersion"] = "1", ["AccessId"] = accessId.ToString() });
        if (!signInThroughApi)
        {
            granted.StatusCode.ShouldBe(HttpStatusCode.OK);
            var protection = app.Host.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>();
            return new AppMember(id, MemberAppAuthentication.IssueToken(protection, id, accessId, DateTimeOffset.UtcNow + MemberAppAuthentication.Lifetime));
        }

        var secret = SecretPattern().Match(await granted.Content.ReadAsStringAsync()).Groups[1].Value;
        var token = await new WebSession(app.Host).PostJsonAsync("/api/app/token", new AppTokenRequest(citizenId, secret));
        token.StatusCode.ShouldBe(HttpStatusCode.OK);
        return new AppMember(id, (await token.Content.ReadFromJsonAsync<AppTokenResponse>(WebSession.Json))!.AccessToken);
    }

    /// <summary>A client that sends the member's token, as the app does.</summary>
    public HttpClient Client(AppFixture app)
    {
        var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    /// <summary>Reports through the app that <paramref name="field"/> should read <paramref name="value"/>; the report's id.</summary>
    public async Task<Guid> ReportAsync(AppFixture app, EventSourced.Domain.Members.RecordReviews.RecordField field, string value, string? note = null)
    {
        var id = Guid.NewGuid();
        using var client = Client(app);
        var response = await client.PostAsJsonAsync("/api/app/me/reports", new AppReportBody(id, field, value, note), WebSession.Json);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return id;
    }

    /// <summary>The member's reports as the app reads them.</summary>
    public async Task<IReadOnlyList<AppReport>> ReportsAsync(AppFixture app)
    {
        using var client = Client(app);
        return (await client.GetFromJsonAsync<List<AppReport>>("/api/app/me/reports", WebSession.Json))!;
    }

    [GeneratedRegex("data-testid=\"secret\">([A-Z0-9-]+)<")]
    private static partial Regex SecretPattern();
}
