using EventSourced.Domain.Common;
using EventSourced.Domain.Reconciliation;
using EventSourced.Domain.Reconciliation.Report;
using NodaTime;

namespace EventSourced.Domain.Tests.Reconciliation;

public class ReconciliationReportTests
{
    private static readonly Guid Id = Guid.CreateVersion7();

    private static readonly Guid Unit = Guid.CreateVersion7();

    private static readonly LocalDate Today = new(2026, 3, 1);

    private static readonly Instant At = Instant.FromUtc(2026, 3, 1, 2, 0);

    private static Actor Staff(string name, string role = "UnitStaff") => new(null, name, name, role, null, null);

    private static List<AuditEntry> Stream(params (object Data, Actor By)[] events) =>
        [.. events.Select((e, i) => new AuditEntry(i + 1, i + 1, e.Data, null, At.Plus(Duration.FromMinutes(i)), e.By, null, null, null, null))];

    private static readonly Dictionary<int, ReconciliationItem> Items = new()
    {
        [1] = new() { Number = 1, ReconciliationId = Id, Category = ItemCategory.ToReview, Roll = Person(1, "Nguyễn Văn An"), Register = Person(1, "Nguyễn Văn Ân") },
        [2] = new() { Number = 2, ReconciliationId = Id, Category = ItemCategory.OnRollOnly, Roll = Person(2, "Hoàng Văn Mới") },
        [3] = new() { Number = 3, ReconciliationId = Id, Category = ItemCategory.InRegisterOnly, Register = Person(3, "Lê Văn Cường") },
    };

    private static RollPerson Person(int row, string name) => new(row, name, null, null, null, null, [], null, null);

    private static List<AuditEntry> Worked() => Stream(
        (new ReconciliationStarted(Id, Unit, null, Today, "roll.csv", "hash", 3), Staff("lan")),
        (new RollMatched(Id, new ReconciliationCounts(Matched: 2, MatchedWithDifferences: 0, OnRollOnly: 1, InRegisterOnly: 1, ToReview: 1, SameMemberTwice: 0)), Staff("lan")),
        (new ReconciliationItemResolved(Id, 1, Resolutions.AcceptPair, "Cùng CCCD", Guid.CreateVersion7()), Staff("lan")),
        (new ReconciliationItemResolved(Id, 2, Resolutions.NoChangeNeeded, "Đã chuyển đến, chờ giấy", null), Staff("minh", "CommitteeStaff")),
        (new ReconciliationItemResolved(Id, 3, Resolutions.NoChangeNeeded, "Đang đi học", null), Staff("lan")),
        (new ReconciliationFinished(Id, Today), Staff("lan")),
        (new ReconciliationReopened(Id, "Bổ sung"), Staff("minh", "CommitteeStaff")),
        (new ReconciliationItemResolved(Id, 2, Resolutions.NoChangeNeeded, "Đã có giấy giới thiệu", null), Staff("minh", "CommitteeStaff")));

    [Fact]
    public void the_report_counts_each_category_resolved_and_open_and_says_who_resolved_what()
    {
        var report = ReconciliationReport.Build(Worked()[..4], Items);

        report.Categories.Single(c => c.Category == ItemCategory.ToReview).ShouldBe(new CategoryLine(ItemCategory.ToReview, 1, 1, 0));
        report.Categories.Single(c => c.Category == ItemCategory.OnRollOnly).ShouldBe(new CategoryLine(ItemCategory.OnRollOnly, 1, 1, 0));
        report.Categories.Single(c => c.Category == ItemCategory.InRegisterOnly).ShouldBe(new CategoryLine(ItemCategory.InRegisterOnly, 1, 0, 1));
        report.Categories.Single(c => c.Category == ItemCategory.Matched).ShouldBe(new CategoryLine(ItemCategory.Matched, 2, 0, 0));
        report.ItemsOpen.ShouldBe(1);
        report.Resolutions.Select(r => (r.ItemNumber, r.Category, r.Resolution, r.By.UserName, r.By.Role, r.Reason)).ShouldBe(
        [
            (1, ItemCategory.ToReview, Resolutions.AcceptPair, "lan", "UnitStaff", "Cùng CCCD"),
            (2, ItemCategory.OnRollOnly, Resolutions.NoChangeNeeded, "minh", "CommitteeStaff", "Đã chuyển đến, chờ giấy"),
        ]);
        report.Resolutions[0].OnRoll.ShouldBe("Nguyễn Văn An");
        report.Resolutions[0].At.ShouldBe(At.Plus(Duration.FromMinutes(2)));
    }

    [Fact]
    public void a_report_at_an_earlier_version_shows_the_reconciliation_exactly_as_it_stood_then()
    {
        var finished = ReconciliationReport.Build(Worked()[..6], Items);
        var now = ReconciliationReport.Build(Worked(), Items);

        finished.State.Status.ShouldBe(ReconciliationStatus.Finished);
        finished.State.Version.ShouldBe(6);
        finished.Resolutions.Count.ShouldBe(3);
        finished.Resolutions.ShouldAllBe(r => !r.Superseded);
        now.State.Status.ShouldBe(ReconciliationStatus.InProgress);
        now.State.Revising.ShouldBeTrue();
        now.Resolutions.Where(r => r.ItemNumber == 2).Select(r => (r.Reason, r.Superseded)).ShouldBe([("Đã chuyển đến, chờ giấy", true), ("Đã có giấy giới thiệu", false)]);
        now.Categories.Single(c => c.Category == ItemCategory.OnRollOnly).Resolved.ShouldBe(1);
        now.History.Count.ShouldBe(8);
    }

    [Fact]
    public void a_round_report_takes_each_units_latest_reconciliation_and_counts_resolutions_per_person()
    {
        var older = ReconciliationReport.Build(Worked()[..3], Items).State;
        older.Id = Guid.CreateVersion7();
        var latest = ReconciliationReport.Build(Worked(), Items).State;
        latest.ReferenceDate = Today.PlusDays(1);
        var other = ReconciliationReport.Build(Worked()[..2], Items).State;
        other.Id = Guid.CreateVersion7();
        other.UnitId = Guid.CreateVersion7();

        var report = RoundReport.Build([older, latest, other], Worked());

        report.Units.Select(u => (u.UnitId, u.Reconciliation.Id, u.NeedingDecision, u.Resolved, u.Open)).ShouldBe(
            [(Unit, Id, 3, 3, 0), (other.UnitId, other.Id, 3, 0, 3)], ignoreOrder: true);
        report.Totals.Matched.ShouldBe(4);
        report.Open.ShouldBe(3);
        report.Resolvers.Select(r => (r.UserName, r.Role, r.Resolutions)).ShouldBe([("lan", "UnitStaff", 2), ("minh", "CommitteeStaff", 2)]);
    }
}
