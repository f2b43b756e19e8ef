using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Organisations;

/// <summary>Mark or unmark a unit as a pilot unit, a commune-level committee or an offline site.</summary>
public sealed record ChangeOrganisationFlags(Guid OrganisationId, int ExpectedVersion, OrganisationFlags Flags, LocalDate EffectiveDate) : IOrganisationCommand
{
    public IReadOnlyList<Guid> Touches(OrganisationTree tree) => [OrganisationId];
}

public static class ChangeOrganisationFlagsHandler
{
    public static OrganisationFlagsChanged Decide(ChangeOrganisationFlags command, Organisation unit, OrganisationTree tree)
    {
        OrganisationRules.NotBeforeFounding(unit, command.EffectiveDate);
        var current = OrganisationRules.ActiveUnit(tree, unit.Id);
        if (current.Flags == command.Flags)
        {
            throw new RuleViolation("Organisation.NothingChanged");
        }

        return new OrganisationFlagsChanged(command.Flags, current.Flags, command.EffectiveDate);
    }

    public static async Task Handle(ChangeOrganisationFlags command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await OrganisationRules.FetchAtVersionAsync(session, command.OrganisationId, command.ExpectedVersion, ct);
        var tree = await OrganisationRules.LoadTreeAsync(session, command.EffectiveDate, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, tree));
    }
}
