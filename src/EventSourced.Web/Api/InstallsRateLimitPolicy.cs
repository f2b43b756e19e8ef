using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace EventSourced.Web.Api;

/// <summary>
/// A limit of requests a minute per member, partitioned by the member in the token, not the address, so
/// members behind one carrier's NAT do not share a limit. Runs after authorisation, so the member is known;
/// an over-limit request gets 429 with Retry-After.
/// </summary>
public abstract class PerMemberRateLimitPolicy(int permitsPerMinute) : IRateLimiterPolicy<string>
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
            httpContext.User.FindFirst(MemberAppAuthentication.MemberIdClaim)?.Value ?? "anonymous",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
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
