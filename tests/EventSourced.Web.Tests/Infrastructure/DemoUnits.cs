using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>Units of the small demo city that tests act on, found by shape rather than hard-coded ids.</summary>
public static class DemoUnits
{
    public static readonly IReadOnlyList<OrganisationCreated> Units = DemoCity.Build(DemoSize.Small);

    public static Guid City => DemoCity.IdFor(DemoCity.CityCode);

    /// <summary>Ba Đình: the demo "staff" account's scope.</summary>
    public static OrganisationCreated BaDinh => District("Ba Đình");

    /// <summary>Hoàn Kiếm: the demo "staff2" account's scope.</summary>
    public static OrganisationCreated HoanKiem => District("Hoàn Kiếm");

    public static OrganisationCreated District(string name) =>
        Units.First(u => u.Kind == OrganisationKind.DirectlySubordinateCommittee && u.Name.Contains(name, StringComparison.Ordinal));

    public static IReadOnlyList<OrganisationCreated> ChildrenOf(Guid parent) => Units.Where(u => u.ParentId == parent).ToList();

    /// <summary>A grassroots committee under the district that has cells under it.</summary>
    public static OrganisationCreated GrassrootsUnder(OrganisationCreated district) =>
        ChildrenOf(district.OrganisationId).First(u => u.Kind == OrganisationKind.GrassrootsCommittee && ChildrenOf(u.OrganisationId).Any(c => c.Kind == OrganisationKind.Cell));

    public static OrganisationCreated CellUnder(OrganisationCreated grassroots) =>
        ChildrenOf(grassroots.OrganisationId).First(u => u.Kind == OrganisationKind.Cell);
}
