using System.Security.Claims;
using System.Text.Encodings.Web;
using EventSourced.Domain.Exchange;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EventSourced.Web.Api;

/// <summary>
/// The data centre's sign-in: a key's secret in the <c>X-Api-Key</c> header, matched on its SHA-256
/// (the secret itself is never stored). A revoked or unknown key is refused the same way, with 401.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    Infrastructure.PrimaryReads primary)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string KeyIdClaim = "api_key_id";

    /// <summary>Far longer than the secrets issued: anything longer is not worth hashing.</summary>
    private const int MaxSecretLength = 200;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = Request.Headers[HeaderName].ToString();
        if (secret.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (secret.Length > MaxSecretLength)
        {
            return AuthenticateResult.Fail("invalid key");
        }

        var hash = ApiKey.Hash(secret);
        // On the primary: a key revoked a moment ago stops working at once, even for a GET read from a standby.
        var key = await primary.Session.Query<ApiKey>().FirstOrDefaultAsync(k => k.SecretHash == hash, Context.RequestAborted);
        if (key is null || !key.Active)
        {
            return AuthenticateResult.Fail("invalid or revoked key");
        }

        Context.Items[typeof(ApiKey)] = key;
        var identity = new ClaimsIdentity([new Claim(KeyIdClaim, key.Id.ToString()), new Claim(ClaimTypes.Name, key.Name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Results.Problem(statusCode: 401, title: $"a valid, unrevoked key is required in the {HeaderName} header").ExecuteAsync(Context);
    }

    /// <summary>The key the request authenticated with.</summary>
    public static ApiKey KeyOf(HttpContext context) =>
        context.Items[typeof(ApiKey)] as ApiKey ?? throw new InvalidOperationException("The request is not authenticated by an API key.");
}
