using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Tests.Members;
using EventSourced.Domain.Transfers;
using NodaTime;

namespace EventSourced.Domain.Tests.Transfers;

public class ReceiveFromOutsideTests
{
    private static readonly LocalDate Today = TransferBuilder.Today;

    private static readonly LocalDate Received = new(2025, 3, 17);

    private static readonly Decision Admission = new("45-QĐ/ĐU", new LocalDate(2010, 5, 10));

    private static ReceiveFromOutside Receive(
        Guid cellId,
        LocalDate? officialDate = null,
        bool probationary = false,
        LocalDate? ceremony = null,
        LocalDate? letterDate = null,
        LocalDate? receivedOn = null,
        string letter = TransferBuilder.Letter,
        string organisation = "Đảng bộ phường Hải Châu") =>
        new(
            Guid.NewGuid(),
            Guid.NewGuid(),
            MemberBuilder.Profile(),
            cellId,
            Admission,
            ceremony ?? new LocalDate(2010, 5, 19),
            probationary ? null : officialDate ?? new LocalDate(2011, 5, 19),
            " ab 123456 ",
            organisation,
            "Đà Nẵng",
            letter,
            letterDate ?? TransferBuilder.LetterDate,
            receivedOn ?? Received);

    private static IReadOnlyList<StreamEvent> Decide(TransferBuilder.Cells cells, ReceiveFromOutside command, Member? existing = null) =>
        ReceiveFromOutsideHandler.Decide(command, cells.On(command.ReceivedOn), existing, Today);

    [Fact]
    public void a_member_arriving_from_outside_gets_a_new_entry_keeping_the_dates_of_their_file()
    {
        var cells = TransferBuilder.Tree();
        var command = Receive(cells.Target.Id);

        var events = Decide(cells, command);
        var member = Member.Create(events.Single<MemberTransferredIn>().Event);
        var transfer = Transfer.Create(events.Single<TransferArrivedFromOutside>().Event);

        events.Single<MemberTransferredIn>().StreamId.ShouldBe(command.MemberId);
        events.Single<TransferArrivedFromOutside>().StreamId.ShouldBe(command.TransferId);
        member.Id.ShouldBe(command.MemberId);
        member.Status.ShouldBe(MembershipStatus.Official);
        member.OfficialDate.ShouldBe(new LocalDate(2011, 5, 19));
        member.Admission.ShouldBe(Admission);
        member.CardNumber.ShouldBe("AB123456");
        member.PartyAgeYears(Today).ShouldBe(14);
        member.CellId.ShouldBe(cells.Target.Id);
        member.CanVoteIn(cells.Target.Id).ShouldBeTrue();
        transfer.Kind.ShouldBe(TransferKind.IntoCity);
        transfer.Status.ShouldBe(TransferStatus.Received);
        transfer.MemberId.ShouldBe(command.MemberId);
        transfer.FromCellId.ShouldBeNull();
        transfer.OutsideOrganisation.ShouldBe("Đảng bộ phường Hải Châu");
        transfer.ReceivedLate.ShouldBeFalse();
    }

    [Fact]
    public void the_receiving_cell_counts_the_member_from_the_day_they_present_the_letter()
    {
        var cells = TransferBuilder.Tree();

        var member = Member.Create(Decide(cells, Receive(cells.Target.Id)).Single<MemberTransferredIn>().Event);

        member.CellOn(Received.PlusDays(-1)).ShouldBeNull();
        member.CellOn(Received).ShouldBe(cells.Target.Id);
    }

    [Fact]
    public void a_member_without_an_official_date_arrives_probationary()
    {
        var cells = TransferBuilder.Tree();
        var command = Receive(cells.Target.Id, probationary: true, ceremony: new LocalDate(2024, 9, 2)) with { Admission = new Decision("7-QĐ/ĐU", new LocalDate(2024, 8, 20)) };

        var member = Member.Create(Decide(cells, command).Single<MemberTransferredIn>().Event);

        member.Status.ShouldBe(MembershipStatus.Probationary);
        MemberRules.ProbationEnds(member).ShouldBe(new LocalDate(2025, 9, 2));
    }

    [Fact]
    public void a_person_already_in_the_register_is_refused()
    {
        var cells = TransferBuilder.Tree();
        var current = MemberBuilder.Official();
        var former = MemberBuilder.Official().Left(new LocalDate(2022, 1, 1));

        Should.Throw<RuleViolation>(() => Decide(cells, Receive(cells.Target.Id), current)).Code.ShouldBe("Transfer.AlreadyInRegister");
        Should.Throw<RuleViolation>(() => Decide(cells, Receive(cells.Target.Id), former)).Code.ShouldBe("Transfer.FormerMemberInRegister");
    }

    [Fact]
    public void a_member_transferred_out_of_the_city_who_returns_is_received_back_onto_their_old_record()
    {
        var cells = TransferBuilder.Tree();
        var member = MemberBuilder.Official(decided: new LocalDate(2005, 3, 2), cellId: cells.Home.Id);
        var left = new LocalDate(2024, 1, 10);
        TransferBuilder.OutOfCity(member, on: left);
        var command = Receive(cells.Target.Id);

        var events = Decide(cells, command, member);

        events.Any(e => e.Event is MemberTransferredIn).ShouldBeFalse();
        var returned = events.Single<MemberReturnedToCity>();
        returned.StreamId.ShouldBe(member.Id);
        events.Single<TransferArrivedFromOutside>().Event.MemberId.ShouldBe(member.Id);
        member.Record(returned.Event);
        member.Status.ShouldBe(MembershipStatus.Official);
        member.IsMember.ShouldBeTrue();
        member.EndedOn.ShouldBeNull();
        member.CellId.ShouldBe(cells.Target.Id);
        member.Admission.Date.ShouldBe(new LocalDate(2005, 3, 2));
        member.CardNumber.ShouldBe("AB123456");
        // Still a party member while on another province's register: party age runs on.
        member.PartyAgeYears(new LocalDate(2025, 3, 2)).ShouldBe(20);
        member.CellOn(left.PlusDays(-1)).ShouldBe(cells.Home.Id);
        member.CellOn(new LocalDate(2024, 6, 1)).ShouldBeNull();
        member.CellOn(Received).ShouldBe(cells.Target.Id);
    }

    [Fact]
    public void a_members_return_closes_the_letter_they_left_with_when_it_was_never_confirmed()
    {
        var cells = TransferBuilder.Tree();
        var member = MemberBuilder.Official(cellId: cells.Home.Id);
        var letter = TransferBuilder.OutOfCity(member, on: new LocalDate(2025, 3, 3));
        var command = Receive(cells.Target.Id, letterDate: new LocalDate(2025, 3, 10));

        ReceiveFromOutsideHandler.LetterOutOf(member).ShouldBe(letter.Id);
        var events = ReceiveFromOutsideHandler.Decide(command, cells.On(command.ReceivedOn), member, Today, letterOut: letter);
        letter.Apply(events.Single<TransferClosedOnReturn>().Event);

        events.Single<TransferClosedOnReturn>().ShouldBe((letter.Id, new TransferClosedOnReturn(command.TransferId, Received)));
        letter.Status.ShouldBe(TransferStatus.ClosedOnReturn);
        letter.ClosedOn.ShouldBe(Received);
        // Neither in transit any more nor ever overdue.
        TransferRules.IsOverdue(letter, TransferBuilder.DueBy.PlusDays(10)).ShouldBeFalse();
    }

    [Fact]
    public void a_confirmed_letter_is_left_as_it_is_on_the_return()
    {
        var cells = TransferBuilder.Tree();
        var member = MemberBuilder.Official(cellId: cells.Home.Id);
        var letter = TransferBuilder.OutOfCity(member, on: new LocalDate(2025, 3, 3)).Record(new TransferReceived(new LocalDate(2025, 3, 5)));

        var events = ReceiveFromOutsideHandler.Decide(Receive(cells.Target.Id, letterDate: new LocalDate(2025, 3, 10)), cells.On(Received), member, Today, letterOut: letter);

        events.Any(e => e.Event is TransferClosedOnReturn).ShouldBeFalse();
    }

    [Fact]
    public void a_letter_left_in_transit_by_a_return_recorded_before_is_closed_on_the_return_not_marked_overdue()
    {
        // The overdue check asks this of the letter and the member as they stand.
        var cells = TransferBuilder.Tree();
        var member = MemberBuilder.Official(cellId: cells.Home.Id);
        var letter = TransferBuilder.OutOfCity(member, on: new LocalDate(2025, 3, 3));
        ReceiveFromOutsideHandler.ClosedOnReturn(letter, member).ShouldBeNull();
        var returnId = Guid.NewGuid();
        member.Record(new MemberReturnedToCity(returnId, cells.Target.Id, "Đảng bộ phường Hải Châu", "Đà Nẵng", null, null, Received));

        ReceiveFromOutsideHandler.ClosedOnReturn(letter, member).ShouldBe(new TransferClosedOnReturn(returnId, Received));
    }

    [Fact]
    public void a_probationary_member_who_returns_recognised_elsewhere_comes_back_official()
    {
        var cells = TransferBuilder.Tree();
        var member = MemberBuilder.Admitted(decided: new LocalDate(2024, 1, 2), cellId: cells.Home.Id);
        TransferBuilder.OutOfCity(member, on: new LocalDate(2024, 6, 3));

        var returned = Decide(cells, Receive(cells.Target.Id, officialDate: new LocalDate(2025, 1, 15)), member).Single<MemberReturnedToCity>();
        member.Record(returned.Event);

        member.Status.ShouldBe(MembershipStatus.Official);
        member.OfficialDate.ShouldBe(new LocalDate(2025, 1, 15));
    }

    [Fact]
    public void the_receiving_unit_must_be_an_active_cell()
    {
        var cells = TransferBuilder.Tree();
        cells.Target.Apply(new OrganisationMerged(cells.Home.Id, [], new LocalDate(2025, 1, 1)));

        Should.Throw<RuleViolation>(() => Decide(cells, Receive(cells.Tree.Ward.Id))).Code.ShouldBe("Transfer.NotAnActiveCell");
        Should.Throw<RuleViolation>(() => Decide(cells, Receive(cells.Target.Id))).Code.ShouldBe("Transfer.NotAnActiveCell");
    }

    [Fact]
    public void the_letter_number_and_the_sending_organisation_are_required()
    {
        var cells = TransferBuilder.Tree();

        Should.Throw<RuleViolation>(() => Decide(cells, Receive(cells.Target.Id, letter: " "))).Code.ShouldBe("Transfer.LetterNumberRequired");
        Should.Throw<RuleViolation>(() => Decide(cells, Receive(cells.Target.Id, organisation: ""))).Code.ShouldBe("Transfer.OrganisationRequired");
    }

    [Fact]
    public void a_receipt_before_the_letter_or_in_the_future_is_refused()
    {
        var cells = TransferBuilder.Tree();

        Should.Throw<RuleViolation>(() => Decide(cells, Receive(cells.Target.Id, receivedOn: TransferBuilder.LetterDate.PlusDays(-1)))).Code.ShouldBe("Transfer.BeforeIssue");
        Should.Throw<RuleViolation>(() => Decide(cells, Receive(cells.Target.Id, receivedOn: Today.PlusDays(1)))).Code.ShouldBe("Transfer.DateInFuture");
    }

    [Fact]
    public void the_files_dates_must_come_in_order_and_before_the_letter()
    {
        var cells = TransferBuilder.Tree();

        Should.Throw<RuleViolation>(() => Decide(cells, Receive(cells.Target.Id, ceremony: Admission.Date.PlusDays(-1)))).Code.ShouldBe("Member.CeremonyBeforeDecision");
        Should.Throw<RuleViolation>(() => Decide(cells, Receive(cells.Target.Id, ceremony: TransferBuilder.LetterDate.PlusDays(1), probationary: true))).Code.ShouldBe("Transfer.CeremonyAfterLetter");
        Should.Throw<RuleViolation>(() => Decide(cells, Receive(cells.Target.Id, officialDate: new LocalDate(2010, 5, 19)))).Code.ShouldBe("Transfer.OfficialDateInvalid");
    }

    [Fact]
    public void a_member_who_presents_the_letter_late_is_received_and_shows_as_late()
    {
        var cells = TransferBuilder.Tree();
        // Dated 20 January 2025, due 10 March after the Tết week; presented on 17 March.
        var command = Receive(cells.Target.Id, letterDate: new LocalDate(2025, 1, 20));

        var transfer = Transfer.Create(Decide(cells, command).Single<TransferArrivedFromOutside>().Event);

        transfer.DueBy.ShouldBe(new LocalDate(2025, 3, 10));
        transfer.ReceivedLate.ShouldBeTrue();
    }
}
