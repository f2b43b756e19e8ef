using EventSourced.Domain.Organisations;

namespace EventSourced.Web.Infrastructure;

/// <summary>The units a structural command touches: the user must be allowed to change every one.</summary>
public static class CommandScope
{
    /// <summary>
    /// Asks the command itself (<see cref="IOrganisationCommand.Touches"/>) on the tree of its effective
    /// date, which is the tree its decision reads: the parent a split founds its new unit under is the
    /// source's parent on that date.
    /// </summary>
    public static IReadOnlyList<Guid> Touches(object command, OrganisationTree onEffectiveDate) => command is IOrganisationCommand structural
        ? structural.Touches(onEffectiveDate)
        : throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "not an organisation command");
}
