using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Organisations;

public class ChangeOrganisationFlagsTests
{
    private static readonly LocalDate Today = new(2023, 2, 1);
    private static readonly OrganisationFlags Pilot = new(Pilot: true, CommuneLevel: false, OfflineSite: false);

    private static ChangeOrganisationFlags Change(Organisation unit, OrganisationFlags flags, LocalDate date) =>
        new(unit.Id, unit.Version, flags, date);

    [Fact]
    public void marking_a_pilot_unit_gives_the_new_and_the_previous_flags()
    {
        var tree = new TreeBuilder();

        var changed = ChangeOrganisationFlagsHandler.Decide(Change(tree.Ward, Pilot, Today), tree.Ward, tree.On(Today));

        changed.ShouldBe(new OrganisationFlagsChanged(Pilot, OrganisationFlags.None, Today));
    }

    [Fact]
    public void setting_the_flags_the_unit_already_has_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => ChangeOrganisationFlagsHandler.Decide(Change(tree.Ward, OrganisationFlags.None, Today), tree.Ward, tree.On(Today)))
            .Code.ShouldBe("Organisation.NothingChanged");
    }

    [Fact]
    public void the_previous_flags_are_those_on_the_effective_date()
    {
        var tree = new TreeBuilder();
        var communeLevel = new OrganisationFlags(Pilot: false, CommuneLevel: true, OfflineSite: false);
        tree.Ward.Apply(new OrganisationFlagsChanged(communeLevel, OrganisationFlags.None, new LocalDate(2023, 1, 1)));
        tree.Ward.Apply(new OrganisationFlagsChanged(OrganisationFlags.None, communeLevel, new LocalDate(2024, 1, 1)));

        var changed = ChangeOrganisationFlagsHandler.Decide(Change(tree.Ward, Pilot, Today), tree.Ward, tree.On(Today));

        changed.PreviousFlags.ShouldBe(communeLevel);
    }

    [Fact]
    public void changing_the_flags_of_a_closed_unit_is_refused()
    {
        var tree = new TreeBuilder();
        tree.Cell.Apply(new OrganisationDissolved(null, new LocalDate(2022, 1, 1)));

        Should.Throw<RuleViolation>(() => ChangeOrganisationFlagsHandler.Decide(Change(tree.Cell, Pilot, Today), tree.Cell, tree.On(Today)))
            .Code.ShouldBe("Organisation.Closed");
    }

    [Fact]
    public void a_change_effective_before_the_founding_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => ChangeOrganisationFlagsHandler.Decide(Change(tree.Ward, Pilot, new LocalDate(2019, 12, 1)), tree.Ward, tree.On(Today)))
            .Code.ShouldBe("Organisation.DateBeforeFounding");
    }
}
