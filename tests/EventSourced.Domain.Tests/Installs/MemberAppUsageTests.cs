using EventSourced.Domain.Installs;
using EventSourced.Domain.Members;
using EventSourced.Domain.Tests.Members;
using NodaTime;
using static EventSourced.Domain.Installs.AppInstallEventKind;

namespace EventSourced.Domain.Tests.Installs;

public class MemberAppUsageTests
{
    private static readonly DateTimeZone Zone = UsageBuilder.Zone;
    private static readonly LocalDate Feb1 = new(2023, 2, 1);
    private static readonly LocalDate Feb10 = new(2023, 2, 10);
    private static readonly LocalDate Feb20 = new(2023, 2, 20);

    [Fact]
    public void a_member_counts_as_installed_from_the_first_activation()
    {
        var usage = UsageBuilder.New().Reporting(Activated, Feb10);

        usage.InstalledOn(Feb10.PlusDays(-1), Zone).ShouldBeFalse();
        usage.InstalledOn(Feb10, Zone).ShouldBeTrue();
        usage.InstalledOn(Feb20, Zone).ShouldBeTrue();
    }

    [Fact]
    public void installing_without_activating_does_not_count()
    {
        var usage = UsageBuilder.New().Reporting(Installed, Feb1);

        usage.InstalledOn(Feb20, Zone).ShouldBeFalse();
    }

    [Fact]
    public void the_same_event_id_reported_twice_is_counted_once()
    {
        var usage = UsageBuilder.New();
        var activated = usage.Reported(Activated, Feb1);

        usage.With(activated, activated);

        usage.Reports.ShouldBe([activated]);
    }

    [Fact]
    public void a_retried_uninstall_does_not_undo_a_later_reinstall()
    {
        var usage = UsageBuilder.New();
        var uninstalled = usage.Reported(Uninstalled, Feb10);
        usage.With(usage.Reported(Activated, Feb1), uninstalled, usage.Reported(Activated, Feb20), uninstalled);

        usage.InstalledOn(Feb20, Zone).ShouldBeTrue();
        usage.Reports.Count.ShouldBe(3);
    }

    [Fact]
    public void an_uninstall_arriving_before_the_earlier_activation_still_ends_the_install()
    {
        var usage = UsageBuilder.New();
        var activated = usage.Reported(Activated, Feb1);
        var uninstalled = usage.Reported(Uninstalled, Feb10);

        usage.With(uninstalled, activated);

        usage.Reports.Select(r => r.Kind).ShouldBe([Activated, Uninstalled]);
        usage.InstalledOn(Feb1, Zone).ShouldBeTrue();
        usage.InstalledOn(Feb10, Zone).ShouldBeFalse();
        usage.InstalledOn(Feb20, Zone).ShouldBeFalse();
    }

    [Fact]
    public void figures_do_not_depend_on_the_order_reports_arrive_in()
    {
        var template = UsageBuilder.New();
        object[] events =
        [
            template.Reported(Installed, Feb1, 8),
            template.Reported(Activated, Feb1, 9),
            template.Reported(Uninstalled, Feb10),
            template.Reported(SignedIn, Feb20),
        ];

        var inOrder = MemberAppUsage.For(template.Id).With(events);
        var reversed = MemberAppUsage.For(template.Id).With([.. events.Reverse()]);

        foreach (var date in new[] { Feb1, Feb10, Feb20 })
        {
            reversed.InstalledOn(date, Zone).ShouldBe(inOrder.InstalledOn(date, Zone), $"on {date}");
        }

        reversed.Reports.ShouldBe(inOrder.Reports);
    }

    [Fact]
    public void uninstalled_then_activated_again_counts_as_installed_from_the_reactivation()
    {
        var usage = UsageBuilder.New()
            .Reporting(Activated, Feb1)
            .Reporting(Uninstalled, Feb10)
            .Reporting(Activated, Feb20);

        usage.InstalledOn(Feb10, Zone).ShouldBeFalse();
        usage.InstalledOn(Feb20.PlusDays(-1), Zone).ShouldBeFalse();
        usage.InstalledOn(Feb20, Zone).ShouldBeTrue();
    }

    [Fact]
    public void a_sign_in_after_an_uninstall_proves_the_app_is_back()
    {
        var usage = UsageBuilder.New()
            .Reporting(Activated, Feb1)
            .Reporting(Uninstalled, Feb10)
            .Reporting(SignedIn, Feb20);

        usage.InstalledOn(Feb20, Zone).ShouldBeTrue();
    }

    [Fact]
    public void an_uninstall_on_one_device_does_not_end_the_install_while_another_device_has_the_app()
    {
        var usage = UsageBuilder.New()
            .Reporting(Activated, Feb1, device: "android-1")
            .Reporting(Activated, Feb10, device: "iphone-2")
            .Reporting(Uninstalled, Feb20, device: "android-1");

        usage.InstalledOn(Feb20, Zone).ShouldBeTrue();
        usage.Reporting(Uninstalled, Feb20.PlusDays(1), device: "iphone-2").InstalledOn(Feb20.PlusDays(1), Zone).ShouldBeFalse();
    }

    [Fact]
    public void activations_on_two_devices_the_same_day_are_both_kept()
    {
        // One report of each sort a day is kept per device: the phone's activation at 10:00 must not
        // replace the tablet's at 09:00, or the phone's uninstall at 11:00 would end both.
        var usage = UsageBuilder.New()
            .Reporting(Activated, Feb10, hour: 9, device: "tablet")
            .Reporting(Activated, Feb10, hour: 10, device: "phone")
            .Reporting(Uninstalled, Feb10, hour: 11, device: "phone");

        usage.InstalledOn(Feb10, Zone).ShouldBeTrue();
    }

    [Fact]
    public void an_uninstall_later_on_the_day_of_an_activation_ends_it_that_day()
    {
        var usage = UsageBuilder.New()
            .Reporting(Activated, Feb1, hour: 9)
            .Reporting(Uninstalled, Feb1, hour: 17);

        usage.InstalledOn(Feb1, Zone).ShouldBeFalse();
    }

    [Fact]
    public void a_report_is_dated_in_hanoi_not_in_utc()
    {
        // 06:00 in Hanoi on 10 February is still 9 February in UTC.
        var usage = UsageBuilder.New().Reporting(Activated, Feb10, hour: 6);

        usage.InstalledOn(Feb10, Zone).ShouldBeTrue();
        usage.InstalledOn(Feb10.PlusDays(-1), Zone).ShouldBeFalse();
    }

    [Fact]
    public void an_install_recorded_by_staff_counts_as_an_activation_on_its_date()
    {
        var usage = UsageBuilder.New().With(new InstallRecordedByStaff(Guid.NewGuid(), Feb10, "Điện thoại Samsung của con gái"));

        usage.InstalledOn(Feb10.PlusDays(-1), Zone).ShouldBeFalse();
        usage.InstalledOn(Feb10, Zone).ShouldBeTrue();
    }

    [Fact]
    public void a_staff_install_after_an_uninstall_counts_again_but_an_uninstall_that_day_wins()
    {
        var reinstalled = UsageBuilder.New()
            .Reporting(Activated, Feb1)
            .Reporting(Uninstalled, Feb10)
            .With(new InstallRecordedByStaff(Guid.NewGuid(), Feb20, string.Empty));
        var removedThatDay = UsageBuilder.New()
            .With(new InstallRecordedByStaff(Guid.NewGuid(), Feb10, string.Empty))
            .Reporting(Uninstalled, Feb10, hour: 15);

        reinstalled.InstalledOn(Feb20, Zone).ShouldBeTrue();
        removedThatDay.InstalledOn(Feb10, Zone).ShouldBeFalse();
    }

    [Fact]
    public void the_same_staff_form_recorded_twice_is_counted_once()
    {
        var recorded = new InstallRecordedByStaff(Guid.NewGuid(), Feb10, string.Empty);

        var usage = UsageBuilder.New().With(recorded, recorded);

        usage.StaffInstalls.Count.ShouldBe(1);
    }

    [Fact]
    public void activity_counts_the_30_days_up_to_and_including_the_date()
    {
        var usage = UsageBuilder.New().Reporting(Activated, Feb1);

        usage.ActiveInLast30Days(Feb1.PlusDays(-1), Zone).ShouldBeFalse();
        usage.ActiveInLast30Days(Feb1, Zone).ShouldBeTrue();
        usage.ActiveInLast30Days(Feb1.PlusDays(29), Zone).ShouldBeTrue();
        usage.ActiveInLast30Days(Feb1.PlusDays(30), Zone).ShouldBeFalse();
    }

    [Fact]
    public void a_sign_in_keeps_a_member_active_but_installing_or_a_staff_record_does_not()
    {
        var signedIn = UsageBuilder.New().Reporting(Activated, Feb1).Reporting(SignedIn, Feb20);
        var notUsed = UsageBuilder.New()
            .Reporting(Installed, Feb20)
            .With(new InstallRecordedByStaff(Guid.NewGuid(), Feb20, string.Empty));

        signedIn.ActiveInLast30Days(Feb20.PlusDays(20), Zone).ShouldBeTrue();
        notUsed.ActiveInLast30Days(Feb20, Zone).ShouldBeFalse();
        notUsed.InstalledOn(Feb20, Zone).ShouldBeTrue();
    }

    [Fact]
    public void an_exempt_member_is_not_eligible()
    {
        var member = MemberBuilder.Official().With(
            new MemberExempted(MemberBuilder.DecisionOn(Feb1, "50-QĐ/CB"), "Tuổi cao, sức yếu", Feb1));
        var usage = UsageBuilder.New(member.Id);

        usage.EligibleOn(Feb10, member.Exempt).ShouldBeFalse();
        usage.EligibleOn(Feb10, exempt: false).ShouldBeTrue();
    }

    [Fact]
    public void a_member_marked_not_eligible_is_eligible_again_from_the_day_it_is_undone()
    {
        var usage = UsageBuilder.New().With(new MarkedNotEligible("Không có điện thoại thông minh", Feb1), new EligibilityRestored(Feb20));

        usage.EligibleOn(Feb1.PlusDays(-1), exempt: false).ShouldBeTrue();
        usage.EligibleOn(Feb10, exempt: false).ShouldBeFalse();
        usage.EligibleOn(Feb20, exempt: false).ShouldBeTrue();
        usage.NotEligibleReason.ShouldBeNull();
    }

    [Fact]
    public void the_reason_stays_while_a_member_is_not_eligible()
    {
        var usage = UsageBuilder.New().With(new MarkedNotEligible("Không có điện thoại thông minh", Feb1));

        usage.NotEligibleReason.ShouldBe("Không có điện thoại thông minh");
        usage.EligibleOn(Feb20, exempt: false).ShouldBeFalse();
    }

    [Fact]
    public void the_record_keeps_one_report_of_each_sort_a_day_however_many_arrive()
    {
        var usage = UsageBuilder.New();
        for (var i = 0; i < 2_500; i++)
        {
            usage.With(usage.Reported(i % 2 == 0 ? SignedIn : Installed, Feb1.PlusDays(i % 3), 1 + (i % 20)));
        }

        // Sign-ins are at odd hours (the last at 19:00), installs alone at even ones.
        usage.Reports.Count.ShouldBe(6);
        usage.Reports.Where(r => r.Kind == SignedIn).Select(r => r.OccurredAt).ShouldBe([UsageBuilder.At(Feb1, 19), UsageBuilder.At(Feb1.PlusDays(1), 19), UsageBuilder.At(Feb1.PlusDays(2), 19)]);
    }

    [Theory]
    [InlineData(new[] { 8, 10 }, new[] { 9 }, true)]
    [InlineData(new[] { 8 }, new[] { 9, 11 }, false)]
    [InlineData(new[] { 8, 12 }, new[] { 9, 11 }, true)]
    public void keeping_a_days_last_activation_and_last_uninstall_gives_the_same_figures(int[] activations, int[] uninstalls, bool installedAtTheEndOfTheDay)
    {
        var usage = UsageBuilder.New();
        foreach (var hour in activations)
        {
            usage.Reporting(SignedIn, Feb10, hour);
        }

        foreach (var hour in uninstalls)
        {
            usage.Reporting(Uninstalled, Feb10, hour);
        }

        usage.Reports.Count.ShouldBe(2);
        usage.InstalledOn(Feb10, Zone).ShouldBe(installedAtTheEndOfTheDay);
        usage.ActiveInLast30Days(Feb10.PlusDays(29), Zone).ShouldBeTrue();
        usage.ActiveInLast30Days(Feb10.PlusDays(30), Zone).ShouldBeFalse();
    }
}
