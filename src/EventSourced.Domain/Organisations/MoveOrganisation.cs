using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Organisations;

/// <summary>Place a unit under another parent from a date, as when districts were abolished in 2025.</summary>
public sealed record MoveOrganisation(Guid OrganisationId, int ExpectedVersion, Guid NewParentId, LocalDate EffectiveDate) : IOrganisationCommand
{
    /// <summary>The unit, the parent it leaves and the parent it joins.</summary>
    public IReadOnlyList<Guid> Touches(OrganisationTree tree) =>
        Touched.Units(OrganisationId, Touched.ParentOf(tree, OrganisationId), NewParentId);
}

public static class MoveOrganisationHandler
{
    public static OrganisationMoved Decide(MoveOrganisation command, Organisation unit, OrganisationTree tree)
    {
        OrganisationRules.NotBeforeFounding(unit, command.EffectiveDate);
        var current = OrganisationRules.ActiveUnit(tree, unit.Id);
        if (current.ParentId is null)
        {
            throw new RuleViolation("Organisation.RootCannotMove");
        }

        if (command.NewParentId == unit.Id || tree.IsWithin(command.NewParentId, unit.Id))
        {
            throw new RuleViolation("Organisation.MoveWouldCycle");
        }

        if (command.NewParentId == current.ParentId)
        {
            throw new RuleViolation("Organisation.AlreadyUnderParent");
        }

        var parent = OrganisationRules.ParentThatCanHaveChildren(tree, command.NewParentId);
        OrganisationRules.KindFitsUnder(unit.Kind, parent);
        return new OrganisationMoved(command.NewParentId, current.ParentId, command.EffectiveDate);
    }

    public static async Task Handle(MoveOrganisation command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await OrganisationRules.FetchAtVersionAsync(session, command.OrganisationId, command.ExpectedVersion, ct);
        var tree = await OrganisationRules.LoadTreeAsync(session, command.EffectiveDate, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, tree));
    }
}
