using EventSourced.Domain.Installs;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Tests.Organisations;
using NodaTime;
using static EventSourced.Domain.Installs.AppInstallEventKind;

namespace EventSourced.Domain.Tests.Installs;

public class RolloutFiguresTests
{
    private static readonly LocalDate Feb1 = new(2023, 2, 1);
    private static readonly LocalDate Conference = new(2023, 2, 20);

    // Early enough that only a later sign-in makes a member active in the 30 days before the conference.
    private static readonly LocalDate Dec1 = new(2022, 12, 1);

    private readonly TreeBuilder _tree = new();
    private readonly Organisation _cell2;
    private readonly Organisation _ward2;
    private readonly Organisation _ward2Cell;

    public RolloutFiguresTests()
    {
        _cell2 = _tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", _tree.Ward);
        _ward2 = _tree.Add(OrganisationKind.GrassrootsCommittee, "BD.TB", "Đảng bộ phường Trúc Bạch", _tree.District);
        _ward2Cell = _tree.Add(OrganisationKind.Cell, "BD.TB.01", "Chi bộ khu dân cư số 1", _ward2);
    }

    private static MemberRolloutInput Installed(Guid cellId, bool exempt = false) =>
        new(cellId, exempt, UsageBuilder.New().Reporting(Activated, Dec1));

    private static MemberRolloutInput NeverReported(Guid cellId, bool exempt = false) => new(cellId, exempt, null);

    private IReadOnlyList<MemberRolloutInput> Members() =>
    [
        // Cell 1: two installed (one still using it), one never reported, one exempt who installed anyway.
        Installed(_tree.Cell.Id) with { Usage = UsageBuilder.New().Reporting(Activated, Dec1).Reporting(SignedIn, Conference) },
        Installed(_tree.Cell.Id),
        NeverReported(_tree.Cell.Id),
        Installed(_tree.Cell.Id, exempt: true),
        // Cell 2: one uninstalled, one without a smartphone.
        new(_cell2.Id, false, UsageBuilder.New().Reporting(Activated, Dec1).Reporting(Uninstalled, Feb1.PlusDays(3))),
        new(_cell2.Id, false, UsageBuilder.New().With(new MarkedNotEligible("Không có điện thoại thông minh", Feb1))),
        // The other ward's cell: a staff-recorded install and an exempt member.
        new(_ward2Cell.Id, false, UsageBuilder.New().With(new InstallRecordedByStaff(Guid.NewGuid(), Feb1, string.Empty))),
        NeverReported(_ward2Cell.Id, exempt: true),
    ];

    private Dictionary<Guid, UnitRolloutFigures> Figures() =>
        RolloutFigures.Compute(_tree.On(Conference), Members(), Conference, UsageBuilder.Zone).ToDictionary(f => f.UnitId);

    [Fact]
    public void members_are_counted_in_their_cell()
    {
        var figures = Figures();

        figures[_tree.Cell.Id].ShouldBe(new UnitRolloutFigures(_tree.Cell.Id, _tree.Ward.Id, "BD.PX.01", "Chi bộ khu dân cư số 1", false, 4, 3, 3, 2, 1));
        (figures[_cell2.Id] with { Code = "", Name = "" }).ShouldBe(new UnitRolloutFigures(_cell2.Id, _tree.Ward.Id, "", "", false, 2, 1, 0, 0, 0));
        (figures[_ward2Cell.Id] with { Code = "", Name = "" }).ShouldBe(new UnitRolloutFigures(_ward2Cell.Id, _ward2.Id, "", "", false, 2, 1, 1, 1, 0));
    }

    [Fact]
    public void a_parents_figures_equal_the_sum_of_its_childrens()
    {
        var tree = _tree.On(Conference);
        var figures = Figures();

        foreach (var unit in figures.Values.Where(f => tree.Children(f.UnitId).Count > 0))
        {
            var children = tree.Children(unit.UnitId).Select(c => figures[c.Id]).ToList();
            unit.Members.ShouldBe(children.Sum(c => c.Members), unit.Code);
            unit.Eligible.ShouldBe(children.Sum(c => c.Eligible), unit.Code);
            unit.Installed.ShouldBe(children.Sum(c => c.Installed), unit.Code);
            unit.InstalledEligible.ShouldBe(children.Sum(c => c.InstalledEligible), unit.Code);
            unit.ActiveInLast30Days.ShouldBe(children.Sum(c => c.ActiveInLast30Days), unit.Code);
        }

        figures[_tree.City.Id].Members.ShouldBe(8);
    }

    [Fact]
    public void the_ratios_come_from_the_sums_and_leave_exempt_installs_out_of_the_eligible_one()
    {
        var city = Figures()[_tree.City.Id];

        // 8 members, 5 eligible (two exempt, one without a smartphone); 4 installed, 3 of them eligible.
        (city.Members, city.Eligible, city.Installed, city.InstalledEligible).ShouldBe((8, 5, 4, 3));
        city.InstalledOfAll.ShouldBe(0.5m);
        city.InstalledOfEligible.ShouldBe(0.6m);
    }

    [Fact]
    public void every_active_unit_gets_figures_parents_first_and_an_empty_unit_has_no_ratio()
    {
        var empty = _tree.Add(OrganisationKind.Cell, "BD.TB.02", "Chi bộ khu dân cư số 2", _ward2);

        var figures = RolloutFigures.Compute(_tree.On(Conference), Members(), Conference, UsageBuilder.Zone);

        figures.Select(f => f.Code).ShouldBe(["HN", "BD", "BD.PX", "BD.PX.01", "BD.PX.02", "BD.TB", "BD.TB.01", "BD.TB.02"]);
        var none = figures.Single(f => f.UnitId == empty.Id);
        none.InstalledOfAll.ShouldBeNull();
        none.InstalledOfEligible.ShouldBeNull();
    }

    [Fact]
    public void figures_as_of_an_earlier_date_ignore_what_happened_after()
    {
        var before = RolloutFigures.Compute(_tree.On(Dec1.PlusDays(-1)), Members(), Dec1.PlusDays(-1), UsageBuilder.Zone)
            .Single(f => f.UnitId == _tree.City.Id);
        var januaryEnd = RolloutFigures.Compute(_tree.On(Feb1.PlusDays(-1)), Members(), Feb1.PlusDays(-1), UsageBuilder.Zone)
            .Single(f => f.UnitId == _tree.City.Id);

        (before.Installed, before.Eligible, before.ActiveInLast30Days).ShouldBe((0, 6, 0));
        // By the end of January: four activated (none since uninstalled), nobody marked not eligible yet.
        (januaryEnd.Installed, januaryEnd.Eligible, januaryEnd.ActiveInLast30Days).ShouldBe((4, 6, 0));
    }
}
