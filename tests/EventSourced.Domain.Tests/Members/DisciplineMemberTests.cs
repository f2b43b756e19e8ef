using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

public class DisciplineMemberTests
{
    private static readonly LocalDate Today = new(2025, 3, 1);
    private static readonly LocalDate Disciplined = new(2024, 5, 10);
    private static readonly LocalDate Annulled = new(2025, 1, 15);

    private static DisciplineMember Discipline(Member member, DisciplineKind kind, Guid? id = null, LocalDate? decided = null, string reason = "Vi phạm quy định về những điều đảng viên không được làm") =>
        new(member.Id, member.Version, id ?? Guid.NewGuid(), kind, MemberBuilder.DecisionOn(decided ?? Disciplined, "60-QĐ/UBKT"), reason);

    private static AnnulDiscipline Annul(Member member, Guid disciplineId, LocalDate? decided = null, string reason = "Kết luận kiểm tra lại: không vi phạm") =>
        new(member.Id, member.Version, disciplineId, MemberBuilder.DecisionOn(decided ?? Annulled, "61-QĐ/UBKT"), reason);

    private static (Member Member, Guid DisciplineId) WithDiscipline(Member member, DisciplineKind kind, LocalDate? decided = null)
    {
        var command = Discipline(member, kind, decided: decided);
        member.With(DisciplineMemberHandler.Decide(command, member, Today));
        return (member, command.DisciplineId);
    }

    [Theory]
    [InlineData(DisciplineKind.Reprimand)]
    [InlineData(DisciplineKind.Warning)]
    [InlineData(DisciplineKind.DismissalFromPosts)]
    [InlineData(DisciplineKind.Expulsion)]
    public void an_official_member_may_be_given_any_kind_of_discipline(DisciplineKind kind)
    {
        var member = MemberBuilder.Official();
        var command = Discipline(member, kind);

        var imposed = DisciplineMemberHandler.Decide(command, member, Today);

        imposed.ShouldBe(new DisciplineImposed(
            command.DisciplineId, kind, new Decision("60-QĐ/UBKT", Disciplined), "Vi phạm quy định về những điều đảng viên không được làm", Disciplined));
    }

    [Theory]
    [InlineData(DisciplineKind.Reprimand)]
    [InlineData(DisciplineKind.Warning)]
    public void a_probationary_member_may_be_reprimanded_or_warned(DisciplineKind kind)
    {
        var member = MemberBuilder.Admitted(decided: new LocalDate(2024, 3, 1));

        DisciplineMemberHandler.Decide(Discipline(member, kind), member, Today).Kind.ShouldBe(kind);
    }

    [Theory]
    [InlineData(DisciplineKind.DismissalFromPosts)]
    [InlineData(DisciplineKind.Expulsion)]
    public void expelling_or_dismissing_a_probationary_member_is_refused(DisciplineKind kind)
    {
        var member = MemberBuilder.Admitted(decided: new LocalDate(2024, 3, 1));

        Should.Throw<RuleViolation>(() => DisciplineMemberHandler.Decide(Discipline(member, kind), member, Today))
            .Code.ShouldBe("Member.ProbationaryDisciplineLimited");
    }

    [Fact]
    public void disciplining_a_deceased_member_is_refused()
    {
        var member = MemberBuilder.Official().Died(new LocalDate(2024, 1, 1));

        Should.Throw<RuleViolation>(() => DisciplineMemberHandler.Decide(Discipline(member, DisciplineKind.Warning), member, Today))
            .Code.ShouldBe("Member.Deceased");
    }

    [Fact]
    public void disciplining_a_former_member_is_refused()
    {
        var member = MemberBuilder.Official().Left(new LocalDate(2024, 1, 1));

        Should.Throw<RuleViolation>(() => DisciplineMemberHandler.Decide(Discipline(member, DisciplineKind.Expulsion), member, Today))
            .Code.ShouldBe("Member.NotAMember");
    }

    [Fact]
    public void the_same_discipline_cannot_be_recorded_twice()
    {
        var (member, id) = WithDiscipline(MemberBuilder.Official(), DisciplineKind.Reprimand);

        Should.Throw<RuleViolation>(() => DisciplineMemberHandler.Decide(Discipline(member, DisciplineKind.Reprimand, id), member, Today))
            .Code.ShouldBe("Member.DisciplineAlreadyRecorded");
    }

    [Fact]
    public void a_discipline_needs_a_reason()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => DisciplineMemberHandler.Decide(Discipline(member, DisciplineKind.Warning, reason: "  "), member, Today))
            .Code.ShouldBe("Member.ReasonRequired");
    }

    [Fact]
    public void a_discipline_decided_in_the_future_or_before_the_admission_ceremony_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => DisciplineMemberHandler.Decide(Discipline(member, DisciplineKind.Warning, decided: Today.PlusDays(1)), member, Today))
            .Code.ShouldBe("Member.DecisionInFuture");
        Should.Throw<RuleViolation>(() => DisciplineMemberHandler.Decide(Discipline(member, DisciplineKind.Warning, decided: MemberBuilder.Ceremony.PlusDays(-1)), member, Today))
            .Code.ShouldBe("Member.DecisionTooEarly");
    }

    [Fact]
    public void a_reprimand_is_recorded_and_membership_goes_on()
    {
        var (member, id) = WithDiscipline(MemberBuilder.Official(), DisciplineKind.Reprimand);

        member.Disciplines.ShouldBe([new DisciplineRecord(id, DisciplineKind.Reprimand, new Decision("60-QĐ/UBKT", Disciplined), Disciplined, false)]);
        member.Status.ShouldBe(MembershipStatus.Official);
        member.EndedOn.ShouldBeNull();
    }

    [Fact]
    public void expulsion_ends_membership_on_the_decision_date()
    {
        var (member, _) = WithDiscipline(MemberBuilder.Official(), DisciplineKind.Expulsion);

        member.Status.ShouldBe(MembershipStatus.Expelled);
        member.IsMember.ShouldBeFalse();
        member.EndedOn.ShouldBe(Disciplined);
        member.Periods.ShouldBe([new MembershipPeriod(MemberBuilder.Decided, Disciplined)]);
        member.CellOn(Disciplined.PlusDays(-1)).ShouldBe(member.CellId);
        member.CellOn(Disciplined).ShouldBeNull();
    }

    [Fact]
    public void annulling_an_expulsion_restores_membership_and_the_cell_period()
    {
        var (member, id) = WithDiscipline(MemberBuilder.Official(), DisciplineKind.Expulsion);

        var annulled = DisciplineMemberHandler.Decide(Annul(member, id), member, Today);
        member.With(annulled);

        annulled.ShouldBe(new DisciplineAnnulled(id, new Decision("61-QĐ/UBKT", Annulled), "Kết luận kiểm tra lại: không vi phạm", Annulled));
        member.Status.ShouldBe(MembershipStatus.Official);
        member.IsMember.ShouldBeTrue();
        member.EndedOn.ShouldBeNull();
        member.Periods.ShouldBe([new MembershipPeriod(MemberBuilder.Decided, null)]);
        member.Cells.ShouldBe([new CellPeriod(member.CellId, MemberBuilder.Ceremony, null)]);
        member.CellOn(Disciplined.PlusDays(30)).ShouldBe(member.CellId);
        member.PartyAgeYears(new LocalDate(2030, 3, 2)).ShouldBe(10);
    }

    [Fact]
    public void nothing_is_deleted_the_annulled_discipline_stays_on_the_record_flagged()
    {
        var (member, id) = WithDiscipline(MemberBuilder.Official(), DisciplineKind.Expulsion);

        member.With(DisciplineMemberHandler.Decide(Annul(member, id), member, Today));

        var record = member.Disciplines.ShouldHaveSingleItem();
        record.Id.ShouldBe(id);
        record.Kind.ShouldBe(DisciplineKind.Expulsion);
        record.Decision.Date.ShouldBe(Disciplined);
        record.Annulled.ShouldBeTrue();
    }

    [Fact]
    public void annulling_a_reprimand_flags_it_and_leaves_membership_as_it_was()
    {
        var (member, id) = WithDiscipline(MemberBuilder.Official(), DisciplineKind.Reprimand);

        member.With(DisciplineMemberHandler.Decide(Annul(member, id), member, Today));

        member.Disciplines.ShouldHaveSingleItem().Annulled.ShouldBeTrue();
        member.Status.ShouldBe(MembershipStatus.Official);
    }

    [Fact]
    public void an_annulled_discipline_cannot_be_annulled_again()
    {
        var (member, id) = WithDiscipline(MemberBuilder.Official(), DisciplineKind.Warning);
        member.With(DisciplineMemberHandler.Decide(Annul(member, id), member, Today));

        Should.Throw<RuleViolation>(() => DisciplineMemberHandler.Decide(Annul(member, id), member, Today))
            .Code.ShouldBe("Member.DisciplineAlreadyAnnulled");
    }

    [Fact]
    public void annulling_an_unknown_discipline_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => DisciplineMemberHandler.Decide(Annul(member, Guid.NewGuid()), member, Today))
            .Code.ShouldBe("Member.DisciplineNotFound");
    }

    [Fact]
    public void an_annulment_decided_before_the_discipline_or_in_the_future_is_refused()
    {
        var (member, id) = WithDiscipline(MemberBuilder.Official(), DisciplineKind.Warning);

        Should.Throw<RuleViolation>(() => DisciplineMemberHandler.Decide(Annul(member, id, Disciplined.PlusDays(-1)), member, Today))
            .Code.ShouldBe("Member.DecisionTooEarly");
        Should.Throw<RuleViolation>(() => DisciplineMemberHandler.Decide(Annul(member, id, Today.PlusDays(1)), member, Today))
            .Code.ShouldBe("Member.DecisionInFuture");
    }

    [Fact]
    public void an_annulment_needs_a_reason()
    {
        var (member, id) = WithDiscipline(MemberBuilder.Official(), DisciplineKind.Warning);

        Should.Throw<RuleViolation>(() => DisciplineMemberHandler.Decide(Annul(member, id, reason: ""), member, Today))
            .Code.ShouldBe("Member.ReasonRequired");
    }

    [Fact]
    public void a_reprimand_of_someone_who_has_since_left_cannot_be_annulled()
    {
        var (member, id) = WithDiscipline(MemberBuilder.Official(), DisciplineKind.Reprimand);
        member.Left(new LocalDate(2024, 10, 1));

        Should.Throw<RuleViolation>(() => DisciplineMemberHandler.Decide(Annul(member, id), member, Today))
            .Code.ShouldBe("Member.NotAMember");
    }

    [Fact]
    public void annulling_an_old_expulsion_does_not_undo_a_later_one()
    {
        // Expelled in 2010 (A), readmitted in 2014, official, expelled again in 2020 (B). Annulling
        // A must not bring the member back: B still stands.
        var member = MemberBuilder.Official(decided: new LocalDate(2000, 3, 2));
        var first = Discipline(member, DisciplineKind.Expulsion, decided: new LocalDate(2010, 1, 5));
        member.With(DisciplineMemberHandler.Decide(first, member, Today))
            .Readmitted(Guid.NewGuid(), new LocalDate(2014, 2, 1), new LocalDate(2014, 2, 15))
            .Recognised();
        var second = Discipline(member, DisciplineKind.Expulsion, decided: new LocalDate(2020, 6, 1));
        member.With(DisciplineMemberHandler.Decide(second, member, Today));

        member.With(DisciplineMemberHandler.Decide(Annul(member, first.DisciplineId), member, Today));

        member.Disciplines.Single(d => d.Id == first.DisciplineId).Annulled.ShouldBeTrue();
        member.Status.ShouldBe(MembershipStatus.Expelled);
        member.EndedOn.ShouldBe(new LocalDate(2020, 6, 1));
        member.CellOn(Today).ShouldBeNull();
    }

    [Fact]
    public void a_discipline_decided_during_probation_is_limited_as_for_a_probationary_member_though_the_member_is_official_now()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => DisciplineMemberHandler.Decide(Discipline(member, DisciplineKind.DismissalFromPosts, decided: MemberBuilder.ProbationEnds.PlusDays(-10)), member, Today))
            .Code.ShouldBe("Member.ProbationaryDisciplineLimited");
        DisciplineMemberHandler.Decide(Discipline(member, DisciplineKind.Warning, decided: MemberBuilder.ProbationEnds.PlusDays(-10)), member, Today).Kind.ShouldBe(DisciplineKind.Warning);
        DisciplineMemberHandler.Decide(Discipline(member, DisciplineKind.DismissalFromPosts, decided: MemberBuilder.ProbationEnds.PlusDays(10)), member, Today).Kind.ShouldBe(DisciplineKind.DismissalFromPosts);
    }
}
