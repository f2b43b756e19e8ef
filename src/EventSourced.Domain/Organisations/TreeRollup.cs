namespace EventSourced.Domain.Organisations;

/// <summary>
/// Sums figures up the tree: each unit's total is its own figures plus its children's totals. The
/// rollout dashboard and the reconciliation round's page both roll up this way, so a parent's line
/// always equals the sum of its children's lines.
/// </summary>
public static class TreeRollup
{
    /// <summary>
    /// Totals per active unit, in tree order (each unit before the units below it, children in code
    /// order): from the active roots, or from <paramref name="top"/> and its subtree when given.
    /// </summary>
    public static IReadOnlyList<(OrganisationNode Unit, T Total)> SumUp<T>(
        OrganisationTree tree, Func<OrganisationNode, T> own, Func<T, T, T> plus, Guid? top = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(plus);

        IReadOnlyList<OrganisationNode> starts = top is { } id
            ? tree.Find(id) is { IsActive: true } topNode ? [topNode] : []
            : tree.Roots.Where(r => r.IsActive).ToList();
        var ordered = new List<OrganisationNode>();
        var stack = new Stack<OrganisationNode>(Enumerable.Reverse(starts));
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            ordered.Add(node);
            // Pushed in reverse so the table lists children in code order, as the tree does.
            foreach (var child in tree.Children(node.Id).Reverse())
            {
                stack.Push(child);
            }
        }

        // Children before parents: walking the pre-order list backwards does that without recursion,
        // which an eighteen-thousand-unit tree would otherwise need.
        var totals = new Dictionary<Guid, T>();
        for (var i = ordered.Count - 1; i >= 0; i--)
        {
            var unit = ordered[i];
            var total = own(unit);
            foreach (var child in tree.Children(unit.Id))
            {
                total = plus(total, totals[child.Id]);
            }

            totals[unit.Id] = total;
        }

        return ordered.Select(u => (u, totals[u.Id])).ToList();
    }
}
