using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using EventSourced.Domain.Common;
using JasperFx.Events;
using NodaTime;

namespace EventSourced.Domain.Sites;

/// <summary>
/// An event as it travels between the centre and a site: its type, its data as JSON, the version it
/// had in its stream where it was recorded, when and by whom, and its audit headers (role, unit,
/// reason, decision). Moved as data, never re-decided: the site ran the same rules when it recorded it.
/// </summary>
public sealed record PortableEvent(string Type, JsonElement Data, long Version, Instant RecordedAt, string? UserName, IReadOnlyDictionary<string, string> Headers);

/// <summary>A whole stream as the package carries it, cut at <see cref="Version"/>.</summary>
public sealed record PortableStream(Guid Id, long Version, IReadOnlyList<PortableEvent> Events);

/// <summary>Turning stored events into portable ones and back.</summary>
public static class PortableEvents
{
    /// <summary>Headers a site adds to each event it hands over, beside the actor's own.</summary>
    public const string SiteHeader = "site";
    public const string SiteBatchHeader = "site-batch";
    public const string SiteRecordedAtHeader = "site-recorded-at";
    public const string SiteVersionHeader = "site-version";

    /// <summary>The same shape Marten stores events in (camel case, enums as names, NodaTime).</summary>
    public static readonly JsonSerializerOptions Json = CreateJson();

    /// <summary>
    /// Only the register's procedures travel up: the events a member's record and a transfer are folded
    /// from, by name. A site's accounts, sign-ins and its copy of the tree are its own, and any other type
    /// (an aggregate, a command, a read model of the same namespaces) is refused with the whole batch.
    /// </summary>
    private static readonly FrozenDictionary<string, Type> Synced =
        typeof(Members.IMemberEvent).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(Members.IMemberEvent).IsAssignableFrom(t))
            .Concat(typeof(Transfers.Transfer).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Instance)
                .Where(m => m.Name is "Create" or "Apply" && m.GetParameters().Length == 1)
                .Select(m => m.GetParameters()[0].ParameterType))
            .Distinct()
            .ToFrozenDictionary(TypeName, StringComparer.Ordinal);

    public static bool MaySync(string type) => type is not null && Synced.ContainsKey(type);

    public static PortableEvent From(IEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in stored.Headers ?? [])
        {
            // Read back from jsonb the values are JSON elements; their text is the string that was written.
            var text = value is JsonElement element ? element.ToString() : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
            if (!string.IsNullOrEmpty(text))
            {
                headers[key] = text;
            }
        }

        var data = JsonSerializer.SerializeToElement(stored.Data, stored.EventType, Json);
        return new PortableEvent(TypeName(stored.EventType), data, stored.Version, Instant.FromDateTimeOffset(stored.Timestamp), stored.UserName, headers);
    }

    /// <summary>"Namespace.Type, Assembly": enough to find the type again in the same application.</summary>
    public static string TypeName(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return $"{type.FullName}, {type.Assembly.GetName().Name}";
    }

    /// <summary>
    /// The event to append, with its own user name and headers plus <paramref name="extraHeaders"/>;
    /// <paramref name="rebase"/>, when given, makes the data name the centre's entries rather than the site's.
    /// </summary>
    public static IEvent ToEvent(PortableEvent portable, IReadOnlyDictionary<string, string>? extraHeaders = null, Func<object, object>? rebase = null)
    {
        var read = Read(portable);
        return Wrap(portable, rebase is null ? read : rebase(read), extraHeaders);
    }

    /// <summary>
    /// The event's data as the type it names (a package or an update carries any of the centre's events; a
    /// batch only those <see cref="MaySync"/> allows, checked first); data that does not read as that type is
    /// refused as malformed (<see cref="SiteFileRefusals.Malformed"/>), never an error.
    /// </summary>
    public static object Read(PortableEvent portable)
    {
        ArgumentNullException.ThrowIfNull(portable);
        var type = Synced.GetValueOrDefault(portable.Type ?? string.Empty) ?? System.Type.GetType(portable.Type ?? string.Empty, throwOnError: false) ?? throw new RuleViolation("Site.UnknownEventType");
        try
        {
            return portable.Data.ValueKind == JsonValueKind.Object
                ? portable.Data.Deserialize(type, Json) ?? throw new RuleViolation(SiteFileRefusals.Malformed)
                : throw new RuleViolation(SiteFileRefusals.Malformed);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or FormatException or ArgumentException or NodaTime.Utility.InvalidNodaDataException)
        {
            throw new RuleViolation(SiteFileRefusals.Malformed);
        }
    }

    /// <summary>The event to append with <paramref name="data"/> already read from <paramref name="portable"/>, its user name and headers plus <paramref name="extraHeaders"/>.</summary>
    public static IEvent Wrap(PortableEvent portable, object data, IReadOnlyDictionary<string, string>? extraHeaders = null)
    {
        ArgumentNullException.ThrowIfNull(portable);
        ArgumentNullException.ThrowIfNull(data);
        var wrapped = (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;
        wrapped.UserName = portable.UserName;
        foreach (var (key, value) in portable.Headers)
        {
            wrapped.SetHeader(key, value);
        }

        foreach (var (key, value) in extraHeaders ?? new Dictionary<string, string>())
        {
            wrapped.SetHeader(key, value);
        }

        return wrapped;
    }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = false,
        };
        json.Converters.Add(new JsonStringEnumConverter());
        EventStoreConfiguration.ConfigureJson(json);
        json.MakeReadOnly(populateMissingResolver: true);
        return json;
    }
}
