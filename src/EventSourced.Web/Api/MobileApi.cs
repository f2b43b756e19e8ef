using System.Globalization;
using EventSourced.Domain.Members;
using EventSourced.Domain.Members.RecordReviews;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace EventSourced.Web.Api;

/// <summary>What the app sends to sign in: the member's citizen ID (or card number) and the credential staff gave them.</summary>
public sealed record AppTokenRequest(string Login, string Secret);

/// <summary>A short-lived access token for the Authorization: Bearer header.</summary>
public sealed record AppTokenResponse(string AccessToken, DateTimeOffset ExpiresAt);

/// <summary>A unit in the member's chain, from the city down to their cell.</summary>
public sealed record AppUnit(Guid Id, string Code, string Name, OrganisationKind Kind);

/// <summary>
/// The signed-in member as the app shows them. <paramref name="RecordVersion"/> is what a confirmation
/// names; <paramref name="FieldsToCheck"/> are the fields the member is asked to check (and may report on);
/// <paramref name="ConfirmedSinceLastChange"/> is true while the latest confirmation saw every one of
/// them as it is now, <paramref name="ConfirmedAt"/> when that confirmation was made.
/// </summary>
public sealed record AppMe(
    Guid Id,
    string FullName,
    LocalDate DateOfBirth,
    Sex Sex,
    string? CitizenId,
    string? Phone,
    MembershipStatus Status,
    LocalDate AdmittedOn,
    LocalDate? OfficialOn,
    string? CardNumber,
    AppUnit? Cell,
    IReadOnlyList<AppUnit> Units,
    int RecordVersion,
    IReadOnlyList<RecordField> FieldsToCheck,
    bool ConfirmedSinceLastChange,
    Instant? ConfirmedAt,
    int OpenReports);

/// <summary>The handbook app's endpoints: sign in with a member credential, then read "me".</summary>
public static class MobileApi
{
    public const string RateLimitPolicy = "app-sign-in";

    /// <summary>Token requests one client address may make in a minute, whatever the logins (the limiter's window).</summary>
    public const int TokenRequestsPerMinute = 10;

    /// <summary>A hash no credential matches, checked for unknown logins so they take as long as known ones.</summary>
    private static string? _unknownLoginHash;

    /// <summary>Longer than any citizen ID or card number, with room for the dashes and spaces people type.</summary>
    public const int MaxLoginLength = 40;

    /// <summary>Far longer than the credentials staff issue (<see cref="AppSecrets"/>): anything longer is not a typing mistake.</summary>
    public const int MaxSecretLength = 100;

    /// <summary>
    /// The most a sign-in body may hold: a login and a secret at their longest, escaped, with room to spare. The
    /// endpoint is anonymous, so a larger body is refused unread rather than parsed.
    /// </summary>
    public const int MaxTokenBodyBytes = 4 * 1024;

    public static void MapMobileApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/app/token", TokenAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicy)
            .WithName("AppToken")
            .WithTags(AppApiDocument.Tag)
            .WithSummary("Exchange a member credential for an access token")
            .WithDescription(TokenDescription(SignInThrottlePolicy.Default))
            .Accepts<AppTokenRequest>("application/json")
            .Produces<AppTokenResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        var member = new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { AuthenticationSchemes = MemberAppAuthentication.SchemeName };
        app.MapGet("/api/app/me", MeAsync)
            .RequireAuthorization(member)
            .WithName("AppMe")
            .WithTags(AppApiDocument.Tag)
            .WithSummary("The signed-in member")
            .WithDescription("The member's record as the app shows it, with the units from the city committee down to the member's cell; "
                + "the fields the member is asked to check, whether they confirmed the record since it last changed (and when), "
                + "the record's version a confirmation names (POST /api/app/me/confirmation) and how many of their reports are open.")
            .Produces<AppMe>()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status404NotFound);
    }

    /// <summary>The sign-in's contract, stated from the values that enforce it.</summary>
    public static string TokenDescription(SignInThrottlePolicy throttle)
    {
        ArgumentNullException.ThrowIfNull(throttle);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"login is the citizen ID or the party card number (at most {MaxLoginLength} characters); secret is the credential staff issued "
            + $"(at most {MaxSecretLength} characters; dashes, spaces and case do not matter). The token is valid {AppApiDocument.Minutes(MemberAppAuthentication.Lifetime)}. "
            + $"401 for any wrong login or credential, 400 for an empty, overlong or malformed request, 413 for a body over {MaxTokenBodyBytes / 1024} KB, 415 unless it is sent as application/json. "
            + $"429 after {TokenRequestsPerMinute} attempts a minute from one address, after {throttle.FreeAttemptsPerLogin} failures for one login from one address, "
            + $"or after {throttle.FreeAppAttemptsPerAddress} failures from one address within {AppApiDocument.Minutes(throttle.AddressWindow.ToTimeSpan())} "
            + $"(Retry-After says when to try again; nothing is ever locked).");
    }

    /// <summary>
    /// Guessing is slowed per login and client address, like the staff sign-in (<see cref="SignInThrottle"/>),
    /// and never locks the member out; every failure costs one hash check, gets one answer and is held
    /// to the same minimum time (<see cref="SignInPacing"/>). The app's door counts client addresses
    /// apart from the staff sign-in's, with more room, since members share carriers' addresses.
    /// </summary>
    private static async Task<IResult> TokenAsync(HttpContext context, IQuerySession session, IPasswordHasher<Member> hasher, IDataProtectionProvider protection, SignInThrottle throttle, SignInPacing pacing, Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        var started = SignInPacing.Start();
        var (request, refused) = await ReadTokenRequestAsync(context.Request, json.Value.SerializerOptions, ct);
        if (refused is not null)
        {
            return refused;
        }

        var login = (request!.Login ?? string.Empty).Trim();
        if (login.Length is 0 or > MaxLoginLength || string.IsNullOrEmpty(request.Secret) || request.Secret.Length > MaxSecretLength)
        {
            return Results.Problem(statusCode: 400, title: "login and secret are required");
        }

        // Dashes, spaces and case do not make another login for the throttle.
        var permit = throttle.TryBegin("app:" + new string(login.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray()), context.Connection.RemoteIpAddress, SignInDoor.App);
        if (permit.Attempt is not { } attempt)
        {
            context.Response.Headers.RetryAfter = permit.WaitSeconds.ToString(CultureInfo.InvariantCulture);
            return Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "too many failed attempts",
                detail: string.Create(CultureInfo.InvariantCulture, $"try again in {permit.WaitSeconds} seconds"),
                extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = permit.WaitSeconds });
        }

        var citizenId = CitizenId.Normalise(login);
        var card = login.ToUpperInvariant();
        // Records written before the register keys may share a citizen ID: the login is checked against
        // each holder's own credential, so it signs in the member it was issued to and never the first
        // match. A handful at most; the keys keep new records unique.
        var candidates = await session.Query<Member>()
            .Where(m => m.Profile.CitizenId == citizenId || m.CardNumber == card)
            .Take(MaxHoldersOfOneLogin)
            .ToListAsync(ct);
        var secret = AppSecrets.Normalise(request.Secret);
        var member = candidates.FirstOrDefault(m => m.ActiveAppAccess is { } access
            && hasher.VerifyHashedPassword(m, access.SecretHash, secret) != PasswordVerificationResult.Failed);
        var access = member?.ActiveAppAccess;
        var matched = member is not null || (candidates.All(m => m.ActiveAppAccess is null) && UnknownLogin(hasher, secret));
        if (!matched)
        {
            // One answer for every failure: the endpoint does not tell which logins exist.
            await pacing.PadFailureAsync(started, ct);
            return Results.Problem(statusCode: 401, title: "wrong login or credential");
        }

        throttle.Succeeded(attempt);

        var expires = DateTimeOffset.UtcNow + MemberAppAuthentication.Lifetime;
        return Results.Ok(new AppTokenResponse(MemberAppAuthentication.IssueToken(protection, member!.Id, access!.Id, expires), expires));
    }

    private const int MaxHoldersOfOneLogin = 5;

    /// <summary>
    /// The sign-in body, read here rather than bound by the framework: at most <see cref="MaxTokenBodyBytes"/> are
    /// read (413 past them, declared or not, before any parsing), and a
    /// body that is not the request gets a problem naming where, not the serializer's message.
    /// </summary>
    private static async Task<(AppTokenRequest? Request, IResult? Refused)> ReadTokenRequestAsync(HttpRequest request, System.Text.Json.JsonSerializerOptions options, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "send application/json"));
        }

        var tooLarge = Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "request too large", detail: string.Create(CultureInfo.InvariantCulture, $"a sign-in body is at most {MaxTokenBodyBytes / 1024} KB"));
        if (request.ContentLength > MaxTokenBodyBytes)
        {
            return (null, tooLarge);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxTokenBodyBytes)
            {
                return (null, tooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<AppTokenRequest>(buffer.ToArray(), options) is { } body
                ? (body, null)
                : (null, Results.Problem(statusCode: 400, title: "login and secret are required"));
        }
        catch (System.Text.Json.JsonException e)
        {
            return (null, Results.Problem(statusCode: 400, title: "login and secret are required", detail: AppJsonErrors.Describe(e)));
        }
    }

    /// <summary>Spends the same hash check as a known login, and fails.</summary>
    private static bool UnknownLogin(IPasswordHasher<Member> hasher, string secret)
    {
        _unknownLoginHash ??= hasher.HashPassword(new Member(), AppSecrets.New());
        hasher.VerifyHashedPassword(new Member(), _unknownLoginHash, secret);
        return false;
    }

    private static async Task<IResult> MeAsync(HttpContext context, IQuerySession session, OrganisationDirectory directory, CancellationToken ct)
    {
        var id = Guid.Parse(context.User.FindFirst(MemberAppAuthentication.MemberIdClaim)!.Value, CultureInfo.InvariantCulture);
        var member = await session.LoadAsync<Member>(id, ct);
        if (member is null)
        {
            return Results.NotFound();
        }

        var tree = await directory.TreeAsync(ct: ct);
        var cell = tree.Find(member.CellId);
        var review = await session.LoadAsync<RecordReview>(RecordReview.StreamIdFor(id), ct) ?? RecordReview.For(id);
        static AppUnit Unit(OrganisationNode n) => new(n.Id, n.Code, n.Name, n.Kind);
        return Results.Ok(new AppMe(
            member.Id,
            member.DisplayName,
            member.Profile.DateOfBirth,
            member.Profile.Sex,
            member.Profile.CitizenId,
            member.Profile.Phone,
            member.Status,
            member.Admission.Date,
            member.OfficialDate,
            member.CardNumber,
            cell is null ? null : Unit(cell),
            [.. tree.Ancestors(member.CellId).Select(Unit), .. cell is null ? Array.Empty<AppUnit>() : [Unit(cell)]],
            member.Version,
            RecordCheck.Fields,
            review.ConfirmedAsItStands(RecordCheck.Values(member)),
            review.LastConfirmation?.ConfirmedAt,
            review.OpenReports));
    }
}
