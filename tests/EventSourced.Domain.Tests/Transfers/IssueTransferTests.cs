using EventSourced.Domain.Calendar;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Tests.Members;
using EventSourced.Domain.Transfers;
using NodaTime;

namespace EventSourced.Domain.Tests.Transfers;

public class IssueTransferTests
{
    private static readonly LocalDate Today = TransferBuilder.Today;

    private static IssueTransfer Issue(Member member, Guid toCellId, LocalDate? letterDate = null, string letter = TransferBuilder.Letter, string reason = "Chuyển công tác") =>
        new(Guid.NewGuid(), member.Id, member.Version, letter, letterDate ?? TransferBuilder.LetterDate, reason, toCellId);

    private static TransferIssued Decide(TransferBuilder.Cells cells, IssueTransfer command, Member member, bool hasOpenTransfer = false, LocalDate? today = null) =>
        IssueTransferHandler.Decide(command, member, hasOpenTransfer, cells.On(command.LetterDate), today ?? Today);

    [Fact]
    public void issuing_a_transfer_records_both_cells_the_letter_and_the_due_date()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var command = Issue(member, cells.Target.Id, letter: "  125-GGT/ĐU ");

        var issued = Decide(cells, command, member);

        issued.ShouldBe(new TransferIssued(
            command.TransferId,
            member.Id,
            TransferKind.WithinCity,
            cells.Home.Id,
            cells.Target.Id,
            "125-GGT/ĐU",
            TransferBuilder.LetterDate,
            "Chuyển công tác",
            TransferBuilder.DueBy));
        issued.EffectiveDate.ShouldBe(TransferBuilder.LetterDate);
        Transfer.Create(issued).Status.ShouldBe(TransferStatus.InTransit);
    }

    [Fact]
    public void the_letter_is_also_recorded_on_the_members_stream_and_the_member_stays_in_the_sending_cell()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var issued = Decide(cells, Issue(member, cells.Target.Id), member);

        var recorded = IssueTransferHandler.OnMembersStream(issued);

        recorded.ShouldBe(new MemberTransferLetterIssued(issued.TransferId, cells.Target.Id, TransferBuilder.LetterDate));
        // The snapshot applies it (its version must follow the stream) but the sending cell keeps
        // counting the member until receipt (0005).
        var cellBefore = member.CellId;
        member.Apply(recorded);
        member.CellId.ShouldBe(cellBefore);
        member.Status.ShouldBe(MembershipStatus.Official);
        member.LatestTransferLetterId.ShouldBe(issued.TransferId);
    }

    [Fact]
    public void the_letter_must_be_presented_within_30_working_days_and_the_tet_holiday_does_not_count()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        // Monday 20 January 2025; Tết is Monday 27 to Friday 31 January: without it the 30th working
        // day would be Monday 3 March, with it the week is skipped and the due date is 10 March.
        var command = Issue(member, cells.Target.Id, new LocalDate(2025, 1, 20));

        var issued = Decide(cells, command, member, today: new LocalDate(2025, 1, 20));

        issued.DueBy.ShouldBe(new LocalDate(2025, 3, 10));
        TransferRules.PresentWithinWorkingDays.ShouldBe(30);
    }

    [Fact]
    public void a_letter_whose_30_working_days_run_into_a_year_without_holidays_is_refused()
    {
        // The embedded calendar stops at 2027: the days off of early 2028 are not known yet.
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var letterDate = new LocalDate(2027, 12, 20);
        var command = Issue(member, cells.Target.Id, letterDate);

        var refusal = Should.Throw<RuleViolation>(() => Decide(cells, command, member, today: letterDate));

        refusal.Code.ShouldBe("Calendar.YearNotCovered");
        refusal.Arguments.Single().ShouldBe(2028);
        var declared = WorkingCalendar.Vietnam.WithYear(2028, [new Holiday(new LocalDate(2028, 1, 1), "Tết Dương lịch", "New Year's Day")], []);
        IssueTransferHandler.Decide(command, member, false, cells.On(letterDate), letterDate, calendar: declared).DueBy.ShouldBe(new LocalDate(2028, 1, 31));
    }

    [Fact]
    public void the_number_of_working_days_can_be_set_by_the_caller()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var command = Issue(member, cells.Target.Id);

        var issued = IssueTransferHandler.Decide(command, member, false, cells.On(command.LetterDate), Today, presentWithinWorkingDays: 10);

        // 3 March 2025 is a Monday: ten working days later is Monday 17 March.
        issued.DueBy.ShouldBe(new LocalDate(2025, 3, 17));
    }

    [Fact]
    public void a_member_in_transit_is_still_counted_by_the_sending_cell()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);

        // The decision is one event on the transfer's stream; nothing is written on the member.
        Decide(cells, Issue(member, cells.Target.Id), member);

        member.CellId.ShouldBe(cells.Home.Id);
        member.CellOn(TransferBuilder.LetterDate).ShouldBe(cells.Home.Id);
        member.CellOn(TransferBuilder.DueBy).ShouldBe(cells.Home.Id);
    }

    [Fact]
    public void a_second_official_transfer_while_one_is_in_transit_is_refused()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);

        Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, cells.Target.Id), member, hasOpenTransfer: true))
            .Code.ShouldBe("Transfer.AlreadyInTransit");
    }

    [Fact]
    public void a_transfer_for_someone_who_is_not_a_current_member_is_refused()
    {
        var cells = TransferBuilder.Tree();
        var removed = TransferBuilder.MemberOf(cells.Home).Removed(new LocalDate(2024, 5, 1));
        var deceased = TransferBuilder.MemberOf(cells.Home).Died(new LocalDate(2024, 5, 1));
        var transferredOut = TransferBuilder.MemberOf(cells.Home);
        TransferBuilder.OutOfCity(transferredOut, new LocalDate(2024, 5, 1));

        foreach (var former in new[] { removed, deceased, transferredOut })
        {
            Should.Throw<RuleViolation>(() => Decide(cells, Issue(former, cells.Target.Id), former))
                .Code.ShouldBe("Transfer.NotACurrentMember");
        }
    }

    [Fact]
    public void a_probationary_member_can_be_transferred()
    {
        var cells = TransferBuilder.Tree();
        var member = MemberBuilder.Admitted(decided: new LocalDate(2024, 10, 1), cellId: cells.Home.Id);

        Decide(cells, Issue(member, cells.Target.Id), member).FromCellId.ShouldBe(cells.Home.Id);
    }

    [Fact]
    public void a_transfer_to_the_members_own_cell_is_refused()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);

        Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, cells.Home.Id), member))
            .Code.ShouldBe("Transfer.SameCell");
    }

    [Fact]
    public void the_target_must_be_a_cell_or_a_grassroots_cell()
    {
        var cells = TransferBuilder.Tree();
        var grassrootsCell = cells.Tree.Add(OrganisationKind.GrassrootsCell, "BD.CB", "Chi bộ cơ sở Trường THCS Phúc Xá", cells.Tree.District);
        var member = TransferBuilder.MemberOf(cells.Home);

        Decide(cells, Issue(member, grassrootsCell.Id), member).ToCellId.ShouldBe(grassrootsCell.Id);
        var refusal = Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, cells.Tree.Ward.Id), member));
        refusal.Code.ShouldBe("Transfer.NotAnActiveCell");
        refusal.Arguments.Single().ShouldBe("Đảng bộ phường Phúc Xá");
    }

    [Fact]
    public void the_target_must_exist_on_the_letters_date()
    {
        var cells = TransferBuilder.Tree();
        var later = cells.Tree.Add(OrganisationKind.Cell, "BD.PX.03", "Chi bộ khu dân cư số 3", cells.Tree.Ward, founded: new LocalDate(2025, 6, 1));
        var member = TransferBuilder.MemberOf(cells.Home);

        Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, later.Id), member))
            .Code.ShouldBe("Transfer.CellNotFound");
        Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, Guid.NewGuid()), member))
            .Code.ShouldBe("Transfer.CellNotFound");
    }

    [Fact]
    public void a_target_merged_or_dissolved_on_the_letters_date_is_refused()
    {
        var cells = TransferBuilder.Tree();
        cells.Target.Apply(new OrganisationMerged(cells.Home.Id, [], new LocalDate(2025, 1, 1)));
        var member = TransferBuilder.MemberOf(cells.Home);

        Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, cells.Target.Id), member))
            .Code.ShouldBe("Transfer.NotAnActiveCell");
    }

    [Fact]
    public void a_target_recorded_as_closing_after_the_letters_date_is_refused()
    {
        var cells = TransferBuilder.Tree();
        cells.Target.Apply(new OrganisationDissolved(null, new LocalDate(2025, 7, 1)));
        var member = TransferBuilder.MemberOf(cells.Home);

        Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, cells.Target.Id), member))
            .Code.ShouldBe("Transfer.CellClosesLater");
    }

    [Fact]
    public void a_tree_holding_only_the_target_refuses_a_target_closing_later_as_the_whole_tree_does()
    {
        // The handler loads the receiving cell alone (OrganisationRules.LoadUnitsAsync), not the city's tree.
        var cells = TransferBuilder.Tree();
        cells.Target.Apply(new OrganisationDissolved(null, new LocalDate(2025, 7, 1)));
        var member = TransferBuilder.MemberOf(cells.Home);
        var command = Issue(member, cells.Target.Id);

        Should.Throw<RuleViolation>(() => IssueTransferHandler.Decide(command, member, false, OrganisationTree.AsOf(command.LetterDate, [cells.Target]), Today))
            .Code.ShouldBe("Transfer.CellClosesLater");
    }

    [Fact]
    public void the_letter_number_and_the_reason_are_required()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);

        Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, cells.Target.Id, letter: "  "), member))
            .Code.ShouldBe("Transfer.LetterNumberRequired");
        Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, cells.Target.Id, reason: ""), member))
            .Code.ShouldBe("Transfer.ReasonRequired");
    }

    [Fact]
    public void a_letter_dated_in_the_future_is_refused()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);

        Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, cells.Target.Id, Today.PlusDays(1)), member))
            .Code.ShouldBe("Transfer.DateInFuture");
    }

    [Fact]
    public void a_letter_dated_before_the_member_joined_the_cell_is_refused()
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);

        Should.Throw<RuleViolation>(() => Decide(cells, Issue(member, cells.Target.Id, MemberBuilder.Ceremony.PlusDays(-1)), member))
            .Code.ShouldBe("Transfer.BeforeCurrentCell");
    }

    [Fact]
    public void a_member_hosted_temporarily_can_still_be_transferred_officially()
    {
        var cells = TransferBuilder.Tree();
        var host = cells.Tree.Add(OrganisationKind.Cell, "BD.PX.03", "Chi bộ khu dân cư số 3", cells.Tree.Ward);
        var member = TransferBuilder.MemberOf(cells.Home);
        TransferBuilder.Temporary(member, host.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 7, 1));

        Decide(cells, Issue(member, cells.Target.Id), member).FromCellId.ShouldBe(cells.Home.Id);
    }
}
