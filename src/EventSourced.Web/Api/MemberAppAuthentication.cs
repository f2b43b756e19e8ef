using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using EventSourced.Domain.Members;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace EventSourced.Web.Api;

/// <summary>
/// The handbook app's own sign-in. Staff issue a member a credential (a secret shown once; only its
/// hash is stored, as an event on the member's stream). The app exchanges it at POST /api/app/token
/// for an access token valid for <see cref="Lifetime"/>: a payload (member, credential) protected by
/// ASP.NET Core data protection with an expiry. Every request checks the credential is still active
/// on the member's record, so revoking it, or the member leaving the Party, cuts the app off at once:
/// here, or, for an endpoint marked <see cref="CredentialCheckedOnWrite"/>, where it writes.
/// </summary>
public sealed class MemberAppAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDataProtectionProvider protection,
    AppTokenCache tokens,
    Infrastructure.PrimaryReads primary)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "MemberApp";
    public const string MemberIdClaim = "member_id";
    public const string CredentialIdClaim = "credential_id";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Endpoint metadata: the endpoint checks the credential itself, in the transaction that writes, and
    /// answers 401 when it is no longer active (decision 0039). Authentication then checks only the token.
    /// </summary>
    public sealed class CredentialCheckedOnWrite
    {
        public static readonly CredentialCheckedOnWrite Instance = new();

        private CredentialCheckedOnWrite()
        {
        }
    }

    /// <summary>The credential a signed-in request's token was issued under.</summary>
    public static Guid CredentialOf(ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirst(CredentialIdClaim)!.Value, CultureInfo.InvariantCulture);

    public static ITimeLimitedDataProtector Protector(IDataProtectionProvider provider) =>
        provider.CreateProtector("EventSourced.MemberApp.AccessToken.v1").ToTimeLimitedDataProtector();

    public static string IssueToken(IDataProtectionProvider provider, Guid memberId, Guid accessId, DateTimeOffset expires) =>
        Protector(provider).Protect($"{memberId:N}:{accessId:N}", expires);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        if (tokens.Find(token) is not { } payload)
        {
            if (Read(token) is not { } read)
            {
                // Forged, tampered with, expired or malformed: the same answer for all.
                return AuthenticateResult.Fail("invalid or expired token");
            }

            tokens.Keep(token, payload = read);
        }

        var (memberId, accessId, _) = payload;
        // An endpoint that checks the credential in the transaction that writes (install reports, decision
        // 0039) is spared this query; every other request is refused here when the credential is not active.
        var checkedOnWrite = Context.GetEndpoint()?.Metadata.GetMetadata<CredentialCheckedOnWrite>() is not null;
        // On the primary: a credential revoked a moment ago stops working at once, even for a GET read from a standby.
        if (!checkedOnWrite && !await HasActiveAccessAsync(primary.Session, memberId, accessId, Context.RequestAborted))
        {
            return AuthenticateResult.Fail("credential revoked");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(MemberIdClaim, memberId.ToString("D", CultureInfo.InvariantCulture)),
                new Claim(CredentialIdClaim, accessId.ToString("D", CultureInfo.InvariantCulture)),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>What a token carries, or null when it is forged, tampered with, expired or not a token of this app.</summary>
    private AppTokenCache.Payload? Read(string token)
    {
        string payload;
        DateTimeOffset expires;
        try
        {
            payload = Protector(protection).Unprotect(token, out expires);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }

        var parts = payload.Split(':');
        return parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out var memberId) && Guid.TryParseExact(parts[1], "N", out var accessId)
            ? new AppTokenCache.Payload(memberId, accessId, expires)
            : null;
    }

    /// <summary>Whether the credential is the member's active one (<see cref="Member.ActiveAppAccess"/>).</summary>
    public static async Task<bool> HasActiveAccessAsync(IQuerySession session, Guid memberId, Guid accessId, CancellationToken ct) =>
        (await AppAccessHandler.ActiveCredentialsAsync(session, [memberId], ct)).GetValueOrDefault(memberId) == accessId;
}
