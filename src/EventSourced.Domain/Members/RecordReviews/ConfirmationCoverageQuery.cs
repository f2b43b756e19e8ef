using EventSourced.Domain.Installs;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Members.RecordReviews;

/// <summary>
/// Reads what <see cref="ConfirmationCoverage"/> counts: every member who ever confirmed or reported
/// (the only ones with a review), their cell on the date and their app usage.
/// </summary>
/// <remarks>
/// Reads the reviews whole: fine while the app is new; at the city's full coverage the counts belong in
/// the rollout spans beside "installed" (decision 0022).
/// </remarks>
public static class ConfirmationCoverageQuery
{
    /// <summary>The counts of <paramref name="top"/> and the units below it (the dashboard shows a unit and its children).</summary>
    public static async Task<IReadOnlyDictionary<Guid, ConfirmationCounts>> LoadAsync(IQuerySession session, OrganisationTree tree, LocalDate date, DateTimeZone zone, Guid top, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var reviews = await session.Query<RecordReview>().ToListAsync(ct);
        if (reviews.Count == 0)
        {
            return new Dictionary<Guid, ConfirmationCounts>();
        }

        var ids = reviews.Select(r => r.MemberId).ToArray();
        var members = (await session.LoadManyAsync<Member>(ct, ids)).ToDictionary(m => m.Id);
        var usages = (await session.LoadManyAsync<MemberAppUsage>(ct, ids.Select(MemberAppUsage.StreamIdFor))).ToDictionary(u => u.MemberId);
        var inputs = reviews
            .Where(r => members.ContainsKey(r.MemberId))
            .Select(r => (Review: r, Cell: members[r.MemberId].CellOn(date)))
            .Where(x => x.Cell is not null)
            .Select(x => new MemberReviewInput(x.Cell!.Value, x.Review, usages.GetValueOrDefault(x.Review.MemberId)?.InstalledOn(date, zone) == true));
        return ConfirmationCoverage.Compute(tree, inputs, date, zone, top);
    }
}
