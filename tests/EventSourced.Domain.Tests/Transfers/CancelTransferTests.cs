using EventSourced.Domain.Common;
using EventSourced.Domain.Transfers;
using NodaTime;

namespace EventSourced.Domain.Tests.Transfers;

public class CancelTransferTests
{
    private static readonly LocalDate Today = TransferBuilder.Today;

    private static TransferCancelled Decide(Transfer transfer, LocalDate? on = null, string? reason = null) =>
        CancelTransferHandler.Decide(new CancelTransfer(transfer.Id, transfer.Version, on ?? Today, reason), transfer, Today);

    [Fact]
    public void the_sender_can_cancel_a_transfer_in_transit_and_the_member_never_left()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var transfer = TransferBuilder.InTransit(member, cells.Target.Id);
        var cellsBefore = member.Cells.ToList();

        var cancelled = Decide(transfer, reason: "  Đảng viên không chuyển  ");
        transfer.Record(cancelled);

        cancelled.ShouldBe(new TransferCancelled(Today, "Đảng viên không chuyển"));
        transfer.Status.ShouldBe(TransferStatus.Cancelled);
        transfer.ClosedOn.ShouldBe(Today);
        // By the counting rule nothing moved: no event for the member, nothing to correct.
        member.CellId.ShouldBe(cells.Home.Id);
        member.Cells.ShouldBe(cellsBefore);
        member.CellOn(Today).ShouldBe(cells.Home.Id);
    }

    [Fact]
    public void the_reason_for_a_cancellation_is_optional()
    {
        var cells = TransferBuilder.Tree();
        var transfer = TransferBuilder.InTransit(TransferBuilder.MemberOf(cells.Home), cells.Target.Id);

        Decide(transfer, reason: "   ").Reason.ShouldBeNull();
    }

    [Fact]
    public void only_a_transfer_in_transit_can_be_cancelled()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var received = TransferBuilder.InTransit(member, cells.Target.Id).Record(new TransferReceived(TransferBuilder.LetterDate));
        var cancelled = TransferBuilder.InTransit(member, cells.Target.Id).Record(new TransferCancelled(TransferBuilder.LetterDate, null));
        var refused = TransferBuilder.InTransit(member, cells.Target.Id).Record(new TransferRefused(TransferBuilder.LetterDate, "Sai địa bàn"));

        foreach (var transfer in new[] { received, cancelled, refused })
        {
            Should.Throw<RuleViolation>(() => Decide(transfer)).Code.ShouldBe("Transfer.NotInTransit");
        }
    }

    [Fact]
    public void a_cancellation_dated_before_the_letter_or_in_the_future_is_refused()
    {
        var cells = TransferBuilder.Tree();
        var transfer = TransferBuilder.InTransit(TransferBuilder.MemberOf(cells.Home), cells.Target.Id);

        Should.Throw<RuleViolation>(() => Decide(transfer, TransferBuilder.LetterDate.PlusDays(-1))).Code.ShouldBe("Transfer.BeforeIssue");
        Should.Throw<RuleViolation>(() => Decide(transfer, Today.PlusDays(1))).Code.ShouldBe("Transfer.DateInFuture");
    }

    [Fact]
    public void a_transfer_out_of_the_city_cannot_be_cancelled_as_the_member_already_left()
    {
        var cells = TransferBuilder.Tree();
        var transfer = TransferBuilder.OutOfCity(TransferBuilder.MemberOf(cells.Home));

        Should.Throw<RuleViolation>(() => Decide(transfer)).Code.ShouldBe("Transfer.OnlyWithinCity");
    }
}
