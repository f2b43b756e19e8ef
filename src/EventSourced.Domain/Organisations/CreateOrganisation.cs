using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Organisations;

/// <summary>Found a new unit under a parent (or the city committee at the root).</summary>
public sealed record CreateOrganisation(
    Guid OrganisationId,
    string Code,
    string Name,
    OrganisationKind Kind,
    Guid? ParentId,
    OrganisationFlags Flags,
    LocalDate EffectiveDate) : IOrganisationCommand
{
    /// <summary>A new unit changes its parent; a new root (no parent) touches only itself, which nobody's scope covers yet.</summary>
    public IReadOnlyList<Guid> Touches(OrganisationTree tree) => [ParentId ?? OrganisationId];
}

public static class CreateOrganisationHandler
{
    public static OrganisationCreated Decide(CreateOrganisation command, OrganisationTree tree)
    {
        if (tree.Find(command.OrganisationId) is not null)
        {
            throw new RuleViolation("Organisation.AlreadyExists");
        }

        var parent = command.ParentId is { } parentId ? OrganisationRules.ParentThatCanHaveChildren(tree, parentId) : null;
        OrganisationRules.KindFitsUnder(command.Kind, parent);
        if (command.Kind == OrganisationKind.CityCommittee && tree.Roots.Any(r => r.IsActive && r.Kind == OrganisationKind.CityCommittee))
        {
            throw new RuleViolation("Organisation.OneCityCommittee");
        }

        var (code, name) = OrganisationRules.CodeAndName(tree, command.Code, command.Name, null);
        OrganisationRules.NameFreeUnder(tree, command.ParentId, name, null);
        return new OrganisationCreated(command.OrganisationId, code, name, command.Kind, command.ParentId, command.Flags, command.EffectiveDate);
    }

    public static async Task Handle(CreateOrganisation command, IDocumentSession session, CancellationToken ct)
    {
        if (await session.LoadAsync<Organisation>(command.OrganisationId, ct) is not null)
        {
            throw new RuleViolation("Organisation.AlreadyExists");
        }

        var tree = await OrganisationRules.LoadTreeAsync(session, command.EffectiveDate, ct);
        var created = Decide(command, tree);
        await RegisterKeys.ClaimAsync(session, created.OrganisationId, RegisterKeys.UnitCode(created.Code), ct);
        session.Events.StartStream<Organisation>(command.OrganisationId, created);
    }
}
