using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Reconciliation;
using EventSourced.Domain.Transfers;
using NodaTime;
using ReconciliationState = EventSourced.Domain.Reconciliation.Reconciliation;

namespace EventSourced.Domain.Tests.Reconciliation;

public class ResolveByProcedureTests
{
    private static readonly Guid Id = Guid.CreateVersion7();

    private static readonly Decision Decision = new("12-QĐ/ĐU", new LocalDate(2026, 3, 2));

    private static ReconciliationState Matched()
    {
        var reconciliation = ReconciliationState.Create(new ReconciliationStarted(Id, Guid.CreateVersion7(), null, new LocalDate(2026, 3, 1), "roll.csv", "hash", 2));
        reconciliation.Apply(new RollMatched(Id, new ReconciliationCounts(0, 0, 1, 1, 0, 0)));
        return reconciliation;
    }

    private static ReconciliationItem Item(int number, ItemCategory category, Guid? memberId = null) =>
        new() { Id = ReconciliationItem.IdOf(Id, number), ReconciliationId = Id, Number = number, Category = category, MemberId = memberId };

    private static AdmitMember Admission(Guid memberId) =>
        new(memberId, new MemberProfile("Hoàng Văn Mới", Sex.Male, new LocalDate(1992, 2, 2), null, null, null, null, "Kinh", null, null, null), Guid.CreateVersion7(), Decision, Decision.Date);

    [Fact]
    public void an_admission_resolves_an_item_on_the_roll_only_with_the_new_member()
    {
        var newMember = Guid.CreateVersion7();

        var resolved = ResolveByProcedureHandler.Decide(new ResolveByProcedure(Id, 2, 1, Admission(newMember)), Matched(), Item(1, ItemCategory.OnRollOnly));

        resolved.ShouldBe(new ReconciliationItemResolved(Id, 1, Resolutions.Admitted, Decision.ToString(), newMember));
    }

    [Fact]
    public void an_end_of_membership_resolves_an_item_in_the_register_only_for_that_member_only()
    {
        var member = Guid.CreateVersion7();
        var removal = new RemoveFromRolls(member, 5, RemovalGround.AbandonedActivityOrUnpaidDues, Decision, "Không sinh hoạt");

        ResolveByProcedureHandler.Decide(new ResolveByProcedure(Id, 2, 2, removal), Matched(), Item(2, ItemCategory.InRegisterOnly, member))
            .Resolution.ShouldBe(Resolutions.MembershipEnded);
        Should.Throw<RuleViolation>(() => ResolveByProcedureHandler.Decide(new ResolveByProcedure(Id, 2, 2, removal), Matched(), Item(2, ItemCategory.InRegisterOnly, Guid.CreateVersion7())))
            .Code.ShouldBe("Reconciliation.ProcedureForAnotherMember");
    }

    [Fact]
    public void an_arrival_or_a_transfer_out_of_the_city_resolves_the_item_by_its_letter()
    {
        var member = Guid.CreateVersion7();
        var transfer = new IssueTransferOut(Guid.CreateVersion7(), member, 3, "45-GGT/QU", Decision.Date, "Chuyển công tác", "Đảng bộ tỉnh Nam Định", "Nam Định");

        ResolveByProcedureHandler.Decide(new ResolveByProcedure(Id, 2, 2, transfer), Matched(), Item(2, ItemCategory.InRegisterOnly, member))
            .ShouldBe(new ReconciliationItemResolved(Id, 2, Resolutions.TransferredOut, "45-GGT/QU, 02/03/2026", member));
        ResolveByProcedureHandler.Describe(new ReceiveFromOutside(
            Guid.CreateVersion7(), member, Admission(member).Profile, Guid.CreateVersion7(), Decision, Decision.Date, null, null, "Đảng bộ tỉnh Nam Định", "Nam Định", "15-GGT/TU", Decision.Date, Decision.Date))
            .ShouldBe((Resolutions.Arrived, member, "15-GGT/TU, 02/03/2026"));
    }

    [Fact]
    public void a_procedure_must_fit_the_item_category()
    {
        var member = Guid.CreateVersion7();

        Should.Throw<RuleViolation>(() => ResolveByProcedureHandler.Decide(new ResolveByProcedure(Id, 2, 2, Admission(member)), Matched(), Item(2, ItemCategory.InRegisterOnly, member)))
            .Code.ShouldBe("Reconciliation.ResolutionNotAllowed");
        Should.Throw<RuleViolation>(() => ResolveByProcedureHandler.Decide(new ResolveByProcedure(Id, 2, 1, new RecordDeath(member, 1, Decision.Date)), Matched(), Item(1, ItemCategory.OnRollOnly)))
            .Code.ShouldBe("Reconciliation.ResolutionNotAllowed");
        Should.Throw<RuleViolation>(() => ResolveByProcedureHandler.Decide(new ResolveByProcedure(Id, 2, 1, "not a procedure"), Matched(), Item(1, ItemCategory.OnRollOnly)))
            .Code.ShouldBe("Reconciliation.ProcedureNotAllowed");
    }
}
