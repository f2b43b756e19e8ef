using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Marten.Storage;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace EventSourced.Web.Infrastructure;

/// <summary>A province served by this application: its own PostgreSQL database and the host names its users open.</summary>
public sealed record Province(string Code, string ConnectionString, IReadOnlyList<string> Hosts);

/// <summary>
/// The provinces this application serves, each a Marten tenant with a database of its own (decision 0025).
/// None configured, the default, is the one-database application: no tenant id anywhere. Configured as
/// <c>Provinces:&lt;code&gt;:ConnectionString</c> and <c>Provinces:&lt;code&gt;:Hosts</c> (comma-separated
/// host names), at least two; a request's province is the one whose host name it came to.
/// </summary>
public sealed class Provinces
{
    public const string Section = "Provinces";

    public static readonly Provinces None = new([]);

    public Provinces(IReadOnlyList<Province> all) => All = all;

    public IReadOnlyList<Province> All { get; }

    public bool Enabled => All.Count > 0;

    public static Provinces FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var all = configuration.GetSection(Section).GetChildren()
            .Select(p => new Province(
                p.Key,
                p["ConnectionString"] is { Length: > 0 } connection ? connection : throw new InvalidOperationException($"{Section}:{p.Key}:ConnectionString is not set."),
                (p["Hosts"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            .ToList();
        if (all.Count == 1)
        {
            // One province is the single-database application: configure ConnectionStrings:Marten instead.
            throw new InvalidOperationException($"{Section}: one province ({all[0].Code}) is configured; provinces are for two or more, one database is ConnectionStrings:Marten.");
        }

        if (all.Count > 0 && string.Equals(configuration["Site:Mode"], "Offline", StringComparison.OrdinalIgnoreCase))
        {
            // An offline site is one grassroots organisation's working copy in one database (decision 0023).
            throw new InvalidOperationException($"{Section}: an offline site (Site:Mode=Offline) keeps one database; provinces are for the centre.");
        }

        if (all.Where(p => p.Hosts.Count == 0).Select(p => p.Code).FirstOrDefault() is { } hostless)
        {
            throw new InvalidOperationException($"{Section}:{hostless}:Hosts is not set: no request could reach that province.");
        }

        if (all.SelectMany(p => p.Hosts).GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } shared)
        {
            throw new InvalidOperationException($"{Section}: the host {shared.Key} is given to more than one province.");
        }

        return new Provinces(all);
    }

    /// <summary>
    /// The province a command-line tool was told to act on (<c>--province CODE</c>), checked against the
    /// configuration: null with the reason when the code is unknown, when one is given to an application
    /// without provinces, or when none is given and <paramref name="required"/> (a tool that writes must
    /// not pick a province for the operator). With provinces off and no code, the one database (a null province).
    /// </summary>
    public (Province? Province, string? Error) ForCommand(string? code, bool required)
    {
        if (!Enabled)
        {
            return code is null ? (null, null) : (null, "--province is for an application configured with provinces; this one has one database.");
        }

        if (code is null)
        {
            return required ? (null, $"--province is required with provinces configured: one of {string.Join(", ", All.Select(p => p.Code))}.") : (null, null);
        }

        return All.FirstOrDefault(p => p.Code.Equals(code, StringComparison.OrdinalIgnoreCase)) is { } province
            ? (province, null)
            : (null, $"no province {code}; configured: {string.Join(", ", All.Select(p => p.Code))}.");
    }

    /// <summary>The province whose host name this is; null when none is.</summary>
    public Province? ForHost(string host) =>
        All.FirstOrDefault(p => p.Hosts.Contains(host, StringComparer.OrdinalIgnoreCase));
}

/// <summary>
/// The province of the request being served; null when provinces are off. Outside a request (a background
/// job, a command line) with provinces on there is none, and asking is an error rather than a silent
/// default: Marten would otherwise answer from the first province's database.
/// </summary>
public sealed class CurrentProvince(Provinces provinces, IHttpContextAccessor http)
{
    public const string ClaimType = "province";

    public bool Enabled => provinces.Enabled;

    /// <summary>The Marten tenant id of this request (the province code), or null when provinces are off.</summary>
    public string? TenantId =>
        !provinces.Enabled ? null
        : http.HttpContext?.Features.Get<Feature>()?.Province.Code
          ?? throw new InvalidOperationException("No province for this work: with provinces configured, only a request to a province's host name may open the store.");

    public IQuerySession QuerySession(IDocumentStore store) =>
        TenantId is { } tenant ? store.QuerySession(tenant) : store.QuerySession();

    public IDocumentSession LightweightSession(IDocumentStore store) =>
        TenantId is { } tenant ? store.LightweightSession(tenant) : store.LightweightSession();

    public async ValueTask<IMartenDatabase> DatabaseAsync(IDocumentStore store) =>
        TenantId is { } tenant ? await store.Storage.FindOrCreateDatabase(tenant) : store.Storage.Database;

    /// <summary>Where the request's province is kept for the rest of the request.</summary>
    public sealed record Feature(Province Province);
}

/// <summary>
/// Marten's sessions for pages and services (the injected <see cref="IQuerySession"/> and <see cref="IDocumentSession"/>):
/// on the request's province, and with standbys (decision 0028) a query session on a standby only when
/// the request may read from one; otherwise a session on the primary serves its reads.
/// </summary>
public sealed class RequestSessionFactory(IDocumentStore store, CurrentProvince province, ReadReplicas replicas, IHttpContextAccessor http) : ISessionFactory
{
    public IQuerySession QuerySession() =>
        replicas.Enabled && !ReadReplicas.MayReadFromStandby(http.HttpContext)
            ? province.LightweightSession(store)
            : province.QuerySession(store);

    public IDocumentSession OpenSession() => province.LightweightSession(store);
}

/// <summary>
/// Reads that must see the latest commit, whatever the request's own reads use: a credential or API key revoked a
/// moment ago must stop working at once, while a GET may read from a standby up to its lag (decision 0028). With
/// standbys, a session of its own on the request's province's primary; without, the request's session.
/// </summary>
public sealed class PrimaryReads(IDocumentStore store, CurrentProvince province, ReadReplicas replicas, IQuerySession requestSession) : IAsyncDisposable
{
    private IDocumentSession? _own;

    public IQuerySession Session => replicas.Enabled ? _own ??= province.LightweightSession(store) : requestSession;

    public async ValueTask DisposeAsync()
    {
        if (_own is not null)
        {
            await _own.DisposeAsync();
        }
    }
}

public static class ProvinceRouting
{
    /// <summary>
    /// With provinces on, every request names its province by the host name it came to; a host that names
    /// none is answered 404 before anything is read. /health checks every province's database and needs none.
    /// </summary>
    public static void UseProvinces(this WebApplication app)
    {
        var provinces = app.Services.GetRequiredService<Provinces>();
        if (!provinces.Enabled)
        {
            return;
        }

        app.Use(async (context, next) =>
        {
            if (provinces.ForHost(context.Request.Host.Host) is { } province)
            {
                context.Features.Set(new CurrentProvince.Feature(province));
            }
            else if (!context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context);
        });
    }

    /// <summary>
    /// A sign-in cookie belongs to the province it was issued in: its account id means nothing in another
    /// province's database, and a cookie carried to another province's host is refused outright (signed out)
    /// instead of being an authenticated user without an account there.
    /// </summary>
    public static void BindCookieToProvince(CookieAuthenticationEvents events)
    {
        ArgumentNullException.ThrowIfNull(events);
        events.OnSigningIn = context =>
        {
            if (context.HttpContext.Features.Get<CurrentProvince.Feature>() is { } here && context.Principal?.Identity is ClaimsIdentity identity)
            {
                identity.AddClaim(new Claim(CurrentProvince.ClaimType, here.Province.Code));
            }

            return Task.CompletedTask;
        };
        events.OnValidatePrincipal = async context =>
        {
            var here = context.HttpContext.Features.Get<CurrentProvince.Feature>()?.Province.Code;
            if (here is null || context.Principal?.FindFirstValue(CurrentProvince.ClaimType) != here)
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            }
        };
    }
}
