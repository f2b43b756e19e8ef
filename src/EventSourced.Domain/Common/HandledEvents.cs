using System.Reflection;

namespace EventSourced.Domain.Common;

/// <summary>
/// The event types an aggregate's own <c>Create</c> and <c>Apply</c> methods take: the only events that can
/// change its snapshot. A projection that recomputes its rows from such a snapshot declares these to Marten,
/// which then fetches only them from <c>mt_events</c> in the daemon and in rebuilds (a projection that
/// declares none is handed every event in the store, the app's 1.2 million install reports included).
/// </summary>
public static class HandledEvents
{
    public static IReadOnlyList<Type> Of(Type aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        return [.. aggregate.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name is "Apply" or "Create" && m.GetParameters().Length == 1)
            .Select(m => m.GetParameters()[0].ParameterType)
            .Where(t => !t.IsInterface && !t.IsAbstract)
            .Distinct()
            .OrderBy(t => t.FullName, StringComparer.Ordinal)];
    }
}
