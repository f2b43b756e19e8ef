using System.Globalization;
using EventSourced.Domain.Common;
using EventSourced.Domain.Content;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;
using Marten;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>The demo city with members, a transfer and a draft post in each of the two districts, and the host's routes read once.</summary>
public class ScopeMatrixFixture : AppFixture
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

    /// <summary>
    /// Sends one matrix request as <paramref name="user"/>: a GET, a JSON POST, or a form POST with the
    /// session's token, its fields naming <paramref name="references"/> and carrying the current version of
    /// <paramref name="routeObject"/> (so a refusal is never just a stale form).
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(WebSession user, string token, MatrixRoute route, string url, DistrictObjects references, Guid? routeObject)
    {
        if (route.Method == "GET")
        {
            return await user.GetAsync(url);
        }

        var version = 1;
        if (routeObject is { } id)
        {
            await using var query = Store.QuerySession();
            version = (int)((await query.Events.FetchStreamStateAsync(id))?.Version ?? 1);
        }

        return route.Json(references, routeObject, version) is { } json
            ? await user.PostJsonAsync(url, json)
            : await user.PostRawAsync(url, new Dictionary<string, string>(route.Form(references, routeObject, version)) { ["__RequestVerificationToken"] = token });
    }
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
    LocalDate Today,
    Guid RoundId)
{
    /// <summary>Text that only a page showing this district's objects would contain.</summary>
    public IReadOnlyList<string> TellTales => [Unit.Name, Member.Profile.FullName, TransferredName, PostTitle];

    public static async Task<DistrictObjects> CreateAsync(AppFixture app, OrganisationCreated committee, string staff)
    {
        var today = VietnamTime.Today(app.Host.Services.GetRequiredService<IClock>());
        var unit = DemoUnits.GrassrootsUnder(committee);
        var cell = DemoUnits.CellUnder(unit);
        var subtree = Subtree(committee.OrganisationId).ToHashSet();
        await using var query = app.Store.QuerySession();
        var members = (await query.Query<Member>().Where(m => m.Status == MembershipStatus.Official).Take(5000).ToListAsync())
            .Where(m => subtree.Contains(m.CellId)).Take(2).ToList();
        members.Count.ShouldBe(2, $"two official members in {committee.Name}");

        // A transfer as the district's staff issue it, through the form.
        var session = await app.SignInAsync(staff);
        var transferee = members[1];
        var otherCell = DemoUnits.Units.First(u => u.Kind == OrganisationKind.Cell && subtree.Contains(u.OrganisationId) && u.OrganisationId != transferee.CellId);
        // Dated today, so no overdue check appends to it while the matrix counts events.
        var transferId = await TransferForm.IssueOfficialAsync(session, transferee.Id, otherCell.Code, today, transferee.Version);

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

        // A reconciliation round the district opened for its subtree.
        var roundId = Guid.CreateVersion7();
        await using (var write = app.Store.LightweightSession())
        {
            write.Events.StartStream<Domain.Reconciliation.ReconciliationRound>(roundId, new Domain.Reconciliation.ReconciliationRoundOpened(
                roundId, committee.OrganisationId, "Rà soát của " + committee.Name, today.PlusDays(-10), today.PlusDays(20), "1-KH"));
            await write.SaveChangesAsync();
        }

        var account = await query.Query<Domain.Accounts.UserAccount>().SingleAsync(a => a.Username == staff);
        return new DistrictObjects(
            committee, unit, cell, DemoUnits.ChildrenOf(unit.OrganisationId)[0].OrganisationId, members[0], transferId, transferee.Profile.FullName, postId, title, account.Id, today, roundId);
    }

    /// <summary>The object a route parameter names, by the route's area and the parameter's name; null when the matrix knows no such object.</summary>
    public string? RouteValue(string area, string parameter) => (area, parameter) switch
    {
        ("organisations" or "api/organisations", "id") => Unit.OrganisationId.ToString(),
        ("members", "id") => Member.Id.ToString(),
        ("transfers", "id") => TransferId.ToString(),
        ("content", "id") => PostId.ToString(),
        ("users", "id") => UserId.ToString(),
        ("reconciliation/rounds", "id") => RoundId.ToString(),
        // The district's grassroots organisation, as an offline site or not: only staff above it may see its conflicts.
        ("sites", "unitId") => Unit.OrganisationId.ToString(),
        // No file of the other district is stored; an unknown file must be refused as well.
        ("files", "id") => Guid.NewGuid().ToString(),
        ("files", "name") => "tai-lieu.pdf",
        ("reconciliation/units", "unitCode") => Cell.Code,
        // The unit is checked before the reconciliation is looked up: any id of the other district's
        // cell is refused on the unit.
        ("reconciliation/units", "id") => Guid.NewGuid().ToString(),
        _ => null,
    };

    private static string WithoutFirstWord(string name) => name.Trim() is var trimmed && trimmed.IndexOf(' ', StringComparison.Ordinal) is > 0 and var space ? trimmed[(space + 1)..] : trimmed;

    /// <summary>A plausible value for a form field, query parameter or JSON property, pointing at this district where it names something.</summary>
    public object? Value(string name, Type type, Guid? routeObject, int version)
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
                // Searches name the outside object by part of its name: a page echoes the search box,
                // so only the whole name on the page would mean the object itself was shown.
                "Search" => WithoutFirstWord(Member.Profile.FullName),
                "Query" or "Q" => WithoutFirstWord(Unit.Name),
                _ when name.Contains("Cell", StringComparison.Ordinal) || name == "MembersToCode" => Cell.Code,
                "UnitCode" or "ParentCode" or "TargetCode" => Committee.Code,
                // A fresh code each time: a code already taken would be refused before anything else is checked.
                "Code" or "NewCode" => Unit.Code + ".MX" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant(),
                "Password" => "Mat-khau-thu-1",
                "Field" => "FullName",
                _ => "Thử " + name,
            };
        }

        if (name is "ExpectedVersion" or "Revision" && t == typeof(int))
        {
            return version;
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
            // A letter dated long ago would be overdue at once, and the overdue check would append while the matrix counts.
            return name == "LetterDate" ? Today : new LocalDate(2024, 6, 1);
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
            // The units a split takes are children of the unit split, whoever's they are.
            var single = name.EndsWith("ChildIds", StringComparison.Ordinal)
                ? (routeObject is { } parent && DemoUnits.ChildrenOf(parent) is [var child, ..] ? child.OrganisationId : ChildId)
                : Value(name.TrimEnd('s'), element, routeObject, version);
            return single is null ? null : new[] { single };
        }

        return null;
    }

    private static IEnumerable<Guid> Subtree(Guid root) =>
        DemoUnits.ChildrenOf(root).SelectMany(c => Subtree(c.OrganisationId)).Prepend(root);
}

/// <summary>One request the matrix sends: an application route and, for a form that dispatches on a named action, the action.</summary>
public sealed record MatrixRoute(AppRoute Route, string? Action)
{
    /// <summary>The actions of the post page's one form (its buttons' <c>act</c> values).</summary>
    private static readonly string?[] Actions =
        ["submit", "approve", "request-changes", "reject", "publish", "schedule-publication", "cancel-publication", "withdraw", "schedule-withdrawal", "cancel-withdrawal", "archive"];

    public string Pattern => Route.Pattern;

    public string Method => Route.Method;

    public string? Handler => Route.PageHandler;

    public static async Task<IReadOnlyList<MatrixRoute>> ReadAsync(IServiceProvider services) =>
        (await AppRoutes.ReadAsync(services))
            .Where(r => r.Method is "GET" or "POST")
            // A handler that dispatches on a named action is sent once per action.
            .SelectMany(r => r.Bound.Any(b => b.Member == "act") ? Actions.Select(act => new MatrixRoute(r, act)) : [new MatrixRoute(r, null)])
            .ToList();

    /// <summary>
    /// The URL with the route's object taken from <paramref name="objects"/>, and for a GET every bound
    /// field in the query (pages ignore those they do not bind on GET), naming <paramref name="references"/>.
    /// </summary>
    public string Url(DistrictObjects objects, DistrictObjects? references = null)
    {
        references ??= objects;
        var path = PathFor(Pattern, objects, out var routeObject);
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
            // Sent under the name the page binds (page, unit, q), filled by what the property means.
            query.AddRange(Route.Bound.Select(f => (f.Name, Value: references.Value(f.Member, f.Type, routeObject, 1)))
                .Where(f => f.Value is not null)
                .SelectMany(f => Strings(f.Value!).Select(v => f.Name + "=" + Uri.EscapeDataString(v))));
        }

        return query.Count == 0 ? path : path + "?" + string.Join("&", query);
    }

    /// <summary>The form a POST sends: every bound field, naming <paramref name="references"/>, with the version of the route's object.</summary>
    public IReadOnlyDictionary<string, string> Form(DistrictObjects references, Guid? routeObject, int version)
    {
        var form = new Dictionary<string, string>();
        foreach (var field in Route.Bound.Where(f => f.Member != "act"))
        {
            if (references.Value(field.Member, field.Type, routeObject, version) is { } value)
            {
                form[field.Name] = string.Join(",", Strings(value));
            }
        }

        return form;
    }

    /// <summary>The object the route names when filled from <paramref name="objects"/>; null for a route without one.</summary>
    public Guid? RouteObject(DistrictObjects objects)
    {
        PathFor(Pattern, objects, out var id);
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

    /// <summary>The JSON body an API endpoint reads, every property filled naming <paramref name="references"/>; null for an endpoint without one.</summary>
    public Dictionary<string, object?>? Json(DistrictObjects references, Guid? routeObject, int version)
    {
        if (Route.Body is not { } body)
        {
            return null;
        }

        var json = new Dictionary<string, object?>();
        var names = body.GetConstructors()[0].GetParameters().Select(p => (p.Name!, p.ParameterType))
            .Concat(body.GetProperties().Where(p => p.CanWrite).Select(p => (p.Name, p.PropertyType)));
        foreach (var (name, propertyType) in names)
        {
            json[JsonNamingPolicyCamel(name)] = references.Value(name, propertyType, routeObject, version);
        }

        return json;
    }

    private static string JsonNamingPolicyCamel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);

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
