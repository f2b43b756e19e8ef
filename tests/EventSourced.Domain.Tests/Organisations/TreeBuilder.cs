using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Organisations;

/// <summary>
/// A small piece of the Hanoi tree for the decision tests: city committee → district committee →
/// ward (grassroots) committee → cell, founded on <see cref="Founded"/> unless a test chooses
/// another date. Tests add units with <see cref="Add"/>, record events on the units themselves and
/// ask for the tree on a date with <see cref="On"/>.
/// </summary>
internal sealed class TreeBuilder
{
    public static readonly LocalDate Founded = new(2020, 1, 1);

    private readonly List<Organisation> _units = [];

    public TreeBuilder(LocalDate? founded = null)
    {
        City = Add(OrganisationKind.CityCommittee, "HN", "Thành ủy Hà Nội", null, founded);
        District = Add(OrganisationKind.DirectlySubordinateCommittee, "BD", "Quận ủy Ba Đình", City, founded);
        Ward = Add(OrganisationKind.GrassrootsCommittee, "BD.PX", "Đảng bộ phường Phúc Xá", District, founded);
        Cell = Add(OrganisationKind.Cell, "BD.PX.01", "Chi bộ khu dân cư số 1", Ward, founded);
    }

    public Organisation City { get; }

    public Organisation District { get; }

    public Organisation Ward { get; }

    public Organisation Cell { get; }

    public IReadOnlyList<Organisation> Units => _units;

    public Organisation Add(OrganisationKind kind, string code, string name, Organisation? parent, LocalDate? founded = null)
    {
        var unit = Organisation.Create(new OrganisationCreated(
            Guid.NewGuid(), code, name, kind, parent?.Id, OrganisationFlags.None, founded ?? Founded));
        _units.Add(unit);
        return unit;
    }

    public OrganisationTree On(LocalDate date) => OrganisationTree.AsOf(date, _units);

    /// <summary>Applies what a merge or split decided to the units it names, as Marten would.</summary>
    public void Record(IEnumerable<StreamEvent> events)
    {
        foreach (var (streamId, e) in events)
        {
            if (e is OrganisationCreated created)
            {
                _units.Add(Organisation.Create(created));
                continue;
            }

            var unit = _units.Single(u => u.Id == streamId);
            switch (e)
            {
                case OrganisationMoved moved:
                    unit.Apply(moved);
                    break;
                case OrganisationMerged merged:
                    unit.Apply(merged);
                    break;
                case OrganisationAbsorbed absorbed:
                    unit.Apply(absorbed);
                    break;
                case OrganisationSplit split:
                    unit.Apply(split);
                    break;
                default:
                    throw new ArgumentException($"No Apply for {e.GetType().Name} in the test builder.", nameof(events));
            }
        }
    }
}
