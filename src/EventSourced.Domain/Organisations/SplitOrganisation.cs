using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Organisations;

/// <summary>
/// Split part of a unit off into a new sibling unit of the same kind from a date, taking the chosen
/// child units with it. The original unit carries on; to close it as well, dissolve or merge it after.
/// </summary>
public sealed record SplitOrganisation(
    Guid OrganisationId,
    int ExpectedVersion,
    Guid NewOrganisationId,
    string NewCode,
    string NewName,
    IReadOnlyList<Guid> MovedChildIds,
    LocalDate EffectiveDate) : IOrganisationCommand
{
    /// <summary>
    /// The source, the parent the new sibling is founded under (the source's parent on the date),
    /// and the child units moved into it.
    /// </summary>
    public IReadOnlyList<Guid> Touches(OrganisationTree tree) =>
        Touched.Units([OrganisationId, Touched.ParentOf(tree, OrganisationId), .. MovedChildIds.Select(id => (Guid?)id)]);
}

public static class SplitOrganisationHandler
{
    public static IReadOnlyList<StreamEvent> Decide(SplitOrganisation command, Organisation unit, OrganisationTree tree)
    {
        OrganisationRules.NotBeforeFounding(unit, command.EffectiveDate);
        var source = OrganisationRules.ActiveUnit(tree, unit.Id);
        if (source.ParentId is null)
        {
            throw new RuleViolation("Organisation.RootCannotSplit");
        }

        if (tree.Find(command.NewOrganisationId) is not null)
        {
            throw new RuleViolation("Organisation.AlreadyExists");
        }

        var (code, name) = OrganisationRules.CodeAndName(tree, command.NewCode, command.NewName, null);
        OrganisationRules.NameFreeUnder(tree, source.ParentId, name, null);
        var children = tree.Children(unit.Id).Select(c => c.Id).ToHashSet();
        var moved = command.MovedChildIds.Distinct().ToList();
        if (moved.Any(id => !children.Contains(id)))
        {
            throw new RuleViolation("Organisation.SplitChildNotOwn");
        }

        var events = new List<StreamEvent>
        {
            new(unit.Id, new OrganisationSplit(command.NewOrganisationId, moved, command.EffectiveDate)),
            new(command.NewOrganisationId, new OrganisationCreated(
                command.NewOrganisationId, code, name, unit.Kind, source.ParentId, OrganisationFlags.None, command.EffectiveDate, unit.Id)),
        };
        events.AddRange(moved.Select(id => new StreamEvent(
            id,
            new OrganisationMoved(command.NewOrganisationId, unit.Id, command.EffectiveDate, MoveCause.Split, unit.Id))));
        return events;
    }

    public static async Task Handle(SplitOrganisation command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await OrganisationRules.FetchAtVersionAsync(session, command.OrganisationId, command.ExpectedVersion, ct);
        var tree = await OrganisationRules.LoadTreeAsync(session, command.EffectiveDate, ct);
        var events = Decide(command, stream.Aggregate!, tree);
        foreach (var e in events)
        {
            if (e.Event is OrganisationCreated created)
            {
                await RegisterKeys.ClaimAsync(session, created.OrganisationId, RegisterKeys.UnitCode(created.Code), ct);
                session.Events.StartStream<Organisation>(created.OrganisationId, created);
            }
        }

        OrganisationRules.AppendAll(session, stream, events.Where(e => e.Event is not OrganisationCreated));
    }
}
