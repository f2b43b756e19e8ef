using EventSourced.Domain.Installs;
using EventSourced.Domain.Installs.Rollout;
using EventSourced.Domain.Members;
using EventSourced.Domain.Tests.Members;
using NodaTime;
using static EventSourced.Domain.Installs.AppInstallEventKind;

namespace EventSourced.Domain.Tests.Installs.Rollout;

public class RolloutSpansTests
{
    private static readonly LocalDate Feb1 = new(2023, 2, 1);

    private static IReadOnlyList<RolloutSpan> Spans(Member member, MemberAppUsage? usage = null) =>
        RolloutSpans.For(member, usage, UsageBuilder.Zone);

    private static RolloutSpan On(IReadOnlyList<RolloutSpan> spans, LocalDate date) => spans.Single(s => s.Contains(date));

    [Fact]
    public void a_member_who_never_used_the_app_has_one_open_span_in_their_cell()
    {
        var member = MemberBuilder.Official();

        Spans(member).ShouldBe([new RolloutSpan(member.CellId, MemberBuilder.Ceremony, null, true, false, false)]);
    }

    [Fact]
    public void an_activation_makes_the_member_installed_from_that_day_and_active_for_30_days()
    {
        var member = MemberBuilder.Official();
        var usage = UsageBuilder.New(member.Id).Reporting(Activated, Feb1);

        var spans = Spans(member, usage);

        On(spans, Feb1.PlusDays(-1)).Installed.ShouldBeFalse();
        On(spans, Feb1).ShouldBe(new RolloutSpan(member.CellId, Feb1, Feb1.PlusDays(30), true, true, true));
        On(spans, Feb1.PlusDays(30)).ShouldBe(new RolloutSpan(member.CellId, Feb1.PlusDays(30), null, true, true, false));
    }

    [Fact]
    public void spans_follow_the_member_from_cell_to_cell_and_end_with_membership()
    {
        var member = MemberBuilder.Official();
        var first = member.CellId;
        var second = Guid.NewGuid();
        member.With(new MemberTransferred(Guid.NewGuid(), first, second, Feb1)).Died(Feb1.PlusDays(40));

        var spans = Spans(member, UsageBuilder.New(member.Id).Reporting(Activated, Feb1.PlusDays(-10)));

        On(spans, Feb1.PlusDays(-1)).CellId.ShouldBe(first);
        On(spans, Feb1).CellId.ShouldBe(second);
        On(spans, Feb1).Installed.ShouldBeTrue();
        spans.Any(s => s.Contains(Feb1.PlusDays(40))).ShouldBeFalse();
    }

    [Fact]
    public void exemption_and_not_eligible_periods_change_eligibility_on_their_dates()
    {
        var member = MemberBuilder.Official()
            .With(new MemberExempted(MemberBuilder.DecisionOn(Feb1), "Tuổi cao", Feb1), new MemberExemptionEnded(MemberBuilder.DecisionOn(Feb1.PlusDays(60)), Feb1.PlusDays(60)));
        var usage = UsageBuilder.New(member.Id).With(new MarkedNotEligible("Không có điện thoại", Feb1.PlusDays(90)));

        var spans = Spans(member, usage);

        On(spans, Feb1.PlusDays(-1)).Eligible.ShouldBeTrue();
        On(spans, Feb1).Eligible.ShouldBeFalse();
        On(spans, Feb1.PlusDays(60)).Eligible.ShouldBeTrue();
        On(spans, Feb1.PlusDays(90)).Eligible.ShouldBeFalse();
    }

    [Fact]
    public void spans_agree_with_the_counting_rules_on_every_day_of_a_busy_history()
    {
        // Uninstalls, reinstalls, sign-ins after gaps, a staff install, reports out of order and a
        // not-eligible period: the spans must say what the rules say, day by day.
        var member = MemberBuilder.Official()
            .With(new MemberExempted(MemberBuilder.DecisionOn(Feb1.PlusDays(100)), "Ốm", Feb1.PlusDays(100)), new MemberExemptionEnded(MemberBuilder.DecisionOn(Feb1.PlusDays(130)), Feb1.PlusDays(130)));
        var usage = UsageBuilder.New(member.Id)
            .Reporting(SignedIn, Feb1.PlusDays(75))
            .Reporting(Installed, Feb1)
            .Reporting(Activated, Feb1.PlusDays(2), hour: 23)
            .Reporting(Uninstalled, Feb1.PlusDays(20))
            .Reporting(Activated, Feb1.PlusDays(20), hour: 8)
            .Reporting(Uninstalled, Feb1.PlusDays(50))
            .With(new InstallRecordedByStaff(Guid.NewGuid(), Feb1.PlusDays(60), string.Empty))
            .Reporting(Uninstalled, Feb1.PlusDays(60), hour: 20)
            .Reporting(Uninstalled, Feb1.PlusDays(140))
            .Reporting(Activated, Feb1.PlusDays(150), device: "tablet")
            .Reporting(SignedIn, Feb1.PlusDays(155), device: "phone")
            .Reporting(Uninstalled, Feb1.PlusDays(160), device: "tablet")
            .Reporting(Uninstalled, Feb1.PlusDays(170), device: "phone")
            .With(new MarkedNotEligible("Không có điện thoại", Feb1.PlusDays(110)), new EligibilityRestored(Feb1.PlusDays(140)));

        var spans = Spans(member, usage);

        for (var day = Feb1.PlusDays(-5); day <= Feb1.PlusDays(200); day = day.PlusDays(1))
        {
            var span = On(spans, day);
            span.Installed.ShouldBe(usage.InstalledOn(day, UsageBuilder.Zone), $"installed on {day}");
            span.Active.ShouldBe(usage.ActiveInLast30Days(day, UsageBuilder.Zone), $"active on {day}");
            span.Eligible.ShouldBe(usage.EligibleOn(day, member.ExemptOn(day)), $"eligible on {day}");
        }

        // The tablet's uninstall leaves the phone's install counting until the phone's own.
        On(spans, Feb1.PlusDays(165)).Installed.ShouldBeTrue();
        On(spans, Feb1.PlusDays(170)).Installed.ShouldBeFalse();

        // Consecutive spans always differ: nothing is split without a change.
        spans.Zip(spans.Skip(1)).ShouldAllBe(pair => pair.First.To == pair.Second.From
            && (pair.First.Installed != pair.Second.Installed || pair.First.Active != pair.Second.Active || pair.First.Eligible != pair.Second.Eligible || pair.First.CellId != pair.Second.CellId));
    }

    [Fact]
    public void the_same_reports_in_another_order_give_the_same_spans()
    {
        var member = MemberBuilder.Official();
        var a = UsageBuilder.New(member.Id);
        var events = new object[] { a.Reported(Activated, Feb1), a.Reported(Uninstalled, Feb1.PlusDays(9)), a.Reported(SignedIn, Feb1.PlusDays(40)) };
        var b = UsageBuilder.New(member.Id);

        a.With(events);
        b.With([.. events.Reverse(), events[1]]);

        Spans(member, b).ShouldBe(Spans(member, a));
    }
}
