using EventSourced.Domain.Members;
using EventSourced.Domain.Reconciliation;
using EventSourced.Domain.Tests.Members;
using NodaTime;
using static EventSourced.Domain.Tests.Reconciliation.ComparisonsTests;

namespace EventSourced.Domain.Tests.Reconciliation;

public class ReconciliationItemsTests
{
    private static readonly Guid Id = Guid.CreateVersion7();

    private static IReadOnlyList<ReconciliationItem> Categorise(IReadOnlyList<RegisterEntry> register, IReadOnlyList<RollPerson> roll) =>
        ReconciliationItems.Categorise(Id, register, roll, Matcher.Match(register.Select(r => r.Person).ToList(), roll, MatchSettings.Default));

    private static RegisterEntry Entry(RollPerson person, AbsenceExplanation explanation = AbsenceExplanation.None) =>
        new(person, Guid.CreateVersion7(), explanation);

    [Fact]
    public void every_roll_row_and_every_unpaired_member_becomes_one_item_of_its_category()
    {
        var an = Entry(Person(1, "Nguyễn Văn An", citizenId: "001085000001"));
        var binh = Entry(Person(2, "Trần Thị Bình", sex: Sex.Female, citizenId: "001085000002"));
        var cuong = Entry(Person(3, "Lê Văn Cường", birth: "1970-02-03", citizenId: "001070000003"), AbsenceExplanation.Exempt);
        RollPerson[] roll =
        [
            Person(1, "Nguyễn Văn An", citizenId: "001085000001"),
            Person(2, "Trần Thị Bích", sex: Sex.Female, citizenId: "001085000002"),
            Person(3, "Phạm Thị Lan", birth: "1990-09-09", sex: Sex.Female, cell: "CB09"),
            Person(4, "Nguyễn Văn An", citizenId: "001085000001"),
        ];

        var items = Categorise([an, binh, cuong], roll);

        items.Select(i => (i.Category, i.Roll?.Row, i.Register?.Row)).ShouldBe(
        [
            (ItemCategory.SameMemberTwice, 4, 1),
            (ItemCategory.MatchedWithDifferences, 2, 2),
            (ItemCategory.OnRollOnly, 3, null),
            (ItemCategory.InRegisterOnly, null, 3),
            (ItemCategory.Matched, 1, 1),
        ]);
        items.Select(i => i.Number).ShouldBe([1, 2, 3, 4, 5]);
        items.Single(i => i.Category == ItemCategory.MatchedWithDifferences).Differences
            .ShouldBe([new FieldDifference(ReconciliationItems.Name, "Trần Thị Bình", "Trần Thị Bích")]);
        items.Single(i => i.Category == ItemCategory.InRegisterOnly).Explanation.ShouldBe(AbsenceExplanation.Exempt);
        items.Single(i => i.Category == ItemCategory.Matched).MemberId.ShouldBe(an.MemberId);
        ReconciliationItems.CountsOf(items).ShouldBe(new ReconciliationCounts(1, 1, 1, 1, 0, 1));
    }

    [Fact]
    public void an_item_id_is_the_reconciliation_and_the_number_so_matching_again_overwrites_it()
    {
        var first = Categorise([Entry(Person(1, "Nguyễn Văn An"))], [Person(1, "Nguyễn Văn An")]);
        var again = Categorise([Entry(Person(1, "Nguyễn Văn An"))], [Person(1, "Nguyễn Văn An")]);

        again.Select(i => i.Id).ShouldBe(first.Select(i => i.Id));
        first.Single().Id.ShouldBe(ReconciliationItem.IdOf(Id, 1));
    }

    [Fact]
    public void a_weak_pair_is_to_review_with_the_levels_that_made_it()
    {
        var register = Entry(Person(1, "Nguyễn Văn Hùng"));
        RollPerson[] roll = [Person(1, "Nguyễn Văn Hùng", cell: "CB77")];
        var score = Matcher.Match([register.Person], roll, MatchSettings.Default).Rows.Single().Score;

        var item = ReconciliationItems.Categorise(Id, [register], roll, Matcher.Match([register.Person], roll, MatchSettings.Default with { MatchAt = score + 0.01, ReviewAt = score })).Single();

        item.Category.ShouldBe(ItemCategory.ToReview);
        item.MemberId.ShouldBe(register.MemberId);
        item.Levels.ShouldContain(l => l.Field == "cell");
    }

    [Fact]
    public void accents_tone_placement_and_a_lost_leading_zero_are_not_differences()
    {
        ReconciliationItems.Differences(
                Person(1, "Nguyễn Thị Hoà", citizenId: "001085000001"),
                Person(1, "Nguyễn Thị Hòa", citizenId: "1085000001"))
            .ShouldBeEmpty();
    }

    [Fact]
    public void a_citizen_id_excel_cut_to_scientific_notation_or_with_no_digits_is_no_difference_to_correct_the_register_with()
    {
        ReconciliationItems.Differences(Person(1, "Nguyễn Văn An", citizenId: "001085000001"), Person(1, "Nguyễn Văn An", citizenId: "1.08500E+09")).ShouldBeEmpty();
        ReconciliationItems.Differences(Person(1, "Nguyễn Văn An", citizenId: "001085000001"), Person(1, "Nguyễn Văn An", citizenId: "chưa có")).ShouldBeEmpty();
        ReconciliationItems.Differences(Person(1, "Nguyễn Văn An", citizenId: "001085000001"), Person(1, "Nguyễn Văn An", citizenId: "001085000002"))
            .ShouldBe([new FieldDifference(ReconciliationItems.CitizenId, "001085000001", "001085000002")]);
    }

    [Fact]
    public void a_field_left_empty_on_the_roll_is_not_a_difference_but_a_different_birth_date_is()
    {
        ReconciliationItems.Differences(Person(1, "Nguyễn Văn An", card: "01234567"), Person(1, "Nguyễn Văn An", card: null, cell: null)).ShouldBeEmpty();
        ReconciliationItems.Differences(Person(1, "Nguyễn Văn An"), Person(1, "Nguyễn Văn An", birth: "1985-06-16"))
            .ShouldBe([new FieldDifference(ReconciliationItems.DateOfBirth, "15/06/1985", "16/06/1985")]);
        ReconciliationItems.Differences(Person(1, "Nguyễn Văn An"), Person(1, "Nguyễn Văn An", birth: "1985")).ShouldBeEmpty();
    }

    [Fact]
    public void a_member_who_ended_before_the_reference_date_is_not_expected_on_the_roll()
    {
        var member = MemberBuilder.Official().Removed(new LocalDate(2026, 1, 10));

        ReconciliationItems.AsOf(member, new LocalDate(2026, 2, 1), _ => true, inTransit: false).Expected.ShouldBeFalse();
        ReconciliationItems.AsOf(member, new LocalDate(2026, 1, 1), _ => true, inTransit: false)
            .ShouldBe((true, AbsenceExplanation.EndedAfterReferenceDate));
    }

    [Fact]
    public void a_member_in_transit_or_hosted_outside_the_unit_is_explained()
    {
        var member = MemberBuilder.Official();
        var on = new LocalDate(2026, 2, 1);

        ReconciliationItems.AsOf(member, on, _ => true, inTransit: true).Explanation.ShouldBe(AbsenceExplanation.InTransit);
        member.HostCellId = Guid.CreateVersion7();
        ReconciliationItems.AsOf(member, on, cell => cell == member.CellId, inTransit: false).Explanation.ShouldBe(AbsenceExplanation.HostedElsewhere);
        ReconciliationItems.AsOf(member, on, _ => true, inTransit: false).Explanation.ShouldBe(AbsenceExplanation.None);
    }

    [Fact]
    public void the_register_is_taken_as_it_stood_on_the_reference_date()
    {
        var unit = Guid.CreateVersion7();
        var elsewhere = Guid.CreateVersion7();
        bool InUnit(Guid cell) => cell == unit;
        var movedOut = MemberBuilder.Official(cellId: unit)
            .With(new MemberCellChanged(unit, elsewhere, CellChangeCause.CellMerged, new LocalDate(2026, 2, 1)));
        var joinedAfter = MemberBuilder.Admitted(decided: new LocalDate(2026, 2, 1), ceremony: new LocalDate(2026, 2, 10), cellId: unit);
        var movedIn = MemberBuilder.Official(cellId: elsewhere)
            .With(new MemberCellChanged(elsewhere, unit, CellChangeCause.CellMerged, new LocalDate(2026, 2, 1)));
        var referenceDate = new LocalDate(2026, 1, 15);

        ReconciliationItems.AsOf(movedOut, referenceDate, InUnit, inTransit: false).ShouldBe((true, AbsenceExplanation.MovedAfterReferenceDate));
        ReconciliationItems.AsOf(joinedAfter, referenceDate, InUnit, inTransit: false).Expected.ShouldBeFalse();
        ReconciliationItems.AsOf(movedIn, referenceDate, InUnit, inTransit: false).Expected.ShouldBeFalse();
        ReconciliationItems.AsOf(movedIn, new LocalDate(2026, 2, 1), InUnit, inTransit: false).ShouldBe((true, AbsenceExplanation.None));
        MatchRollHandler.ToPerson(1, movedOut, new Dictionary<Guid, string> { [unit] = "CB01" }, referenceDate).Cell.ShouldBe("CB01");
    }

    private static readonly Guid HereCell = Guid.CreateVersion7();
    private static readonly Guid OtherCell = Guid.CreateVersion7();

    private static Member Recorded(string citizenId, string? card = null, params string[] oldCards) => new()
    {
        Id = Guid.CreateVersion7(),
        Profile = new MemberProfile("Nguyễn Văn An", Sex.Male, new LocalDate(1985, 6, 15), CitizenId: citizenId),
        CellId = OtherCell,
        Status = MembershipStatus.Official,
        CardNumber = card,
        PreviousCardNumbers = [.. oldCards],
        Cells = [new CellPeriod(HereCell, new LocalDate(2015, 3, 2), new LocalDate(2024, 9, 1)), new CellPeriod(OtherCell, new LocalDate(2024, 9, 1), null)],
    };

    [Fact]
    public void a_row_on_the_roll_only_whose_citizen_id_or_old_card_is_a_members_elsewhere_says_where_they_are_recorded()
    {
        var moved = Recorded("001085000001");
        var byOldCard = Recorded("001085000002", "HN200002", "hn 100002");
        var items = Categorise([],
        [
            Person(1, "Nguyễn Văn An", citizenId: "1085000001"),
            Person(2, "Trần Văn Bình", card: "HN100002"),
            Person(3, "Lê Văn Cường", citizenId: "001085000003"),
            Person(4, "Phạm Văn Dũng", citizenId: "1.08500E+09"),
        ]);

        ReconciliationItems.StrongKeys(items).ShouldBe(["citizen-id:001085000001", "card:HN100002", "citizen-id:001085000003"], ignoreOrder: true);
        ReconciliationItems.Elsewhere(items, [moved, byOldCard], c => c == HereCell);

        items.Select(i => i.Elsewhere).ShouldBe(
        [
            new RecordedElsewhere(moved.Id, ElsewhereKind.InCell, OtherCell, MembershipStatus.Official, new LocalDate(2024, 9, 1), ReconciliationItems.CitizenId),
            new RecordedElsewhere(byOldCard.Id, ElsewhereKind.InCell, OtherCell, MembershipStatus.Official, new LocalDate(2024, 9, 1), ReconciliationItems.CardNumber),
            null,
            null,
        ]);
    }

    [Fact]
    public void a_guest_on_temporary_transfer_into_the_unit_and_a_removed_member_are_said_so()
    {
        var guest = Recorded("001085000001");
        guest.HostCellId = HereCell;
        guest.HostedUntil = new LocalDate(2025, 6, 30);
        var removed = Recorded("001085000002");
        removed.Status = MembershipStatus.RemovedFromRolls;
        removed.EndedOn = new LocalDate(2024, 12, 1);

        ReconciliationItems.Where(guest, c => c == HereCell, ReconciliationItems.CitizenId)
            .ShouldBe(new RecordedElsewhere(guest.Id, ElsewhereKind.HostedHere, OtherCell, MembershipStatus.Official, new LocalDate(2025, 6, 30), ReconciliationItems.CitizenId));
        ReconciliationItems.Where(removed, c => c == HereCell, ReconciliationItems.CitizenId)
            .ShouldBe(new RecordedElsewhere(removed.Id, ElsewhereKind.Ended, OtherCell, MembershipStatus.RemovedFromRolls, new LocalDate(2024, 12, 1), ReconciliationItems.CitizenId));
    }
}
