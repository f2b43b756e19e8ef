using EventSourced.Domain.Common;
using EventSourced.Domain.Installs;
using NodaTime;
using static EventSourced.Domain.Installs.AppInstallEventKind;

namespace EventSourced.Domain.Tests.Installs;

public class ReportAppInstallEventsTests
{
    private static readonly LocalDate Feb1 = new(2023, 2, 1);
    private static readonly Instant Now = UsageBuilder.At(new LocalDate(2023, 2, 3), 12);
    private static readonly InstallSettings Settings = new(Duration.FromDays(30));

    private static readonly IReadOnlySet<Guid> NoneStored = new HashSet<Guid>();

    private static ReportAppInstallEvents Reports(MemberAppUsage usage, params AppInstallEventReport[] reports) => new(usage.Id, reports);

    /// <summary>The app ids of the events as the event store then holds them.</summary>
    private static HashSet<Guid> Stored(ReportOutcome outcome) => [.. outcome.Events.Select(e => e.EventId)];

    [Fact]
    public void each_new_report_becomes_an_event_stamped_with_the_member_and_the_time_received()
    {
        var usage = UsageBuilder.New();
        var installed = UsageBuilder.Report(Installed, Feb1, 8);
        var activated = UsageBuilder.Report(Activated, Feb1, 9);

        var events = ReportAppInstallEventsHandler.Decide(Reports(usage, installed, activated), NoneStored, Now, Settings).Events;

        events.ShouldBe([
            new AppInstallReported(installed.EventId, usage.Id, Installed, "android-1", "android", "1.4.2", installed.OccurredAt, Now, Now - Duration.FromDays(30)),
            new AppInstallReported(activated.EventId, usage.Id, Activated, "android-1", "android", "1.4.2", activated.OccurredAt, Now, Now - Duration.FromDays(30)),
        ]);
    }

    [Fact]
    public void a_batch_already_counted_gives_no_events()
    {
        var usage = UsageBuilder.New();
        var command = Reports(usage, UsageBuilder.Report(Activated, Feb1), UsageBuilder.Report(SignedIn, Feb1.PlusDays(1)));
        var stored = Stored(ReportAppInstallEventsHandler.Decide(command, NoneStored, Now, Settings));

        ReportAppInstallEventsHandler.Decide(command, stored, Now, Settings).Events.ShouldBeEmpty();
    }

    [Fact]
    public void only_the_reports_not_seen_before_become_events()
    {
        var usage = UsageBuilder.New();
        var activated = UsageBuilder.Report(Activated, Feb1);
        var stored = Stored(ReportAppInstallEventsHandler.Decide(Reports(usage, activated), NoneStored, Now, Settings));
        var signedIn = UsageBuilder.Report(SignedIn, Feb1.PlusDays(1));

        var events = ReportAppInstallEventsHandler.Decide(Reports(usage, activated, signedIn), stored, Now, Settings).Events;

        events.Select(e => e.EventId).ShouldBe([signedIn.EventId]);
    }

    [Fact]
    public void the_same_event_id_twice_in_one_batch_is_counted_once()
    {
        var usage = UsageBuilder.New();
        var activated = UsageBuilder.Report(Activated, Feb1);

        ReportAppInstallEventsHandler.Decide(Reports(usage, activated, activated), NoneStored, Now, Settings).Events.Count.ShouldBe(1);
    }

    [Fact]
    public void an_unknown_kind_is_refused()
    {
        var usage = UsageBuilder.New();
        var report = UsageBuilder.Report(Activated, Feb1) with { Kind = (AppInstallEventKind)7 };

        Should.Throw<RuleViolation>(() => ReportAppInstallEventsHandler.Decide(Reports(usage, report), NoneStored, Now, Settings).Events)
            .Code.ShouldBe("Install.KindInvalid");
    }

    [Fact]
    public void one_malformed_report_refuses_the_whole_batch()
    {
        var usage = UsageBuilder.New();
        var good = UsageBuilder.Report(Activated, Feb1);
        var bad = UsageBuilder.Report(SignedIn, Feb1) with { DeviceId = "   " };

        Should.Throw<RuleViolation>(() => ReportAppInstallEventsHandler.Decide(Reports(usage, good, bad), NoneStored, Now, Settings).Events)
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

        Should.Throw<RuleViolation>(() => ReportAppInstallEventsHandler.Decide(Reports(usage, report), NoneStored, Now, Settings).Events)
            .Code.ShouldBe(rule);
    }

    [Fact]
    public void a_device_clock_up_to_a_day_ahead_is_tolerated_but_not_more()
    {
        var usage = UsageBuilder.New();
        var aDayAhead = UsageBuilder.Report(Activated, Feb1) with { OccurredAt = Now + Duration.FromDays(1) };
        var further = aDayAhead with { EventId = Guid.NewGuid(), OccurredAt = Now + Duration.FromDays(1) + Duration.FromSeconds(1) };

        ReportAppInstallEventsHandler.Decide(Reports(usage, aDayAhead), NoneStored, Now, Settings).Events.Count.ShouldBe(1);
        Should.Throw<RuleViolation>(() => ReportAppInstallEventsHandler.Decide(Reports(usage, further), NoneStored, Now, Settings).Events)
            .Code.ShouldBe("Install.OccurredInFuture");
    }

    [Fact]
    public void an_empty_batch_or_an_empty_event_id_is_refused()
    {
        var usage = UsageBuilder.New();
        var noId = UsageBuilder.Report(Activated, Feb1) with { EventId = Guid.Empty };

        Should.Throw<RuleViolation>(() => ReportAppInstallEventsHandler.Decide(Reports(usage), NoneStored, Now, Settings).Events)
            .Code.ShouldBe("Install.ReportsRequired");
        Should.Throw<RuleViolation>(() => ReportAppInstallEventsHandler.Decide(Reports(usage, noId), NoneStored, Now, Settings).Events)
            .Code.ShouldBe("Install.EventIdRequired");
    }

    [Fact]
    public void a_report_from_before_the_window_is_refused_on_its_own_and_the_rest_of_the_batch_is_stored()
    {
        var usage = UsageBuilder.New();
        var lastYear = UsageBuilder.Report(Activated, new LocalDate(2022, 2, 3));
        var recent = UsageBuilder.Report(SignedIn, Feb1);

        var outcome = ReportAppInstallEventsHandler.Decide(Reports(usage, lastYear, recent), NoneStored, Now, Settings);

        outcome.Events.Select(e => e.EventId).ShouldBe([recent.EventId]);
        outcome.Refused.ShouldBe([new RefusedReport(lastYear.EventId, "Install.OccurredTooLongAgo")]);
    }

    [Fact]
    public void reports_from_more_devices_than_a_member_has_within_the_window_are_refused_on_their_own()
    {
        // Nine devices known in the window (and one long before it, which no longer counts), then a batch
        // from a device already known, a tenth and an eleventh: only the eleventh is refused.
        var usage = UsageBuilder.New().Reporting(Activated, new LocalDate(2022, 12, 1), device: "old-phone");
        for (var i = 1; i <= ReportAppInstallEventsHandler.MaxDevices - 1; i++)
        {
            usage = usage.Reporting(Activated, Feb1, device: $"d-{i}");
        }

        var known = UsageBuilder.Report(SignedIn, Feb1.PlusDays(1), device: "d-1");
        var tenth = UsageBuilder.Report(Activated, Feb1.PlusDays(1), device: "d-10");
        var tenthAgain = UsageBuilder.Report(SignedIn, Feb1.PlusDays(2), device: "d-10");
        var eleventh = UsageBuilder.Report(Activated, Feb1.PlusDays(1), device: "d-11");

        var outcome = ReportAppInstallEventsHandler.Decide(Reports(usage, known, tenth, eleventh, tenthAgain), NoneStored, Now, Settings, usage);

        outcome.Events.Select(e => e.EventId).ShouldBe([known.EventId, tenth.EventId, tenthAgain.EventId]);
        outcome.Refused.ShouldBe([new RefusedReport(eleventh.EventId, ReportAppInstallEventsHandler.TooManyDevices)]);
    }

    [Fact]
    public void a_batch_of_a_thousand_made_up_devices_leaves_the_record_bounded()
    {
        var usage = UsageBuilder.New();
        var reports = Enumerable.Range(0, ReportAppInstallEventsHandler.MaxBatch)
            .Select(i => UsageBuilder.Report(Activated, Feb1, device: $"fake-{i}"))
            .ToArray();

        var outcome = ReportAppInstallEventsHandler.Decide(Reports(usage, reports), NoneStored, Now, Settings, usage);

        outcome.Events.Count.ShouldBe(ReportAppInstallEventsHandler.MaxDevices);
        outcome.Refused.Count.ShouldBe(ReportAppInstallEventsHandler.MaxBatch - ReportAppInstallEventsHandler.MaxDevices);
        usage.With([.. outcome.Events]).Reports.Count.ShouldBe(ReportAppInstallEventsHandler.MaxDevices);
    }

    [Fact]
    public void a_report_exactly_at_the_start_of_the_window_is_stored_and_one_tick_earlier_is_refused()
    {
        var usage = UsageBuilder.New();
        var atStart = UsageBuilder.Report(Activated, Feb1) with { OccurredAt = Now - Duration.FromDays(30) };
        var justBefore = atStart with { EventId = Guid.NewGuid(), OccurredAt = atStart.OccurredAt - Duration.Epsilon };

        var outcome = ReportAppInstallEventsHandler.Decide(Reports(usage, atStart, justBefore), NoneStored, Now, Settings);

        outcome.Events.Select(e => e.EventId).ShouldBe([atStart.EventId]);
        outcome.Refused.Select(r => r.EventId).ShouldBe([justBefore.EventId]);
    }

    [Fact]
    public void the_window_comes_from_the_settings()
    {
        var usage = UsageBuilder.New();
        var tenDaysAgo = UsageBuilder.Report(Activated, Feb1) with { OccurredAt = Now - Duration.FromDays(10) };

        ReportAppInstallEventsHandler.Decide(Reports(usage, tenDaysAgo), NoneStored, Now, new InstallSettings(Duration.FromDays(7))).Refused.Count.ShouldBe(1);
        ReportAppInstallEventsHandler.Decide(Reports(usage, tenDaysAgo), NoneStored, Now, new InstallSettings(Duration.FromDays(14))).Events.Count.ShouldBe(1);
        new InstallSettings().ReportWindow.ShouldBe(Duration.FromDays(30));
        Should.Throw<ArgumentOutOfRangeException>(() => new InstallSettings(Duration.Zero));
    }

    [Fact]
    public void a_retry_of_a_counted_report_is_dropped_not_refused_even_once_it_is_older_than_the_window()
    {
        var usage = UsageBuilder.New();
        var activated = UsageBuilder.Report(Activated, Feb1);
        var stored = Stored(ReportAppInstallEventsHandler.Decide(Reports(usage, activated), NoneStored, Now, Settings));

        var outcome = ReportAppInstallEventsHandler.Decide(Reports(usage, activated), stored, Now + Duration.FromDays(40), Settings);

        outcome.Events.ShouldBeEmpty();
        outcome.Refused.ShouldBeEmpty();
    }

    [Fact]
    public void each_event_carries_the_earliest_time_the_server_accepted()
    {
        var usage = UsageBuilder.New();

        var reported = ReportAppInstallEventsHandler.Decide(Reports(usage, UsageBuilder.Report(Activated, Feb1)), NoneStored, Now, Settings).Events.ShouldHaveSingleItem();

        reported.AcceptedFrom.ShouldBe(Now - Duration.FromDays(30));
    }

    [Fact]
    public void a_report_is_stored_under_an_id_of_its_member_and_its_app_id_that_no_other_member_shares()
    {
        var member = Guid.NewGuid();
        var other = Guid.NewGuid();
        var eventId = Guid.NewGuid();

        var stored = AppInstallReported.StoredIdFor(member, eventId);

        AppInstallReported.StoredIdFor(member, eventId).ShouldBe(stored);
        AppInstallReported.StoredIdFor(other, eventId).ShouldNotBe(stored);
        AppInstallReported.StoredIdFor(member, Guid.NewGuid()).ShouldNotBe(stored);
        stored.Version.ShouldBe(8);
    }
}
