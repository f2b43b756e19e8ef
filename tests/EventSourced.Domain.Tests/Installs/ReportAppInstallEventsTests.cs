using EventSourced.Domain.Common;
using EventSourced.Domain.Installs;
using NodaTime;
using static EventSourced.Domain.Installs.AppInstallEventKind;

namespace EventSourced.Domain.Tests.Installs;

public class ReportAppInstallEventsTests
{
    private static readonly LocalDate Feb1 = new(2023, 2, 1);
    private static readonly Instant Now = UsageBuilder.At(new LocalDate(2023, 2, 3), 12);

    private static ReportAppInstallEvents Reports(MemberAppUsage usage, params AppInstallEventReport[] reports) => new(usage.Id, reports);

    [Fact]
    public void each_new_report_becomes_an_event_stamped_with_the_member_and_the_time_received()
    {
        var usage = UsageBuilder.New();
        var installed = UsageBuilder.Report(Installed, Feb1, 8);
        var activated = UsageBuilder.Report(Activated, Feb1, 9);

        var events = ReportAppInstallEventsHandler.Decide(Reports(usage, installed, activated), usage, Now);

        events.ShouldBe([
            new AppInstallReported(installed.EventId, usage.Id, Installed, "android-1", "android", "1.4.2", installed.OccurredAt, Now),
            new AppInstallReported(activated.EventId, usage.Id, Activated, "android-1", "android", "1.4.2", activated.OccurredAt, Now),
        ]);
    }

    [Fact]
    public void a_batch_already_counted_gives_no_events()
    {
        var usage = UsageBuilder.New();
        var command = Reports(usage, UsageBuilder.Report(Activated, Feb1), UsageBuilder.Report(SignedIn, Feb1.PlusDays(1)));
        usage.With([.. ReportAppInstallEventsHandler.Decide(command, usage, Now)]);

        ReportAppInstallEventsHandler.Decide(command, usage, Now).ShouldBeEmpty();
    }

    [Fact]
    public void only_the_reports_not_seen_before_become_events()
    {
        var usage = UsageBuilder.New();
        var activated = UsageBuilder.Report(Activated, Feb1);
        usage.With([.. ReportAppInstallEventsHandler.Decide(Reports(usage, activated), usage, Now)]);
        var signedIn = UsageBuilder.Report(SignedIn, Feb1.PlusDays(1));

        var events = ReportAppInstallEventsHandler.Decide(Reports(usage, activated, signedIn), usage, Now);

        events.Select(e => e.EventId).ShouldBe([signedIn.EventId]);
    }

    [Fact]
    public void the_same_event_id_twice_in_one_batch_is_counted_once()
    {
        var usage = UsageBuilder.New();
        var activated = UsageBuilder.Report(Activated, Feb1);

        ReportAppInstallEventsHandler.Decide(Reports(usage, activated, activated), usage, Now).Count.ShouldBe(1);
    }

    [Fact]
    public void an_unknown_kind_is_refused()
    {
        var usage = UsageBuilder.New();
        var report = UsageBuilder.Report(Activated, Feb1) with { Kind = (AppInstallEventKind)7 };

        Should.Throw<RuleViolation>(() => ReportAppInstallEventsHandler.Decide(Reports(usage, report), usage, Now))
            .Code.ShouldBe("Install.KindInvalid");
    }

    [Fact]
    public void one_malformed_report_refuses_the_whole_batch()
    {
        var usage = UsageBuilder.New();
        var good = UsageBuilder.Report(Activated, Feb1);
        var bad = UsageBuilder.Report(SignedIn, Feb1) with { DeviceId = "   " };

        Should.Throw<RuleViolation>(() => ReportAppInstallEventsHandler.Decide(Reports(usage, good, bad), usage, Now))
            .Code.ShouldBe("Install.DeviceIdRequired");
    }

    [Theory]
    [InlineData(129, 7, 5, "Install.DeviceIdTooLong")]
    [InlineData(10, 33, 5, "Install.PlatformTooLong")]
    [InlineData(10, 7, 33, "Install.AppVersionTooLong")]
    [InlineData(10, 0, 5, "Install.PlatformRequired")]
    [InlineData(10, 7, 0, "Install.AppVersionRequired")]
    public void device_platform_and_version_must_be_given_and_short(int device, int platform, int version, string rule)
    {
        var usage = UsageBuilder.New();
        var report = UsageBuilder.Report(Activated, Feb1) with
        {
            DeviceId = new string('d', device),
            Platform = new string('p', platform),
            AppVersion = new string('1', version),
        };

        Should.Throw<RuleViolation>(() => ReportAppInstallEventsHandler.Decide(Reports(usage, report), usage, Now))
            .Code.ShouldBe(rule);
    }

    [Fact]
    public void a_device_clock_up_to_a_day_ahead_is_tolerated_but_not_more()
    {
        var usage = UsageBuilder.New();
        var aDayAhead = UsageBuilder.Report(Activated, Feb1) with { OccurredAt = Now + Duration.FromDays(1) };
        var further = aDayAhead with { EventId = Guid.NewGuid(), OccurredAt = Now + Duration.FromDays(1) + Duration.FromSeconds(1) };

        ReportAppInstallEventsHandler.Decide(Reports(usage, aDayAhead), usage, Now).Count.ShouldBe(1);
        Should.Throw<RuleViolation>(() => ReportAppInstallEventsHandler.Decide(Reports(usage, further), usage, Now))
            .Code.ShouldBe("Install.OccurredInFuture");
    }

    [Fact]
    public void an_empty_batch_or_an_empty_event_id_is_refused()
    {
        var usage = UsageBuilder.New();
        var noId = UsageBuilder.Report(Activated, Feb1) with { EventId = Guid.Empty };

        Should.Throw<RuleViolation>(() => ReportAppInstallEventsHandler.Decide(Reports(usage), usage, Now))
            .Code.ShouldBe("Install.ReportsRequired");
        Should.Throw<RuleViolation>(() => ReportAppInstallEventsHandler.Decide(Reports(usage, noId), usage, Now))
            .Code.ShouldBe("Install.EventIdRequired");
    }
}
