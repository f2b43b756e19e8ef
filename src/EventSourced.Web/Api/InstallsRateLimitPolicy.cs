using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace EventSourced.Web.Api;

/// <summary>
/// A fixed window of requests a minute per partition (<see cref="PartitionOf"/>). Runs after authentication,
/// so the caller is known; an over-limit request gets 429 with Retry-After.
/// </summary>
public abstract class PerMinuteRateLimitPolicy(int permitsPerMinute) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = (context, _) =>
    {
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        return ValueTask.CompletedTask;
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter(
            PartitionOf(httpContext),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    /// <summary>Whose requests count together.</summary>
    protected abstract string PartitionOf(HttpContext httpContext);
}

/// <summary>
/// A limit of requests a minute per member, partitioned by the member in the token, not the address, so
/// members behind one carrier's NAT do not share a limit.
/// </summary>
public abstract class PerMemberRateLimitPolicy(int permitsPerMinute) : PerMinuteRateLimitPolicy(permitsPerMinute)
{
    protected override string PartitionOf(HttpContext httpContext) =>
        httpContext.User.FindFirst(MemberAppAuthentication.MemberIdClaim)?.Value ?? "anonymous";
}

/// <summary>
/// At most <see cref="RequestsPerMinute"/> calls a minute per data-centre key: a copy pages through the register
/// a thousand members a call (or takes one CSV), and every call is recorded as an export of personal data, so a
/// runaway client would flood the export log.
/// </summary>
public sealed class ExchangeRateLimitPolicy() : PerMinuteRateLimitPolicy(RequestsPerMinute)
{
    public const string Name = "exchange-v1";

    public const int RequestsPerMinute = 120;

    protected override string PartitionOf(HttpContext httpContext) =>
        httpContext.User.FindFirst(ApiKeyAuthentication.KeyIdClaim)?.Value ?? "anonymous";
}

/// <summary>
/// At most <see cref="RequestsPerMinute"/> batches and update requests a minute per client address on the
/// anonymous site endpoints: a site pushes and pulls a few times a day, and the signature is checked only once
/// the body is read, so the limit comes first.
/// </summary>
public sealed class SiteRateLimitPolicy() : PerMinuteRateLimitPolicy(RequestsPerMinute)
{
    public const string Name = "offline-sites";

    public const int RequestsPerMinute = 30;

    protected override string PartitionOf(HttpContext httpContext) =>
        httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

/// <summary>
/// At most <c>Installs:RequestsPerMinute</c> install reports a minute per member (20 by default): the
/// app sends a handful a day, so more is a runaway client, and each request rewrites the member's
/// usage record and recounts their rollout spans.
/// </summary>
public sealed class InstallsRateLimitPolicy(IConfiguration configuration) : PerMemberRateLimitPolicy(RequestsPerMinute(configuration))
{
    public const string Name = "app-installs";

    public const int DefaultRequestsPerMinute = 20;

    /// <summary>The configured limit, as enforced here and stated in the API's description.</summary>
    public static int RequestsPerMinute(IConfiguration configuration) =>
        Math.Max(1, configuration.GetValue("Installs:RequestsPerMinute", DefaultRequestsPerMinute));
}

/// <summary>
/// At most <see cref="RequestsPerMinute"/> confirmations and difference reports a minute per member: a member
/// confirms or reports a few times a year, and each stored one is kept on their review stream for good.
/// </summary>
public sealed class RecordReviewRateLimitPolicy() : PerMemberRateLimitPolicy(RequestsPerMinute)
{
    public const string Name = "app-record-review";

    public const int RequestsPerMinute = 10;
}
