using NodaTime;

namespace EventSourced.Domain.Organisations;

/// <summary>
/// A structural change of the tree. Whoever sends one must be allowed to change every unit it
/// <see cref="Touches"/>: not only the unit named in the command but every unit it creates something
/// under, moves something into, or takes something out of. A split once checked only its source and
/// so let a district found a unit directly under the city.
/// </summary>
public interface IOrganisationCommand
{
    /// <summary>The unit the command acts on (for a new unit, its id).</summary>
    Guid OrganisationId { get; }

    LocalDate EffectiveDate { get; }

    /// <summary>
    /// The existing units the command changes, judged on <paramref name="tree"/>, the tree on the
    /// command's effective date (the one its decision reads), the unit acted on first. A unit that
    /// does not exist yet is represented by its parent.
    /// </summary>
    IReadOnlyList<Guid> Touches(OrganisationTree tree);
}

internal static class Touched
{
    /// <summary>The units in order, without repeats or empty places.</summary>
    public static IReadOnlyList<Guid> Units(params IEnumerable<Guid?> units) =>
        units.OfType<Guid>().Distinct().ToList();

    public static Guid? ParentOf(OrganisationTree tree, Guid id) => tree.Find(id)?.ParentId;
}
