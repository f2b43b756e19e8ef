using EventSourced.Domain.Organisations;

namespace EventSourced.Web.Infrastructure;

/// <summary>The units a structural command touches: the user must be allowed to change every one.</summary>
public static class CommandScope
{
    public static IReadOnlyList<Guid> Touches(object command) => command switch
    {
        CreateOrganisation c => c.ParentId is { } parent ? [parent] : [c.OrganisationId],
        RenameOrganisation c => [c.OrganisationId],
        ChangeOrganisationFlags c => [c.OrganisationId],
        MoveOrganisation c => [c.OrganisationId, c.NewParentId],
        MergeOrganisation c => [c.OrganisationId, c.TargetId],
        SplitOrganisation c => [c.OrganisationId],
        DissolveOrganisation c => c.MembersTransferredToId is { } target ? [c.OrganisationId, target] : [c.OrganisationId],
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "not an organisation command"),
    };
}
