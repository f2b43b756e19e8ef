using EventSourced.Domain.Reconciliation;
using static EventSourced.Domain.Tests.Reconciliation.ComparisonsTests;

namespace EventSourced.Domain.Tests.Reconciliation;

public class RegisterIndexTests
{
    private static RegisterIndex Index(params RollPerson[] register) => new(register, MatchSettings.Default);

    [Fact]
    public void a_roll_person_differing_only_by_accents_is_a_candidate() =>
        Index(Person(1, "Nguyễn Văn Hùng")).CandidatesOf(Person(1, "NGUYEN VAN HUNG")).ShouldBe([0]);

    [Fact]
    public void a_roll_person_with_a_typo_is_still_a_candidate_by_birth_date() =>
        Index(Person(1, "Nguyễn Văn Thắng", cell: "CB01")).CandidatesOf(Person(1, "Nguyễn Văn Thắg", cell: "CB99")).ShouldBe([0]);

    [Fact]
    public void a_roll_person_with_swapped_day_and_month_and_a_typo_is_still_a_candidate() =>
        Index(Person(1, "Nguyễn Văn Thắng", birth: "1985-06-05", cell: "CB01"))
            .CandidatesOf(Person(1, "Nguyễn Văn Thắg", birth: "1985-05-06", cell: "CB99")).ShouldBe([0]);

    [Fact]
    public void a_given_first_name_is_a_candidate() =>
        Index(Person(1, "Nguyễn Văn Hùng")).CandidatesOf(Person(1, "Hùng Văn Nguyễn")).ShouldBe([0]);

    [Fact]
    public void a_citizen_id_or_a_card_alone_makes_a_candidate()
    {
        var index = Index(Person(1, "Nguyễn Văn Hùng", citizenId: "001085000123", card: "12345678"));

        index.CandidatesOf(Person(1, "Trần Thị Mai", birth: "1990-01-01", cell: "CB99", citizenId: "001085000123")).ShouldBe([0]);
        index.CandidatesOf(Person(1, "Trần Thị Mai", birth: "1990-01-01", cell: "CB99", card: "12345678")).ShouldBe([0]);
    }

    [Fact]
    public void the_family_name_alone_never_makes_a_candidate()
    {
        // Same family, middle name, sex and cell; another given name and birth date.
        var index = Index(Person(1, "Nguyễn Văn Hùng", birth: "1985-06-15", cell: "CB01"));

        index.CandidatesOf(Person(1, "Nguyễn Văn Phong", birth: "1962-01-20", cell: "CB01")).ShouldBeEmpty();
        index.CandidatesOf(Person(1, "Nguyễn", birth: "1962-01-20", cell: "CB01")).ShouldBeEmpty();
    }
}
