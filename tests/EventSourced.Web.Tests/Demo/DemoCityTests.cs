using System.Text;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;
using NodaTime;

namespace EventSourced.Web.Tests.Demo;

public class DemoCityTests
{
    // Built once: the full city is some 17,000 events and every test only reads it.
    private static readonly IReadOnlyList<OrganisationCreated> Small = DemoCity.Build(DemoSize.Small);
    private static readonly IReadOnlyList<OrganisationCreated> City = DemoCity.Build(DemoSize.City);

    private static IEnumerable<IReadOnlyList<OrganisationCreated>> BothSizes => [Small, City];

    [Fact]
    public void the_same_size_and_seed_give_the_same_events_in_the_same_order()
    {
        DemoCity.Build(DemoSize.Small).SequenceEqual(Small).ShouldBeTrue();
        DemoCity.Build(DemoSize.City).SequenceEqual(City).ShouldBeTrue();
        DemoCity.Build(DemoSize.City, 7).SequenceEqual(DemoCity.Build(DemoSize.City, 7)).ShouldBeTrue();
    }

    [Fact]
    public void another_seed_changes_the_details_but_not_the_city_and_its_committees()
    {
        var other = DemoCity.Build(DemoSize.City, 7);

        other.SequenceEqual(City).ShouldBeFalse();
        other.Take(51).SequenceEqual(City.Take(51)).ShouldBeTrue();
    }

    [Fact]
    public void there_is_exactly_one_city_committee_and_it_is_the_root()
    {
        foreach (var events in BothSizes)
        {
            var city = events.Single(e => e.Kind == OrganisationKind.CityCommittee);
            city.Code.ShouldBe(DemoCity.CityCode);
            city.Name.ShouldBe("Đảng bộ Thành phố Hà Nội");
            city.ParentId.ShouldBeNull();
            city.EffectiveDate.ShouldBe(new LocalDate(1930, 3, 3));
            events.Count(e => e.ParentId is null).ShouldBe(1);
        }
    }

    [Fact]
    public void fifty_directly_subordinate_committees_sit_under_the_city_and_nine_are_pilots()
    {
        foreach (var events in BothSizes)
        {
            var cityId = DemoCity.IdFor(DemoCity.CityCode);
            var committees = events.Where(e => e.Kind == OrganisationKind.DirectlySubordinateCommittee).ToList();

            committees.Count.ShouldBe(50);
            committees.ShouldAllBe(c => c.ParentId == cityId);
            committees.Count(c => c.Flags.Pilot).ShouldBe(9);
            events.Count(e => e.Flags.Pilot).ShouldBe(9);
            committees.ShouldContain(c => c.Name == "Đảng bộ quận Ba Đình");
            committees.ShouldContain(c => c.Name == "Đảng bộ thị xã Sơn Tây");
            committees.ShouldContain(c => c.Name == "Đảng bộ huyện Ứng Hòa");
            committees.ShouldContain(c => c.Name == "Đảng bộ Khối các cơ quan Thành phố");
        }
    }

    [Fact]
    public void parents_are_listed_before_their_children()
    {
        foreach (var events in BothSizes)
        {
            var seen = new HashSet<Guid>();
            foreach (var e in events)
            {
                if (e.ParentId is { } parentId)
                {
                    seen.ShouldContain(parentId, $"{e.Code} comes before its parent");
                }

                seen.Add(e.OrganisationId).ShouldBeTrue($"{e.Code} is created twice");
            }
        }
    }

    [Fact]
    public void codes_are_unique_short_ascii_and_give_the_ids()
    {
        foreach (var events in BothSizes)
        {
            events.Select(e => e.Code).Distinct(StringComparer.Ordinal).Count().ShouldBe(events.Count);
            foreach (var e in events)
            {
                e.Code.Length.ShouldBeLessThanOrEqualTo(32);
                e.Code.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '.' or '-' or '_').ShouldBeTrue(e.Code);
                e.OrganisationId.ShouldBe(DemoCity.IdFor(e.Code));
            }
        }
    }

    [Fact]
    public void ids_are_name_based_version_3_guids_of_the_code()
    {
        var id = DemoCity.IdFor("HN.BD");

        id.ShouldBe(DemoCity.IdFor("HN.BD"));
        id.ShouldBe(DemoCity.IdFor(" hn.bd "));
        id.ShouldNotBe(DemoCity.IdFor("HN.HK"));
        id.ToString()[14].ShouldBe('3');
        id.ToString()[19].ShouldBeOneOf('8', '9', 'a', 'b');
    }

    [Fact]
    public void cells_and_grassroots_cells_have_no_children()
    {
        foreach (var events in BothSizes)
        {
            var childless = events
                .Where(e => e.Kind is OrganisationKind.Cell or OrganisationKind.GrassrootsCell)
                .Select(e => e.OrganisationId)
                .ToHashSet();

            events.ShouldAllBe(e => e.ParentId == null || !childless.Contains(e.ParentId.Value));
        }
    }

    [Fact]
    public void every_kind_sits_under_a_parent_of_the_kind_the_rules_allow()
    {
        foreach (var events in BothSizes)
        {
            var kinds = events.ToDictionary(e => e.OrganisationId, e => e.Kind);
            foreach (var e in events.Where(e => e.ParentId is not null))
            {
                var parent = kinds[e.ParentId!.Value];
                var allowed = e.Kind switch
                {
                    OrganisationKind.DirectlySubordinateCommittee => parent == OrganisationKind.CityCommittee,
                    OrganisationKind.GrassrootsCommittee or OrganisationKind.GrassrootsCell =>
                        parent is OrganisationKind.DirectlySubordinateCommittee or OrganisationKind.CityCommittee,
                    OrganisationKind.SubCommittee => parent == OrganisationKind.GrassrootsCommittee,
                    OrganisationKind.Cell => parent is OrganisationKind.GrassrootsCommittee or OrganisationKind.SubCommittee,
                    _ => false,
                };
                allowed.ShouldBeTrue($"{e.Code} ({e.Kind}) under a {parent}");
            }
        }
    }

    [Fact]
    public void the_small_demo_passes_the_creation_rules_unit_by_unit()
    {
        // The same decision the seeding goes through, on the tree as of each unit's founding date:
        // any refused unit would fail here, and the event must come back unchanged (clean code, NFC name).
        var created = new List<Organisation>();
        foreach (var e in Small)
        {
            var tree = OrganisationTree.AsOf(e.EffectiveDate, created);
            var command = new CreateOrganisation(e.OrganisationId, e.Code, e.Name, e.Kind, e.ParentId, e.Flags, e.EffectiveDate);

            CreateOrganisationHandler.Decide(command, tree).ShouldBe(e);
            created.Add(Organisation.Create(e));
        }
    }

    [Fact]
    public void founding_dates_run_from_1930_to_2020_and_never_precede_the_parent()
    {
        foreach (var events in BothSizes)
        {
            var dates = events.ToDictionary(e => e.OrganisationId, e => e.EffectiveDate);
            foreach (var e in events)
            {
                e.EffectiveDate.ShouldBeInRange(new LocalDate(1930, 1, 1), new LocalDate(2020, 12, 31));
                if (e.ParentId is { } parentId)
                {
                    e.EffectiveDate.ShouldBeGreaterThanOrEqualTo(dates[parentId], e.Code);
                }
            }
        }
    }

    [Fact]
    public void names_are_vietnamese_in_nfc_and_unique_under_one_parent()
    {
        foreach (var events in BothSizes)
        {
            events.ShouldAllBe(e => e.Name.IsNormalized(NormalizationForm.FormC) && e.Name.Trim() == e.Name && e.Name.Length <= 200);
            events.GroupBy(e => (e.ParentId, e.Name)).ShouldAllBe(g => g.Count() == 1);
            events.ShouldAllBe(e => e.Name.StartsWith("Đảng bộ ", StringComparison.Ordinal) || e.Name.StartsWith("Chi bộ ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void the_full_city_has_about_2600_grassroots_organisations_579_communes_and_15000_cells()
    {
        var grassroots = City.Count(e => e.Kind is OrganisationKind.GrassrootsCommittee or OrganisationKind.GrassrootsCell);
        var cells = City.Count(e => e.Kind == OrganisationKind.Cell);

        grassroots.ShouldBeInRange(2_400, 2_800);
        cells.ShouldBeInRange(14_000, 16_000);
        City.Count(e => e.Flags.CommuneLevel).ShouldBe(579);
        City.Where(e => e.Flags.CommuneLevel).ShouldAllBe(e => e.Kind == OrganisationKind.GrassrootsCommittee);
        City.ShouldContain(e => e.Kind == OrganisationKind.SubCommittee);
        City.ShouldContain(e => e.Flags.OfflineSite);
    }

    [Fact]
    public void the_small_demo_has_under_1000_units_and_every_kind_of_unit()
    {
        Small.Count.ShouldBeLessThan(1_000);
        Small.Count.ShouldBeGreaterThanOrEqualTo(500);
        foreach (var kind in Enum.GetValues<OrganisationKind>())
        {
            Small.ShouldContain(e => e.Kind == kind, kind.ToString());
        }

        Small.ShouldContain(e => e.Flags.CommuneLevel);
        Small.ShouldContain(e => e.Flags.OfflineSite);
        Small.ShouldContain(e => e.Name == "Đảng bộ phường Phúc Xá");
    }
}
