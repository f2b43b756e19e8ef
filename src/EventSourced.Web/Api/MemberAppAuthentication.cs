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
/// on the member's record, so revoking it, or the member leaving the Party, cuts the app off at once.
/// </summary>
public sealed class MemberAppAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDataProtectionProvider protection,
    IQuerySession session)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "MemberApp";
    public const string MemberIdClaim = "member_id";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

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

        string payload;
        try
        {
            payload = Protector(protection).Unprotect(header["Bearer ".Length..].Trim(), out _);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Forged, tampered with, or expired: the same answer for all three.
            return AuthenticateResult.Fail("invalid or expired token");
        }

        var parts = payload.Split(':');
        if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out var memberId) || !Guid.TryParseExact(parts[1], "N", out var accessId))
        {
            return AuthenticateResult.Fail("invalid token");
        }

        if (!await HasActiveAccessAsync(session, memberId, accessId, Context.RequestAborted))
        {
            return AuthenticateResult.Fail("credential revoked");
        }

        var identity = new ClaimsIdentity([new Claim(MemberIdClaim, memberId.ToString("D", CultureInfo.InvariantCulture))], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>
    /// Whether the credential is the member's active one (<see cref="Member.ActiveAppAccess"/>). Every
    /// app request asks this, so it reads the two fields the rule needs rather than deserialising the
    /// whole record (history, cells, cards), which had been a large share of an install report's time.
    /// </summary>
    public static async Task<bool> HasActiveAccessAsync(IQuerySession session, Guid memberId, Guid accessId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var table = session.DocumentStore.Options.Schema.For<Member>(qualified: true);
        var found = await session.QueryAsync<AccessFields>(
            $"select jsonb_build_object('status', d.data -> 'status', 'appAccess', d.data -> 'appAccess') from {table} as d where d.id = ?", ct, memberId);
        return found.Count == 1 && Member.ActiveAccess(found[0].Status, found[0].AppAccess ?? [])?.Id == accessId;
    }

    /// <summary>The member record's fields the credential check reads, named as the record stores them.</summary>
    private sealed record AccessFields(MembershipStatus Status, List<AppAccessRecord>? AppAccess);
}
