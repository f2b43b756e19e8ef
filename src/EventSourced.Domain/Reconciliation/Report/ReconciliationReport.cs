using EventSourced.Domain.Common;
using NodaTime;

namespace EventSourced.Domain.Reconciliation.Report;

/// <summary>How many items of one category a reconciliation has, how many are resolved and how many still need a decision.</summary>
public sealed record CategoryLine(ItemCategory Category, int Items, int Resolved, int Open);

/// <summary>
/// One resolution as its event recorded it: the item, what was decided and why, who decided it
/// (user, role, organisation, from the event's audit headers) and when. A resolution revised after
/// the reconciliation was reopened stays listed, marked as superseded.
/// </summary>
public sealed record ResolutionLine(
    long Version,
    int ItemNumber,
    ItemCategory? Category,
    string? OnRoll,
    string? InRegister,
    string Resolution,
    string Reason,
    Actor By,
    Instant At,
    bool Superseded);

/// <summary>
/// A reconciliation as it stood at one version of its stream: its state folded from the events up
/// to that version, the counts per category with resolved and open, every resolution with who made
/// it, and the stream's history (started, matched, resolved, finished, reopened) for the audit.
/// </summary>
public sealed record ReconciliationReport(
    Reconciliation State,
    IReadOnlyList<CategoryLine> Categories,
    IReadOnlyList<ResolutionLine> Resolutions,
    IReadOnlyList<AuditEntry> History)
{
    public int ItemsResolved => Categories.Sum(c => c.Resolved);

    public int ItemsOpen => Categories.Sum(c => c.Open);

    /// <summary>
    /// Folds <paramref name="events"/> (the stream up to the version wanted, in order) the same way
    /// the snapshot does, so a report at version N shows exactly what the page showed then.
    /// <paramref name="items"/> are the items the resolutions name (by number), for their category and names.
    /// </summary>
    public static ReconciliationReport Build(IReadOnlyList<AuditEntry> events, IReadOnlyDictionary<int, ReconciliationItem> items)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(items);
        if (events.Count == 0 || events[0].Data is not ReconciliationStarted started)
        {
            throw new RuleViolation("Reconciliation.NotFound");
        }

        var state = Reconciliation.Create(started);
        state.Version = (int)events[0].Version;
        var resolutions = new List<ResolutionLine>();
        foreach (var entry in events.Skip(1))
        {
            switch (entry.Data)
            {
                case RollMatched e:
                    state.Apply(e);
                    break;
                case ReconciliationItemResolved e:
                    state.Apply(e);
                    var item = items.GetValueOrDefault(e.ItemNumber);
                    resolutions.Add(new ResolutionLine(entry.Version, e.ItemNumber, item?.Category, item?.Roll?.FullName, item?.Register?.FullName, e.Resolution, e.Reason, entry.RecordedBy, entry.RecordedAt, Superseded: false));
                    break;
                case ReconciliationFinished e:
                    state.Apply(e);
                    break;
                case ReconciliationReopened e:
                    state.Apply(e);
                    break;
                case ReconciliationAbandoned e:
                    state.Apply(e);
                    break;
            }

            state.Version = (int)entry.Version;
        }

        // The latest resolution of an item is the one that stands.
        var latest = resolutions.GroupBy(r => r.ItemNumber).ToDictionary(g => g.Key, g => g.Max(r => r.Version));
        resolutions = [.. resolutions.Select(r => r with { Superseded = latest[r.ItemNumber] != r.Version })];
        var resolvedByCategory = resolutions
            .Where(r => !r.Superseded && r.Category is not null)
            .GroupBy(r => r.Category!.Value)
            .ToDictionary(g => g.Key, g => g.Count());
        var categories = Enum.GetValues<ItemCategory>()
            .Select(c =>
            {
                var count = CountOf(state.Counts, c);
                var resolved = resolvedByCategory.GetValueOrDefault(c);
                // A plain match needs no decision: it is never open.
                var open = c == ItemCategory.Matched ? 0 : Math.Max(0, count - resolved);
                return new CategoryLine(c, count, resolved, open);
            })
            .ToList();
        return new ReconciliationReport(state, categories, resolutions, events);
    }

    public static int CountOf(ReconciliationCounts counts, ItemCategory category)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return category switch
        {
            ItemCategory.Matched => counts.Matched,
            ItemCategory.MatchedWithDifferences => counts.MatchedWithDifferences,
            ItemCategory.OnRollOnly => counts.OnRollOnly,
            ItemCategory.InRegisterOnly => counts.InRegisterOnly,
            ItemCategory.ToReview => counts.ToReview,
            _ => counts.SameMemberTwice,
        };
    }
}

/// <summary>One unit's line in a round's report: its latest reconciliation in the round and its figures.</summary>
public sealed record RoundReportLine(Guid UnitId, Reconciliation Reconciliation, int NeedingDecision, int Resolved, int Open);

/// <summary>How many resolutions one person recorded in a round, in which role.</summary>
public sealed record ResolverLine(string? UserName, string? DisplayName, string? Role, int Resolutions);

/// <summary>
/// A round's report: for each unit its latest reconciliation in the round (the one the round's
/// progress counts, <see cref="RoundProgress.Latest"/>) with counts per category, resolved and open,
/// the totals, and who resolved how many items.
/// </summary>
public sealed record RoundReport(IReadOnlyList<RoundReportLine> Units, ReconciliationCounts Totals, IReadOnlyList<ResolverLine> Resolvers)
{
    public int Resolved => Units.Sum(u => u.Resolved);

    public int Open => Units.Sum(u => u.Open);

    /// <param name="reconciliations">The round's reconciliations the user may see.</param>
    /// <param name="resolutions">The resolution events of those reconciliations, with their audit.</param>
    public static RoundReport Build(IEnumerable<Reconciliation> reconciliations, IEnumerable<AuditEntry> resolutions)
    {
        ArgumentNullException.ThrowIfNull(reconciliations);
        ArgumentNullException.ThrowIfNull(resolutions);
        var latest = RoundProgress.Latest(reconciliations);
        var counted = latest.Values.Select(r => r.Id).ToHashSet();
        var units = latest.Values
            .Select(r => new RoundReportLine(r.UnitId, r, r.Counts.NeedingDecision, r.Resolved.Count, r.OpenItems))
            .ToList();
        var totals = units.Aggregate(ReconciliationCounts.None, (sum, u) => new ReconciliationCounts(
            sum.Matched + u.Reconciliation.Counts.Matched,
            sum.MatchedWithDifferences + u.Reconciliation.Counts.MatchedWithDifferences,
            sum.OnRollOnly + u.Reconciliation.Counts.OnRollOnly,
            sum.InRegisterOnly + u.Reconciliation.Counts.InRegisterOnly,
            sum.ToReview + u.Reconciliation.Counts.ToReview,
            sum.SameMemberTwice + u.Reconciliation.Counts.SameMemberTwice));
        var resolvers = resolutions
            .Where(e => e.Data is ReconciliationItemResolved r && counted.Contains(r.ReconciliationId))
            .GroupBy(e => (e.RecordedBy.UserName, e.RecordedBy.Role))
            .Select(g => new ResolverLine(g.Key.UserName, g.First().RecordedBy.DisplayName, g.Key.Role, g.Count()))
            .OrderByDescending(r => r.Resolutions)
            .ThenBy(r => r.UserName, StringComparer.Ordinal)
            .ToList();
        return new RoundReport(units, totals, resolvers);
    }
}
