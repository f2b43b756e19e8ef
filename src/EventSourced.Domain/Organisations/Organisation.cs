using NodaTime;

namespace EventSourced.Domain.Organisations;

/// <summary>The kinds of party organisation, from the city committee down to the cell.</summary>
public enum OrganisationKind
{
    CityCommittee,
    DirectlySubordinateCommittee,
    GrassrootsCommittee,
    GrassrootsCell,
    SubCommittee,
    Cell,
}

/// <summary>Whether a unit still exists, or how it ended.</summary>
public enum OrganisationStatus
{
    Active,
    Merged,
    Dissolved,
}

/// <summary>Why a unit changed parent.</summary>
public enum MoveCause
{
    Decision,
    ParentMerged,
    Split,
}

/// <summary>Optional marks on a unit: a pilot unit of the handbook rollout, a commune-level committee on the city network, an offline site.</summary>
public sealed record OrganisationFlags(bool Pilot, bool CommuneLevel, bool OfflineSite)
{
    public static readonly OrganisationFlags None = new(false, false, false);
}

/// <summary>A unit was founded (or split off another, when <paramref name="SplitFromId"/> is set).</summary>
public sealed record OrganisationCreated(
    Guid OrganisationId,
    string Code,
    string Name,
    OrganisationKind Kind,
    Guid? ParentId,
    OrganisationFlags Flags,
    LocalDate EffectiveDate,
    Guid? SplitFromId = null);

/// <summary>A unit changed its name or code; the previous values are kept for the timeline.</summary>
public sealed record OrganisationRenamed(string Code, string Name, string PreviousCode, string PreviousName, LocalDate EffectiveDate);

/// <summary>A unit was placed under another parent, by decision or because its parent was merged or split.</summary>
public sealed record OrganisationMoved(
    Guid NewParentId,
    Guid? PreviousParentId,
    LocalDate EffectiveDate,
    MoveCause Cause = MoveCause.Decision,
    Guid? CauseOrganisationId = null);

/// <summary>The unit's pilot, commune-level or offline marks changed.</summary>
public sealed record OrganisationFlagsChanged(OrganisationFlags Flags, OrganisationFlags PreviousFlags, LocalDate EffectiveDate);

/// <summary>A unit was merged into <paramref name="TargetId"/>: its children (and later its members) go there.</summary>
public sealed record OrganisationMerged(Guid TargetId, IReadOnlyList<Guid> MovedChildIds, LocalDate EffectiveDate);

/// <summary>Recorded on the target of a merge so that its own history shows what it received.</summary>
public sealed record OrganisationAbsorbed(Guid SourceId, LocalDate EffectiveDate);

/// <summary>Part of a unit was split off into the new unit <paramref name="NewOrganisationId"/>, taking the listed children.</summary>
public sealed record OrganisationSplit(Guid NewOrganisationId, IReadOnlyList<Guid> MovedChildIds, LocalDate EffectiveDate);

/// <summary>A unit was dissolved; its members go to <paramref name="MembersTransferredToId"/> when one is named.</summary>
public sealed record OrganisationDissolved(Guid? MembersTransferredToId, LocalDate EffectiveDate);

/// <summary>The state of a unit from <see cref="From"/> until its next dated change.</summary>
public sealed record OrganisationVersion(
    LocalDate From,
    string Code,
    string Name,
    Guid? ParentId,
    OrganisationStatus Status,
    OrganisationFlags Flags);

/// <summary>
/// One dated change of a unit, in the order the events were recorded. Changes may be recorded
/// after later-dated ones (a decision entered late), so the state on a date is the fold of every
/// change effective on or before it, taken in effective-date order and then recording order.
/// </summary>
public sealed record OrganisationChange(
    LocalDate EffectiveDate,
    long Version,
    string? Code = null,
    string? Name = null,
    Guid? ParentId = null,
    OrganisationStatus? Status = null,
    OrganisationFlags? Flags = null);

/// <summary>
/// A party organisation: the aggregate of one unit's stream, kept as an inline snapshot. Besides the
/// latest state it keeps the dated changes, so the unit can be answered for any past date
/// (<see cref="AsOf"/>): audit questions are about business dates, not recording times.
/// </summary>
public sealed class Organisation
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public OrganisationKind Kind { get; set; }

    public LocalDate Founded { get; set; }

    public string Code { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public Guid? ParentId { get; set; }

    public OrganisationStatus Status { get; set; }

    public OrganisationFlags Flags { get; set; } = OrganisationFlags.None;

    public LocalDate? ClosedOn { get; set; }

    public List<OrganisationChange> Changes { get; set; } = [];

    public static Organisation Create(OrganisationCreated e) => new()
    {
        Id = e.OrganisationId,
        Kind = e.Kind,
        Founded = e.EffectiveDate,
        Code = e.Code,
        Name = e.Name,
        ParentId = e.ParentId,
        Flags = e.Flags,
        Version = 1,
        Changes =
        [
            new OrganisationChange(e.EffectiveDate, 1, e.Code, e.Name, e.ParentId, OrganisationStatus.Active, e.Flags),
        ],
    };

    // Only what actually changed is a change: a code-only rename recorded first must not carry the
    // old name forward over a name change dated earlier but recorded later.
    public void Apply(OrganisationRenamed e) => Record(new OrganisationChange(
        e.EffectiveDate,
        0,
        Code: e.Code != e.PreviousCode ? e.Code : null,
        Name: e.Name != e.PreviousName ? e.Name : null));

    public void Apply(OrganisationMoved e) => Record(new OrganisationChange(e.EffectiveDate, 0, ParentId: e.NewParentId));

    public void Apply(OrganisationFlagsChanged e) => Record(new OrganisationChange(e.EffectiveDate, 0, Flags: e.Flags));

    public void Apply(OrganisationMerged e) => Record(new OrganisationChange(e.EffectiveDate, 0, Status: OrganisationStatus.Merged));

    public void Apply(OrganisationDissolved e) => Record(new OrganisationChange(e.EffectiveDate, 0, Status: OrganisationStatus.Dissolved));

    // Absorbing a unit or splitting one off changes nothing in this unit's own state; the events
    // are on its stream so that its history tells the story. The version still advances.
    public void Apply(OrganisationAbsorbed e) => Version++;

    public void Apply(OrganisationSplit e) => Version++;

    /// <summary>The unit as it stood on <paramref name="date"/>, or null when it did not exist yet.</summary>
    public OrganisationVersion? AsOf(LocalDate date)
    {
        OrganisationVersion? state = null;
        foreach (var change in Ordered())
        {
            if (change.EffectiveDate > date)
            {
                break;
            }

            state = Fold(state, change);
        }

        return state;
    }

    /// <summary>Every distinct state of the unit, earliest first.</summary>
    public IReadOnlyList<OrganisationVersion> History()
    {
        var versions = new List<OrganisationVersion>();
        OrganisationVersion? state = null;
        foreach (var change in Ordered())
        {
            state = Fold(state, change);
            if (versions.Count > 0 && versions[^1].From == state.From)
            {
                versions[^1] = state;
            }
            else
            {
                versions.Add(state);
            }
        }

        return versions;
    }

    private IEnumerable<OrganisationChange> Ordered() =>
        Changes.OrderBy(c => c.EffectiveDate).ThenBy(c => c.Version);

    private static OrganisationVersion Fold(OrganisationVersion? state, OrganisationChange change) =>
        state is null
            ? new OrganisationVersion(change.EffectiveDate, change.Code ?? string.Empty, change.Name ?? string.Empty, change.ParentId, change.Status ?? OrganisationStatus.Active, change.Flags ?? OrganisationFlags.None)
            : new OrganisationVersion(
                change.EffectiveDate,
                change.Code ?? state.Code,
                change.Name ?? state.Name,
                change.ParentId ?? state.ParentId,
                change.Status ?? state.Status,
                change.Flags ?? state.Flags);

    private void Record(OrganisationChange change)
    {
        Version++;
        Changes.Add(change with { Version = Version });
        var latest = History()[^1];
        Code = latest.Code;
        Name = latest.Name;
        ParentId = latest.ParentId;
        Status = latest.Status;
        Flags = latest.Flags;
        ClosedOn = latest.Status == OrganisationStatus.Active ? null : latest.From;
    }

    /// <summary>Whether a unit of this kind may have child units.</summary>
    public static bool CanHaveChildren(OrganisationKind kind) =>
        kind is not (OrganisationKind.Cell or OrganisationKind.GrassrootsCell);
}
