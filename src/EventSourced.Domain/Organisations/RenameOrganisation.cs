using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Organisations;

/// <summary>Give a unit a new name or code from a date.</summary>
public sealed record RenameOrganisation(Guid OrganisationId, int ExpectedVersion, string Code, string Name, LocalDate EffectiveDate) : IOrganisationCommand
{
    public IReadOnlyList<Guid> Touches(OrganisationTree tree) => [OrganisationId];
}

public static class RenameOrganisationHandler
{
    public static OrganisationRenamed Decide(RenameOrganisation command, Organisation unit, OrganisationTree tree)
    {
        OrganisationRules.NotBeforeFounding(unit, command.EffectiveDate);
        var current = OrganisationRules.ActiveUnit(tree, unit.Id);
        var (code, name) = OrganisationRules.CodeAndName(tree, command.Code, command.Name, unit.Id);
        if (code == current.Code && name == current.Name)
        {
            throw new RuleViolation("Organisation.NothingChanged");
        }

        // Only a new name is checked: a code changed on a unit whose name a sibling already shared (data from
        // before the rule) is not held up by it.
        if (!string.Equals(name, current.Name, StringComparison.OrdinalIgnoreCase))
        {
            OrganisationRules.NameFreeUnder(tree, current.ParentId, name, unit.Id);
        }

        return new OrganisationRenamed(code, name, current.Code, current.Name, command.EffectiveDate);
    }

    public static async Task Handle(RenameOrganisation command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await OrganisationRules.FetchAtVersionAsync(session, command.OrganisationId, command.ExpectedVersion, ct);
        var tree = await OrganisationRules.LoadTreeAsync(session, command.EffectiveDate, ct);
        var renamed = Decide(command, stream.Aggregate!, tree);
        await RegisterKeys.ReplaceAsync(session, command.OrganisationId, RegisterKeys.UnitCode(stream.Aggregate!.Code), RegisterKeys.UnitCode(renamed.Code), ct);

        stream.AppendOne(renamed);
    }
}
