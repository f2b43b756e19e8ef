using EventSourced.Domain.Common;
using EventSourced.Domain.Transfers;
using NodaTime;

namespace EventSourced.Domain.Tests.Transfers;

public class RefuseTransferTests
{
    private static readonly LocalDate Today = TransferBuilder.Today;

    private static TransferRefused Decide(Transfer transfer, string reason = "Đảng viên không cư trú trên địa bàn", LocalDate? on = null) =>
        RefuseTransferHandler.Decide(new RefuseTransfer(transfer.Id, transfer.Version, on ?? Today, reason), transfer, Today);

    [Fact]
    public void the_receiving_cell_can_refuse_and_the_member_stays_with_the_sender()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var transfer = TransferBuilder.InTransit(member, cells.Target.Id);
        var cellsBefore = member.Cells.ToList();

        var refused = Decide(transfer);
        transfer.Record(refused);

        refused.ShouldBe(new TransferRefused(Today, "Đảng viên không cư trú trên địa bàn"));
        transfer.Status.ShouldBe(TransferStatus.Refused);
        transfer.ClosingReason.ShouldBe("Đảng viên không cư trú trên địa bàn");
        member.CellId.ShouldBe(cells.Home.Id);
        member.Cells.ShouldBe(cellsBefore);
        member.CellOn(Today).ShouldBe(cells.Home.Id);
    }

    [Fact]
    public void a_refusal_needs_a_reason()
    {
        var cells = TransferBuilder.Tree();
        var transfer = TransferBuilder.InTransit(TransferBuilder.MemberOf(cells.Home), cells.Target.Id);

        Should.Throw<RuleViolation>(() => Decide(transfer, "  ")).Code.ShouldBe("Transfer.ReasonRequired");
    }

    [Fact]
    public void only_a_transfer_in_transit_can_be_refused()
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
    public void a_refusal_dated_before_the_letter_or_in_the_future_is_refused()
    {
        var cells = TransferBuilder.Tree();
        var transfer = TransferBuilder.InTransit(TransferBuilder.MemberOf(cells.Home), cells.Target.Id);

        Should.Throw<RuleViolation>(() => Decide(transfer, on: TransferBuilder.LetterDate.PlusDays(-1))).Code.ShouldBe("Transfer.BeforeIssue");
        Should.Throw<RuleViolation>(() => Decide(transfer, on: Today.PlusDays(1))).Code.ShouldBe("Transfer.DateInFuture");
    }

    [Fact]
    public void a_transfer_out_of_the_city_cannot_be_refused_in_the_register()
    {
        var cells = TransferBuilder.Tree();
        var transfer = TransferBuilder.OutOfCity(TransferBuilder.MemberOf(cells.Home));

        Should.Throw<RuleViolation>(() => Decide(transfer)).Code.ShouldBe("Transfer.OnlyWithinCity");
    }
}
