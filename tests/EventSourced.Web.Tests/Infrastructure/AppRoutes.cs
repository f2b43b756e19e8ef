using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// A value a route binds from the request: <paramref name="Name"/> as the caller sends it,
/// <paramref name="Member"/> the page property or handler parameter it fills (<c>Input.Title</c> for a
/// nested form field), and whether a GET binds it (a page property without <c>SupportsGet</c> does not).
/// </summary>
public sealed record BoundValue(string Name, string Member, Type Type, bool OnGet);

/// <summary>
/// One way in: an HTTP method on a route pattern, for a Razor Page the handler (<c>?handler=</c>) it
/// selects, the values the route binds besides its route parameters, and the JSON body an API endpoint reads.
/// </summary>
public sealed record AppRoute(string Method, string Pattern, string? PageHandler, IReadOnlyList<string> RouteParameters, IReadOnlyList<BoundValue> Bound, Type? Body)
{
    /// <summary>What this route reads from the query string, by the name the application binds it by; empty unless a GET.</summary>
    public IReadOnlyList<BoundValue> Query =>
        Method == "GET" ? Bound.Where(b => b.OnGet && AppRoutes.IsSimple(b.Type)).DistinctBy(b => b.Name).ToList() : [];

    public override string ToString() => $"{Method} {Pattern}{(PageHandler is null ? string.Empty : "?handler=" + PageHandler)}";
}

/// <summary>
/// The application's routes read from its own endpoint list (Razor Pages through their compiled
/// descriptors, and minimal API endpoints), so a test built on it covers a page, handler or endpoint
/// added later without being edited.
/// </summary>
public static class AppRoutes
{
    /// <summary>Parameters the framework fills itself: never sent by a caller.</summary>
    private static readonly Type[] Ambient = [typeof(CancellationToken), typeof(HttpContext), typeof(HttpRequest), typeof(HttpResponse), typeof(ClaimsPrincipal)];

    /// <summary>Every route in the order the application maps them.</summary>
    public static async Task<IReadOnlyList<AppRoute>> ReadAsync(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var isService = services.GetRequiredService<IServiceProviderIsService>();
        var routes = new List<AppRoute>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/');
            var routeParameters = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                routes.AddRange(PageRoutes(await loader.LoadAsync(page, endpoint.Metadata), pattern, routeParameters, isService));
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var parameters = endpoint.Metadata.GetMetadata<MethodInfo>()?.GetParameters() ?? [];
            var query = EndpointQuery(parameters, routeParameters, isService);
            var body = parameters.FirstOrDefault(p => IsBody(p, isService))?.ParameterType;
            routes.AddRange(methods.Select(m => new AppRoute(m, pattern, null, routeParameters, query, m == "GET" ? null : body)));
        }

        return routes.DistinctBy(r => r.ToString()).ToList();
    }

    /// <summary>Types a query string or form field carries: text, numbers, dates, flags, ids and enums.</summary>
    public static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(Guid)
            || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(DateOnly)
            || (t.Namespace == "NodaTime" && t.IsValueType);
    }

    private static IEnumerable<AppRoute> PageRoutes(CompiledPageActionDescriptor page, string pattern, IReadOnlyList<string> routeParameters, IServiceProviderIsService isService)
    {
        var get = new ActionContext(new DefaultHttpContext { Request = { Method = HttpMethods.Get } }, new RouteData(), new ActionDescriptor());
        var properties = page.BoundProperties
            .Where(p => p.BindingInfo?.BindingSource != BindingSource.Path && !routeParameters.Contains(p.Name, StringComparer.OrdinalIgnoreCase))
            .SelectMany(p => Expand(p.BindingInfo?.BinderModelName ?? p.Name, p.Name, p.ParameterType, p.BindingInfo?.RequestPredicate?.Invoke(get) ?? true))
            .ToList();

        // A page answers GET even without an OnGet of its own.
        if (!page.HandlerMethods.Any(h => h.HttpMethod == "Get" && h.Name is null))
        {
            yield return new AppRoute("GET", pattern, null, routeParameters, properties, null);
        }

        foreach (var handler in page.HandlerMethods)
        {
            var method = handler.HttpMethod.ToUpperInvariant();
            var parameters = handler.Parameters
                .Where(p => !Ambient.Contains(p.ParameterType)
                    && p.BindingInfo?.BindingSource != BindingSource.Path
                    && p.BindingInfo?.BindingSource != BindingSource.Services
                    && !isService.IsService(p.ParameterType)
                    && !routeParameters.Contains(p.Name, StringComparer.OrdinalIgnoreCase))
                .Select(p => new BoundValue(
                    p.BindingInfo?.BinderModelName ?? p.Name,
                    p.Name,
                    p.ParameterType,
                    method == "GET" && p.BindingInfo?.BindingSource != BindingSource.Form && p.BindingInfo?.BindingSource != BindingSource.Body && p.BindingInfo?.BindingSource != BindingSource.Header));
            yield return new AppRoute(method, pattern, handler.Name, routeParameters, properties.Concat(parameters).ToList(), null);
        }
    }

    /// <summary>A form model property (<c>Input</c>) is sent as its members (<c>Input.Title</c>); a file or a list as itself.</summary>
    private static IEnumerable<BoundValue> Expand(string name, string member, Type type, bool onGet)
    {
        if (IsSimple(type) || typeof(IFormFile).IsAssignableFrom(type) || type.IsGenericType)
        {
            return [new BoundValue(name, member, type, onGet)];
        }

        return type.GetProperties().Where(p => p.CanWrite).Select(p => new BoundValue($"{name}.{p.Name}", $"{member}.{p.Name}", p.PropertyType, onGet));
    }

    private static List<BoundValue> EndpointQuery(IEnumerable<ParameterInfo> parameters, IReadOnlyList<string> routeParameters, IServiceProviderIsService isService)
    {
        var query = new List<BoundValue>();
        foreach (var parameter in parameters)
        {
            if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                query.AddRange(EndpointQuery(parameter.ParameterType.GetConstructors().SelectMany(c => c.GetParameters()), routeParameters, isService));
                continue;
            }

            if (!IsSimple(parameter.ParameterType)
                || isService.IsService(parameter.ParameterType)
                || parameter.GetCustomAttributes().Any(a => a is FromRouteAttribute or FromServicesAttribute or FromBodyAttribute or FromFormAttribute or FromHeaderAttribute)
                || routeParameters.Contains(parameter.Name ?? string.Empty, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            query.Add(new BoundValue(parameter.GetCustomAttribute<FromQueryAttribute>()?.Name ?? parameter.Name!, parameter.Name!, parameter.ParameterType, OnGet: true));
        }

        return query;
    }

    /// <summary>The parameter an API endpoint reads from the JSON body: marked so, or the one complex value no one else fills.</summary>
    private static bool IsBody(ParameterInfo parameter, IServiceProviderIsService isService) =>
        parameter.GetCustomAttribute<FromBodyAttribute>() is not null
        || (!IsSimple(parameter.ParameterType)
            && !Ambient.Contains(parameter.ParameterType)
            && !isService.IsService(parameter.ParameterType)
            && !parameter.ParameterType.IsInterface
            && parameter.GetCustomAttributes().All(a => a is not (AsParametersAttribute or FromServicesAttribute or FromQueryAttribute or FromRouteAttribute or FromFormAttribute or FromHeaderAttribute)));
}
