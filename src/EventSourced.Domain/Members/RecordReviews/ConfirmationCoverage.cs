using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Members.RecordReviews;

/// <summary>
/// How far members reviewed their record, counted in a unit on a date: members who had confirmed it,
/// who had reported a difference, the reports still open, and the members who had confirmed among
/// those who had the app installed (the share shown beside the install figures).
/// </summary>
public sealed record ConfirmationCounts(int Confirmed, int Reported, int OpenReports, int ConfirmedInstalled)
{
    public static readonly ConfirmationCounts None = new(0, 0, 0, 0);

    public ConfirmationCounts Plus(ConfirmationCounts other) => new(
        Confirmed + other.Confirmed,
        Reported + other.Reported,
        OpenReports + other.OpenReports,
        ConfirmedInstalled + other.ConfirmedInstalled);
}

/// <summary>One member's review as a count needs it: their cell on the date and whether the app was installed then.</summary>
public sealed record MemberReviewInput(Guid CellId, RecordReview Review, bool Installed);

/// <summary>
/// Confirmation coverage per unit on a date, summed up the tree like the rollout figures: whole counts
/// added from the cells up, so a parent equals the sum of its children.
/// </summary>
public static class ConfirmationCoverage
{
    /// <summary>What one member counts at the end of <paramref name="date"/> (Hanoi time).</summary>
    public static ConfirmationCounts Count(RecordReview review, bool installed, LocalDate date, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(review);
        var until = date.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        var confirmed = review.Confirmations.Exists(c => c.ConfirmedAt < until);
        return new ConfirmationCounts(
            confirmed ? 1 : 0,
            review.Reports.Exists(r => r.ReportedAt < until) ? 1 : 0,
            review.Reports.Count(r => r.ReportedAt < until && (r.ClosedAt is not { } closed || closed >= until)),
            confirmed && installed ? 1 : 0);
    }

    /// <summary>
    /// Counts per active unit of <paramref name="tree"/> (the tree of <paramref name="date"/>), or of
    /// <paramref name="top"/> and the units below it when given. A unit with nothing counted below it
    /// may be left out (<see cref="ConfirmationCounts.None"/>): with no review at all the city's dashboard
    /// rolled eighteen thousand zeros up the tree on every request.
    /// </summary>
    public static IReadOnlyDictionary<Guid, ConfirmationCounts> Compute(OrganisationTree tree, IEnumerable<MemberReviewInput> members, LocalDate date, DateTimeZone zone, Guid? top = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(members);
        var own = new Dictionary<Guid, ConfirmationCounts>();
        foreach (var member in members)
        {
            var counted = Count(member.Review, member.Installed, date, zone);
            own[member.CellId] = own.TryGetValue(member.CellId, out var sofar) ? sofar.Plus(counted) : counted;
        }

        if (own.Count == 0)
        {
            return new Dictionary<Guid, ConfirmationCounts>();
        }

        return TreeRollup.SumUp(tree, unit => own.GetValueOrDefault(unit.Id) ?? ConfirmationCounts.None, (a, b) => a.Plus(b), top)
            .ToDictionary(row => row.Unit.Id, row => row.Total);
    }
}
