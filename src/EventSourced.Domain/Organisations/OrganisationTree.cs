using EventSourced.Domain.Common;
using NodaTime;

namespace EventSourced.Domain.Organisations;

/// <summary>A unit as it stood on the tree's date.</summary>
public sealed record OrganisationNode(
    Guid Id,
    OrganisationKind Kind,
    string Code,
    string Name,
    Guid? ParentId,
    OrganisationStatus Status,
    OrganisationFlags Flags,
    int Version)
{
    public bool IsActive => Status == OrganisationStatus.Active;
}

/// <summary>
/// The organisation tree on one date, built from the units' snapshots. It is pure and in memory:
/// the city has some eighteen thousand units, so walking it is cheaper than asking PostgreSQL for
/// recursive queries, and the same object answers the rule checks of every structural decision.
/// </summary>
public sealed class OrganisationTree
{
    private readonly Dictionary<Guid, OrganisationNode> _nodes;
    private readonly Dictionary<Guid, List<OrganisationNode>> _children;
    private readonly Lazy<OrganisationTree> _latest;
    private readonly Lazy<Dictionary<Guid, string>> _foldedNames;
    private readonly Lazy<IReadOnlyList<OrganisationNode>> _roots;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, IReadOnlyList<OrganisationNode>> _cellsByCode = new();

    public OrganisationTree(LocalDate date, IEnumerable<OrganisationNode> nodes)
        : this(date, nodes, null)
    {
    }

    private OrganisationTree(LocalDate date, IEnumerable<OrganisationNode> nodes, IReadOnlyList<Organisation>? units)
    {
        // Folding every name on every search cost tens of milliseconds at city scale; a tree is
        // immutable and cached per date, so fold once.
        _foldedNames = new Lazy<Dictionary<Guid, string>>(() => _nodes!.ToDictionary(n => n.Key, n => VietnameseText.Fold(n.Value.Name)));
        _roots = new Lazy<IReadOnlyList<OrganisationNode>>(() => [.. _nodes!.Values.Where(n => n.ParentId is null || !_nodes.ContainsKey(n.ParentId.Value)).OrderBy(n => n.Code, StringComparer.Ordinal)]);
        _latest = new Lazy<OrganisationTree>(() => units is null || date == LocalDate.MaxIsoValue ? this : AsOf(LocalDate.MaxIsoValue, units));
        Date = date;
        _nodes = nodes.ToDictionary(n => n.Id);
        _children = _nodes.Values
            .Where(n => n.ParentId is not null)
            .GroupBy(n => n.ParentId!.Value)
            .ToDictionary(g => g.Key, g => g.OrderBy(n => n.Code, StringComparer.Ordinal).ToList());
    }

    public LocalDate Date { get; }

    public int Count => _nodes.Count;

    public static OrganisationTree AsOf(LocalDate date, IEnumerable<Organisation> units)
    {
        var list = units as IReadOnlyList<Organisation> ?? units.ToList();
        return new(
            date,
            list.Select(u => (Unit: u, State: u.AsOf(date)))
                .Where(x => x.State is not null)
                .Select(x => new OrganisationNode(x.Unit.Id, x.Unit.Kind, x.State!.Code, x.State.Name, x.State.ParentId, x.State.Status, x.State.Flags, x.Unit.Version)),
            list);
    }

    /// <summary>
    /// The tree after every recorded change, however far ahead it is dated. A back-dated decision
    /// must also fit what is already recorded after its date: a parent recorded as closing later,
    /// a child recorded as arriving later, a code taken by a unit founded later.
    /// </summary>
    public OrganisationTree Latest => _latest.Value;

    public OrganisationNode? Find(Guid id) => _nodes.GetValueOrDefault(id);

    /// <summary>Found once per tree: asked for on most pages, and a look through eighteen thousand units each time.</summary>
    public IEnumerable<OrganisationNode> Roots => _roots.Value;

    /// <summary>Children on the tree's date; closed (merged or dissolved) units only when asked for.</summary>
    public IReadOnlyList<OrganisationNode> Children(Guid id, bool includeClosed = false) =>
        _children.TryGetValue(id, out var list)
            ? list.Where(n => includeClosed || n.IsActive).ToList()
            : [];

    /// <summary>The chain from the root down to the unit's parent.</summary>
    public IReadOnlyList<OrganisationNode> Ancestors(Guid id)
    {
        var chain = new List<OrganisationNode>();
        var seen = new HashSet<Guid> { id };
        var current = Find(id);
        while (current?.ParentId is { } parentId && seen.Add(parentId) && Find(parentId) is { } parent)
        {
            chain.Add(parent);
            current = parent;
        }

        chain.Reverse();
        return chain;
    }

    /// <summary>True when <paramref name="id"/> is <paramref name="ancestorId"/> or lies below it.</summary>
    public bool IsWithin(Guid id, Guid ancestorId) =>
        id == ancestorId || Ancestors(id).Any(a => a.Id == ancestorId);

    /// <summary>The unit and every active unit below it.</summary>
    public IEnumerable<OrganisationNode> Subtree(Guid id, bool includeClosed = false)
    {
        if (Find(id) is not { } root)
        {
            yield break;
        }

        var stack = new Stack<OrganisationNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            foreach (var child in Children(node.Id, includeClosed))
            {
                stack.Push(child);
            }
        }
    }

    /// <summary>
    /// The active cells (of either kind) in the unit's subtree, ordered by code. Kept with the tree
    /// (immutable, shared per date): the editor's desk lists the city's fifteen thousand cells late
    /// with their bulletin on every request, and walking and sorting them each time cost tens of milliseconds.
    /// </summary>
    public IReadOnlyList<OrganisationNode> CellsByCode(Guid id) =>
        _cellsByCode.GetOrAdd(id, root => [.. Subtree(root).Where(n => n.Kind is OrganisationKind.Cell or OrganisationKind.GrassrootsCell).OrderBy(n => n.Code, StringComparer.Ordinal)]);

    /// <summary>Units whose name or code contains the text, with or without Vietnamese diacritics.</summary>
    public IEnumerable<OrganisationNode> Search(string text, bool includeClosed = false)
    {
        var folded = VietnameseText.Fold(text);
        return folded.Length == 0
            ? []
            : _nodes.Values.Where(n => (includeClosed || n.IsActive)
                && (_foldedNames.Value[n.Id].Contains(folded, StringComparison.Ordinal)
                    || n.Code.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>An active unit with this code other than <paramref name="except"/>, if any.</summary>
    public OrganisationNode? FindActiveByCode(string code, Guid? except = null) =>
        _nodes.Values.FirstOrDefault(n => n.IsActive && n.Id != except && string.Equals(n.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));
}
