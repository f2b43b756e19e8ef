using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Organisations;

/// <summary>Merge a unit into another from a date: its child units move to the target, and the unit closes.</summary>
public sealed record MergeOrganisation(Guid OrganisationId, int ExpectedVersion, Guid TargetId, LocalDate EffectiveDate) : IOrganisationCommand
{
    /// <summary>
    /// The unit, the parent it closes under, the target that receives its child units and members, and
    /// those child units on the effective date: each gets a move on its own stream.
    /// </summary>
    public IReadOnlyList<Guid> Touches(OrganisationTree tree) =>
        Touched.Units([OrganisationId, Touched.ParentOf(tree, OrganisationId), TargetId, .. tree.Children(OrganisationId).Select(c => (Guid?)c.Id)]);
}

public static class MergeOrganisationHandler
{
    public static IReadOnlyList<StreamEvent> Decide(MergeOrganisation command, Organisation unit, OrganisationTree tree)
    {
        OrganisationRules.NotBeforeFounding(unit, command.EffectiveDate);
        var source = OrganisationRules.ActiveUnit(tree, unit.Id);
        if (command.TargetId == unit.Id)
        {
            throw new RuleViolation("Organisation.MergeIntoItself");
        }

        if (source.ParentId is null)
        {
            throw new RuleViolation("Organisation.RootCannotClose");
        }

        var target = OrganisationRules.ActiveUnit(tree, command.TargetId);
        if (tree.IsWithin(target.Id, unit.Id))
        {
            throw new RuleViolation("Organisation.MergeIntoOwnChild");
        }

        OrganisationRules.NoLaterChildren(tree, unit.Id);
        var children = tree.Children(unit.Id);
        if (children.Count > 0)
        {
            OrganisationRules.ParentThatCanHaveChildren(tree, target.Id);
            foreach (var child in children)
            {
                OrganisationRules.KindFitsUnder(child.Kind, target);
            }
        }

        var events = new List<StreamEvent>
        {
            new(unit.Id, new OrganisationMerged(target.Id, children.Select(c => c.Id).ToList(), command.EffectiveDate)),
            new(target.Id, new OrganisationAbsorbed(unit.Id, command.EffectiveDate)),
        };
        events.AddRange(children.Select(c => new StreamEvent(
            c.Id,
            new OrganisationMoved(target.Id, unit.Id, command.EffectiveDate, MoveCause.ParentMerged, unit.Id))));
        return events;
    }

    public static async Task Handle(MergeOrganisation command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await OrganisationRules.FetchAtVersionAsync(session, command.OrganisationId, command.ExpectedVersion, ct);
        var tree = await OrganisationRules.LoadTreeAsync(session, command.EffectiveDate, ct);
        var events = Decide(command, stream.Aggregate!, tree);
        var members = await Members.MembersOfClosedUnit.InAsync(session, command.OrganisationId, command.EffectiveDate, ct);
        // A closed unit's code may be given to a new unit, as the organisation rules allow.
        RegisterKeys.Release(session, command.OrganisationId, RegisterKeys.UnitCode(stream.Aggregate!.Code));
        OrganisationRules.AppendAll(session, stream, events);
        Members.MembersOfClosedUnit.Append(session, members, Members.MembersOfClosedUnit.Decide(
            members, command.OrganisationId, tree.Find(command.TargetId), Members.CellChangeCause.CellMerged, command.EffectiveDate));
    }
}
