using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Reconciliation;
using NodaTime;
using ReconciliationState = EventSourced.Domain.Reconciliation.Reconciliation;

namespace EventSourced.Domain.Tests.Reconciliation;

public class CorrectRegisterFromRollTests
{
    private static readonly Guid Id = Guid.CreateVersion7();

    private static readonly Guid MemberId = Guid.CreateVersion7();

    private static readonly LocalDate ReferenceDate = new(2026, 3, 1);

    private static readonly ReconciliationRound Round = ReconciliationRound.Create(
        new ReconciliationRoundOpened(Guid.CreateVersion7(), Guid.CreateVersion7(), "Đối chiếu quý I/2026", ReferenceDate, new LocalDate(2026, 4, 1), "12-KH/QU"));

    private static ReconciliationState Matched()
    {
        var reconciliation = ReconciliationState.Create(new ReconciliationStarted(Id, Guid.CreateVersion7(), Round.Id, ReferenceDate, "chi-bo-1.csv", "hash", 2));
        reconciliation.Apply(new RollMatched(Id, new ReconciliationCounts(0, 1, 0, 0, 1, 0)));
        return reconciliation;
    }

    private static readonly RollPerson Register = new(1, "Trần Thị Bình", RollDate.Day(new LocalDate(1990, 1, 1)), Sex.Female, "001190000002", "CARD-1", [], "CB01", new LocalDate(2015, 5, 19));

    private static ReconciliationItem Item(ItemCategory category, RollPerson roll) => new()
    {
        Id = ReconciliationItem.IdOf(Id, 1),
        ReconciliationId = Id,
        Number = 1,
        Category = category,
        MemberId = MemberId,
        Register = Register,
        Roll = roll,
        Differences = ReconciliationItems.Differences(Register, roll).ToList(),
    };

    private static CorrectRegisterFromRoll Correct(params string[] fields) => new(Id, 2, 1, fields, "Theo lý lịch gốc");

    [Fact]
    public void the_chosen_fields_are_taken_from_the_roll_with_a_reason_that_names_the_round()
    {
        var roll = Register with { FullName = "Trần Thị Bích", DateOfBirth = RollDate.Day(new LocalDate(1990, 2, 3)), CitizenId = "001190000009" };

        var (resolved, corrections) = CorrectRegisterFromRollHandler.Decide(
            Correct(ReconciliationItems.Name, ReconciliationItems.CitizenId), Matched(), Item(ItemCategory.MatchedWithDifferences, roll), Round);

        resolved.ShouldBe(new ReconciliationItemResolved(Id, 1, Resolutions.CorrectFromRoll, "Theo lý lịch gốc", MemberId));
        corrections.ShouldBe(
        [
            new CorrectProfile(MemberId, 0, MemberProfileFields.FullName, "Trần Thị Bích", "Theo lý lịch gốc (Đối chiếu quý I/2026)"),
            new CorrectProfile(MemberId, 0, MemberProfileFields.CitizenId, "001190000009", "Theo lý lịch gốc (Đối chiếu quý I/2026)"),
        ]);
    }

    [Fact]
    public void a_field_the_register_changed_since_matching_is_not_taken_from_the_roll()
    {
        var roll = Register with { FullName = "Trần Thị Bích", CitizenId = "001190000009" };
        var item = Item(ItemCategory.MatchedWithDifferences, roll);

        // Unchanged since matching (the other field may have changed): taken.
        CorrectRegisterFromRollHandler.Decide(Correct(ReconciliationItems.Name), Matched(), item, Round, Register with { CitizenId = "001190000005" })
            .Corrections.ShouldHaveSingleItem().NewValue.ShouldBe("Trần Thị Bích");
        // Corrected to another name meanwhile, or to the roll's: refused, nothing undone.
        foreach (var now in new[] { Register with { FullName = "Trần Thị Bình An" }, Register with { FullName = "Trần Thị Bích" } })
        {
            Should.Throw<RuleViolation>(() => CorrectRegisterFromRollHandler.Decide(Correct(ReconciliationItems.Name, ReconciliationItems.CitizenId), Matched(), item, Round, now))
                .Code.ShouldBe("Reconciliation.RegisterChangedSinceMatching");
        }
    }

    [Fact]
    public void outside_a_round_the_reason_names_the_file_and_reference_date()
    {
        var roll = Register with { Sex = Sex.Male };

        var (_, corrections) = CorrectRegisterFromRollHandler.Decide(Correct(ReconciliationItems.Sex), Matched(), Item(ItemCategory.ToReview, roll), round: null);

        corrections.ShouldHaveSingleItem().ShouldBe(new CorrectProfile(MemberId, 0, MemberProfileFields.Sex, "Male", "Theo lý lịch gốc (chi-bo-1.csv, 01/03/2026)"));
    }

    [Fact]
    public void a_cell_an_admission_date_or_a_card_number_is_not_a_profile_correction()
    {
        var roll = Register with { Cell = "CB02", AdmissionDate = new LocalDate(2016, 1, 1), CardNumber = "CARD-2" };
        var item = Item(ItemCategory.MatchedWithDifferences, roll);

        item.Differences.Select(d => d.Field).ShouldBe([ReconciliationItems.CardNumber, ReconciliationItems.Cell, ReconciliationItems.AdmissionDate]);
        foreach (var field in new[] { ReconciliationItems.Cell, ReconciliationItems.AdmissionDate, ReconciliationItems.CardNumber })
        {
            Should.Throw<RuleViolation>(() => CorrectRegisterFromRollHandler.Decide(Correct(field), Matched(), item, Round))
                .Code.ShouldBe("Reconciliation.FieldNotCorrectable");
        }
    }

    [Fact]
    public void a_birth_date_that_gives_only_the_year_cannot_correct_the_register()
    {
        var roll = Register with { DateOfBirth = RollDate.YearOnly(1991) };
        var item = Item(ItemCategory.MatchedWithDifferences, roll);

        CorrectRegisterFromRollHandler.Correctable(item.Differences.ShouldHaveSingleItem(), roll).ShouldBeFalse();
        Should.Throw<RuleViolation>(() => CorrectRegisterFromRollHandler.Decide(Correct(ReconciliationItems.DateOfBirth), Matched(), item, Round))
            .Code.ShouldBe("Reconciliation.FieldNotCorrectable");
    }

    [Fact]
    public void a_field_that_does_not_differ_or_no_field_at_all_is_refused()
    {
        var item = Item(ItemCategory.MatchedWithDifferences, Register with { FullName = "Trần Thị Bích" });

        Should.Throw<RuleViolation>(() => CorrectRegisterFromRollHandler.Decide(Correct(ReconciliationItems.Sex), Matched(), item, Round))
            .Code.ShouldBe("Reconciliation.FieldNotDifferent");
        Should.Throw<RuleViolation>(() => CorrectRegisterFromRollHandler.Decide(Correct(), Matched(), item, Round))
            .Code.ShouldBe("Reconciliation.NoFieldChosen");
    }

    [Fact]
    public void an_item_already_resolved_or_of_a_category_without_a_pair_is_not_corrected()
    {
        var reconciliation = Matched();
        reconciliation.Apply(new ReconciliationItemResolved(Id, 1, Resolutions.NoChangeNeeded, "x", MemberId));
        var item = Item(ItemCategory.MatchedWithDifferences, Register with { FullName = "Trần Thị Bích" });

        Should.Throw<RuleViolation>(() => CorrectRegisterFromRollHandler.Decide(Correct(ReconciliationItems.Name), reconciliation, item, Round))
            .Code.ShouldBe("Reconciliation.AlreadyResolved");
        item.Category = ItemCategory.SameMemberTwice;
        Should.Throw<RuleViolation>(() => CorrectRegisterFromRollHandler.Decide(Correct(ReconciliationItems.Name), Matched(), item, Round))
            .Code.ShouldBe("Reconciliation.ResolutionNotAllowed");
    }

    [Fact]
    public void a_reconciliation_reference_reads_back_as_written()
    {
        ReconciliationReference.TryParse(ReconciliationReference.Of(Id, 42), out var id, out var item).ShouldBeTrue();
        (id, item).ShouldBe((Id, 42));
        ReconciliationReference.TryParse("not a reference", out _, out _).ShouldBeFalse();
    }
}
