using NodaTime;

namespace EventSourced.Domain.Organisations;

/// <summary>
/// A value a committee decides for a unit from a date on (a rollout target, a content target), kept
/// as every dated decision so a past date answers with what applied then, and inherited by the units
/// below it until one is given its own. One home for both rules so the dashboards that show such
/// values cannot disagree on them.
/// </summary>
public static class DatedSettings
{
    /// <summary>
    /// Inserts <paramref name="period"/> in date order; a later decision for the same day goes after
    /// the earlier one, so it is the one in force.
    /// </summary>
    public static void Insert<T>(List<T> periods, T period, Func<T, LocalDate> from)
    {
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentNullException.ThrowIfNull(from);
        var start = from(period);
        var index = periods.FindLastIndex(p => from(p) <= start) + 1;
        periods.Insert(index, period);
    }

    /// <summary>The period in force on <paramref name="date"/>, or null before the first one.</summary>
    public static T? On<T>(IReadOnlyList<T> periods, LocalDate date, Func<T, LocalDate> from)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentNullException.ThrowIfNull(from);
        for (var i = periods.Count - 1; i >= 0; i--)
        {
            if (from(periods[i]) <= date)
            {
                return periods[i];
            }
        }

        return null;
    }

    /// <summary>
    /// The value <paramref name="ownOn"/> gives for <paramref name="unitId"/> itself, else for its
    /// nearest ancestor that has one, with the unit it was set on. A unit whose own value was removed
    /// answers null from <paramref name="ownOn"/> and so follows its parent again.
    /// </summary>
    public static (T Value, Guid SetOnUnitId)? Nearest<T>(Guid unitId, OrganisationTree tree, Func<Guid, T?> ownOn)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(ownOn);
        foreach (var id in tree.Ancestors(unitId).Select(a => a.Id).Reverse().Prepend(unitId))
        {
            if (ownOn(id) is { } value)
            {
                return (value, id);
            }
        }

        return null;
    }
}
