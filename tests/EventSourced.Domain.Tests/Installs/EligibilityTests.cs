using EventSourced.Domain.Common;
using EventSourced.Domain.Installs;
using NodaTime;

namespace EventSourced.Domain.Tests.Installs;

public class EligibilityTests
{
    private static readonly LocalDate Today = new(2023, 3, 1);
    private static readonly LocalDate Marked = new(2023, 2, 1);

    private static MarkNotEligible Mark(MemberAppUsage usage, string reason = "Không có điện thoại thông minh", LocalDate? on = null) =>
        new(usage.Id, usage.Version, reason, on ?? Marked);

    [Fact]
    public void staff_mark_a_member_without_a_smartphone_not_eligible()
    {
        var usage = UsageBuilder.New();

        EligibilityHandler.Decide(Mark(usage), usage, Today)
            .ShouldBe(new MarkedNotEligible("Không có điện thoại thông minh", Marked));
    }

    [Fact]
    public void marking_not_eligible_needs_a_reason()
    {
        var usage = UsageBuilder.New();

        Should.Throw<RuleViolation>(() => EligibilityHandler.Decide(Mark(usage, reason: "  "), usage, Today))
            .Code.ShouldBe("Install.ReasonRequired");
    }

    [Fact]
    public void marking_twice_is_refused()
    {
        var usage = UsageBuilder.New();
        usage.With(EligibilityHandler.Decide(Mark(usage), usage, Today));

        Should.Throw<RuleViolation>(() => EligibilityHandler.Decide(Mark(usage), usage, Today))
            .Code.ShouldBe("Install.AlreadyNotEligible");
    }

    [Fact]
    public void marked_not_eligible_then_restored_is_eligible_again()
    {
        var usage = UsageBuilder.New();
        usage.With(EligibilityHandler.Decide(Mark(usage), usage, Today));

        usage.With(EligibilityHandler.Decide(new RestoreEligibility(usage.Id, usage.Version, Today), usage, Today));

        usage.EligibleOn(Today, exempt: false).ShouldBeTrue();
        usage.EligibleOn(Marked, exempt: false).ShouldBeFalse();
        usage.NotEligibleReason.ShouldBeNull();
    }

    [Fact]
    public void restoring_an_eligible_member_is_refused()
    {
        var usage = UsageBuilder.New();

        Should.Throw<RuleViolation>(() => EligibilityHandler.Decide(new RestoreEligibility(usage.Id, usage.Version, Today), usage, Today))
            .Code.ShouldBe("Install.NotMarkedNotEligible");
    }

    [Fact]
    public void restoring_before_the_marking_is_refused()
    {
        var usage = UsageBuilder.New();
        usage.With(EligibilityHandler.Decide(Mark(usage), usage, Today));

        Should.Throw<RuleViolation>(() => EligibilityHandler.Decide(new RestoreEligibility(usage.Id, usage.Version, Marked.PlusDays(-1)), usage, Today))
            .Code.ShouldBe("Install.RestoredBeforeMarked");
    }

    [Fact]
    public void marking_again_before_the_last_restoration_is_refused()
    {
        var usage = UsageBuilder.New().With(new MarkedNotEligible("Không có điện thoại", Marked), new EligibilityRestored(Marked.PlusDays(10)));

        Should.Throw<RuleViolation>(() => EligibilityHandler.Decide(Mark(usage, on: Marked.PlusDays(5)), usage, Today))
            .Code.ShouldBe("Install.DateBeforeLastChange");
    }

    [Fact]
    public void a_marking_dated_in_the_future_is_refused()
    {
        var usage = UsageBuilder.New();

        Should.Throw<RuleViolation>(() => EligibilityHandler.Decide(Mark(usage, on: Today.PlusDays(1)), usage, Today))
            .Code.ShouldBe("Install.DateInFuture");
    }
}
