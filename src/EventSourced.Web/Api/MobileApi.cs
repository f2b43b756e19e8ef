using System.Globalization;
using EventSourced.Domain.Installs;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using NodaTime;
using Wolverine;

namespace EventSourced.Web.Api;

/// <summary>What the app sends to sign in: the member's citizen ID (or card number) and the credential staff gave them.</summary>
public sealed record AppTokenRequest(string Login, string Secret);

/// <summary>A short-lived access token for the Authorization: Bearer header.</summary>
public sealed record AppTokenResponse(string AccessToken, DateTimeOffset ExpiresAt);

/// <summary>A unit in the member's chain, from the city down to their cell.</summary>
public sealed record AppUnit(Guid Id, string Code, string Name, OrganisationKind Kind);

/// <summary>The signed-in member as the app shows them.</summary>
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
    IReadOnlyList<AppUnit> Units);

/// <summary>The handbook app's endpoints: sign in with a member credential, then read "me".</summary>
public static class MobileApi
{
    public const string RateLimitPolicy = "app-sign-in";

    /// <summary>Token requests one client address may make in a minute, whatever the logins (the limiter's window).</summary>
    public const int TokenRequestsPerMinute = 10;

    /// <summary>A hash no credential matches, checked for unknown logins so they take as long as known ones.</summary>
    private static string? _unknownLoginHash;

    public static void MapMobileApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/app/token", TokenAsync).AllowAnonymous().RequireRateLimiting(RateLimitPolicy);
        var member = new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { AuthenticationSchemes = MemberAppAuthentication.SchemeName };
        app.MapGet("/api/app/me", MeAsync).RequireAuthorization(member);
        app.MapPost("/api/app/installs", InstallsAsync).RequireAuthorization(member).RequireRateLimiting(InstallsRateLimitPolicy.Name);
    }

    /// <summary>
    /// Guessing is slowed per login and client address, like the staff sign-in (<see cref="SignInThrottle"/>),
    /// and never locks the member out; every failure costs one hash check, gets one answer and is held
    /// to the same minimum time (<see cref="SignInPacing"/>). The app's door counts client addresses
    /// apart from the staff sign-in's, with more room, since members share carriers' addresses.
    /// </summary>
    private static async Task<IResult> TokenAsync(HttpContext context, AppTokenRequest request, IQuerySession session, IPasswordHasher<Member> hasher, IDataProtectionProvider protection, SignInThrottle throttle, SignInPacing pacing, CancellationToken ct)
    {
        var started = SignInPacing.Start();
        var login = (request.Login ?? string.Empty).Trim();
        if (login.Length is 0 or > 40 || string.IsNullOrEmpty(request.Secret) || request.Secret.Length > 100)
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
            [.. tree.Ancestors(member.CellId).Select(Unit), .. cell is null ? Array.Empty<AppUnit>() : [Unit(cell)]]));
    }

    /// <summary>
    /// The app reports install events (one object or an array) for the signed-in member. Events it
    /// saw before the member signed in (the install itself) are kept on the phone and sent with the
    /// first token. A malformed body or a malformed report stores nothing and answers 400 with the
    /// reason; a retried event is counted once (<c>stored</c> says how many were new); a report from
    /// before the report window is listed in <c>refused</c> with its reason while the rest is stored.
    /// At most <c>Installs:RequestsPerMinute</c> requests a minute per member (429 with Retry-After).
    /// </summary>
    private static async Task<IResult> InstallsAsync(HttpContext context, IMessageBus bus, Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var memberId = Guid.Parse(context.User.FindFirst(MemberAppAuthentication.MemberIdClaim)!.Value, CultureInfo.InvariantCulture);
        List<AppInstallEventReport>? reports;
        try
        {
            using var body = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body, cancellationToken: ct);
            var options = json.Value.SerializerOptions;
            reports = body.RootElement.ValueKind switch
            {
                System.Text.Json.JsonValueKind.Array => System.Text.Json.JsonSerializer.Deserialize<List<AppInstallEventReport>>(body.RootElement, options),
                System.Text.Json.JsonValueKind.Object => [System.Text.Json.JsonSerializer.Deserialize<AppInstallEventReport>(body.RootElement, options)!],
                _ => null,
            };
        }
        catch (System.Text.Json.JsonException e)
        {
            return Results.Problem(statusCode: 400, title: "malformed install events", detail: e.Message);
        }

        if (reports is null || reports.Any(r => r is null || r.DeviceId is null || r.Platform is null || r.AppVersion is null))
        {
            return Results.Problem(statusCode: 400, title: "malformed install events", detail: "send an event object or an array of them, each with eventId, kind, deviceId, platform, appVersion and occurredAt");
        }

        var options2 = new DeliveryOptions { CorrelationId = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier };
        options2.Headers[Domain.Common.AuditHeaders.UserName] = "app:" + memberId.ToString("N", CultureInfo.InvariantCulture);
        try
        {
            var outcome = await ReportAsync(bus, new ReportAppInstallEvents(memberId, reports), options2, ct);
            var refused = outcome.Refused.Select(r => new { eventId = r.EventId, code = r.Code, reason = text[r.Code].Value });
            return Results.Ok(new { received = reports.Count, stored = outcome.Events.Count, refused });
        }
        catch (Domain.Common.RuleViolation violation)
        {
            return Results.Problem(statusCode: 400, title: text.Describe(violation), extensions: new Dictionary<string, object?> { ["code"] = violation.Code });
        }
    }

    /// <summary>
    /// A phone retrying while its first request is still being stored sends the same batch twice at
    /// once: the stream's version makes one of them fail. Sent again, it finds the ids the other
    /// stored and stores nothing, so the app gets an answer rather than a server error.
    /// </summary>
    private static async Task<ReportOutcome> ReportAsync(IMessageBus bus, ReportAppInstallEvents command, DeliveryOptions options, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await bus.InvokeAsync<ReportOutcome>(command, options, ct);
            }
            catch (Exception e) when (attempt < 3 && e is JasperFx.ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException)
            {
            }
        }
    }
}
