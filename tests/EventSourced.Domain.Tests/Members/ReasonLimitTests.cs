using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

/// <summary>
/// Every member procedure that asks for a reason refuses one over the limit; they used to keep its
/// first 1,000 characters and store them as if the user had written that.
/// </summary>
public sealed class ReasonLimitTests
{
    private static readonly LocalDate Today = new(2025, 3, 1);

    private static readonly string AtLimit = new('a', TextLimits.Reason);

    private static readonly string OverLimit = new('a', TextLimits.Reason + 1);

    public static TheoryData<string> Procedures => ["discipline", "annulment", "exemption", "correction", "removal", "removal after probation"];

    private static object Decide(string procedure, string reason)
    {
        var official = MemberBuilder.Official();
        switch (procedure)
        {
            case "discipline":
                return DisciplineMemberHandler.Decide(
                    new DisciplineMember(official.Id, official.Version, Guid.NewGuid(), DisciplineKind.Reprimand, MemberBuilder.DecisionOn(new LocalDate(2024, 5, 10)), reason), official, Today);
            case "annulment":
                var disciplineId = Guid.NewGuid();
                var disciplined = official.With(DisciplineMemberHandler.Decide(
                    new DisciplineMember(official.Id, official.Version, disciplineId, DisciplineKind.Reprimand, MemberBuilder.DecisionOn(new LocalDate(2024, 5, 10)), "Vi phạm"), official, Today));
                return DisciplineMemberHandler.Decide(
                    new AnnulDiscipline(disciplined.Id, disciplined.Version, disciplineId, MemberBuilder.DecisionOn(new LocalDate(2025, 1, 15)), reason), disciplined, Today);
            case "exemption":
                return ExemptMemberHandler.Decide(
                    new ExemptMember(official.Id, official.Version, MemberBuilder.DecisionOn(new LocalDate(2024, 9, 1)), reason, new LocalDate(2024, 9, 1)), official, Today);
            case "correction":
                return CorrectProfileHandler.Decide(new CorrectProfile(official.Id, official.Version, MemberProfileFields.HomeTown, "Hà Nội", reason), official, Today);
            case "removal":
                return EndMembershipHandler.Decide(
                    new RemoveFromRolls(official.Id, official.Version, RemovalGround.Other, MemberBuilder.DecisionOn(new LocalDate(2025, 2, 14)), reason), official, Today);
            default:
                var probationary = MemberBuilder.Admitted();
                var ends = MemberBuilder.ProbationEnds;
                return RecogniseOfficialHandler.Decide(
                    new RemoveUnrecognisedProbationary(probationary.Id, probationary.Version, MemberBuilder.DecisionOn(ends), reason), probationary, ends);
        }
    }

    [Theory]
    [MemberData(nameof(Procedures))]
    public void a_reason_at_the_limit_is_kept_whole(string procedure)
    {
        Should.NotThrow(() => Decide(procedure, AtLimit));
    }

    [Theory]
    [MemberData(nameof(Procedures))]
    public void a_reason_over_the_limit_is_refused_with_the_limit_instead_of_cut(string procedure)
    {
        var refusal = Should.Throw<RuleViolation>(() => Decide(procedure, OverLimit));

        refusal.Code.ShouldBe("Member.ReasonTooLong");
        refusal.Arguments.ShouldBe([TextLimits.Reason]);
    }

    [Fact]
    public void a_decision_number_over_the_limit_is_refused_with_the_limit()
    {
        var member = MemberBuilder.Official();
        var command = new ExemptMember(member.Id, member.Version, MemberBuilder.DecisionOn(Today, new string('9', TextLimits.DecisionReference + 1)), "Tuổi cao", Today);

        var refusal = Should.Throw<RuleViolation>(() => ExemptMemberHandler.Decide(command, member, Today));

        refusal.Code.ShouldBe("Member.DecisionNumberTooLong");
        refusal.Arguments.ShouldBe([TextLimits.DecisionReference]);
    }
}
