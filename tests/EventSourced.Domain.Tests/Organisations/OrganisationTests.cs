using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Organisations;

public class OrganisationTests
{
    private static readonly LocalDate Founded = new(2020, 1, 1);
    private static readonly LocalDate January = new(2024, 1, 1);
    private static readonly LocalDate June = new(2024, 6, 1);
    private static readonly Guid District = Guid.NewGuid();
    private static readonly Guid City = Guid.NewGuid();

    private static Organisation Ward() => Organisation.Create(new OrganisationCreated(
        Guid.NewGuid(), "BD.PX", "Đảng bộ phường Phúc Xá", OrganisationKind.GrassrootsCommittee, District, OrganisationFlags.None, Founded));

    [Fact]
    public void before_its_founding_a_unit_does_not_exist()
    {
        Ward().AsOf(Founded.PlusDays(-1)).ShouldBeNull();
    }

    [Fact]
    public void on_its_founding_day_a_unit_is_active_as_founded()
    {
        Ward().AsOf(Founded).ShouldBe(new OrganisationVersion(Founded, "BD.PX", "Đảng bộ phường Phúc Xá", District, OrganisationStatus.Active, OrganisationFlags.None));
    }

    [Fact]
    public void a_rename_recorded_after_a_later_dated_move_gives_the_right_state_on_each_date()
    {
        var ward = Ward();
        ward.Apply(new OrganisationMoved(City, District, June));
        ward.Apply(new OrganisationRenamed("PX", "Đảng bộ phường Phúc Xá mới", "BD.PX", "Đảng bộ phường Phúc Xá", January));

        ward.AsOf(January.PlusDays(-1)).ShouldBe(new OrganisationVersion(Founded, "BD.PX", "Đảng bộ phường Phúc Xá", District, OrganisationStatus.Active, OrganisationFlags.None));
        ward.AsOf(January).ShouldBe(new OrganisationVersion(January, "PX", "Đảng bộ phường Phúc Xá mới", District, OrganisationStatus.Active, OrganisationFlags.None));
        ward.AsOf(June.PlusDays(-1))!.ParentId.ShouldBe(District);
        ward.AsOf(June).ShouldBe(new OrganisationVersion(June, "PX", "Đảng bộ phường Phúc Xá mới", City, OrganisationStatus.Active, OrganisationFlags.None));
    }

    [Fact]
    public void the_current_state_is_the_latest_dated_one_whatever_the_recording_order()
    {
        var ward = Ward();
        ward.Apply(new OrganisationMoved(City, District, June));
        ward.Apply(new OrganisationRenamed("PX", "Đảng bộ phường Phúc Xá mới", "BD.PX", "Đảng bộ phường Phúc Xá", January));

        ward.Code.ShouldBe("PX");
        ward.Name.ShouldBe("Đảng bộ phường Phúc Xá mới");
        ward.ParentId.ShouldBe(City);
        ward.Status.ShouldBe(OrganisationStatus.Active);
        ward.ClosedOn.ShouldBeNull();
        ward.Version.ShouldBe(3);
    }

    [Fact]
    public void history_lists_each_state_in_effective_date_order()
    {
        var ward = Ward();
        ward.Apply(new OrganisationMoved(City, District, June));
        ward.Apply(new OrganisationRenamed("PX", "Đảng bộ phường Phúc Xá mới", "BD.PX", "Đảng bộ phường Phúc Xá", January));

        var history = ward.History();

        history.Select(v => v.From).ShouldBe([Founded, January, June]);
        history.Select(v => v.Name).ShouldBe(["Đảng bộ phường Phúc Xá", "Đảng bộ phường Phúc Xá mới", "Đảng bộ phường Phúc Xá mới"]);
        history.Select(v => v.ParentId).ShouldBe([District, District, City]);
    }

    [Fact]
    public void changes_effective_on_the_same_day_make_one_state_in_the_history()
    {
        var ward = Ward();
        ward.Apply(new OrganisationMoved(City, District, June));
        ward.Apply(new OrganisationRenamed("PX", "Đảng bộ phường Phúc Xá mới", "BD.PX", "Đảng bộ phường Phúc Xá", June));

        var history = ward.History();

        history.Count.ShouldBe(2);
        history[^1].ShouldBe(new OrganisationVersion(June, "PX", "Đảng bộ phường Phúc Xá mới", City, OrganisationStatus.Active, OrganisationFlags.None));
    }

    [Fact]
    public void of_two_changes_on_the_same_day_the_one_recorded_last_wins()
    {
        var ward = Ward();
        ward.Apply(new OrganisationRenamed("PX1", "Tên thứ nhất", "BD.PX", "Đảng bộ phường Phúc Xá", June));
        ward.Apply(new OrganisationRenamed("PX2", "Tên thứ hai", "PX1", "Tên thứ nhất", June));

        ward.AsOf(June)!.Code.ShouldBe("PX2");
        ward.Code.ShouldBe("PX2");
    }

    [Fact]
    public void a_merged_unit_is_active_before_the_merger_and_merged_from_its_date()
    {
        var ward = Ward();
        ward.Apply(new OrganisationMerged(Guid.NewGuid(), [], June));

        ward.AsOf(June.PlusDays(-1))!.Status.ShouldBe(OrganisationStatus.Active);
        ward.AsOf(June)!.Status.ShouldBe(OrganisationStatus.Merged);
        ward.AsOf(June.PlusYears(1))!.Status.ShouldBe(OrganisationStatus.Merged);
        ward.Status.ShouldBe(OrganisationStatus.Merged);
        ward.ClosedOn.ShouldBe(June);
    }

    [Fact]
    public void a_change_dated_before_a_dissolution_but_recorded_after_it_keeps_the_unit_closed_from_the_dissolution()
    {
        var ward = Ward();
        ward.Apply(new OrganisationDissolved(null, June));
        ward.Apply(new OrganisationRenamed("PX", "Đảng bộ phường Phúc Xá mới", "BD.PX", "Đảng bộ phường Phúc Xá", January));

        ward.Status.ShouldBe(OrganisationStatus.Dissolved);
        ward.ClosedOn.ShouldBe(June);
        ward.AsOf(January)!.Name.ShouldBe("Đảng bộ phường Phúc Xá mới");
        ward.AsOf(June)!.Name.ShouldBe("Đảng bộ phường Phúc Xá mới");
    }

    [Fact]
    public void absorbing_or_splitting_off_a_unit_advances_the_version_without_changing_the_state()
    {
        var ward = Ward();
        var before = ward.History();

        ward.Apply(new OrganisationAbsorbed(Guid.NewGuid(), June));
        ward.Apply(new OrganisationSplit(Guid.NewGuid(), [], June));

        ward.Version.ShouldBe(3);
        ward.History().ShouldBe(before);
    }

    [Theory]
    [InlineData(OrganisationKind.CityCommittee, true)]
    [InlineData(OrganisationKind.DirectlySubordinateCommittee, true)]
    [InlineData(OrganisationKind.GrassrootsCommittee, true)]
    [InlineData(OrganisationKind.SubCommittee, true)]
    [InlineData(OrganisationKind.GrassrootsCell, false)]
    [InlineData(OrganisationKind.Cell, false)]
    public void only_committees_can_have_child_units(OrganisationKind kind, bool canHaveChildren)
    {
        Organisation.CanHaveChildren(kind).ShouldBe(canHaveChildren);
    }
}
