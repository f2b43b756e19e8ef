using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Installs;

/// <summary>
/// A unit's rollout target from <paramref name="EffectiveDate"/>: <paramref name="Percent"/> of its
/// eligible members installed by <paramref name="Deadline"/>, on the committee's decision.
/// </summary>
public sealed record RolloutTargetSet(Guid UnitId, int Percent, LocalDate Deadline, string DecisionReference, LocalDate EffectiveDate);

/// <summary>The unit's own target no longer applies from <paramref name="EffectiveDate"/>; it follows its parent's again.</summary>
public sealed record RolloutTargetRemoved(Guid UnitId, LocalDate EffectiveDate);

/// <summary>A target as it applied from a date (null percent: removed, the unit follows its parent).</summary>
public sealed record RolloutTargetPeriod(LocalDate From, int? Percent, LocalDate? Deadline, string DecisionReference);

/// <summary>The target that applies to a unit on a date, and the unit it was set on (itself or an ancestor).</summary>
public sealed record EffectiveTarget(int Percent, LocalDate Deadline, LocalDate SetOn, Guid SetOnUnitId, bool Inherited);

/// <summary>How a unit stands against its target on a date.</summary>
public enum RolloutProgress
{
    /// <summary>No target applies to the unit or any unit above it.</summary>
    NoTarget,

    /// <summary>The target ratio is reached.</summary>
    Reached,

    /// <summary>Not reached, but at or above the straight line from the day the target was set to the deadline.</summary>
    OnTrack,

    /// <summary>Below that line, with the deadline still ahead.</summary>
    Behind,

    /// <summary>The deadline has passed without reaching the target.</summary>
    Late,
}

/// <summary>
/// A unit's rollout targets over time, on a stream of its own (the organisation's stream keeps the
/// structure; a target is the committee's plan for it). Every change is kept, so the dashboard for a
/// past date shows the target that applied then.
/// </summary>
public sealed class RolloutTarget
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public Guid UnitId { get; set; }

    public List<RolloutTargetPeriod> Periods { get; set; } = [];

    /// <summary>The stream id for a unit's targets: derived from the unit's id, never equal to it.</summary>
    public static Guid StreamIdFor(Guid unitId) =>
        Streams.DerivedId("rollout-target", unitId);

    public void Apply(RolloutTargetSet e)
    {
        UnitId = e.UnitId;
        Add(new RolloutTargetPeriod(e.EffectiveDate, e.Percent, e.Deadline, e.DecisionReference));
    }

    public void Apply(RolloutTargetRemoved e)
    {
        UnitId = e.UnitId;
        Add(new RolloutTargetPeriod(e.EffectiveDate, null, null, string.Empty));
    }

    /// <summary>The period in force on <paramref name="date"/>, or null before the first one.</summary>
    public RolloutTargetPeriod? On(LocalDate date) => DatedSettings.On(Periods, date, p => p.From);

    private void Add(RolloutTargetPeriod period) => DatedSettings.Insert(Periods, period, p => p.From);
}

/// <summary>Set (or change) a unit's rollout target.</summary>
public sealed record SetRolloutTarget(Guid UnitId, int ExpectedVersion, int Percent, LocalDate Deadline, string DecisionReference, LocalDate EffectiveDate);

/// <summary>Remove a unit's own target, so it follows its parent's.</summary>
public sealed record RemoveRolloutTarget(Guid UnitId, int ExpectedVersion, LocalDate EffectiveDate);

/// <summary>Which target applies to a unit on a date, and how the unit stands against it.</summary>
public static class RolloutTargets
{
    /// <summary>
    /// The target for <paramref name="unitId"/> on <paramref name="date"/>: its own, else the nearest
    /// ancestor's (a district's target covers its wards until a ward is given one of its own); a unit
    /// whose own target was removed follows its parent's again.
    /// </summary>
    public static EffectiveTarget? EffectiveOn(Guid unitId, OrganisationTree tree, IReadOnlyDictionary<Guid, RolloutTarget> targets, LocalDate date)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return DatedSettings.Nearest(unitId, tree, id => targets.GetValueOrDefault(id)?.On(date) is { Percent: not null } period ? period : null) is ({ Percent: { } percent, Deadline: { } deadline } period, var setOn)
            ? new EffectiveTarget(percent, deadline, period.From, setOn, setOn != unitId)
            : null;
    }

    /// <summary>
    /// Where <paramref name="ratio"/> (installed out of eligible) stands on <paramref name="date"/>:
    /// reached, late after the deadline, else on track when at or above the straight line from 0 on
    /// the day the target was set to the target on the deadline.
    /// </summary>
    public static RolloutProgress Progress(decimal? ratio, EffectiveTarget? target, LocalDate date)
    {
        if (target is null)
        {
            return RolloutProgress.NoTarget;
        }

        var goal = target.Percent / 100m;
        var reached = ratio ?? 0m;
        if (reached >= goal)
        {
            return RolloutProgress.Reached;
        }

        if (date > target.Deadline)
        {
            return RolloutProgress.Late;
        }

        var total = Period.Between(target.SetOn, target.Deadline, PeriodUnits.Days).Days;
        var elapsed = Math.Max(0, Period.Between(target.SetOn, date, PeriodUnits.Days).Days);
        var expected = goal * elapsed / total;
        return reached >= expected ? RolloutProgress.OnTrack : RolloutProgress.Behind;
    }
}

public static class RolloutTargetHandler
{
    public static RolloutTargetSet Decide(SetRolloutTarget command, OrganisationNode? unit, LocalDate today)
    {
        if (unit is not { IsActive: true })
        {
            throw new RuleViolation("Install.TargetUnitNotActive");
        }

        if (command.Percent is < 1 or > 100)
        {
            throw new RuleViolation("Install.TargetPercentRange");
        }

        InstallRules.NotInFuture(command.EffectiveDate, today);
        if (command.Deadline <= command.EffectiveDate)
        {
            throw new RuleViolation("Install.DeadlineBeforeStart", command.EffectiveDate);
        }

        var decision = Input.Required(command.DecisionReference, TextLimits.DecisionReference, "Install.TargetDecision");
        return new RolloutTargetSet(unit.Id, command.Percent, command.Deadline, decision, command.EffectiveDate);
    }

    public static RolloutTargetRemoved Decide(RemoveRolloutTarget command, RolloutTarget target, LocalDate today)
    {
        if (target.Periods.LastOrDefault() is not { Percent: not null })
        {
            throw new RuleViolation("Install.NoOwnTarget");
        }

        InstallRules.NotInFuture(command.EffectiveDate, today);
        return new RolloutTargetRemoved(target.UnitId, command.EffectiveDate);
    }

    public static async Task Handle(SetRolloutTarget command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var today = VietnamTime.Today(clock);
        var tree = await OrganisationRules.LoadTreeAsync(session, command.EffectiveDate, ct);
        var stream = await session.Events.FetchForWriting<RolloutTarget>(RolloutTarget.StreamIdFor(command.UnitId), command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, tree.Find(command.UnitId), today));
    }

    public static async Task Handle(RemoveRolloutTarget command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<RolloutTarget>(RolloutTarget.StreamIdFor(command.UnitId), command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate ?? new RolloutTarget { UnitId = command.UnitId }, VietnamTime.Today(clock)));
    }
}
