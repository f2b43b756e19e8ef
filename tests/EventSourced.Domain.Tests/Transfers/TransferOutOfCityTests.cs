using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Tests.Members;
using EventSourced.Domain.Transfers;
using NodaTime;

namespace EventSourced.Domain.Tests.Transfers;

public class TransferOutOfCityTests
{
    private static readonly LocalDate Today = TransferBuilder.Today;

    private static readonly LocalDate LetterDate = TransferBuilder.LetterDate;

    private static IssueTransferOut Issue(Member member, string organisation = "Đảng bộ phường Hải Châu", string province = "Đà Nẵng", string letter = TransferBuilder.Letter, LocalDate? letterDate = null) =>
        new(Guid.NewGuid(), member.Id, member.Version, letter, letterDate ?? LetterDate, "Chuyển nơi cư trú", organisation, province);

    private static IReadOnlyList<StreamEvent> Decide(IssueTransferOut command, Member member, bool hasOpenTransfer = false, Transfer? hosting = null) =>
        IssueTransferOutHandler.Decide(command, member, hasOpenTransfer, hosting, Today);

    [Fact]
    public void a_transfer_out_of_the_city_records_the_letter_and_the_member_leaving_on_its_date()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var command = Issue(member);

        var events = Decide(command, member);

        events.Single<TransferIssued>().ShouldBe((command.TransferId, new TransferIssued(
            command.TransferId,
            member.Id,
            TransferKind.OutOfCity,
            cells.Home.Id,
            null,
            TransferBuilder.Letter,
            LetterDate,
            "Chuyển nơi cư trú",
            TransferBuilder.DueBy,
            "Đảng bộ phường Hải Châu",
            "Đà Nẵng")));
        events.Single<MemberTransferredOut>().ShouldBe((member.Id, new MemberTransferredOut(command.TransferId, "Đảng bộ phường Hải Châu", "Đà Nẵng", LetterDate)));
        events.Count.ShouldBe(2);
    }

    [Fact]
    public void the_member_leaves_the_registers_count_on_the_letters_date()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var command = Issue(member);

        var events = Decide(command, member);
        var transfer = Transfer.Create(events.Single<TransferIssued>().Event);
        events.Record(member, transfer);

        member.Status.ShouldBe(MembershipStatus.TransferredOut);
        member.IsMember.ShouldBeFalse();
        member.EndedOn.ShouldBe(LetterDate);
        member.CellOn(LetterDate.PlusDays(-1)).ShouldBe(cells.Home.Id);
        member.CellOn(LetterDate).ShouldBeNull();
        member.Periods[^1].To.ShouldBe(LetterDate);
        member.CanVoteIn(cells.Home.Id).ShouldBeFalse();
        transfer.Status.ShouldBe(TransferStatus.InTransit);
        transfer.ToCellId.ShouldBeNull();
        transfer.OutsideProvince.ShouldBe("Đà Nẵng");
    }

    [Fact]
    public void the_other_organisation_and_its_province_are_required()
    {
        var member = TransferBuilder.MemberOf(TransferBuilder.Tree().Home);

        Should.Throw<RuleViolation>(() => Decide(Issue(member, organisation: " "), member)).Code.ShouldBe("Transfer.OrganisationRequired");
        Should.Throw<RuleViolation>(() => Decide(Issue(member, province: ""), member)).Code.ShouldBe("Transfer.ProvinceRequired");
        Should.Throw<RuleViolation>(() => Decide(Issue(member, letter: ""), member)).Code.ShouldBe("Transfer.LetterNumberRequired");
    }

    [Fact]
    public void a_transfer_out_while_another_is_in_transit_or_for_a_former_member_is_refused()
    {
        var member = TransferBuilder.MemberOf(TransferBuilder.Tree().Home);
        var removed = TransferBuilder.MemberOf(TransferBuilder.Tree().Home).Removed(new LocalDate(2024, 5, 1));

        Should.Throw<RuleViolation>(() => Decide(Issue(member), member, hasOpenTransfer: true)).Code.ShouldBe("Transfer.AlreadyInTransit");
        Should.Throw<RuleViolation>(() => Decide(Issue(removed), removed)).Code.ShouldBe("Transfer.NotACurrentMember");
    }

    [Fact]
    public void a_letter_dated_in_the_future_is_refused()
    {
        var member = TransferBuilder.MemberOf(TransferBuilder.Tree().Home);

        Should.Throw<RuleViolation>(() => Decide(Issue(member, letterDate: Today.PlusDays(1)), member)).Code.ShouldBe("Transfer.DateInFuture");
    }

    [Fact]
    public void a_member_hosted_temporarily_who_leaves_the_city_stops_being_hosted_the_same_day()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var hosting = TransferBuilder.Temporary(member, cells.Target.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 7, 1));
        var command = Issue(member);

        var events = Decide(command, member, hosting: hosting);
        events.Record(member, hosting);

        events.Select(e => e.Event.GetType()).ShouldBe([typeof(TransferIssued), typeof(TemporaryTransferEnded), typeof(MemberTemporaryHostingEnded), typeof(MemberTransferredOut)]);
        events.Single<TemporaryTransferEnded>().ShouldBe((hosting.Id, new TemporaryTransferEnded(LetterDate, Early: true)));
        hosting.Status.ShouldBe(TransferStatus.Ended);
        member.HostCellId.ShouldBeNull();
        member.Status.ShouldBe(MembershipStatus.TransferredOut);
    }
}
