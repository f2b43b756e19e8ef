using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Organisations;

/// <summary>Dissolve a unit that has no active child units; its members go to the named unit.</summary>
public sealed record DissolveOrganisation(Guid OrganisationId, int ExpectedVersion, Guid? MembersTransferredToId, LocalDate EffectiveDate) : IOrganisationCommand
{
    /// <summary>The unit, the parent it closes under, and the unit that receives its members.</summary>
    public IReadOnlyList<Guid> Touches(OrganisationTree tree) =>
        Touched.Units(OrganisationId, Touched.ParentOf(tree, OrganisationId), MembersTransferredToId);
}

public static class DissolveOrganisationHandler
{
    public static OrganisationDissolved Decide(DissolveOrganisation command, Organisation unit, OrganisationTree tree)
    {
        OrganisationRules.NotBeforeFounding(unit, command.EffectiveDate);
        var current = OrganisationRules.ActiveUnit(tree, unit.Id);
        if (current.ParentId is null)
        {
            throw new RuleViolation("Organisation.RootCannotClose");
        }

        if (tree.Children(unit.Id).Count > 0)
        {
            throw new RuleViolation("Organisation.DissolveWithChildren");
        }

        OrganisationRules.NoLaterChildren(tree, unit.Id);

        if (command.MembersTransferredToId is { } targetId)
        {
            if (targetId == unit.Id)
            {
                throw new RuleViolation("Organisation.MembersToItself");
            }

            OrganisationRules.ActiveUnit(tree, targetId);
        }

        return new OrganisationDissolved(command.MembersTransferredToId, command.EffectiveDate);
    }

    public static async Task Handle(DissolveOrganisation command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await OrganisationRules.FetchAtVersionAsync(session, command.OrganisationId, command.ExpectedVersion, ct);
        var tree = await OrganisationRules.LoadTreeAsync(session, command.EffectiveDate, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, tree));
        // A closed unit's code may be given to a new unit, as the organisation rules allow.
        RegisterKeys.Release(session, command.OrganisationId, RegisterKeys.UnitCode(stream.Aggregate!.Code));
        var members = await Members.MembersOfClosedUnit.InAsync(session, command.OrganisationId, command.EffectiveDate, ct);
        var target = command.MembersTransferredToId is { } to ? tree.Find(to) : null;
        Members.MembersOfClosedUnit.Append(session, members, Members.MembersOfClosedUnit.Decide(members, command.OrganisationId, target, Members.CellChangeCause.CellDissolved, command.EffectiveDate));
    }
}
