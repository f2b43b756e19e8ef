using System.Globalization;
using Xunit.Abstractions;
using System.Net;
using System.Reflection;
using EventSourced.Domain.Common;
using EventSourced.Domain.Content;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace EventSourced.Web.Tests.Accounts;

/// <summary>
/// Every route the running application serves (read from its own endpoint list, so a new page,
/// handler or endpoint is in the matrix without editing this test), sent by every demo role with
/// the route's object taken from a unit outside the role's scope, by GET and by POST with a valid
/// antiforgery token and a plausible form: the answer is a refusal (never a server error, never a
/// page with the object's data) and the store holds no new event. City-wide roles have no outside;
/// for them every change outside their work (and, for the auditor, every change at all) appends nothing.
/// </summary>
public sealed class ScopeMatrixTests(ScopeMatrixTests.Fixture app, ITestOutputHelper output) : IClassFixture<ScopeMatrixTests.Fixture>
{
    /// <summary>Routes left out, each with why; a route listed here that no longer exists fails the test.</summary>
    private static readonly Dictionary<string, string> NotInMatrix = new()
    {
        ["/login"] = "public: the sign-in form, no object",
        ["/logout"] = "ends the caller's own session; posting it would sign the matrix user out",
        ["/culture"] = "sets the caller's own language cookie, no object",
        ["/error"] = "the error page, no object",
        ["/forbidden"] = "the refusal page itself, no object",
        ["/health"] = "public health check, no object",
        ["/openapi/{documentName}.json"] = "public description of the app's API, no object",
        ["/api/app/token"] = "the app's anonymous sign-in with a member's own credential, no staff object",
    };

    /// <summary>Roles whose scope is the whole city: nothing lies outside, so only what they may never change is checked.</summary>
    private static readonly HashSet<string> CityWide = ["editor", "approver", "auditor"];

    public sealed class Fixture : AppFixture
    {
        public DistrictObjects BaDinh { get; private set; } = null!;

        public DistrictObjects HoanKiem { get; private set; } = null!;

        public IReadOnlyList<MatrixRoute> Routes { get; private set; } = [];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var today = VietnamTime.Today(Host.Services.GetRequiredService<IClock>());
            await DemoSeeder.SeedMembersAsync(Store, DemoSize.Small, today, perCell: 2, CancellationToken.None);
            await DemoContent.SeedAsync(Store, DemoSize.Small, today, CancellationToken.None);
            BaDinh = await DistrictObjects.CreateAsync(this, DemoUnits.BaDinh, "staff");
            HoanKiem = await DistrictObjects.CreateAsync(this, DemoUnits.HoanKiem, "staff2");
            Routes = await MatrixRoute.ReadAsync(Host.Services);
        }
    }

    public static TheoryData<string> Roles => new() { "staff", "staff2", "editor", "approver", "auditor" };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task no_route_lets_a_role_read_or_change_what_lies_outside_its_scope(string username)
    {
        var outside = username == "staff2" ? app.BaDinh : username == "staff" ? app.HoanKiem : app.BaDinh;
        var user = await app.SignInAsync(username);
        var token = await user.AntiforgeryTokenAsync("/");
        var holes = new List<string>();

        foreach (var route in app.Routes.Where(r => !NotInMatrix.ContainsKey(r.Pattern)))
        {
            var strict = !CityWide.Contains(username);
            var isChange = route.Method == "POST";
            // Editors and approvers work on the whole city's content; their seats are the content rules' own matter.
            if (!strict && isChange && username != "auditor" && route.Pattern.StartsWith("/content", StringComparison.Ordinal))
            {
                continue;
            }

            var url = route.Url(outside);
            var before = await app.EventCountAsync();
            var response = route.Method switch
            {
                "GET" => await user.GetAsync(url),
                _ when route.JsonBody is { } body => await user.PostJsonAsync(url, body(outside)),
                _ => await user.PostRawAsync(url, new Dictionary<string, string>(route.Form(outside)) { ["__RequestVerificationToken"] = token }),
            };
            var appended = await app.EventCountAsync() - before;
            var status = (int)response.StatusCode;
            var location = response.Headers.Location?.ToString() ?? string.Empty;
            var what = $"{username} {route.Method} {url} → {status} {location}";
            output.WriteLine(what);

            if (status >= 500)
            {
                holes.Add($"{what}: server error");
                continue;
            }

            if (isChange && appended != 0)
            {
                holes.Add($"{what}: {appended} event(s) appended");
            }

            if (!strict)
            {
                continue;
            }

            if (status is >= 300 and < 400 && isChange && !RefusalRedirect(location))
            {
                holes.Add($"{what}: a change was answered as if it succeeded");
            }

            if (status is >= 200 and < 300)
            {
                var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
                foreach (var secret in outside.TellTales.Where(t => body.Contains(t, StringComparison.Ordinal)))
                {
                    holes.Add($"{what}: shows \"{secret}\" from outside the scope");
                }
            }
        }

        holes.ShouldBeEmpty(string.Join(Environment.NewLine, holes));
    }

    [Fact]
    public void the_matrix_covers_every_page_handler_and_endpoint_and_the_exceptions_still_exist()
    {
        var patterns = app.Routes.Select(r => r.Pattern).ToHashSet();

        NotInMatrix.Keys.Where(p => !patterns.Contains(p)).ShouldBeEmpty("allow-listed routes that no longer exist");
        patterns.ShouldContain("/organisations/{id:guid}/split");
        patterns.ShouldContain("/api/organisations/{id:guid}/split");
        app.Routes.ShouldContain(r => r.Pattern == "/transfers/{id:guid}" && r.Method == "POST" && r.Url(app.HoanKiem).Contains("handler=Receive", StringComparison.Ordinal));
    }

    private static bool RefusalRedirect(string location) =>
        location.Contains("/forbidden", StringComparison.OrdinalIgnoreCase) || location.Contains("/login", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Objects of one district that the matrix names in routes and forms: a ward, a cell, members, a transfer, a draft post, the district's staff account.</summary>
public sealed record DistrictObjects(
    OrganisationCreated Committee,
    OrganisationCreated Unit,
    OrganisationCreated Cell,
    Guid ChildId,
    Member Member,
    Guid TransferId,
    string TransferredName,
    Guid PostId,
    string PostTitle,
    Guid UserId,
    IReadOnlyDictionary<Guid, int> Versions)
{
    /// <summary>Text that only a page showing this district's objects would contain.</summary>
    public IReadOnlyList<string> TellTales => [Unit.Name, Member.Profile.FullName, TransferredName, PostTitle];

    public static async Task<DistrictObjects> CreateAsync(AppFixture app, OrganisationCreated committee, string staff)
    {
        var unit = DemoUnits.GrassrootsUnder(committee);
        var cell = DemoUnits.CellUnder(unit);
        var subtree = Subtree(committee.OrganisationId).ToHashSet();
        await using var query = app.Store.QuerySession();
        var members = (await query.Query<Member>().Where(m => m.Status == MembershipStatus.Official).Take(5000).ToListAsync())
            .Where(m => subtree.Contains(m.CellId)).Take(2).ToList();
        members.Count.ShouldBe(2, $"two official members in {committee.Name}");

        // A transfer as the district's staff issue it, through the form.
        var session = await app.SignInAsync(staff);
        var transferId = Guid.CreateVersion7();
        var transferee = members[1];
        var otherCell = DemoUnits.Units.First(u => u.Kind == OrganisationKind.Cell && subtree.Contains(u.OrganisationId) && u.OrganisationId != transferee.CellId);
        var issued = await session.PostFormAsync($"/members/{transferee.Id}/transfer", $"/members/{transferee.Id}/transfer?handler=Official", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = transferee.Version.ToString(CultureInfo.InvariantCulture),
            ["TransferId"] = transferId.ToString(),
            ["LetterNumber"] = "9-GT/ĐU",
            ["LetterDate"] = "2024-06-01",
            ["Reason"] = "chuyển nơi cư trú",
            ["ToCellCode"] = otherCell.Code,
        });
        issued.StatusCode.ShouldBe(HttpStatusCode.Redirect, await issued.Content.ReadAsStringAsync());

        // A draft on the district's board, written as its author would.
        var postId = Guid.CreateVersion7();
        var title = "Bản nháp nội bộ của " + committee.Name;
        await using (var write = app.Store.LightweightSession())
        {
            var author = await write.Query<Domain.Accounts.UserAccount>().SingleAsync(a => a.Username == staff);
            write.Events.StartStream<Post>(postId, new PostDrafted(
                postId,
                committee.OrganisationId,
                committee.Name,
                new PostContent { Kind = PostKind.News, Title = title, Summary = title, Body = title },
                new ContentActor(author.Id, author.DisplayName, BoardRole.Author, null, committee.OrganisationId, committee.Name),
                SystemClock.Instance.GetCurrentInstant()));
            await write.SaveChangesAsync();
        }

        var account = await query.Query<Domain.Accounts.UserAccount>().SingleAsync(a => a.Username == staff);
        var versions = new Dictionary<Guid, int>();
        foreach (var id in new[] { unit.OrganisationId, members[0].Id, transferId, postId, account.Id })
        {
            versions[id] = (int)((await query.Events.FetchStreamStateAsync(id))?.Version ?? 1);
        }

        return new DistrictObjects(
            committee, unit, cell, DemoUnits.ChildrenOf(unit.OrganisationId)[0].OrganisationId, members[0], transferId, transferee.Profile.FullName, postId, title, account.Id, versions);
    }

    /// <summary>The object a route parameter names, by the route's area and the parameter's name; null when the matrix knows no such object.</summary>
    public string? RouteValue(string area, string parameter) => (area, parameter) switch
    {
        ("organisations" or "api/organisations", "id") => Unit.OrganisationId.ToString(),
        ("members", "id") => Member.Id.ToString(),
        ("transfers", "id") => TransferId.ToString(),
        ("content", "id") => PostId.ToString(),
        ("users", "id") => UserId.ToString(),
        // No file of the other district is stored; an unknown file must be refused as well.
        ("files", "id") => Guid.NewGuid().ToString(),
        ("files", "name") => "tai-lieu.pdf",
        _ => null,
    };

    /// <summary>A plausible value for a form field, query parameter or JSON property, pointing at this district where it names something.</summary>
    public object? Value(string name, Type type, Guid? routeObject)
    {
        // A nested form field (Profile.FullName) is named by its last part; API parameters are camelCase.
        name = name[(name.LastIndexOf('.') + 1)..];
        name = char.ToUpperInvariant(name[0]) + name[1..];
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (name is "AdmissionYear")
        {
            return null;
        }

        if (t == typeof(string))
        {
            return name switch
            {
                "AsOf" or "From" or "To" => "2024-06-01",
                "Month" or "MonthText" => "2024-06",
                "Search" => Member.Profile.FullName,
                "Query" or "Q" => Unit.Name,
                _ when name.Contains("Cell", StringComparison.Ordinal) || name == "MembersToCode" => Cell.Code,
                "UnitCode" or "ParentCode" or "TargetCode" => Committee.Code,
                "Code" or "NewCode" => Unit.Code + ".MX",
                "Password" => "Mat-khau-thu-1",
                "Field" => "FullName",
                _ => "Thử " + name,
            };
        }

        if (name is "ExpectedVersion" or "Revision" && t == typeof(int))
        {
            return routeObject is { } id && Versions.TryGetValue(id, out var version) ? version : 1;
        }

        if (t == typeof(int) || t == typeof(long))
        {
            return 1;
        }

        if (t == typeof(bool))
        {
            // False: a filter left open shows the most, and a form's box left empty is still a valid form.
            return false;
        }

        if (t == typeof(LocalDate))
        {
            return new LocalDate(2024, 6, 1);
        }

        if (t == typeof(LocalDateTime))
        {
            return new LocalDateTime(2024, 6, 1, 8, 0);
        }

        if (t == typeof(Guid))
        {
            return name switch
            {
                "UnitId" or "ParentId" or "NewParentId" or "TargetId" or "OrganisationId" => Committee.OrganisationId,
                "CellId" or "MembersTransferredToId" => Cell.OrganisationId,
                "MemberId" => Member.Id,
                "UserId" => UserId,
                "TransferId" when routeObject == TransferId => TransferId,
                _ => Guid.NewGuid(),
            };
        }

        if (t.IsEnum)
        {
            return Enum.GetNames(t)[^1];
        }

        if (t != typeof(string) && t.IsGenericType && t.GetGenericArguments() is [var element] && typeof(System.Collections.IEnumerable).IsAssignableFrom(t))
        {
            var single = name.EndsWith("ChildIds", StringComparison.Ordinal) ? ChildId : Value(name.TrimEnd('s'), element, routeObject);
            return single is null ? null : new[] { single };
        }

        return null;
    }

    private static IEnumerable<Guid> Subtree(Guid root) =>
        DemoUnits.ChildrenOf(root).SelectMany(c => Subtree(c.OrganisationId)).Prepend(root);
}

/// <summary>One request the matrix sends: a route pattern, a method and (for pages) a named handler, with the fields it binds.</summary>
public sealed record MatrixRoute(string Pattern, string Method, string? Handler, IReadOnlyList<(string Name, Type Type)> Fields, Func<DistrictObjects, object>? JsonBody)
{
    /// <summary>The actions of the post page's one form (its buttons' <c>act</c> values).</summary>
    private static readonly string?[] Actions =
        ["submit", "approve", "request-changes", "reject", "publish", "schedule-publication", "cancel-publication", "withdraw", "schedule-withdrawal", "cancel-withdrawal", "archive"];

    /// <summary>The value of the form's <c>act</c> field, for handlers that dispatch on it.</summary>
    public string? Action { get; init; }

    public static async Task<IReadOnlyList<MatrixRoute>> ReadAsync(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var routes = new List<MatrixRoute>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                var bound = compiled.BoundProperties
                    .Where(p => p.BindingInfo?.BindingSource?.Id != "Path")
                    .SelectMany(p => Expand(p.Name, p.ParameterType))
                    .ToList();
                var handlers = compiled.HandlerMethods.ToList();
                if (!handlers.Any(h => h.HttpMethod == "Get" && h.Name is null))
                {
                    routes.Add(new MatrixRoute(pattern, "GET", null, bound, null));
                }

                foreach (var handler in handlers)
                {
                    var fields = bound.Concat(handler.Parameters.Where(p => p.ParameterType != typeof(CancellationToken)).Select(p => (p.Name, p.ParameterType))).ToList();
                    var method = handler.HttpMethod.ToUpperInvariant();
                    // A handler that dispatches on a named action is sent once per action.
                    var actions = fields.Any(f => f.Name == "act") ? Actions : [null];
                    foreach (var act in actions)
                    {
                        routes.Add(new MatrixRoute(pattern, method, handler.Name, fields, null) { Action = act });
                    }
                }

                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var parameters = endpoint.Metadata.GetMetadata<MethodInfo>()?.GetParameters() ?? [];
            var queryFields = parameters
                .Where(p => p.GetCustomAttribute<AsParametersAttribute>() is not null)
                .SelectMany(p => p.ParameterType.GetConstructors()[0].GetParameters())
                .Concat(parameters.Where(p => p.GetCustomAttribute<AsParametersAttribute>() is null))
                .Where(p => IsSimple(p.ParameterType) && endpoint.RoutePattern.GetParameter(p.Name!) is null)
                .Select(p => (p.Name!, p.ParameterType))
                .ToList();
            var bodyType = parameters.Select(p => p.ParameterType).FirstOrDefault(t => t.Name.EndsWith("Request", StringComparison.Ordinal));
            foreach (var method in methods.Where(m => m is "GET" or "POST"))
            {
                Func<DistrictObjects, object>? body = method == "POST" && bodyType is not null ? d => JsonFor(bodyType, d, endpoint.RoutePattern) : null;
                routes.Add(new MatrixRoute(pattern, method, null, method == "GET" ? queryFields : [], body));
            }
        }

        return routes;
    }

    /// <summary>The URL with the route's object filled in, and for a GET every bound field in the query (pages ignore those they do not bind on GET).</summary>
    public string Url(DistrictObjects outside)
    {
        var path = PathFor(Pattern, outside, out _);
        var query = new List<string>();
        if (Handler is not null)
        {
            query.Add("handler=" + Handler);
        }

        if (Action is not null)
        {
            query.Add("act=" + Action);
        }

        if (Method == "GET")
        {
            var routeObject = RouteObject(outside);
            query.AddRange(Fields.Select(f => (f.Name, Value: outside.Value(f.Name, f.Type, routeObject)))
                .Where(f => f.Value is not null)
                .SelectMany(f => Strings(f.Value!).Select(v => f.Name + "=" + Uri.EscapeDataString(v))));
        }

        return query.Count == 0 ? path : path + "?" + string.Join("&", query);
    }

    public IReadOnlyDictionary<string, string> Form(DistrictObjects outside)
    {
        var routeObject = RouteObject(outside);
        var form = new Dictionary<string, string>();
        foreach (var (name, type) in Fields.Where(f => f.Name != "act"))
        {
            if (outside.Value(name, type, routeObject) is { } value)
            {
                form[name] = string.Join(",", Strings(value));
            }
        }

        return form;
    }

    private Guid? RouteObject(DistrictObjects outside)
    {
        PathFor(Pattern, outside, out var id);
        return id;
    }

    private static string PathFor(string pattern, DistrictObjects outside, out Guid? routeObject)
    {
        routeObject = null;
        var parsed = RoutePatternFactory.Parse(pattern);
        var segments = new List<string>();
        var area = new List<string>();
        foreach (var segment in parsed.PathSegments)
        {
            var text = string.Empty;
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        text += literal.Content;
                        break;
                    case RoutePatternParameterPart parameter:
                        var key = string.Join("/", area);
                        var value = outside.RouteValue(key, parameter.Name)
                            ?? throw new InvalidOperationException(
                                $"The scope matrix knows no object for {{{parameter.Name}}} in {pattern}: add one to DistrictObjects.RouteValue (or list the route in NotInMatrix with a reason).");
                        if (Guid.TryParse(value, out var id))
                        {
                            routeObject ??= id;
                        }

                        text += value;
                        break;
                }
            }

            if (segment.IsSimple && segment.Parts[0] is RoutePatternLiteralPart)
            {
                area.Add(text);
            }

            segments.Add(text);
        }

        return "/" + string.Join("/", segments);
    }

    private static Dictionary<string, object?> JsonFor(Type type, DistrictObjects outside, RoutePattern route)
    {
        var routeObject = outside.Unit.OrganisationId;
        var json = new Dictionary<string, object?>();
        var names = type.GetConstructors()[0].GetParameters().Select(p => (p.Name!, p.ParameterType))
            .Concat(type.GetProperties().Where(p => p.CanWrite).Select(p => (p.Name, p.PropertyType)));
        foreach (var (name, propertyType) in names)
        {
            json[JsonNamingPolicyCamel(name)] = outside.Value(name, propertyType, route.Parameters.Count > 0 ? routeObject : null);
        }

        return json;
    }

    private static string JsonNamingPolicyCamel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);

    private static IEnumerable<(string Name, Type Type)> Expand(string name, Type type)
    {
        if (IsSimple(type) || typeof(IFormFile).IsAssignableFrom(type) || (type.IsGenericType && type != typeof(string)))
        {
            return [(name, type)];
        }

        return type.GetProperties().Where(p => p.CanWrite).Select(p => ($"{name}.{p.Name}", p.PropertyType));
    }

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(Guid) || t == typeof(LocalDate) || t == typeof(LocalDateTime) || t == typeof(decimal);
    }

    private static IEnumerable<string> Strings(object value) => value switch
    {
        System.Collections.IEnumerable many and not string => many.Cast<object>().Select(Text),
        _ => [Text(value)],
    };

    private static string Text(object value) => value switch
    {
        LocalDate d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        LocalDateTime t => t.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
