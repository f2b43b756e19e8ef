using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Running behind a TLS-terminating proxy. X-Forwarded-For and X-Forwarded-Proto are believed only
/// when the request comes from an address listed in <c>ForwardedHeaders:KnownProxies</c> or inside
/// <c>ForwardedHeaders:KnownNetworks</c>; nothing is trusted by default, so a client cannot pick the
/// address the sign-in throttle and the rate limits see by sending the header itself.
/// </summary>
public static class ReverseProxy
{
    public const string KnownProxiesSetting = "ForwardedHeaders:KnownProxies";
    public const string KnownNetworksSetting = "ForwardedHeaders:KnownNetworks";

    /// <summary>Whether any proxy is trusted; without one the forwarded headers middleware is not used at all.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        Values(configuration, KnownProxiesSetting).Any() || Values(configuration, KnownNetworksSetting).Any();

    public const string HttpsRequired =
        "HTTPS required. Behind a TLS-terminating proxy, list the proxy in ForwardedHeaders__KnownProxies (or ForwardedHeaders__KnownNetworks) "
        + "so that its X-Forwarded-Proto is believed; see docs/operations.md.";

    /// <summary>
    /// First in the pipeline, so everything after sees the client's address and scheme: believes
    /// forwarded headers from the configured proxies only, and outside Development refuses plain
    /// HTTP with a sentence saying what to configure (its cookies are Secure, and the antiforgery
    /// check would otherwise fail every form with a server error). /health stays reachable for probes.
    /// </summary>
    public static void UseReverseProxySettings(this WebApplication app)
    {
        if (IsConfigured(app.Configuration))
        {
            app.UseForwardedHeaders();
        }
        else if (!app.Environment.IsDevelopment())
        {
            // Behind an unlisted proxy every client has the proxy's address, so one guesser would
            // slow everyone's sign-in: say so once at start.
            app.Logger.LogWarning(
                "No trusted proxy ({Setting}): clients are counted by the address of the connection. Behind a TLS proxy every client would share the proxy's address; list the proxy.",
                KnownProxiesSetting);
        }

        if (CookiePolicy(app.Environment) == CookieSecurePolicy.Always)
        {
            app.Use(async (context, next) =>
            {
                if (context.Request.IsHttps || context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
                {
                    await next(context);
                    return;
                }

                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync(HttpsRequired, context.RequestAborted);
            });
        }
    }

    /// <summary>Reads the trusted proxies; false when none is configured (the headers are then ignored).</summary>
    public static bool AddForwardedHeadersFromSettings(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = Values(configuration, KnownProxiesSetting)
            .Select(v => IPAddress.TryParse(v, out var address) ? address : throw new InvalidOperationException($"{KnownProxiesSetting}: '{v}' is not an IP address."))
            .ToList();
        var networks = Values(configuration, KnownNetworksSetting)
            .Select(v => System.Net.IPNetwork.TryParse(v, out var network) ? network : throw new InvalidOperationException($"{KnownNetworksSetting}: '{v}' is not a network such as 10.0.0.0/8."))
            .ToList();
        if (proxies.Count == 0 && networks.Count == 0)
        {
            // ASPNETCORE_FORWARDEDHEADERS_ENABLED=true makes the framework add the middleware trusting
            // every sender; with no proxy listed here, nothing forwarded is believed, whatever the host says.
            services.PostConfigure<ForwardedHeadersOptions>(options => options.ForwardedHeaders = ForwardedHeaders.None);
            return false;
        }

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; only what the operator listed is trusted here.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // The obsolete list is still consulted by the middleware: empty it too.
            options.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
            // Walk back through X-Forwarded-For while the hop is a trusted proxy, however many there
            // are; the first untrusted address is the client.
            options.ForwardLimit = null;
        });
        return true;
    }

    /// <summary>Secure cookies everywhere but Development, where the tests and the local run use plain HTTP.</summary>
    public static CookieSecurePolicy CookiePolicy(IHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

    /// <summary>A list setting given as an array (appsettings) or as one comma-separated value (environment).</summary>
    private static IEnumerable<string> Values(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        return new[] { section.Value }
            .Concat(section.GetChildren().Select(c => c.Value))
            .SelectMany(v => (v ?? string.Empty).Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
