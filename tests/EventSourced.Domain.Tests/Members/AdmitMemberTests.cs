using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Tests.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

public class AdmitMemberTests
{
    private static readonly LocalDate Today = new(2025, 3, 1);
    private static readonly LocalDate Decided = new(2025, 2, 10);
    private static readonly LocalDate Ceremony = new(2025, 2, 20);

    private static AdmitMember Admit(Guid cellId, MemberProfile? profile = null, LocalDate? decided = null, LocalDate? ceremony = null, string number = "12-QĐ/ĐU") =>
        new(Guid.NewGuid(), profile ?? MemberBuilder.Profile(), cellId, new Decision(number, decided ?? Decided), ceremony ?? Ceremony);

    private static MemberAdmitted Decide(TreeBuilder tree, AdmitMember command, Member? existing = null) =>
        AdmitMemberHandler.Decide(command, tree.On(command.CeremonyDate), existing, Today);

    [Fact]
    public void admitting_a_person_into_a_cell_records_the_decision_the_ceremony_and_the_cell()
    {
        var tree = new TreeBuilder();
        var command = Admit(tree.Cell.Id);

        var admitted = Decide(tree, command);

        admitted.MemberId.ShouldBe(command.MemberId);
        admitted.CellId.ShouldBe(tree.Cell.Id);
        admitted.Decision.ShouldBe(new Decision("12-QĐ/ĐU", Decided));
        admitted.CeremonyDate.ShouldBe(Ceremony);
        admitted.EffectiveDate.ShouldBe(Ceremony);
        admitted.Profile.ShouldBe(MemberBuilder.Profile());
    }

    [Fact]
    public void the_admitted_person_is_a_probationary_member_of_the_cell_from_the_ceremony()
    {
        var tree = new TreeBuilder();

        var member = Member.Create(Decide(tree, Admit(tree.Cell.Id)));

        member.Status.ShouldBe(MembershipStatus.Probationary);
        member.IsMember.ShouldBeTrue();
        member.CellOn(Ceremony).ShouldBe(tree.Cell.Id);
        member.CellOn(Ceremony.PlusDays(-1)).ShouldBeNull();
        MemberRules.ProbationEnds(member).ShouldBe(new LocalDate(2026, 2, 20));
    }

    [Fact]
    public void the_profile_is_cleaned_as_a_correction_would_clean_it()
    {
        var tree = new TreeBuilder();
        var profile = new MemberProfile(
            "  Ðỗ   Thị  Lan ",
            Sex.Female,
            new LocalDate(1990, 4, 30),
            BirthName: "   ",
            HomeTown: " Hà  Nội ",
            CitizenId: "001 190.012-345",
            Phone: "0912 345 678");

        var admitted = Decide(tree, Admit(tree.Cell.Id, profile, number: "  12-QĐ/ĐU "));

        admitted.Profile.FullName.ShouldBe("Đỗ Thị Lan");
        admitted.Profile.BirthName.ShouldBeNull();
        admitted.Profile.HomeTown.ShouldBe("Hà Nội");
        admitted.Profile.CitizenId.ShouldBe("001190012345");
        admitted.Profile.Phone.ShouldBe("0912345678");
        admitted.Decision.Number.ShouldBe("12-QĐ/ĐU");
    }

    [Fact]
    public void admitting_a_person_who_is_already_a_member_is_refused()
    {
        var tree = new TreeBuilder();
        var existing = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => Decide(tree, Admit(tree.Cell.Id), existing))
            .Code.ShouldBe("Member.AlreadyMember");
    }

    [Fact]
    public void admitting_a_former_member_a_second_time_is_refused_in_favour_of_readmission()
    {
        var tree = new TreeBuilder();
        var existing = MemberBuilder.Official().Left(new LocalDate(2021, 6, 1));

        Should.Throw<RuleViolation>(() => Decide(tree, Admit(tree.Cell.Id), existing))
            .Code.ShouldBe("Member.FormerMemberUseReadmission");
    }

    [Fact]
    public void a_person_under_18_on_the_decision_date_is_refused()
    {
        var tree = new TreeBuilder();
        var profile = MemberBuilder.Profile(born: Decided.PlusYears(-18).PlusDays(1), citizenId: null);

        Should.Throw<RuleViolation>(() => Decide(tree, Admit(tree.Cell.Id, profile)))
            .Code.ShouldBe("Member.TooYoung");
    }

    [Fact]
    public void a_person_who_turns_18_on_the_decision_date_may_be_admitted()
    {
        var tree = new TreeBuilder();
        var profile = MemberBuilder.Profile(born: Decided.PlusYears(-18), citizenId: null);

        Decide(tree, Admit(tree.Cell.Id, profile)).Profile.DateOfBirth.ShouldBe(new LocalDate(2007, 2, 10));
    }

    [Fact]
    public void age_is_taken_on_the_decision_date_not_on_the_ceremony()
    {
        // 18 by the ceremony but not by the decision.
        var tree = new TreeBuilder();
        var profile = MemberBuilder.Profile(born: new LocalDate(2007, 2, 15), citizenId: null);

        Should.Throw<RuleViolation>(() => Decide(tree, Admit(tree.Cell.Id, profile)))
            .Code.ShouldBe("Member.TooYoung");
    }

    [Fact]
    public void a_ceremony_before_the_decision_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => Decide(tree, Admit(tree.Cell.Id, ceremony: Decided.PlusDays(-1))))
            .Code.ShouldBe("Member.CeremonyBeforeDecision");
    }

    [Fact]
    public void the_ceremony_may_be_held_on_the_day_of_the_decision()
    {
        var tree = new TreeBuilder();

        Decide(tree, Admit(tree.Cell.Id, ceremony: Decided)).CeremonyDate.ShouldBe(Decided);
    }

    [Fact]
    public void a_decision_dated_in_the_future_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => Decide(tree, Admit(tree.Cell.Id, decided: Today.PlusDays(1), ceremony: Today.PlusDays(2))))
            .Code.ShouldBe("Member.DecisionInFuture");
    }

    [Fact]
    public void a_ceremony_in_the_future_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => Decide(tree, Admit(tree.Cell.Id, ceremony: Today.PlusDays(1))))
            .Code.ShouldBe("Member.DateInFuture");
    }

    [Fact]
    public void decision_and_ceremony_may_both_be_today()
    {
        var tree = new TreeBuilder();

        Decide(tree, Admit(tree.Cell.Id, decided: Today, ceremony: Today)).CeremonyDate.ShouldBe(Today);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void a_decision_without_a_number_is_refused(string number)
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => Decide(tree, Admit(tree.Cell.Id, number: number)))
            .Code.ShouldBe("Member.DecisionNumberRequired");
    }

    [Fact]
    public void a_decision_number_over_100_characters_is_refused()
    {
        var tree = new TreeBuilder();

        Should.Throw<RuleViolation>(() => Decide(tree, Admit(tree.Cell.Id, number: new string('9', 101))))
            .Code.ShouldBe("Member.DecisionNumberTooLong");
    }

    [Fact]
    public void admission_into_a_unit_that_is_not_a_cell_is_refused()
    {
        var tree = new TreeBuilder();

        foreach (var unit in new[] { tree.City, tree.District, tree.Ward })
        {
            Should.Throw<RuleViolation>(() => Decide(tree, Admit(unit.Id)))
                .Code.ShouldBe("Member.NotAnActiveCell");
        }
    }

    [Fact]
    public void admission_into_a_grassroots_cell_is_allowed()
    {
        var tree = new TreeBuilder();
        var grassrootsCell = tree.Add(OrganisationKind.GrassrootsCell, "BD.CB1", "Chi bộ cơ sở Trường THPT Phan Đình Phùng", tree.District);

        Decide(tree, Admit(grassrootsCell.Id)).CellId.ShouldBe(grassrootsCell.Id);
    }

    [Fact]
    public void admission_into_a_closed_cell_is_refused()
    {
        var tree = new TreeBuilder();
        tree.Cell.Apply(new OrganisationDissolved(null, new LocalDate(2025, 1, 1)));

        Should.Throw<RuleViolation>(() => Decide(tree, Admit(tree.Cell.Id)))
            .Code.ShouldBe("Member.NotAnActiveCell");
    }

    [Fact]
    public void a_tree_holding_only_the_cell_decides_an_admission_as_the_whole_tree_does()
    {
        // The handler loads the cell alone (OrganisationRules.LoadUnitsAsync), not the city's tree.
        var tree = new TreeBuilder();
        var command = Admit(tree.Cell.Id);
        AdmitMemberHandler.Decide(command, OrganisationTree.AsOf(command.CeremonyDate, [tree.Cell]), null, Today).CellId.ShouldBe(tree.Cell.Id);

        tree.Cell.Apply(new OrganisationDissolved(null, new LocalDate(2025, 1, 1)));
        Should.Throw<RuleViolation>(() => AdmitMemberHandler.Decide(command, OrganisationTree.AsOf(command.CeremonyDate, [tree.Cell]), null, Today))
            .Code.ShouldBe("Member.NotAnActiveCell");
        Should.Throw<RuleViolation>(() => AdmitMemberHandler.Decide(command, OrganisationTree.AsOf(command.CeremonyDate, []), null, Today))
            .Code.ShouldBe("Member.CellNotFound");
    }

    [Fact]
    public void admission_into_a_cell_that_closes_after_the_ceremony_is_allowed()
    {
        var tree = new TreeBuilder();
        tree.Cell.Apply(new OrganisationDissolved(null, new LocalDate(2025, 6, 1)));

        Decide(tree, Admit(tree.Cell.Id)).CellId.ShouldBe(tree.Cell.Id);
    }

    [Fact]
    public void admission_into_an_unknown_cell_or_one_not_yet_founded_is_refused()
    {
        var tree = new TreeBuilder();
        var later = tree.Add(OrganisationKind.Cell, "BD.PX.09", "Chi bộ khu dân cư số 9", tree.Ward, new LocalDate(2025, 6, 1));

        Should.Throw<RuleViolation>(() => Decide(tree, Admit(Guid.NewGuid())))
            .Code.ShouldBe("Member.CellNotFound");
        Should.Throw<RuleViolation>(() => Decide(tree, Admit(later.Id)))
            .Code.ShouldBe("Member.CellNotFound");
    }

    [Theory]
    [InlineData(1850, 7, 1)]
    [InlineData(1899, 12, 31)]
    [InlineData(2025, 3, 2)]
    public void a_date_of_birth_missing_before_1900_or_in_the_future_is_refused(int year, int month, int day)
    {
        var tree = new TreeBuilder();
        var profile = MemberBuilder.Profile(born: new LocalDate(year, month, day), citizenId: null);

        Should.Throw<RuleViolation>(() => Decide(tree, Admit(tree.Cell.Id, profile)))
            .Code.ShouldBe("Member.DateOfBirthInvalid");
    }

    [Fact]
    public void a_profile_without_a_date_of_birth_is_refused()
    {
        var tree = new TreeBuilder();
        var profile = MemberBuilder.Profile() with { DateOfBirth = default };

        Should.Throw<RuleViolation>(() => Decide(tree, Admit(tree.Cell.Id, profile)))
            .Code.ShouldBe("Member.DateOfBirthInvalid");
    }

    [Fact]
    public void a_name_is_required()
    {
        var tree = new TreeBuilder();
        var profile = MemberBuilder.Profile() with { FullName = "   " };

        Should.Throw<RuleViolation>(() => Decide(tree, Admit(tree.Cell.Id, profile)))
            .Code.ShouldBe("Member.NameRequired");
    }

    [Fact]
    public void text_fields_over_200_characters_are_refused()
    {
        var tree = new TreeBuilder();
        var profile = MemberBuilder.Profile() with { PlaceOfBirth = new string('x', 201) };

        Should.Throw<RuleViolation>(() => Decide(tree, Admit(tree.Cell.Id, profile)))
            .Code.ShouldBe("Member.TextTooLong");
    }

    [Fact]
    public void a_phone_number_too_short_to_be_one_is_refused()
    {
        var tree = new TreeBuilder();
        var profile = MemberBuilder.Profile() with { Phone = "091 234" };

        Should.Throw<RuleViolation>(() => Decide(tree, Admit(tree.Cell.Id, profile)))
            .Code.ShouldBe("Member.PhoneInvalid");
    }

    [Fact]
    public void a_citizen_id_that_does_not_match_the_profile_is_only_a_warning()
    {
        // Legacy data has wrong and 9-digit IDs: they are flagged on the record, never refused.
        var tree = new TreeBuilder();
        var profile = MemberBuilder.Profile(sex: Sex.Female, citizenId: "001092012345");

        var admitted = Decide(tree, Admit(tree.Cell.Id, profile));

        admitted.Profile.CitizenId.ShouldBe("001092012345");
        CitizenId.Check(admitted.Profile.CitizenId, admitted.Profile.DateOfBirth, admitted.Profile.Sex)
            .ShouldBe([CitizenIdWarning.CenturyOrSexMismatch, CitizenIdWarning.BirthYearMismatch]);
    }

    [Fact]
    public void a_legacy_nine_digit_id_is_admitted_with_a_warning()
    {
        var tree = new TreeBuilder();

        var admitted = Decide(tree, Admit(tree.Cell.Id, MemberBuilder.Profile(citizenId: "012345678")));

        CitizenId.Check(admitted.Profile.CitizenId, admitted.Profile.DateOfBirth, admitted.Profile.Sex)
            .ShouldBe([CitizenIdWarning.NotTwelveDigits]);
    }
}
