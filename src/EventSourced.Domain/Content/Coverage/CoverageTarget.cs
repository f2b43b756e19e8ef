using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Content.Coverage;

/// <summary>
/// A unit's content target from <paramref name="EffectiveDate"/>, on the committee's decision: its
/// own board publishes <paramref name="PostsPerMonth"/> posts a month, and <paramref name="BulletinsOnTimePercent"/>
/// of its cells post their monthly bulletin on time. Either may be left out.
/// </summary>
public sealed record CoverageTargetSet(Guid UnitId, int? PostsPerMonth, int? BulletinsOnTimePercent, string DecisionReference, LocalDate EffectiveDate);

/// <summary>The unit's own content target no longer applies from <paramref name="EffectiveDate"/>; it follows its parent's again.</summary>
public sealed record CoverageTargetRemoved(Guid UnitId, LocalDate EffectiveDate);

/// <summary>A content target as it applied from a date (<see cref="Removed"/>: the unit follows its parent).</summary>
public sealed record CoverageTargetPeriod(LocalDate From, int? PostsPerMonth, int? BulletinsOnTimePercent, string DecisionReference, bool Removed = false);

/// <summary>The content target that applies to a unit on a date, and the unit it was set on (itself or an ancestor).</summary>
public sealed record EffectiveCoverageTarget(int? PostsPerMonth, int? BulletinsOnTimePercent, LocalDate SetOn, Guid SetOnUnitId, bool Inherited);

/// <summary>How a unit stands against one part of its content target over a period.</summary>
public enum CoverageProgress
{
    /// <summary>No target applies to the unit or any unit above it.</summary>
    NoTarget,

    Reached,

    /// <summary>Not reached yet, but the period is still running and the pace so far would reach it.</summary>
    OnTrack,

    /// <summary>Below the target's pace.</summary>
    Behind,
}

/// <summary>
/// A unit's content targets over time, on a stream of its own, kept like the rollout targets: every
/// change is kept so a past period shows the target that applied then, and the units below follow it
/// until given their own.
/// </summary>
public sealed class CoverageTarget
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public Guid UnitId { get; set; }

    public List<CoverageTargetPeriod> Periods { get; set; } = [];

    public static Guid StreamIdFor(Guid unitId) => Streams.DerivedId("coverage-target", unitId);

    public void Apply(CoverageTargetSet e)
    {
        UnitId = e.UnitId;
        DatedSettings.Insert(Periods, new CoverageTargetPeriod(e.EffectiveDate, e.PostsPerMonth, e.BulletinsOnTimePercent, e.DecisionReference), p => p.From);
    }

    public void Apply(CoverageTargetRemoved e)
    {
        UnitId = e.UnitId;
        DatedSettings.Insert(Periods, new CoverageTargetPeriod(e.EffectiveDate, null, null, string.Empty, Removed: true), p => p.From);
    }

    /// <summary>The period in force on <paramref name="date"/>, or null before the first one.</summary>
    public CoverageTargetPeriod? On(LocalDate date) => DatedSettings.On(Periods, date, p => p.From);
}

/// <summary>Set (or change) a unit's content target.</summary>
public sealed record SetCoverageTarget(Guid UnitId, int ExpectedVersion, int? PostsPerMonth, int? BulletinsOnTimePercent, string DecisionReference, LocalDate EffectiveDate);

/// <summary>Remove a unit's own content target, so it follows its parent's.</summary>
public sealed record RemoveCoverageTarget(Guid UnitId, int ExpectedVersion, LocalDate EffectiveDate);

/// <summary>Which content target applies to a unit, and how the unit stands against it.</summary>
public static class CoverageTargets
{
    public const int MaxPostsPerMonth = 1000;

    /// <summary>The target for <paramref name="unitId"/> on <paramref name="date"/>: its own, else the nearest ancestor's.</summary>
    public static EffectiveCoverageTarget? EffectiveOn(Guid unitId, OrganisationTree tree, IReadOnlyDictionary<Guid, CoverageTarget> targets, LocalDate date)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return DatedSettings.Nearest(unitId, tree, id => targets.GetValueOrDefault(id)?.On(date) is { Removed: false } period ? period : null) is (var found, var setOn)
            ? new EffectiveCoverageTarget(found.PostsPerMonth, found.BulletinsOnTimePercent, found.From, setOn, setOn != unitId)
            : null;
    }

    /// <summary>
    /// Posts against the target: the monthly number times the period's length in months; while the
    /// period runs, on track when the days gone so far have their share.
    /// </summary>
    public static CoverageProgress Posts(int posts, EffectiveCoverageTarget? target, CoveragePeriod period, LocalDate today)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (target?.PostsPerMonth is not { } perMonth)
        {
            return CoverageProgress.NoTarget;
        }

        var goal = perMonth * period.MonthsLong();
        if (posts >= goal)
        {
            return CoverageProgress.Reached;
        }

        if (today >= period.To)
        {
            return CoverageProgress.Behind;
        }

        var sofar = today < period.From ? 0m : perMonth * (period with { To = today }).MonthsLong();
        return posts >= Math.Floor(sofar) ? CoverageProgress.OnTrack : CoverageProgress.Behind;
    }

    /// <summary>The share of cells with their bulletin on time against the target's percentage; no judgement before any bulletin was due.</summary>
    public static CoverageProgress Bulletins(decimal? share, EffectiveCoverageTarget? target)
    {
        if (target?.BulletinsOnTimePercent is not { } percent || share is null)
        {
            return CoverageProgress.NoTarget;
        }

        return share.Value * 100 >= percent ? CoverageProgress.Reached : CoverageProgress.Behind;
    }
}

public static class CoverageTargetHandler
{
    public static CoverageTargetSet Decide(SetCoverageTarget command, OrganisationNode? unit, LocalDate today)
    {
        if (unit is not { IsActive: true })
        {
            throw new RuleViolation("Coverage.TargetUnitNotActive");
        }

        if (command.PostsPerMonth is null && command.BulletinsOnTimePercent is null)
        {
            throw new RuleViolation("Coverage.TargetEmpty");
        }

        if (command.PostsPerMonth is < 1 or > CoverageTargets.MaxPostsPerMonth)
        {
            throw new RuleViolation("Coverage.TargetPostsRange", CoverageTargets.MaxPostsPerMonth);
        }

        if (command.BulletinsOnTimePercent is < 1 or > 100)
        {
            throw new RuleViolation("Coverage.TargetPercentRange");
        }

        Input.NotInFuture(command.EffectiveDate, today, "Coverage.TargetDate");
        var decision = Input.Required(command.DecisionReference, TextLimits.DecisionReference, "Coverage.TargetDecision");
        return new CoverageTargetSet(unit.Id, command.PostsPerMonth, command.BulletinsOnTimePercent, decision, command.EffectiveDate);
    }

    public static CoverageTargetRemoved Decide(RemoveCoverageTarget command, CoverageTarget target, LocalDate today)
    {
        if (target.Periods.LastOrDefault() is not { Removed: false })
        {
            throw new RuleViolation("Coverage.NoOwnTarget");
        }

        Input.NotInFuture(command.EffectiveDate, today, "Coverage.TargetDate");
        return new CoverageTargetRemoved(target.UnitId, command.EffectiveDate);
    }

    public static async Task Handle(SetCoverageTarget command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var tree = await OrganisationRules.LoadTreeAsync(session, command.EffectiveDate, ct);
        var stream = await session.Events.FetchForWriting<CoverageTarget>(CoverageTarget.StreamIdFor(command.UnitId), command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, tree.Find(command.UnitId), VietnamTime.Today(clock)));
    }

    public static async Task Handle(RemoveCoverageTarget command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<CoverageTarget>(CoverageTarget.StreamIdFor(command.UnitId), command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate ?? new CoverageTarget { UnitId = command.UnitId }, VietnamTime.Today(clock)));
    }
}
