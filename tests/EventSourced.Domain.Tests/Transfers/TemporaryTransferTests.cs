using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Tests.Members;
using EventSourced.Domain.Transfers;
using NodaTime;

namespace EventSourced.Domain.Tests.Transfers;

public class TemporaryTransferTests
{
    private static readonly LocalDate Today = TransferBuilder.Today;

    private static readonly LocalDate From = new(2025, 3, 10);

    private static IssueTemporaryTransfer Issue(Member member, Guid hostCellId, LocalDate until, bool training = false, LocalDate? from = null, string letter = TransferBuilder.Letter) =>
        new(Guid.NewGuid(), member.Id, member.Version, letter, TransferBuilder.LetterDate, "Đi học lớp cao cấp lý luận chính trị", hostCellId, from ?? From, until, training);

    private static IReadOnlyList<StreamEvent> Decide(TransferBuilder.Cells cells, IssueTemporaryTransfer command, Member member, bool hasOpenTransfer = false) =>
        TemporaryTransferHandler.Decide(command, member, hasOpenTransfer, cells.On(command.From), Today);

    private static (TransferBuilder.Cells Cells, Member Member, Transfer Transfer) Hosted(LocalDate? until = null, bool training = false)
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var transfer = TransferBuilder.Temporary(member, cells.Target.Id, From, until ?? From.PlusMonths(6), training);
        return (cells, member, transfer);
    }

    [Fact]
    public void a_temporary_transfer_records_the_host_on_the_transfer_and_on_the_member()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var until = From.PlusMonths(6);
        var command = Issue(member, cells.Target.Id, until);

        var events = Decide(cells, command, member);

        events.Single<TemporaryTransferIssued>().ShouldBe((command.TransferId, new TemporaryTransferIssued(
            command.TransferId,
            member.Id,
            cells.Home.Id,
            cells.Target.Id,
            TransferBuilder.Letter,
            TransferBuilder.LetterDate,
            "Đi học lớp cao cấp lý luận chính trị",
            From,
            until,
            false)));
        events.Single<MemberHostedTemporarily>().ShouldBe((member.Id, new MemberHostedTemporarily(command.TransferId, cells.Target.Id, From, until)));
        Transfer.Create(events.Single<TemporaryTransferIssued>().Event).Status.ShouldBe(TransferStatus.Active);
    }

    [Fact]
    public void a_temporary_transfer_while_an_official_one_is_in_transit_is_refused()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);

        Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, cells.Target.Id, From.PlusMonths(6)), member, hasOpenTransfer: true))
            .Code.ShouldBe("Transfer.AlreadyInTransit");
    }

    [Fact]
    public void the_home_cell_keeps_counting_the_member_and_the_host_only_lists_them()
    {
        var (cells, member, _) = Hosted();

        member.HostCellId.ShouldBe(cells.Target.Id);
        member.HostedUntil.ShouldBe(From.PlusMonths(6));
        // Counts use CellId and the cell periods only: the host never sees the member there.
        member.CellId.ShouldBe(cells.Home.Id);
        member.CellOn(From.PlusMonths(1)).ShouldBe(cells.Home.Id);
        member.Cells.Count.ShouldBe(1);
        member.CanVoteIn(cells.Home.Id).ShouldBeTrue();
        member.CanVoteIn(cells.Target.Id).ShouldBeFalse();
    }

    [Fact]
    public void two_months_is_too_short_and_three_months_is_enough()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);

        var refusal = Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, cells.Target.Id, From.PlusMonths(2)), member));
        refusal.Code.ShouldBe("Transfer.TemporaryTooShort");
        refusal.Arguments.Single().ShouldBe(From.PlusMonths(3));
        Decide(cells, Issue(member, cells.Target.Id, From.PlusMonths(3)), member).Count.ShouldBe(2);
    }

    [Fact]
    public void eleven_months_is_allowed_and_twelve_months_is_refused_unless_for_training()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);

        Decide(cells, Issue(member, cells.Target.Id, From.PlusMonths(11)), member).Count.ShouldBe(2);
        Decide(cells, Issue(member, cells.Target.Id, From.PlusMonths(12).PlusDays(-1)), member).Count.ShouldBe(2);
        var refusal = Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, cells.Target.Id, From.PlusMonths(12)), member));
        refusal.Code.ShouldBe("Transfer.TemporaryTooLong");
        refusal.Arguments.Single().ShouldBe(From.PlusMonths(12).PlusDays(-1));
        Decide(cells, Issue(member, cells.Target.Id, From.PlusMonths(12), training: true), member).Count.ShouldBe(2);
    }

    [Fact]
    public void training_may_last_up_to_24_months_but_not_25()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);

        Decide(cells, Issue(member, cells.Target.Id, From.PlusMonths(24), training: true), member).Count.ShouldBe(2);
        Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, cells.Target.Id, From.PlusMonths(25), training: true), member))
            .Code.ShouldBe("Transfer.TemporaryTooLong");
    }

    [Fact]
    public void the_host_must_be_another_active_cell()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var merged = cells.Tree.Add(OrganisationKind.Cell, "BD.PX.03", "Chi bộ khu dân cư số 3", cells.Tree.Ward);
        merged.Apply(new OrganisationMerged(cells.Target.Id, [], new LocalDate(2025, 1, 1)));
        var until = From.PlusMonths(6);

        Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, cells.Home.Id, until), member)).Code.ShouldBe("Transfer.SameCell");
        Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, cells.Tree.Ward.Id, until), member)).Code.ShouldBe("Transfer.NotAnActiveCell");
        Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, merged.Id, until), member)).Code.ShouldBe("Transfer.NotAnActiveCell");
    }

    [Fact]
    public void a_temporary_transfer_while_another_is_open_is_refused()
    {
        var (cells, member, _) = Hosted();
        var other = cells.Tree.Add(OrganisationKind.Cell, "BD.PX.03", "Chi bộ khu dân cư số 3", cells.Tree.Ward);

        Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, other.Id, From.PlusMonths(6)), member))
            .Code.ShouldBe("Transfer.AlreadyHostedTemporarily");
    }

    [Fact]
    public void a_temporary_transfer_for_a_former_member_is_refused()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home).Left(new LocalDate(2024, 1, 1));

        Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, cells.Target.Id, From.PlusMonths(6)), member))
            .Code.ShouldBe("Transfer.NotACurrentMember");
    }

    [Fact]
    public void the_letter_number_is_required_and_the_stay_cannot_start_before_the_letter()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var early = TransferBuilder.LetterDate.PlusDays(-1);

        Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, cells.Target.Id, From.PlusMonths(6), letter: ""), member))
            .Code.ShouldBe("Transfer.LetterNumberRequired");
        Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, cells.Target.Id, early.PlusMonths(6), from: early), member))
            .Code.ShouldBe("Transfer.StartsBeforeLetter");
    }

    [Fact]
    public void an_extension_moves_the_end_on_the_transfer_and_on_the_member()
    {
        var (_, member, transfer) = Hosted();
        var newUntil = From.PlusMonths(9);

        var events = TemporaryTransferHandler.Decide(new ExtendTemporaryTransfer(transfer.Id, transfer.Version, newUntil), transfer, Today);
        events.Record(member, transfer);

        events.Single<TemporaryTransferExtended>().Event.ShouldBe(new TemporaryTransferExtended(newUntil, From.PlusMonths(6), Today));
        transfer.TemporaryUntil.ShouldBe(newUntil);
        member.HostedUntil.ShouldBe(newUntil);
    }

    [Fact]
    public void an_extension_counts_the_limits_from_the_start()
    {
        var (_, _, transfer) = Hosted();

        TemporaryTransferHandler.Decide(new ExtendTemporaryTransfer(transfer.Id, transfer.Version, From.PlusMonths(11)), transfer, Today).Count.ShouldBe(2);
        Should.Throw<RuleViolation>(() => TemporaryTransferHandler.Decide(new ExtendTemporaryTransfer(transfer.Id, transfer.Version, From.PlusMonths(12)), transfer, Today))
            .Code.ShouldBe("Transfer.TemporaryTooLong");
    }

    [Fact]
    public void a_training_stay_can_be_extended_up_to_24_months_from_the_start()
    {
        var (_, _, transfer) = Hosted(From.PlusMonths(12), training: true);

        TemporaryTransferHandler.Decide(new ExtendTemporaryTransfer(transfer.Id, transfer.Version, From.PlusMonths(24)), transfer, Today).Count.ShouldBe(2);
        Should.Throw<RuleViolation>(() => TemporaryTransferHandler.Decide(new ExtendTemporaryTransfer(transfer.Id, transfer.Version, From.PlusMonths(25)), transfer, Today))
            .Code.ShouldBe("Transfer.TemporaryTooLong");
    }

    [Fact]
    public void an_extension_must_end_later_and_come_before_the_stay_is_over()
    {
        var (_, _, transfer) = Hosted();
        var until = From.PlusMonths(6);

        Should.Throw<RuleViolation>(() => TemporaryTransferHandler.Decide(new ExtendTemporaryTransfer(transfer.Id, transfer.Version, until), transfer, Today))
            .Code.ShouldBe("Transfer.NotAnExtension");
        Should.Throw<RuleViolation>(() => TemporaryTransferHandler.Decide(new ExtendTemporaryTransfer(transfer.Id, transfer.Version, From.PlusMonths(9)), transfer, until.PlusDays(1)))
            .Code.ShouldBe("Transfer.TemporaryAlreadyOver");
    }

    [Fact]
    public void only_an_active_temporary_transfer_can_be_extended_or_ended_early()
    {
        var (cells, member, ended) = Hosted();
        ended.Record(new TemporaryTransferEnded(Today, Early: true));
        var official = TransferBuilder.InTransit(member, cells.Target.Id);

        Should.Throw<RuleViolation>(() => TemporaryTransferHandler.Decide(new ExtendTemporaryTransfer(ended.Id, ended.Version, From.PlusMonths(9)), ended, Today))
            .Code.ShouldBe("Transfer.NotActive");
        Should.Throw<RuleViolation>(() => TemporaryTransferHandler.Decide(new EndTemporaryTransferEarly(official.Id, official.Version, Today), official, Today))
            .Code.ShouldBe("Transfer.NotTemporary");
    }

    [Fact]
    public void ending_early_closes_the_transfer_and_the_hosting()
    {
        var (_, member, transfer) = Hosted();

        var events = TemporaryTransferHandler.Decide(new EndTemporaryTransferEarly(transfer.Id, transfer.Version, Today), transfer, Today);
        events.Record(member, transfer);

        events.ShouldBe(
        [
            new StreamEvent(transfer.Id, new TemporaryTransferEnded(Today, Early: true)),
            new StreamEvent(member.Id, new MemberTemporaryHostingEnded(transfer.Id, Today)),
        ]);
        transfer.Status.ShouldBe(TransferStatus.Ended);
        member.HostCellId.ShouldBeNull();
        member.HostedUntil.ShouldBeNull();
    }

    [Fact]
    public void an_early_end_must_fall_within_the_stay_and_not_in_the_future()
    {
        var (_, _, transfer) = Hosted();
        var until = From.PlusMonths(6);

        Should.Throw<RuleViolation>(() => TemporaryTransferHandler.Decide(new EndTemporaryTransferEarly(transfer.Id, transfer.Version, From.PlusDays(-1)), transfer, Today))
            .Code.ShouldBe("Transfer.EndBeforeStart");
        Should.Throw<RuleViolation>(() => TemporaryTransferHandler.Decide(new EndTemporaryTransferEarly(transfer.Id, transfer.Version, until), transfer, until))
            .Code.ShouldBe("Transfer.EndNotEarly");
        Should.Throw<RuleViolation>(() => TemporaryTransferHandler.Decide(new EndTemporaryTransferEarly(transfer.Id, transfer.Version, Today.PlusDays(1)), transfer, Today))
            .Code.ShouldBe("Transfer.DateInFuture");
    }

    [Fact]
    public void the_scheduled_check_ends_the_stay_on_its_end_date_and_only_once()
    {
        var (_, member, transfer) = Hosted();
        var until = From.PlusMonths(6);
        var check = new EndTemporaryTransfer(transfer.Id);

        TemporaryTransferHandler.Decide(check, transfer, until.PlusDays(-1)).ShouldBeEmpty();
        var events = TemporaryTransferHandler.Decide(check, transfer, until.PlusDays(3));
        events.Record(member, transfer);

        events.Single<TemporaryTransferEnded>().Event.ShouldBe(new TemporaryTransferEnded(until, Early: false));
        events.Single<MemberTemporaryHostingEnded>().Event.On.ShouldBe(until);
        member.HostCellId.ShouldBeNull();
        TemporaryTransferHandler.Decide(check, transfer, until.PlusDays(4)).ShouldBeEmpty();
    }

    [Fact]
    public void the_end_is_scheduled_for_the_end_date_which_is_the_first_day_the_stay_is_over()
    {
        var (_, _, transfer) = Hosted();
        var until = From.PlusMonths(6);

        var scheduled = TemporaryTransferHandler.ScheduledEnd(transfer.Id, until);
        var runsOn = LocalDateTime.FromDateTime(scheduled.Options!.ScheduledTime!.Value.ToOffset(TimeSpan.FromHours(7)).DateTime).Date;

        runsOn.ShouldBe(until);
        TransferRules.TemporaryHasEnded(transfer, runsOn).ShouldBeTrue();
        TransferRules.TemporaryHasEnded(transfer, runsOn.PlusDays(-1)).ShouldBeFalse();
    }

    [Fact]
    public void the_scheduled_end_ignores_official_transfers()
    {
        var cells = TransferBuilder.Tree();
        var official = TransferBuilder.InTransit(TransferBuilder.MemberOf(cells.Home), cells.Target.Id);

        TemporaryTransferHandler.Decide(new EndTemporaryTransfer(official.Id), official, Today.PlusYears(2)).ShouldBeEmpty();
    }
}
