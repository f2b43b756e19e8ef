using EventSourced.Domain.Common;
using EventSourced.Domain.Installs;
using EventSourced.Domain.Tests.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Installs;

public class RolloutTargetTests
{
    private static readonly LocalDate Jan3 = new(2023, 1, 3);
    private static readonly LocalDate EndOfFebruary = new(2023, 2, 28);
    private static readonly LocalDate EndOfApril = new(2023, 4, 30);

    private readonly TreeBuilder _tree = new();

    private Dictionary<Guid, RolloutTarget> Targets(params (Guid Unit, object Event)[] events)
    {
        var targets = new Dictionary<Guid, RolloutTarget>();
        foreach (var (unit, e) in events)
        {
            var target = targets.TryGetValue(unit, out var t) ? t : targets[unit] = new RolloutTarget { UnitId = unit };
            switch (e)
            {
                case RolloutTargetSet set: target.Apply(set); break;
                case RolloutTargetRemoved removed: target.Apply(removed); break;
            }
        }

        return targets;
    }

    [Fact]
    public void a_unit_without_a_target_follows_its_nearest_ancestor()
    {
        var targets = Targets((_tree.District.Id, new RolloutTargetSet(_tree.District.Id, 80, EndOfApril, "05-KH/TU", Jan3)));

        var effective = RolloutTargets.EffectiveOn(_tree.Cell.Id, _tree.On(EndOfFebruary), targets, EndOfFebruary);

        effective.ShouldBe(new EffectiveTarget(80, EndOfApril, Jan3, _tree.District.Id, Inherited: true));
    }

    [Fact]
    public void a_pilot_unit_target_overrides_the_parent_and_a_past_date_sees_the_target_then()
    {
        var targets = Targets(
            (_tree.District.Id, new RolloutTargetSet(_tree.District.Id, 80, EndOfApril, "05-KH/TU", Jan3)),
            (_tree.Ward.Id, new RolloutTargetSet(_tree.Ward.Id, 70, EndOfFebruary, "06-KH/TU", Jan3.PlusDays(10))));
        var tree = _tree.On(EndOfFebruary);

        RolloutTargets.EffectiveOn(_tree.Ward.Id, tree, targets, Jan3.PlusDays(5))!.Percent.ShouldBe(80);
        RolloutTargets.EffectiveOn(_tree.Ward.Id, tree, targets, Jan3.PlusDays(10))!.ShouldBe(new EffectiveTarget(70, EndOfFebruary, Jan3.PlusDays(10), _tree.Ward.Id, false));
    }

    [Fact]
    public void removing_a_target_returns_the_unit_to_its_parent_only_when_the_parent_has_one()
    {
        var targets = Targets(
            (_tree.Ward.Id, new RolloutTargetSet(_tree.Ward.Id, 70, EndOfFebruary, "06-KH/TU", Jan3)),
            (_tree.Ward.Id, new RolloutTargetRemoved(_tree.Ward.Id, Jan3.PlusDays(20))));

        RolloutTargets.EffectiveOn(_tree.Ward.Id, _tree.On(EndOfFebruary), targets, Jan3.PlusDays(25)).ShouldBeNull();
    }

    [Fact]
    public void removing_a_target_returns_the_unit_to_its_parents_target()
    {
        var targets = Targets(
            (_tree.District.Id, new RolloutTargetSet(_tree.District.Id, 80, EndOfApril, "05-KH/TU", Jan3)),
            (_tree.Ward.Id, new RolloutTargetSet(_tree.Ward.Id, 70, EndOfFebruary, "06-KH/TU", Jan3)),
            (_tree.Ward.Id, new RolloutTargetRemoved(_tree.Ward.Id, Jan3.PlusDays(20))));
        var tree = _tree.On(EndOfFebruary);

        RolloutTargets.EffectiveOn(_tree.Ward.Id, tree, targets, Jan3.PlusDays(10))!.Percent.ShouldBe(70);
        RolloutTargets.EffectiveOn(_tree.Ward.Id, tree, targets, Jan3.PlusDays(25)).ShouldBe(new EffectiveTarget(80, EndOfApril, Jan3, _tree.District.Id, Inherited: true));
    }

    [Theory]
    [InlineData("2023-02-28", 0.72, RolloutProgress.Behind)]
    [InlineData("2023-01-20", 0.30, RolloutProgress.OnTrack)]
    [InlineData("2023-03-01", 0.79, RolloutProgress.Late)]
    [InlineData("2023-03-01", 0.80, RolloutProgress.Reached)]
    public void progress_is_measured_against_a_straight_line_to_the_deadline(string date, double ratio, RolloutProgress expected)
    {
        var target = new EffectiveTarget(80, EndOfFebruary, Jan3, Guid.NewGuid(), false);

        RolloutTargets.Progress((decimal)ratio, target, NodaTime.Text.LocalDatePattern.Iso.Parse(date).Value).ShouldBe(expected);
    }

    [Fact]
    public void no_target_means_no_progress_judgement()
    {
        RolloutTargets.Progress(0.5m, null, Jan3).ShouldBe(RolloutProgress.NoTarget);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void a_target_outside_1_to_100_percent_is_refused(int percent)
    {
        var command = new SetRolloutTarget(_tree.Ward.Id, 0, percent, EndOfFebruary, "06-KH/TU", Jan3);

        Should.Throw<RuleViolation>(() => RolloutTargetHandler.Decide(command, _tree.On(Jan3).Find(_tree.Ward.Id), Jan3)).Code.ShouldBe("Install.TargetPercentRange");
    }

    [Fact]
    public void a_deadline_on_or_before_the_start_is_refused()
    {
        var command = new SetRolloutTarget(_tree.Ward.Id, 0, 80, Jan3, "06-KH/TU", Jan3);

        Should.Throw<RuleViolation>(() => RolloutTargetHandler.Decide(command, _tree.On(Jan3).Find(_tree.Ward.Id), Jan3)).Code.ShouldBe("Install.DeadlineBeforeStart");
    }

    [Fact]
    public void a_target_needs_its_decision_reference()
    {
        var command = new SetRolloutTarget(_tree.Ward.Id, 0, 80, EndOfFebruary, "  ", Jan3);

        Should.Throw<RuleViolation>(() => RolloutTargetHandler.Decide(command, _tree.On(Jan3).Find(_tree.Ward.Id), Jan3)).Code.ShouldBe("Install.TargetDecisionRequired");
    }
}
