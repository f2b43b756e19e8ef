using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;

namespace EventSourced.Domain.Content;

/// <summary>
/// The boards that may act on a unit's content: the unit's own board and those of the units above it,
/// from the tree on the day of the decision. Boards of units outside that chain are ignored, so a
/// reviewer from a sibling unit is refused however many roles they hold there.
/// </summary>
public sealed class BoardScope
{
    private readonly IReadOnlyList<OrganisationNode> _chain;
    private readonly Dictionary<Guid, EditorialBoard> _boards;

    private BoardScope(OrganisationTree tree, IReadOnlyList<OrganisationNode> chain, Dictionary<Guid, EditorialBoard> boards)
    {
        Tree = tree;
        _chain = chain;
        _boards = boards;
    }

    public OrganisationTree Tree { get; }

    /// <summary>The owning unit as it stands on the tree's date.</summary>
    public OrganisationNode Unit => _chain[0];

    /// <summary>The owning unit first, then its parent, up to the city committee.</summary>
    public IReadOnlyList<OrganisationNode> Chain => _chain;

    /// <summary>
    /// The scope of <paramref name="unitId"/>. <paramref name="boards"/> may hold any boards; only the
    /// chain's count. A closed unit owns no new content, and its old posts can only be taken down.
    /// </summary>
    public static BoardScope For(Guid unitId, OrganisationTree tree, IEnumerable<EditorialBoard> boards)
    {
        var unit = tree.Find(unitId) ?? throw new RuleViolation("Content.UnitNotFound");
        var chain = new List<OrganisationNode> { unit };
        chain.AddRange(tree.Ancestors(unitId).Reverse());
        var ids = chain.Select(n => n.Id).ToHashSet();
        return new BoardScope(tree, chain, boards.Where(b => ids.Contains(b.UnitId)).ToDictionary(b => b.UnitId));
    }

    /// <summary>
    /// Approvals a post of the unit needs: the unit's own board decides, or the nearest board above
    /// it when the unit has none; one when no board in the chain says.
    /// </summary>
    public int ApprovalSteps =>
        _chain.Select(n => _boards.GetValueOrDefault(n.Id)).FirstOrDefault(b => b is not null)?.ApprovalSteps
        ?? EditorialBoard.MinApprovalSteps;

    /// <summary>
    /// The user acting in <paramref name="role"/> from the closest board in the chain where they hold
    /// it (the most specific authority, and the one the attribution cites), or null when none does.
    /// </summary>
    public ContentActor? Find(Guid userId, BoardRole role)
    {
        foreach (var unit in _chain)
        {
            if (_boards.GetValueOrDefault(unit.Id)?.Find(userId) is { } member && member.Holds(role))
            {
                return new ContentActor(member.UserId, member.UserName, role, member.Title, unit.Id, unit.Name);
            }
        }

        return null;
    }

    /// <summary>As <see cref="Find"/>, refusing a user who holds the role on no board of the chain.</summary>
    public ContentActor Authorise(Guid userId, BoardRole role) =>
        Find(userId, role) ?? throw new RuleViolation(
            role switch
            {
                BoardRole.Author => "Content.NotAnAuthor",
                BoardRole.Approver => "Content.NotAnApprover",
                _ => "Content.NotAPublisher",
            },
            Unit.Name);
}
