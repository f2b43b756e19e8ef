using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Pages.Organisations;

/// <summary>One node of the tree with what its row needs to expand lazily on the same date.</summary>
public sealed record TreeNodeModel(OrganisationNode Node, OrganisationTree Tree, LocalDate Date, bool IsToday, bool IncludeClosed)
{
    public int ChildCount => Tree.Children(Node.Id, IncludeClosed).Count;

    public string DateQuery => IsToday ? string.Empty : $"asOf={LocalDateModelBinder.Iso(Date)}";

    public string ChildrenUrl => $"/organisations/children?parentId={Node.Id}&{DateQuery}&closed={IncludeClosed.ToString().ToLowerInvariant()}";
}
