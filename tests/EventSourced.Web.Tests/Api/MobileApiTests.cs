using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using EventSourced.Domain.Members;
using EventSourced.Web.Api;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Api;

/// <summary>
/// The handbook app over HTTP: staff issue a credential, the app exchanges it for a short-lived
/// token, reads "me", and loses access the moment the credential is revoked.
/// </summary>
public sealed partial class MobileApiTests(MobileApiTests.Fixture app) : IClassFixture<MobileApiTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    [Fact]
    public async Task a_member_signs_in_with_the_credential_staff_issued_and_reads_their_record()
    {
        var (memberId, citizenId) = await AdmitAsync("Phạm Minh Đức", "001090000101");
        var secret = await GrantAsync(memberId);

        var token = await TokenAsync(citizenId, secret.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        var me = await MeAsync(token);

        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await me.Content.ReadFromJsonAsync<AppMe>(WebSession.Json))!;
        body.FullName.ShouldBe("PHẠM MINH ĐỨC");
        body.CitizenId.ShouldBe(citizenId);
        body.Status.ShouldBe(MembershipStatus.Probationary);
        body.Cell!.Id.ShouldBe(AdmissionForm.Cell.OrganisationId);
        body.Units.Select(u => u.Id).ShouldBe([DemoUnits.City, DemoUnits.BaDinh.OrganisationId, AdmissionForm.Cell.ParentId!.Value, AdmissionForm.Cell.OrganisationId]);
    }

    [Fact]
    public async Task wrong_credentials_and_unknown_logins_get_the_same_refusal()
    {
        var (memberId, citizenId) = await AdmitAsync("Lê Thị Hạnh", "001190000102");
        await GrantAsync(memberId);

        var wrong = await PostTokenAsync(citizenId, "AAAA-BBBB-CC");
        var unknown = await PostTokenAsync("001099999999", "AAAA-BBBB-CC");
        var empty = await PostTokenAsync("", "");

        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        unknown.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await wrong.Content.ReadAsStringAsync()).ShouldBe(await unknown.Content.ReadAsStringAsync());
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task a_refused_token_is_held_to_the_sign_in_floor()
    {
        app.SignInPacing.Delays.Clear();

        (await PostTokenAsync("001099999997", "AAAA-BBBB-CC", "198.51.100.103")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        app.SignInPacing.Delays.Count.ShouldBe(1);
    }

    [Fact]
    public async Task six_wrong_credentials_from_one_address_do_not_stop_the_member_signing_in_from_another()
    {
        var (memberId, citizenId) = await AdmitAsync("Hoàng Thị Thu", "001190000104");
        var secret = await GrantAsync(memberId);
        var free = Web.Infrastructure.SignInThrottlePolicy.Default.FreeAttemptsPerLogin;
        for (var i = 0; i < free; i++)
        {
            (await PostTokenAsync(citizenId, "AAAA-BBBB-C" + i, "198.51.100.101")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await PostTokenAsync("001099999998", "AAAA-BBBB-C" + i, "198.51.100.102")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var sixth = await PostTokenAsync(citizenId, secret, "198.51.100.101");
        var unknownSixth = await PostTokenAsync("001099999998", secret, "198.51.100.102");
        var member = await PostTokenAsync(citizenId, secret, "203.0.113.101");

        sixth.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        sixth.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        unknownSixth.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await unknownSixth.Content.ReadAsStringAsync()).ShouldBe(await sixth.Content.ReadAsStringAsync());
        member.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task revoking_the_credential_ends_access_at_once_and_forged_tokens_are_refused()
    {
        var (memberId, citizenId) = await AdmitAsync("Trịnh Văn Khải", "001090000103");
        var secret = await GrantAsync(memberId);
        var token = await TokenAsync(citizenId, secret);
        (await MeAsync(token)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var staff = await app.SignInAsync("staff");
        await using (var query = app.Store.QuerySession())
        {
            var member = (await query.LoadAsync<Member>(memberId))!;
            var revoke = await staff.PostFormAsync($"/members/{memberId}/app", $"/members/{memberId}/app?handler=Revoke", new Dictionary<string, string>
            {
                ["ExpectedVersion"] = member.Version.ToString(CultureInfo.InvariantCulture),
                ["AccessId"] = member.ActiveAppAccess!.Id.ToString(),
            });
            revoke.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        (await MeAsync(token)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await PostTokenAsync(citizenId, secret)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await MeAsync(token[..^4] + "AAAA")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await MeAsync("not-a-token")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_credential_of_an_earlier_membership_does_not_sign_in_a_member_readmitted()
    {
        var (memberId, citizenId) = await AdmitAsync("Lưu Văn Cũ", "001090000104");
        var secret = await GrantAsync(memberId);
        var today = Domain.Common.VietnamTime.Today(NodaTime.SystemClock.Instance);
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.Append(
                memberId,
                new MemberRemovedFromRolls(RemovalGround.AbandonedActivityOrUnpaidDues, new Decision("30-QĐ/ĐU", today), null, today),
                new MemberReadmitted(AdmissionForm.Cell.OrganisationId, new Decision("40-QĐ/ĐU", today), today));
            await session.SaveChangesAsync();
        }

        (await PostTokenAsync(citizenId, secret)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // A credential issued in the new membership signs in.
        (await TokenAsync(citizenId, await GrantAsync(memberId, version: 4))).ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task the_staff_cookie_does_not_open_the_app_api()
    {
        var staff = await app.SignInAsync("staff");
        (await staff.GetAsync("/api/app/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task<(Guid Id, string CitizenId)> AdmitAsync(string name, string citizenId) =>
        (await AdmissionForm.AdmitAsync(await app.SignInAsync("staff"), name, citizenId), citizenId);

    private async Task<string> GrantAsync(Guid memberId, int version = 1)
    {
        var staff = await app.SignInAsync("staff");
        var response = await staff.PostFormAsync($"/members/{memberId}/app", $"/members/{memberId}/app?handler=Grant", new Dictionary<string, string> { ["ExpectedVersion"] = version.ToString(CultureInfo.InvariantCulture), ["AccessId"] = Guid.NewGuid().ToString() });
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        var secret = SecretPattern().Match(html).Groups[1].Value;
        secret.ShouldNotBeNullOrEmpty();
        return secret;
    }

    private async Task<HttpResponseMessage> PostTokenAsync(string login, string secret, string? clientAddress = null) =>
        await new WebSession(app.Host, clientAddress).PostJsonAsync("/api/app/token", new AppTokenRequest(login, secret));

    private async Task<string> TokenAsync(string login, string secret)
    {
        var response = await PostTokenAsync(login, secret);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var token = (await response.Content.ReadFromJsonAsync<AppTokenResponse>(WebSession.Json))!;
        (token.ExpiresAt - DateTimeOffset.UtcNow).ShouldBeLessThanOrEqualTo(TimeSpan.FromMinutes(15));
        return token.AccessToken;
    }

    private async Task<HttpResponseMessage> MeAsync(string token)
    {
        using var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync(new Uri("/api/app/me", UriKind.Relative));
    }

    [GeneratedRegex("data-testid=\"secret\">([A-Z0-9-]+)<")]
    private static partial Regex SecretPattern();
}
