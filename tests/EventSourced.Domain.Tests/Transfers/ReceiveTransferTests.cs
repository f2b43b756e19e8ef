using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Tests.Members;
using EventSourced.Domain.Transfers;
using NodaTime;

namespace EventSourced.Domain.Tests.Transfers;

public class ReceiveTransferTests
{
    private static readonly LocalDate Today = TransferBuilder.Today;

    private static readonly LocalDate Received = new(2025, 3, 17);

    private static IReadOnlyList<StreamEvent> Decide(TransferBuilder.Cells cells, Transfer transfer, Member member, LocalDate? receivedOn = null, LocalDate? today = null)
    {
        var on = receivedOn ?? Received;
        return ReceiveTransferHandler.Decide(new ReceiveTransfer(transfer.Id, transfer.Version, on), transfer, member, cells.On(on), today ?? Today);
    }

    [Fact]
    public void a_member_received_into_the_cell_hosting_them_is_no_longer_its_guest()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var hosting = TransferBuilder.Temporary(member, cells.Target.Id, new LocalDate(2025, 3, 5), new LocalDate(2025, 9, 5));
        var transfer = TransferBuilder.InTransit(member, cells.Target.Id);

        var events = ReceiveTransferHandler.Decide(new ReceiveTransfer(transfer.Id, transfer.Version, Received), transfer, member, cells.On(Received), Today, hosting);
        events.Record(member, transfer, hosting);

        events.ShouldBe(
        [
            new StreamEvent(transfer.Id, new TransferReceived(Received)),
            new StreamEvent(hosting.Id, new TemporaryTransferEnded(Received, Early: true)),
            new StreamEvent(member.Id, new MemberTemporaryHostingEnded(hosting.Id, Received)),
            new StreamEvent(member.Id, new MemberTransferred(transfer.Id, cells.Home.Id, cells.Target.Id, Received)),
        ]);
        hosting.Status.ShouldBe(TransferStatus.Ended);
        member.HostCellId.ShouldBeNull();
        member.CellId.ShouldBe(cells.Target.Id);
    }

    [Fact]
    public void a_member_received_into_another_cell_stays_hosted()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var other = cells.Tree.Add(OrganisationKind.Cell, "BD.PX.03", "Chi bộ khu dân cư số 3", cells.Tree.Ward);
        var hosting = TransferBuilder.Temporary(member, other.Id, new LocalDate(2025, 3, 5), new LocalDate(2025, 9, 5));
        var transfer = TransferBuilder.InTransit(member, cells.Target.Id);

        var events = ReceiveTransferHandler.Decide(new ReceiveTransfer(transfer.Id, transfer.Version, Received), transfer, member, cells.On(Received), Today, hosting);

        events.Count.ShouldBe(2);
        events.ShouldNotContain(e => e.Event is TemporaryTransferEnded);
    }

    [Fact]
    public void receipt_moves_the_member_to_the_receiving_cell_on_the_receipt_date()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var transfer = TransferBuilder.InTransit(member, cells.Target.Id);

        var events = Decide(cells, transfer, member);

        events.Single<TransferReceived>().ShouldBe((transfer.Id, new TransferReceived(Received)));
        events.Single<MemberTransferred>().ShouldBe((member.Id, new MemberTransferred(transfer.Id, cells.Home.Id, cells.Target.Id, Received)));
    }

    [Fact]
    public void the_sending_cell_counts_the_member_until_the_receiving_cell_records_receipt()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var transfer = TransferBuilder.InTransit(member, cells.Target.Id);

        Decide(cells, transfer, member).Record(member, transfer);

        transfer.Status.ShouldBe(TransferStatus.Received);
        transfer.ReceivedOn.ShouldBe(Received);
        member.CellId.ShouldBe(cells.Target.Id);
        // Never in both cells and never in neither: the sending cell until the day before, the
        // receiving cell from the receipt.
        member.CellOn(TransferBuilder.LetterDate).ShouldBe(cells.Home.Id);
        member.CellOn(Received.PlusDays(-1)).ShouldBe(cells.Home.Id);
        member.CellOn(Received).ShouldBe(cells.Target.Id);
        member.Cells.ShouldBe(
        [
            new CellPeriod(cells.Home.Id, MemberBuilder.Ceremony, Received),
            new CellPeriod(cells.Target.Id, Received, null),
        ]);
    }

    [Fact]
    public void the_member_can_be_received_on_the_letters_date()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var transfer = TransferBuilder.InTransit(member, cells.Target.Id);

        Decide(cells, transfer, member, TransferBuilder.LetterDate).Single<MemberTransferred>().Event.EffectiveDate.ShouldBe(TransferBuilder.LetterDate);
    }

    [Fact]
    public void a_receipt_dated_before_the_letter_or_in_the_future_is_refused()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var transfer = TransferBuilder.InTransit(member, cells.Target.Id);

        Should.Throw<RuleViolation>(() => Decide(cells, transfer, member, TransferBuilder.LetterDate.PlusDays(-1)))
            .Code.ShouldBe("Transfer.BeforeIssue");
        Should.Throw<RuleViolation>(() => Decide(cells, transfer, member, Today.PlusDays(1)))
            .Code.ShouldBe("Transfer.DateInFuture");
    }

    [Fact]
    public void only_a_transfer_in_transit_can_be_received()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var received = TransferBuilder.InTransit(member, cells.Target.Id).Record(new TransferReceived(TransferBuilder.LetterDate));
        var cancelled = TransferBuilder.InTransit(member, cells.Target.Id).Record(new TransferCancelled(TransferBuilder.LetterDate, null));
        var refused = TransferBuilder.InTransit(member, cells.Target.Id).Record(new TransferRefused(TransferBuilder.LetterDate, "Sai địa bàn"));
        var temporary = TransferBuilder.Temporary(TransferBuilder.MemberOf(cells.Home), cells.Target.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 6, 1));

        foreach (var transfer in new[] { received, cancelled, refused, temporary })
        {
            Should.Throw<RuleViolation>(() => Decide(cells, transfer, member))
                .Code.ShouldBe("Transfer.NotInTransit");
        }
    }

    [Fact]
    public void a_receiving_cell_closed_while_the_letter_was_on_its_way_cannot_receive()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var transfer = TransferBuilder.InTransit(member, cells.Target.Id);
        cells.Target.Apply(new OrganisationDissolved(null, new LocalDate(2025, 3, 10)));

        Should.Throw<RuleViolation>(() => Decide(cells, transfer, member))
            .Code.ShouldBe("Transfer.NotAnActiveCell");
    }

    [Fact]
    public void a_member_whose_sending_cell_was_merged_in_transit_is_received_from_the_cell_they_moved_to()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var transfer = TransferBuilder.InTransit(member, cells.Target.Id);
        var mergedInto = Guid.NewGuid();
        member.With(new MemberCellChanged(cells.Home.Id, mergedInto, CellChangeCause.CellMerged, new LocalDate(2025, 3, 10)));

        var moved = Decide(cells, transfer, member).Single<MemberTransferred>().Event;

        moved.FromCellId.ShouldBe(mergedInto);
        moved.ToCellId.ShouldBe(cells.Target.Id);
    }

    [Fact]
    public void a_receipt_dated_before_the_members_last_cell_change_is_refused()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var transfer = TransferBuilder.InTransit(member, cells.Target.Id);
        member.With(new MemberCellChanged(cells.Home.Id, Guid.NewGuid(), CellChangeCause.CellMerged, new LocalDate(2025, 3, 10)));

        Should.Throw<RuleViolation>(() => Decide(cells, transfer, member, new LocalDate(2025, 3, 7)))
            .Code.ShouldBe("Transfer.BeforeCurrentCell");
    }

    [Fact]
    public void a_member_who_died_in_transit_cannot_be_received()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var transfer = TransferBuilder.InTransit(member, cells.Target.Id);
        member.Died(new LocalDate(2025, 3, 10));

        Should.Throw<RuleViolation>(() => Decide(cells, transfer, member))
            .Code.ShouldBe("Transfer.NotACurrentMember");
    }

    [Fact]
    public void a_receipt_after_the_due_date_is_accepted_and_shows_as_late()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var transfer = TransferBuilder.InTransit(member, cells.Target.Id);
        var late = TransferBuilder.DueBy.PlusDays(3);

        Decide(cells, transfer, member, late, today: late).Record(member, transfer);

        transfer.ReceivedLate.ShouldBeTrue();
        member.CellOn(late).ShouldBe(cells.Target.Id);
    }

    [Fact]
    public void receiving_a_transfer_out_of_the_city_records_the_other_organisations_confirmation_only()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var transfer = TransferBuilder.OutOfCity(member);

        var events = Decide(cells, transfer, member);

        events.ShouldBe([new StreamEvent(transfer.Id, new TransferReceived(Received))]);
    }
}
