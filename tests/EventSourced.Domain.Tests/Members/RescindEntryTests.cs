using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Transfers;
using EventSourced.Domain.Tests.Transfers;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

public class RescindEntryTests
{
    private static readonly LocalDate Today = new(2025, 8, 15);
    private static readonly LocalDate Died = new(2025, 6, 20);
    private static readonly Guid Clerk = Guid.NewGuid();
    private static readonly Guid Checker = Guid.NewGuid();

    private static RescindEntry Rescind(Member member, int version, Guid? by = null) =>
        new(member.Id, member.Version, Guid.NewGuid(), version, MemberBuilder.DecisionOn(Today, "90-QĐ/ĐU"), "Ghi nhầm người", by ?? Clerk, "Cán bộ A");

    private static ConfirmRescission Confirm(Member member, Guid proposal, Guid by) => new(member.Id, member.Version, proposal, by, "Cán bộ B");

    private static Member DiedByMistake() => MemberBuilder.Official().Died(Died);

    [Fact]
    public void rescinding_a_death_is_only_proposed_until_a_second_person_confirms_it()
    {
        var member = DiedByMistake();

        var proposed = RescindEntryHandler.Decide(Rescind(member, member.Version), member, Today).ShouldBeOfType<MemberEntryRescissionProposed>();
        member.With(proposed);

        member.Status.ShouldBe(MembershipStatus.Deceased);
        member.PendingRescissions.Single().EntryVersion.ShouldBe(proposed.EntryVersion);
    }

    [Fact]
    public void a_rescission_is_not_confirmed_from_an_account_tied_to_the_proposers()
    {
        var member = DiedByMistake();
        var proposed = (MemberEntryRescissionProposed)RescindEntryHandler.Decide(Rescind(member, member.Version), member, Today);
        member.With(proposed);

        Should.Throw<RuleViolation>(() => RescindEntryHandler.Decide(Confirm(member, proposed.ProposalId, Checker), member, Today, new HashSet<Guid> { Clerk }))
            .Code.ShouldBe("Access.AccountsTied");
        member.Status.ShouldBe(MembershipStatus.Deceased);
    }

    [Fact]
    public void a_confirmed_rescission_of_a_death_puts_the_member_back_in_the_cell_as_if_it_had_not_happened()
    {
        var member = DiedByMistake();
        var cell = member.CellId;
        var proposed = (MemberEntryRescissionProposed)RescindEntryHandler.Decide(Rescind(member, member.Version), member, Today);
        member.With(proposed);

        var rescinded = RescindEntryHandler.Decide(Confirm(member, proposed.ProposalId, Checker), member, Today);
        member.With(rescinded);

        rescinded.ProposedBy.ShouldBe(Clerk);
        rescinded.RecordedBy.ShouldBe(Checker);
        member.Status.ShouldBe(MembershipStatus.Official);
        member.EndedOn.ShouldBeNull();
        member.CellOn(Today).ShouldBe(cell);
        member.Periods[^1].To.ShouldBeNull();
        member.RescindedEntries.ShouldBe([proposed.EntryVersion]);
        member.PendingRescissions.ShouldBeEmpty();
    }

    [Fact]
    public void the_author_of_a_rescission_proposal_cannot_confirm_it()
    {
        var member = DiedByMistake();
        var proposed = (MemberEntryRescissionProposed)RescindEntryHandler.Decide(Rescind(member, member.Version), member, Today);
        member.With(proposed);

        Should.Throw<RuleViolation>(() => RescindEntryHandler.Decide(Confirm(member, proposed.ProposalId, Clerk), member, Today))
            .Code.ShouldBe("Member.RescissionOwnProposal");
    }

    [Fact]
    public void a_withdrawn_proposal_can_no_longer_be_confirmed()
    {
        var member = DiedByMistake();
        var proposed = (MemberEntryRescissionProposed)RescindEntryHandler.Decide(Rescind(member, member.Version), member, Today);
        member.With(proposed);
        member.With(RescindEntryHandler.Decide(new WithdrawRescission(member.Id, member.Version, proposed.ProposalId, Clerk, "A"), member, Today));

        Should.Throw<RuleViolation>(() => RescindEntryHandler.Decide(Confirm(member, proposed.ProposalId, Checker), member, Today))
            .Code.ShouldBe("Member.RescissionNotPending");
    }

    [Fact]
    public void an_entry_with_a_pending_proposal_cannot_be_proposed_again()
    {
        var member = DiedByMistake();
        member.With(RescindEntryHandler.Decide(Rescind(member, member.Version), member, Today));

        Should.Throw<RuleViolation>(() => RescindEntryHandler.Decide(Rescind(member, member.Version - 1), member, Today))
            .Code.ShouldBe("Member.RescissionPending");
    }

    [Fact]
    public void a_badge_recorded_in_error_is_rescinded_at_once_and_no_longer_counts()
    {
        var member = MemberBuilder.Official(decided: new LocalDate(1990, 1, 10));
        member.With(new PartyBadgeAwarded(30, false, MemberBuilder.DecisionOn(new LocalDate(2020, 2, 3)), new LocalDate(2020, 2, 3)));

        var rescinded = RescindEntryHandler.Decide(Rescind(member, member.Version), member, Today).ShouldBeOfType<MemberEntryRescinded>();
        member.With(rescinded);

        member.Badges.ShouldBeEmpty();
        rescinded.ProposalId.ShouldBeNull();
    }

    [Fact]
    public void an_admission_recorded_in_error_leaves_the_person_counted_nowhere()
    {
        var member = MemberBuilder.Admitted();
        var proposed = (MemberEntryRescissionProposed)RescindEntryHandler.Decide(Rescind(member, 1), member, Today);
        member.With(proposed);

        member.With(RescindEntryHandler.Decide(Confirm(member, proposed.ProposalId, Checker), member, Today));

        member.Status.ShouldBe(MembershipStatus.AdmissionRescinded);
        member.IsMember.ShouldBeFalse();
        member.CellOn(Today).ShouldBeNull();
        member.PartyAgeYears(Today).ShouldBe(0);
    }

    [Fact]
    public void a_person_whose_admission_was_rescinded_is_admitted_anew_not_readmitted()
    {
        var member = MemberBuilder.Admitted();
        var proposed = (MemberEntryRescissionProposed)RescindEntryHandler.Decide(Rescind(member, 1), member, Today);
        member.With(proposed);
        member.With(RescindEntryHandler.Decide(Confirm(member, proposed.ProposalId, Checker), member, Today));
        var tree = new EventSourced.Domain.Tests.Organisations.TreeBuilder();

        Should.Throw<RuleViolation>(() => ReadmitMemberHandler.Decide(new ReadmitMember(member.Id, member.Version, tree.Cell.Id, MemberBuilder.DecisionOn(Today), Today), member, tree.On(Today), Today))
            .Code.ShouldBe("Member.AdmissionRescindedNotReadmitted");
        var again = new AdmitMember(Guid.NewGuid(), member.Profile, tree.Cell.Id, MemberBuilder.DecisionOn(Today), Today);
        AdmitMemberHandler.Decide(again, tree.On(Today), member, Today).CellId.ShouldBe(tree.Cell.Id);
        Rescissions.KeysOfRecord(member).ShouldContain(RegisterKeys.CitizenId(member.Profile.CitizenId)!);
    }

    [Fact]
    public void rescinding_an_admission_with_later_steps_is_refused_naming_the_first_of_them()
    {
        var member = MemberBuilder.Official();

        var refusal = Should.Throw<RuleViolation>(() => RescindEntryHandler.Decide(Rescind(member, 1), member, Today));

        refusal.Code.ShouldBe("Member.ContradictsEntry");
        refusal.Arguments[0].ShouldBe(typeof(MemberRecognisedOfficial));
    }

    [Fact]
    public void a_discipline_other_than_expulsion_is_annulled_not_rescinded()
    {
        var member = MemberBuilder.Official();
        member.With(new DisciplineImposed(Guid.NewGuid(), DisciplineKind.Warning, MemberBuilder.DecisionOn(Today), "x", Today));

        Should.Throw<RuleViolation>(() => RescindEntryHandler.Decide(Rescind(member, member.Version), member, Today))
            .Code.ShouldBe("Member.EntryNotRescindable");
    }

    [Fact]
    public void a_transfer_letter_issued_in_error_is_cancelled_on_the_transfer_not_rescinded_on_the_member()
    {
        // Rescinded on the member, the letter would stay in transit and the receiving cell could still receive it.
        var member = MemberBuilder.Official();
        member.With(new MemberTransferLetterIssued(Guid.NewGuid(), Guid.NewGuid(), Today));

        Rescissions.Offered(member, member.Version).ShouldBeFalse();
        Should.Throw<RuleViolation>(() => RescindEntryHandler.Decide(Rescind(member, member.Version), member, Today))
            .Code.ShouldBe("Member.EntryNotRescindable");
    }

    [Fact]
    public void a_departure_from_the_city_rescinded_while_its_letter_is_in_transit_cancels_the_letter()
    {
        var member = MemberBuilder.Official();
        var transfer = TransferBuilder.OutOfCity(member);
        var rescinded = Rescinded(member, member.Version);

        Rescissions.OnTransfer(member.History[^1].Event, transfer, rescinded).ShouldBe(new TransferCancelled(Today, "Ghi nhầm người"));
        transfer.Apply(new TransferReceived(Today));
        Rescissions.OnTransfer(member.History[^1].Event, transfer, rescinded).ShouldBeNull();
    }

    [Fact]
    public void a_receipt_rescinded_puts_its_transfer_in_transit_again_and_an_arrival_from_outside_rescinded_leaves_its_transfer()
    {
        var member = MemberBuilder.Official();
        var cells = TransferBuilder.Tree();
        var transfer = TransferBuilder.InTransit(member, cells.Target.Id);
        transfer.Apply(new TransferReceived(Today));
        var moved = new MemberTransferred(transfer.Id, member.CellId, cells.Target.Id, Today);
        var arrived = new MemberTransferredIn(member.Id, Guid.NewGuid(), member.Profile, member.CellId, member.Admission, member.CeremonyDate, null, null, "Đảng bộ phường Hải Châu", "Đà Nẵng", Today);

        Rescissions.OnTransfer(moved, transfer, Rescinded(member, 5)).ShouldBe(new TransferReceiptRescinded(5, "Ghi nhầm người", Today));
        Rescissions.OnTransfer(arrived, transfer, Rescinded(member, 1)).ShouldBeNull();
    }

    /// <summary>A member hosted by another cell until <paramref name="until"/> who left the city on 1 August 2025, which ended the stay.</summary>
    private static (Member Member, Transfer Stay, Guid Host) LeftWhileHosted(LocalDate until)
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var stay = TransferBuilder.Temporary(member, cells.Target.Id, new LocalDate(2025, 6, 2), until);
        var departure = new IssueTransferOut(Guid.NewGuid(), member.Id, member.Version, "GT-1", new LocalDate(2025, 8, 1), "Chuyển nơi cư trú", "Đảng bộ phường Hải Châu", "Đà Nẵng");
        TransferBuilder.Record(IssueTransferOutHandler.Decide(departure, member, false, stay, Today), member, stay);
        return (member, stay, cells.Target.Id);
    }

    private static void Apply(IReadOnlyList<StreamEvent> events, Member member, Transfer stay)
    {
        foreach (var (streamId, e) in events)
        {
            if (streamId == stay.Id)
            {
                TransferBuilder.Record(stay, e);
            }
            else
            {
                TransferBuilder.Record(member, e);
            }
        }
    }

    [Fact]
    public void a_departure_from_the_city_rescinded_gives_back_the_temporary_stay_it_ended_as_it_was()
    {
        var until = new LocalDate(2025, 12, 1);
        var (member, stay, host) = LeftWhileHosted(until);
        stay.Status.ShouldBe(TransferStatus.Ended);
        member.HostCellId.ShouldBeNull();
        var rescinded = Rescinded(member, member.Version);

        var onStay = Rescissions.OnStay(member, rescinded, stay);
        member.With(rescinded);
        Apply(onStay, member, stay);

        member.Status.ShouldBe(MembershipStatus.Official);
        member.HostCellId.ShouldBe(host);
        member.HostedUntil.ShouldBe(until);
        member.RescindedEntries.ShouldBe([member.Version - 3, member.Version - 2]);
        stay.Status.ShouldBe(TransferStatus.Active);
        stay.ClosedOn.ShouldBeNull();
        stay.TemporaryUntil.ShouldBe(until);
        onStay.Select(e => e.Event.GetType()).ShouldBe([typeof(MemberEntryRescinded), typeof(TemporaryTransferEndRescinded)]);
    }

    [Fact]
    public void a_departure_rescinded_after_the_stays_own_end_date_ends_the_stay_on_that_date()
    {
        var until = new LocalDate(2025, 8, 11);
        var (member, stay, _) = LeftWhileHosted(until);
        var rescinded = Rescinded(member, member.Version);

        var onStay = Rescissions.OnStay(member, rescinded, stay);
        member.With(rescinded);
        Apply(onStay, member, stay);

        member.IsMember.ShouldBeTrue();
        member.HostCellId.ShouldBeNull();
        stay.Status.ShouldBe(TransferStatus.Ended);
        stay.ClosedOn.ShouldBe(until);
        onStay.Single<TemporaryTransferEnded>().ShouldBe((stay.Id, new TemporaryTransferEnded(until, Early: false)));
        onStay.Single<MemberTemporaryHostingEnded>().ShouldBe((member.Id, new MemberTemporaryHostingEnded(stay.Id, until)));
    }

    [Fact]
    public void a_receipt_into_the_cell_hosting_the_member_rescinded_gives_back_the_stay_it_ended()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var stay = TransferBuilder.Temporary(member, cells.Target.Id, new LocalDate(2025, 6, 2), new LocalDate(2025, 12, 1));
        var transfer = TransferBuilder.InTransit(member, cells.Target.Id, new LocalDate(2025, 8, 1));
        var received = new LocalDate(2025, 8, 4);
        ReceiveTransferHandler.Decide(new ReceiveTransfer(transfer.Id, transfer.Version, received), transfer, member, cells.On(received), Today, stay).Record(member, transfer, stay);
        member.HostCellId.ShouldBeNull();
        var rescinded = Rescinded(member, member.Version);

        var onStay = Rescissions.OnStay(member, rescinded, stay);
        member.With(rescinded);
        Apply(onStay, member, stay);

        member.CellId.ShouldBe(cells.Home.Id);
        member.HostCellId.ShouldBe(cells.Target.Id);
        stay.Status.ShouldBe(TransferStatus.Active);
    }

    [Fact]
    public void a_stay_ended_on_its_own_before_the_departure_is_not_given_back()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var stay = TransferBuilder.Temporary(member, cells.Target.Id, new LocalDate(2025, 2, 3), new LocalDate(2025, 7, 1));
        TransferBuilder.Record(stay, new TemporaryTransferEnded(new LocalDate(2025, 7, 1), Early: false));
        TransferBuilder.Record(member, new MemberTemporaryHostingEnded(stay.Id, new LocalDate(2025, 7, 1)));
        TransferBuilder.OutOfCity(member, new LocalDate(2025, 8, 1));

        Rescissions.StayEndedWith(member, member.Version).ShouldBeNull();
        Rescissions.OnStay(member, Rescinded(member, member.Version), stay).ShouldBeEmpty();
    }

    private static MemberEntryRescinded Rescinded(Member member, int version) =>
        new(version, "x", MemberBuilder.DecisionOn(Today, "90-QĐ/ĐU"), "Ghi nhầm người", Guid.NewGuid(), Clerk, "Cán bộ A", Checker, "Cán bộ B", Today);

    [Fact]
    public void a_rescission_needs_a_reason()
    {
        var member = DiedByMistake();

        Should.Throw<RuleViolation>(() => RescindEntryHandler.Decide(Rescind(member, member.Version) with { Reason = " " }, member, Today))
            .Code.ShouldBe("Member.ReasonRequired");
    }

    [Fact]
    public void a_rescinded_entry_cannot_be_rescinded_again()
    {
        var member = MemberBuilder.Official();
        member.With(new PartyCardIssued("123", Today));
        member.With(RescindEntryHandler.Decide(Rescind(member, member.Version), member, Today));

        Should.Throw<RuleViolation>(() => RescindEntryHandler.Decide(Rescind(member, member.Version - 1), member, Today))
            .Code.ShouldBe("Member.EntryAlreadyRescinded");
        member.CardNumber.ShouldBeNull();
    }

    [Fact]
    public void a_card_rescinded_as_recorded_in_error_frees_its_number()
    {
        var member = MemberBuilder.Official().With(new PartyCardIssued("HN100001", new LocalDate(2025, 8, 1)));

        Rescissions.CardNumberFreed(member, member.Version).ShouldBe("HN100001");
    }

    [Fact]
    public void a_rescinded_card_exchange_frees_the_new_number_and_the_member_keeps_the_old_one()
    {
        var member = MemberBuilder.Official().With(
            new PartyCardIssued("HN100001", new LocalDate(2024, 8, 1)),
            new PartyCardReplaced("VN900001", "HN100001", CardReplacementReason.CardExchange, new LocalDate(2025, 8, 1)));

        Rescissions.CardNumberFreed(member, member.Version).ShouldBe("VN900001");
        Rescissions.CardNumberFreed(member, member.Version - 1).ShouldBeNull("the exchange still names the first card as the one it replaced");
    }

    [Fact]
    public void a_rescinded_entry_that_is_no_card_frees_no_card_number() =>
        Rescissions.CardNumberFreed(DiedByMistake(), DiedByMistake().Version).ShouldBeNull();
}
