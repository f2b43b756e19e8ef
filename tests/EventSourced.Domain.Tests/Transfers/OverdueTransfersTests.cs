using EventSourced.Domain.Common;
using EventSourced.Domain.Transfers;
using NodaTime;

namespace EventSourced.Domain.Tests.Transfers;

public class OverdueTransfersTests
{
    private static readonly LocalDate DueBy = TransferBuilder.DueBy;

    private static Transfer InTransit()
    {
        var cells = TransferBuilder.Tree();
        return TransferBuilder.InTransit(TransferBuilder.MemberOf(cells.Home), cells.Target.Id);
    }

    private static TransferOverdueFollowUpRecorded FollowUp(Transfer transfer, LocalDate on, string note = "Đã gọi điện nhắc đảng viên", LocalDate? today = null) =>
        OverdueTransfersHandler.Decide(new RecordOverdueFollowUp(transfer.Id, transfer.Version, on, note), transfer, today ?? on);

    [Fact]
    public void a_transfer_is_overdue_from_the_day_after_its_due_date()
    {
        var transfer = InTransit();

        TransferRules.IsOverdue(transfer, DueBy).ShouldBeFalse();
        TransferRules.IsOverdue(transfer, DueBy.PlusDays(1)).ShouldBeTrue();
    }

    [Fact]
    public void a_received_cancelled_or_refused_transfer_is_never_overdue()
    {
        var late = DueBy.PlusDays(30);

        TransferRules.IsOverdue(InTransit().Record(new TransferReceived(DueBy)), late).ShouldBeFalse();
        TransferRules.IsOverdue(InTransit().Record(new TransferCancelled(DueBy, null)), late).ShouldBeFalse();
        TransferRules.IsOverdue(InTransit().Record(new TransferRefused(DueBy, "Sai địa bàn")), late).ShouldBeFalse();
    }

    [Fact]
    public void the_scheduled_check_marks_the_transfer_overdue_as_of_the_first_day_past_the_due_date()
    {
        var transfer = InTransit();

        var overdue = OverdueTransfersHandler.Decide(new MarkTransferOverdue(transfer.Id), transfer, DueBy.PlusDays(5));
        transfer.Record(overdue!);

        overdue.ShouldBe(new TransferBecameOverdue(DueBy.PlusDays(1)));
        transfer.Overdue.ShouldBeTrue();
        transfer.OverdueSince.ShouldBe(DueBy.PlusDays(1));
    }

    [Fact]
    public void the_scheduled_check_does_nothing_before_the_due_date_has_passed_or_when_already_marked()
    {
        var transfer = InTransit();

        OverdueTransfersHandler.Decide(new MarkTransferOverdue(transfer.Id), transfer, DueBy).ShouldBeNull();
        transfer.Record(new TransferBecameOverdue(DueBy.PlusDays(1)));
        OverdueTransfersHandler.Decide(new MarkTransferOverdue(transfer.Id), transfer, DueBy.PlusDays(2)).ShouldBeNull();
    }

    [Fact]
    public void the_scheduled_check_does_nothing_once_the_transfer_is_received()
    {
        var transfer = InTransit().Record(new TransferReceived(DueBy));

        OverdueTransfersHandler.Decide(new MarkTransferOverdue(transfer.Id), transfer, DueBy.PlusDays(2)).ShouldBeNull();
    }

    [Fact]
    public void an_overdue_mark_stays_as_history_after_a_late_receipt()
    {
        var transfer = InTransit().Record(new TransferBecameOverdue(DueBy.PlusDays(1)), new TransferReceived(DueBy.PlusDays(4)));

        transfer.Status.ShouldBe(TransferStatus.Received);
        transfer.Overdue.ShouldBeTrue();
        transfer.ReceivedLate.ShouldBeTrue();
    }

    [Fact]
    public void either_side_can_record_a_follow_up_once_the_due_date_has_passed()
    {
        var transfer = InTransit();

        var followUp = FollowUp(transfer, DueBy.PlusDays(1), "  Đã gọi điện nhắc   đảng viên ");
        transfer.Record(followUp);

        followUp.ShouldBe(new TransferOverdueFollowUpRecorded(DueBy.PlusDays(1), "Đã gọi điện nhắc đảng viên"));
        transfer.FollowUps.ShouldBe([new TransferFollowUp(DueBy.PlusDays(1), "Đã gọi điện nhắc đảng viên")]);
    }

    [Fact]
    public void a_follow_up_before_the_due_date_has_passed_is_refused()
    {
        var transfer = InTransit();

        var refusal = Should.Throw<RuleViolation>(() => FollowUp(transfer, DueBy));

        refusal.Code.ShouldBe("Transfer.NotYetOverdue");
        refusal.Arguments.Single().ShouldBe(DueBy);
    }

    [Fact]
    public void a_follow_up_needs_a_note_and_a_date_not_in_the_future()
    {
        var transfer = InTransit();

        Should.Throw<RuleViolation>(() => FollowUp(transfer, DueBy.PlusDays(1), " ")).Code.ShouldBe("Transfer.NoteRequired");
        Should.Throw<RuleViolation>(() => FollowUp(transfer, DueBy.PlusDays(2), today: DueBy.PlusDays(1))).Code.ShouldBe("Transfer.DateInFuture");
    }

    [Fact]
    public void a_follow_up_on_a_transfer_no_longer_in_transit_is_refused()
    {
        var transfer = InTransit().Record(new TransferReceived(DueBy.PlusDays(2)));

        Should.Throw<RuleViolation>(() => FollowUp(transfer, DueBy.PlusDays(3))).Code.ShouldBe("Transfer.NotInTransit");
    }

    [Fact]
    public void a_transfer_out_of_the_city_becomes_overdue_too_until_the_confirmation_is_recorded()
    {
        var cells = TransferBuilder.Tree();
        var transfer = TransferBuilder.OutOfCity(TransferBuilder.MemberOf(cells.Home));

        TransferRules.IsOverdue(transfer, DueBy.PlusDays(1)).ShouldBeTrue();
    }
}
