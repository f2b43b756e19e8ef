using NodaTime;

namespace EventSourced.Domain.Reconciliation;

/// <summary>
/// A committee asks every unit below it to compare its actual roll with the register by a deadline
/// (the round's own stream). Each unit's comparison is a <see cref="Reconciliation"/>, in a round or
/// outside any.
/// </summary>
public sealed record ReconciliationRoundOpened(Guid RoundId, Guid UnitId, string Name, LocalDate ReferenceDate, LocalDate Deadline, string DecisionReference);

/// <summary>
/// A unit's roll was uploaded (or typed) for comparison with the register as of <paramref name="ReferenceDate"/>;
/// <paramref name="Sheet"/> is the one sheet of the workbook read as the roll when staff chose one (decision 0048),
/// null when the whole file was.
/// </summary>
public sealed record ReconciliationStarted(Guid ReconciliationId, Guid UnitId, Guid? RoundId, LocalDate ReferenceDate, string FileName, string FileHash, int RowCount, string? Sheet = null);

/// <summary>Matching finished: how many items fell in each category; the items themselves are kept beside the stream.</summary>
public sealed record RollMatched(Guid ReconciliationId, ReconciliationCounts Counts);

/// <summary>Staff resolved one item (accepted or rejected a pair, corrected the register, noted why no change is needed...).</summary>
public sealed record ReconciliationItemResolved(Guid ReconciliationId, int ItemNumber, string Resolution, string Reason, Guid? MemberId);

/// <summary>Staff declared the unit's roll and register reconciled (every item resolved).</summary>
public sealed record ReconciliationFinished(Guid ReconciliationId, LocalDate On);

/// <summary>A finished reconciliation opened again to resolve more.</summary>
public sealed record ReconciliationReopened(Guid ReconciliationId, string Reason);

/// <summary>Staff abandoned a reconciliation that cannot stand (a wrong file, the wrong date), with why.</summary>
public sealed record ReconciliationAbandoned(Guid ReconciliationId, string Reason);

/// <summary>How many items of a reconciliation fall in each category, and how many are still open.</summary>
public sealed record ReconciliationCounts(
    int Matched,
    int MatchedWithDifferences,
    int OnRollOnly,
    int InRegisterOnly,
    int ToReview,
    int SameMemberTwice)
{
    public static readonly ReconciliationCounts None = new(0, 0, 0, 0, 0, 0);

    /// <summary>Items that need a decision: everything but the plain matches.</summary>
    public int NeedingDecision => MatchedWithDifferences + OnRollOnly + InRegisterOnly + ToReview + SameMemberTwice;
}

public enum ReconciliationStatus
{
    /// <summary>The roll is uploaded and being matched in the background.</summary>
    Matching,

    /// <summary>Matched; staff are resolving its items.</summary>
    InProgress,

    Finished,

    /// <summary>Abandoned with a reason: kept as a record, not counted in a round, nothing left open.</summary>
    Abandoned,
}

/// <summary>
/// One unit's reconciliation as its stream tells it (an inline snapshot): the round pages, the unit's
/// page and the reconciliation's own page read it.
/// </summary>
public sealed class Reconciliation
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public Guid UnitId { get; set; }

    public Guid? RoundId { get; set; }

    public LocalDate ReferenceDate { get; set; }

    public string FileName { get; set; } = string.Empty;

    /// <summary>The one sheet of the workbook read as the roll; null when the whole file was.</summary>
    public string? Sheet { get; set; }

    public int RowCount { get; set; }

    public ReconciliationStatus Status { get; set; }

    public ReconciliationCounts Counts { get; set; } = ReconciliationCounts.None;

    /// <summary>The item numbers resolved so far; an item is resolved once (a second resolution is refused).</summary>
    public HashSet<int> Resolved { get; set; } = [];

    /// <summary>Items still waiting for a decision; none once abandoned.</summary>
    public int OpenItems => Status == ReconciliationStatus.Abandoned ? 0 : Math.Max(0, Counts.NeedingDecision - Resolved.Count);

    /// <summary>Why staff abandoned it, once they did.</summary>
    public string? AbandonedReason { get; set; }

    /// <summary>
    /// Opened again after finishing: a resolved item may then be resolved anew (the later resolution
    /// stands, the earlier stays on the stream), until the reconciliation is finished again.
    /// </summary>
    public bool Revising { get; set; }

    public LocalDate? FinishedOn { get; set; }

    public static Reconciliation Create(ReconciliationStarted e) => new()
    {
        Id = e.ReconciliationId,
        UnitId = e.UnitId,
        RoundId = e.RoundId,
        ReferenceDate = e.ReferenceDate,
        FileName = e.FileName,
        Sheet = e.Sheet,
        RowCount = e.RowCount,
        Status = ReconciliationStatus.Matching,
    };

    public void Apply(RollMatched e)
    {
        Counts = e.Counts;
        Status = ReconciliationStatus.InProgress;
    }

    public void Apply(ReconciliationItemResolved e) => Resolved.Add(e.ItemNumber);

    public void Apply(ReconciliationFinished e)
    {
        Status = ReconciliationStatus.Finished;
        FinishedOn = e.On;
        Revising = false;
    }

    public void Apply(ReconciliationReopened e)
    {
        Status = ReconciliationStatus.InProgress;
        FinishedOn = null;
        Revising = true;
    }

    public void Apply(ReconciliationAbandoned e)
    {
        Status = ReconciliationStatus.Abandoned;
        AbandonedReason = e.Reason;
        Revising = false;
    }
}

/// <summary>A round as its stream tells it (an inline snapshot).</summary>
public sealed class ReconciliationRound
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public Guid UnitId { get; set; }

    public string Name { get; set; } = string.Empty;

    public LocalDate ReferenceDate { get; set; }

    public LocalDate Deadline { get; set; }

    public string DecisionReference { get; set; } = string.Empty;

    public static ReconciliationRound Create(ReconciliationRoundOpened e) => new()
    {
        Id = e.RoundId,
        UnitId = e.UnitId,
        Name = e.Name,
        ReferenceDate = e.ReferenceDate,
        Deadline = e.Deadline,
        DecisionReference = e.DecisionReference,
    };
}
