using EventSourced.Domain.Audit;
using EventSourced.Domain.Members;
using EventSourced.Domain.Transfers;
using NodaTime;

namespace EventSourced.Domain.Tests.Audit;

/// <summary>Which units an event concerns, for the log's scope, and how one action's lines are grouped.</summary>
public sealed class AuditLogTests
{
    private static readonly Guid OldCell = Guid.Parse("0193a1b0-0000-7000-8000-000000000c01");
    private static readonly Guid NewCell = Guid.Parse("0193a1b0-0000-7000-8000-000000000c02");

    [Fact]
    public void a_member_event_concerns_the_cell_the_member_was_in_on_its_date()
    {
        var member = new Member
        {
            CellId = NewCell,
            Cells = [new CellPeriod(OldCell, new LocalDate(2020, 1, 1), new LocalDate(2024, 6, 30)), new CellPeriod(NewCell, new LocalDate(2024, 7, 1), null)],
        };

        AuditLogUnits.Of(new MemberExempted(new Decision("1", new LocalDate(2023, 1, 1)), "ốm", new LocalDate(2023, 1, 1)), new LocalDate(2023, 1, 1), MemberCells.Of(member), null).ShouldBe([OldCell]);
        AuditLogUnits.Of(new MemberDied(new LocalDate(2025, 1, 1)), new LocalDate(2025, 1, 1), MemberCells.Of(member), null).ShouldBe([NewCell]);
    }

    [Fact]
    public void a_move_concerns_both_cells_it_names()
    {
        var units = AuditLogUnits.Of(new MemberCellChanged(OldCell, NewCell, CellChangeCause.CellMerged, new LocalDate(2024, 7, 1)), new LocalDate(2024, 7, 1), null, null);

        units.ShouldBe(new[] { OldCell, NewCell }.Order().ToList());
    }

    [Fact]
    public void a_transfers_events_concern_both_ends_of_the_transfer()
    {
        var transfer = new Transfer { FromCellId = OldCell, ToCellId = NewCell };

        AuditLogUnits.Of(new object(), new LocalDate(2024, 7, 1), null, transfer).ShouldBe(new[] { OldCell, NewCell }.Order().ToList());
    }

    [Fact]
    public void lines_of_one_action_are_grouped_and_lines_without_a_correlation_stand_alone()
    {
        AuditLogRow Row(long seq, string? correlation) => new(seq, Instant.FromUnixTimeSeconds(seq), null, "E", null, null, null, null, null, null, correlation, null, null);

        var groups = AuditLogQuery.Grouped([Row(5, "a"), Row(4, "a"), Row(3, null), Row(2, null), Row(1, "b")]);

        groups.Select(g => g.Count).ShouldBe([2, 1, 1, 1]);
    }

    [Fact]
    public void the_rebuilds_fold_writes_the_rows_of_its_members_events_and_leaves_the_events_of_streams_that_are_no_members()
    {
        var memberId = Guid.Parse("0193a1b0-0000-7000-8000-0000000000a1");
        var cells = new MemberCells(memberId, NewCell, [new CellPeriod(OldCell, new LocalDate(2020, 1, 1), new LocalDate(2024, 6, 30)), new CellPeriod(NewCell, new LocalDate(2024, 7, 1), null)]);
        var reportedAt = Instant.FromUtc(2025, 3, 4, 5, 6);
        var card = new JasperFx.Events.Event<PartyCardIssued>(new PartyCardIssued("HN 100 001", new LocalDate(2022, 5, 1))) { StreamId = memberId, Sequence = 7, Timestamp = new DateTimeOffset(2022, 5, 2, 0, 0, 0, TimeSpan.Zero) };
        var report = new JasperFx.Events.Event<Domain.Installs.AppInstallReported>(
            new Domain.Installs.AppInstallReported(Guid.NewGuid(), memberId, Domain.Installs.AppInstallEventKind.Installed, "device", "android", "1.0", reportedAt, reportedAt))
        { StreamId = Domain.Installs.MemberAppUsage.StreamIdFor(memberId), Sequence = 8, Timestamp = reportedAt.ToDateTimeOffset() };
        var stray = new JasperFx.Events.Event<PartyCardIssued>(new PartyCardIssued("HN 100 002", new LocalDate(2022, 5, 1))) { StreamId = Guid.NewGuid(), Sequence = 9, Timestamp = card.Timestamp };

        var (rows, left) = AuditLogProjection.MemberRows([card, report, stray], new Dictionary<Guid, MemberCells> { [memberId] = cells });

        // The card in the cell of its date, the app report (a side stream) in the member's cell of its own date.
        rows.Select(r => (r.Sequence, r.MemberId, r.UnitIds.Single())).ShouldBe([(7L, (Guid?)memberId, OldCell), (8L, (Guid?)memberId, NewCell)]);
        rows[0].EventType.ShouldBe(nameof(PartyCardIssued));
        rows[0].EffectiveDate.ShouldBe(new DateOnly(2022, 5, 1));
        left.ShouldBe([stray]);
    }

    [Fact]
    public void with_no_member_known_the_rebuilds_fold_leaves_every_event()
    {
        var card = new JasperFx.Events.Event<PartyCardIssued>(new PartyCardIssued("HN 100 001", new LocalDate(2022, 5, 1))) { StreamId = Guid.NewGuid(), Sequence = 1 };

        var (rows, left) = AuditLogProjection.MemberRows([card], new Dictionary<Guid, MemberCells>());

        rows.ShouldBeEmpty();
        left.ShouldBe([card]);
    }
}
