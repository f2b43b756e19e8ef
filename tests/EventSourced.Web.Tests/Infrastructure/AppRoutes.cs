using System.Reflection;
using System.Text.RegularExpressions;
using Alba;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>A value the caller sends in the query string, by the name the application binds it by.</summary>
public sealed record QueryParameter(string Name, Type Type);

/// <summary>
/// One way in: an HTTP method on a route pattern, for a Razor Page the handler (<c>?handler=</c>) it
/// selects, and the query parameters that route binds.
/// </summary>
public sealed record AppRoute(string Method, string Pattern, string? PageHandler, IReadOnlyList<string> RouteParameters, IReadOnlyList<QueryParameter> Query)
{
    public override string ToString() => $"{Method} {Pattern}{(PageHandler is null ? string.Empty : "?handler=" + PageHandler)}";
}

/// <summary>
/// The application's routes read from its own endpoint list (Razor Pages and minimal API
/// endpoints), so a test built on it covers a page or endpoint added later without being edited.
/// </summary>
public static partial class AppRoutes
{
    public static IReadOnlyList<AppRoute> All(IAlbaHost host)
    {
        var routes = new List<AppRoute>();
        foreach (var endpoint in host.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/');
            var routeParameters = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                routes.AddRange(PageRoutes(page, pattern, routeParameters));
            }
            else if (endpoint.Metadata.GetMetadata<MethodInfo>() is { } handler)
            {
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                var query = QueryOf(handler.GetParameters(), routeParameters);
                routes.AddRange(methods.Select(m => new AppRoute(m, pattern, null, routeParameters, query)));
            }
        }

        return routes.DistinctBy(r => r.ToString()).OrderBy(r => r.ToString(), StringComparer.Ordinal).ToList();
    }

    /// <summary>A page's model found by the Razor Pages convention: <c>/Members/Index</c> is <c>EventSourced.Web.Pages.Members.IndexModel</c>.</summary>
    public static Type? PageModelOf(PageActionDescriptor page) =>
        typeof(Program).Assembly.GetType("EventSourced.Web.Pages" + page.ViewEnginePath.Replace('/', '.') + "Model");

    private static IEnumerable<AppRoute> PageRoutes(PageActionDescriptor page, string pattern, IReadOnlyList<string> routeParameters)
    {
        var model = PageModelOf(page);
        if (model is null)
        {
            yield return new AppRoute("GET", pattern, null, routeParameters, []);
            yield break;
        }

        var bound = model.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && IsSimple(p.PropertyType))
            .Select(p => (Property: p, Get: p.GetCustomAttribute<BindPropertyAttribute>() is { SupportsGet: true } || model.GetCustomAttribute<BindPropertiesAttribute>() is { SupportsGet: true }, Query: p.GetCustomAttribute<FromQueryAttribute>()))
            .ToList();
        var getQuery = bound
            .Where(b => (b.Get || b.Query is not null) && b.Property.GetCustomAttribute<FromRouteAttribute>() is null)
            .Select(b => new QueryParameter(b.Query?.Name ?? b.Property.GetCustomAttribute<BindPropertyAttribute>()?.Name ?? b.Property.Name, b.Property.PropertyType))
            .Where(q => !routeParameters.Contains(q.Name, StringComparer.OrdinalIgnoreCase))
            .ToList();

        foreach (var handler in model.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            if (HandlerName().Match(handler.Name) is not { Success: true } match)
            {
                continue;
            }

            var method = match.Groups["method"].Value.ToUpperInvariant();
            var name = match.Groups["name"].Value is { Length: > 0 } n ? n : null;
            var query = method == "GET" ? getQuery.Concat(QueryOf(handler.GetParameters(), routeParameters)).DistinctBy(q => q.Name).ToList() : [];
            yield return new AppRoute(method, pattern, name, routeParameters, query);
        }
    }

    private static List<QueryParameter> QueryOf(IEnumerable<ParameterInfo> parameters, IReadOnlyList<string> routeParameters)
    {
        var query = new List<QueryParameter>();
        foreach (var parameter in parameters)
        {
            if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                query.AddRange(QueryOf(parameter.ParameterType.GetConstructors().SelectMany(c => c.GetParameters()), routeParameters));
                continue;
            }

            if (!IsSimple(parameter.ParameterType)
                || parameter.GetCustomAttributes().Any(a => a is FromRouteAttribute or FromServicesAttribute or FromBodyAttribute or FromFormAttribute or FromHeaderAttribute)
                || routeParameters.Contains(parameter.Name ?? string.Empty, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            query.Add(new QueryParameter((parameter.GetCustomAttribute<FromQueryAttribute>()?.Name ?? parameter.Name)!, parameter.ParameterType));
        }

        return query;
    }

    /// <summary>Types a query string carries: text, numbers, dates, flags, ids and enums.</summary>
    public static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(Guid)
            || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(DateOnly)
            || t.Namespace == "NodaTime";
    }

    [GeneratedRegex("^On(?<method>Get|Post|Put|Delete|Patch)(?<name>.*?)(Async)?$")]
    private static partial Regex HandlerName();
}
