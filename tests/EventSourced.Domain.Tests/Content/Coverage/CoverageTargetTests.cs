using EventSourced.Domain.Common;
using EventSourced.Domain.Content.Coverage;
using EventSourced.Domain.Tests.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Content.Coverage;

public class CoverageTargetTests
{
    private static readonly LocalDate Jan1 = new(2025, 1, 1);
    private static readonly CoveragePeriod March = new(new LocalDate(2025, 3, 1), new LocalDate(2025, 3, 31));

    private readonly TreeBuilder _tree = new();

    private Dictionary<Guid, CoverageTarget> Targets(params object[] events)
    {
        var targets = new Dictionary<Guid, CoverageTarget>();
        foreach (var e in events)
        {
            var unit = e switch { CoverageTargetSet s => s.UnitId, CoverageTargetRemoved r => r.UnitId, _ => throw new ArgumentException("event", nameof(events)) };
            var target = targets.TryGetValue(unit, out var t) ? t : targets[unit] = new CoverageTarget { UnitId = unit };
            switch (e)
            {
                case CoverageTargetSet set: target.Apply(set); break;
                case CoverageTargetRemoved removed: target.Apply(removed); break;
            }
        }

        return targets;
    }

    [Fact]
    public void a_unit_follows_the_nearest_target_above_until_it_has_its_own_and_again_after_it_is_removed()
    {
        var targets = Targets(
            new CoverageTargetSet(_tree.District.Id, 4, 100, "12-KH/QU", Jan1),
            new CoverageTargetSet(_tree.Ward.Id, 8, null, "03-KH/ĐU", Jan1.PlusDays(30)),
            new CoverageTargetRemoved(_tree.Ward.Id, Jan1.PlusDays(60)));
        var tree = _tree.On(Jan1.PlusDays(90));

        CoverageTargets.EffectiveOn(_tree.Cell.Id, tree, targets, Jan1.PlusDays(10)).ShouldBe(new EffectiveCoverageTarget(4, 100, Jan1, _tree.District.Id, Inherited: true));
        CoverageTargets.EffectiveOn(_tree.Ward.Id, tree, targets, Jan1.PlusDays(40)).ShouldBe(new EffectiveCoverageTarget(8, null, Jan1.PlusDays(30), _tree.Ward.Id, Inherited: false));
        CoverageTargets.EffectiveOn(_tree.Ward.Id, tree, targets, Jan1.PlusDays(70))!.SetOnUnitId.ShouldBe(_tree.District.Id);
        CoverageTargets.EffectiveOn(_tree.City.Id, tree, targets, Jan1.PlusDays(70)).ShouldBeNull();
    }

    [Theory]
    [InlineData(8, "2025-04-01", CoverageProgress.Reached)]
    [InlineData(7, "2025-04-01", CoverageProgress.Behind)]
    [InlineData(4, "2025-03-16", CoverageProgress.OnTrack)]
    [InlineData(2, "2025-03-16", CoverageProgress.Behind)]
    public void posts_are_measured_against_the_monthly_number_for_the_periods_length(int posts, string today, CoverageProgress expected)
    {
        var target = new EffectiveCoverageTarget(8, null, Jan1, Guid.NewGuid(), false);

        CoverageTargets.Posts(posts, target, March, NodaTime.Text.LocalDatePattern.Iso.Parse(today).Value).ShouldBe(expected);
    }

    [Fact]
    public void bulletins_are_judged_only_when_some_were_due()
    {
        var target = new EffectiveCoverageTarget(null, 90, Jan1, Guid.NewGuid(), false);

        CoverageTargets.Bulletins(0.95m, target).ShouldBe(CoverageProgress.Reached);
        CoverageTargets.Bulletins(0.5m, target).ShouldBe(CoverageProgress.Behind);
        CoverageTargets.Bulletins(null, target).ShouldBe(CoverageProgress.NoTarget);
        CoverageTargets.Posts(3, target, March, Jan1).ShouldBe(CoverageProgress.NoTarget);
    }

    [Theory]
    [InlineData(null, null, "Coverage.TargetEmpty")]
    [InlineData(0, null, "Coverage.TargetPostsRange")]
    [InlineData(null, 101, "Coverage.TargetPercentRange")]
    public void a_target_must_ask_for_something_reachable(int? posts, int? percent, string rule)
    {
        var command = new SetCoverageTarget(_tree.Ward.Id, 0, posts, percent, "05-KH/TU", Jan1);

        Should.Throw<RuleViolation>(() => CoverageTargetHandler.Decide(command, _tree.On(Jan1).Find(_tree.Ward.Id), Jan1)).Code.ShouldBe(rule);
    }

    [Fact]
    public void a_target_cannot_start_in_the_future()
    {
        var command = new SetCoverageTarget(_tree.Ward.Id, 0, 4, null, "05-KH/TU", Jan1.PlusDays(1));

        Should.Throw<RuleViolation>(() => CoverageTargetHandler.Decide(command, _tree.On(Jan1).Find(_tree.Ward.Id), Jan1)).Code.ShouldBe("Coverage.TargetDateInFuture");
    }
}
