using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

public class PartyCardsTests
{
    private static readonly LocalDate Today = new(2025, 8, 1);
    private static readonly LocalDate Issued = new(2021, 5, 19);
    private static readonly LocalDate Exchanged = new(2025, 7, 1);

    private static IssuePartyCard Issue(Member member, string number, LocalDate? issued = null) =>
        new(member.Id, member.Version, number, issued ?? Issued);

    private static ReplacePartyCard Replace(Member member, string number, LocalDate? issued = null, CardReplacementReason reason = CardReplacementReason.CardExchange) =>
        new(member.Id, member.Version, number, reason, issued ?? Exchanged);

    private static Member WithCard(string number = "01234567")
    {
        var member = MemberBuilder.Official();
        return member.With(PartyCardsHandler.Decide(Issue(member, number), member, numberTaken: false, Today));
    }

    [Fact]
    public void a_card_is_issued_under_its_number_upper_cased_without_spaces()
    {
        var member = MemberBuilder.Official();

        var issued = PartyCardsHandler.Decide(Issue(member, " hn 0123 4567 "), member, numberTaken: false, Today);
        member.With(issued);

        issued.ShouldBe(new PartyCardIssued("HN01234567", Issued));
        member.CardNumber.ShouldBe("HN01234567");
        member.SearchText.ShouldContain("HN01234567");
    }

    [Fact]
    public void a_second_card_is_a_replacement_not_an_issue()
    {
        var member = WithCard();

        Should.Throw<RuleViolation>(() => PartyCardsHandler.Decide(Issue(member, "99999999"), member, numberTaken: false, Today))
            .Code.ShouldBe("Member.CardAlreadyIssued");
    }

    [Fact]
    public void a_number_another_member_holds_or_held_is_refused()
    {
        var member = MemberBuilder.Official();
        var holder = WithCard();

        Should.Throw<RuleViolation>(() => PartyCardsHandler.Decide(Issue(member, "01234567"), member, numberTaken: true, Today))
            .Code.ShouldBe("Member.CardNumberTaken");
        Should.Throw<RuleViolation>(() => PartyCardsHandler.Decide(Replace(holder, "76543210"), holder, numberTaken: true, Today))
            .Code.ShouldBe("Member.CardNumberTaken");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void a_card_needs_a_number(string number)
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => PartyCardsHandler.Decide(Issue(member, number), member, numberTaken: false, Today))
            .Code.ShouldBe("Member.CardNumberRequired");
    }

    [Fact]
    public void a_card_number_over_30_characters_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => PartyCardsHandler.Decide(Issue(member, new string('7', 31)), member, numberTaken: false, Today))
            .Code.ShouldBe("Member.CardNumberInvalid");
    }

    [Fact]
    public void a_card_issued_in_the_future_or_before_the_admission_decision_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => PartyCardsHandler.Decide(Issue(member, "01234567", Today.PlusDays(1)), member, numberTaken: false, Today))
            .Code.ShouldBe("Member.DateInFuture");
        Should.Throw<RuleViolation>(() => PartyCardsHandler.Decide(Issue(member, "01234567", MemberBuilder.Decided.PlusDays(-1)), member, numberTaken: false, Today))
            .Code.ShouldBe("Member.DecisionTooEarly");
    }

    [Fact]
    public void a_former_member_is_not_issued_a_card()
    {
        var member = MemberBuilder.Official().Left(new LocalDate(2024, 1, 1));

        Should.Throw<RuleViolation>(() => PartyCardsHandler.Decide(Issue(member, "01234567"), member, numberTaken: false, Today))
            .Code.ShouldBe("Member.NotAMember");
    }

    [Fact]
    public void card_issue_then_replacement_keeps_the_old_number_in_history_and_search()
    {
        var member = WithCard("01234567");

        var replaced = PartyCardsHandler.Decide(Replace(member, "hn-2025-000123"), member, numberTaken: false, Today);
        member.With(replaced);

        replaced.ShouldBe(new PartyCardReplaced("HN-2025-000123", "01234567", CardReplacementReason.CardExchange, Exchanged));
        member.CardNumber.ShouldBe("HN-2025-000123");
        member.PreviousCardNumbers.ShouldBe(["01234567"]);
        member.SearchText.ShouldContain("HN-2025-000123");
        member.SearchText.ShouldContain("01234567");
    }

    [Fact]
    public void every_earlier_number_stays_after_several_replacements()
    {
        var member = WithCard("01234567");
        member.With(PartyCardsHandler.Decide(Replace(member, "A1", new LocalDate(2023, 1, 1), CardReplacementReason.Lost), member, numberTaken: false, Today));
        member.With(PartyCardsHandler.Decide(Replace(member, "B2"), member, numberTaken: false, Today));

        member.CardNumber.ShouldBe("B2");
        member.PreviousCardNumbers.ShouldBe(["01234567", "A1"]);
    }

    [Fact]
    public void replacing_a_card_never_issued_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => PartyCardsHandler.Decide(Replace(member, "01234567"), member, numberTaken: false, Today))
            .Code.ShouldBe("Member.NoCardToReplace");
    }

    [Theory]
    [InlineData("A1")]
    [InlineData(" a1 ")]
    [InlineData("01234567")]
    public void a_replacement_with_the_current_or_an_earlier_number_is_refused(string number)
    {
        var member = WithCard("01234567");
        member.With(PartyCardsHandler.Decide(Replace(member, "A1"), member, numberTaken: false, Today));

        Should.Throw<RuleViolation>(() => PartyCardsHandler.Decide(Replace(member, number), member, numberTaken: false, Today))
            .Code.ShouldBe("Member.CardNumberUnchanged");
    }

    [Fact]
    public void a_replacement_dated_in_the_future_is_refused()
    {
        var member = WithCard();

        Should.Throw<RuleViolation>(() => PartyCardsHandler.Decide(Replace(member, "B2", Today.PlusDays(1)), member, numberTaken: false, Today))
            .Code.ShouldBe("Member.DateInFuture");
    }

    [Fact]
    public void a_former_members_card_is_not_replaced()
    {
        var member = WithCard().Left(new LocalDate(2024, 1, 1));

        Should.Throw<RuleViolation>(() => PartyCardsHandler.Decide(Replace(member, "B2"), member, numberTaken: false, Today))
            .Code.ShouldBe("Member.NotAMember");
    }

    [Fact]
    public void a_replacement_dated_before_the_card_it_replaces_is_refused_as_it_would_undo_itself()
    {
        var member = WithCard();

        Should.Throw<RuleViolation>(() => PartyCardsHandler.Decide(Replace(member, "09876543", Issued.PlusDays(-30)), member, numberTaken: false, Today))
            .Code.ShouldBe("Member.CardReplacedBeforeIssued");
        PartyCardsHandler.Decide(Replace(member, "09876543", Issued), member, numberTaken: false, Today).CardNumber.ShouldBe("09876543");
    }
}
