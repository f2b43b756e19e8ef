using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Organisations;

/// <summary>The checks shared by the structural decisions, each failing with a named rule.</summary>
public static class OrganisationRules
{
    public static OrganisationNode ActiveUnit(OrganisationTree tree, Guid id)
    {
        var node = tree.Find(id) ?? throw new RuleViolation("Organisation.NotFoundOnDate", tree.Date);
        if (!node.IsActive)
        {
            throw new RuleViolation("Organisation.Closed", node.Name);
        }

        return node;
    }

    public static OrganisationNode ParentThatCanHaveChildren(OrganisationTree tree, Guid parentId)
    {
        var parent = tree.Find(parentId) ?? throw new RuleViolation("Organisation.ParentNotFound");
        if (!parent.IsActive)
        {
            throw new RuleViolation("Organisation.ParentClosed", parent.Name);
        }

        if (!Organisation.CanHaveChildren(parent.Kind))
        {
            throw new RuleViolation("Organisation.CellCannotHaveChildren", parent.Name);
        }

        if (tree.Latest.Find(parentId) is { IsActive: false } closesLater)
        {
            throw new RuleViolation("Organisation.ParentClosesLater", closesLater.Name);
        }

        return parent;
    }

    /// <summary>Where each kind may stand: only the city committee is a root; sub-committees and cells sit inside a grassroots committee.</summary>
    public static void KindFitsUnder(OrganisationKind kind, OrganisationNode? parent)
    {
        if (kind == OrganisationKind.CityCommittee)
        {
            if (parent is not null)
            {
                throw new RuleViolation("Organisation.CityCommitteeIsRoot");
            }

            return;
        }

        if (parent is null)
        {
            throw new RuleViolation("Organisation.ParentRequired");
        }

        var fits = kind switch
        {
            OrganisationKind.SubCommittee => parent.Kind == OrganisationKind.GrassrootsCommittee,
            OrganisationKind.Cell => parent.Kind is OrganisationKind.GrassrootsCommittee or OrganisationKind.SubCommittee,
            OrganisationKind.DirectlySubordinateCommittee => parent.Kind == OrganisationKind.CityCommittee,
            _ => parent.Kind is OrganisationKind.CityCommittee or OrganisationKind.DirectlySubordinateCommittee,
        };
        if (!fits)
        {
            throw new RuleViolation("Organisation.KindDoesNotFitParent", kind, parent.Name);
        }
    }

    public static (string Code, string Name) CodeAndName(OrganisationTree tree, string? code, string? name, Guid? except)
    {
        var cleanCode = (code ?? string.Empty).Trim().ToUpperInvariant();
        if (cleanCode.Length == 0)
        {
            throw new RuleViolation("Organisation.CodeRequired");
        }

        if (cleanCode.Length > 32 || !cleanCode.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw new RuleViolation("Organisation.CodeInvalid");
        }

        var cleanName = Input.Required(name, TextLimits.Name, "Organisation.Name");

        if ((tree.FindActiveByCode(cleanCode, except) ?? tree.Latest.FindActiveByCode(cleanCode, except)) is { } other)
        {
            throw new RuleViolation("Organisation.CodeTaken", cleanCode, other.Name);
        }

        return (cleanCode, cleanName);
    }

    /// <summary>
    /// Two active units under one parent may not share a name (letter case aside): staff pick units by name in
    /// the forms and read them by name on every roll and report, and "Chi bộ số 1" twice under one ward says
    /// neither which is which nor that one was a typing slip. Checked on the decision's date and on the tree
    /// as last recorded. Names differing only in their tone marks are different names in Vietnamese.
    /// </summary>
    public static void NameFreeUnder(OrganisationTree tree, Guid? parentId, string name, Guid? except)
    {
        if (parentId is not { } parent)
        {
            return;
        }

        var taken = tree.Children(parent).Concat(tree.Latest.Children(parent))
            .FirstOrDefault(c => c.Id != except && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
        if (taken is not null)
        {
            throw new RuleViolation("Organisation.NameTakenUnderParent", name, taken.Code);
        }
    }

    /// <summary>
    /// The unit's children on the decision's date must be its children as last recorded: a unit recorded
    /// as arriving later would be left under a closed parent, and one recorded as leaving later (perhaps
    /// to another district) would have its history rewritten by a back-dated change it never saw.
    /// </summary>
    public static void NoLaterChildren(OrganisationTree tree, Guid id)
    {
        var then = tree.Children(id).Select(c => c.Id).ToHashSet();
        if (!then.SetEquals(tree.Latest.Children(id).Select(c => c.Id)))
        {
            throw new RuleViolation("Organisation.LaterChildrenRecorded");
        }
    }

    public static void NotBeforeFounding(Organisation unit, LocalDate date)
    {
        if (date < unit.Founded)
        {
            throw new RuleViolation("Organisation.DateBeforeFounding", unit.Founded);
        }
    }

    /// <summary>Every unit's snapshot as it is now in the session's database, as the tree on <paramref name="date"/> (<see cref="HeldUnits"/>).</summary>
    public static Task<OrganisationTree> LoadTreeAsync(IQuerySession session, LocalDate date, CancellationToken ct) =>
        HeldUnits.TreeAsync(session, date, ct);

    /// <summary>
    /// The tree on <paramref name="date"/> holding only the given units (those that exist), for a
    /// decision that looks up those units and nothing around them, such as the cell a member joins.
    /// A command under load then reads a row or two, not every unit of the city (17,643 at city scale).
    /// </summary>
    public static async Task<OrganisationTree> LoadUnitsAsync(IQuerySession session, LocalDate date, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var units = await session.LoadManyAsync<Organisation>(ct, ids.Distinct());
        return OrganisationTree.AsOf(date, units);
    }

    /// <summary>Fetches the unit for writing at the version the user saw; a stale form fails here.</summary>
    public static Task<JasperFx.Events.IEventStream<Organisation>> FetchAtVersionAsync(IDocumentSession session, Guid id, int expectedVersion, CancellationToken ct) =>
        Streams.AtVersionAsync<Organisation>(session, id, expectedVersion, "Organisation.NotFound", ct);

    public static void AppendAll(IDocumentSession session, JasperFx.Events.IEventStream<Organisation> main, IEnumerable<StreamEvent> events)
    {
        foreach (var e in events)
        {
            if (e.StreamId == main.Id)
            {
                main.AppendOne(e.Event);
            }
            else
            {
                session.Events.Append(e.StreamId, e.Event);
            }
        }
    }
}
