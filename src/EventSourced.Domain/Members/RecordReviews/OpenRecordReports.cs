using Marten;

namespace EventSourced.Domain.Members.RecordReviews;

/// <summary>An open report beside the member it is about.</summary>
public sealed record OpenRecordReport(Member Member, DifferenceReport Report);

/// <summary>
/// The open reports of members in some cells, oldest first: the staff worklist and its home card read
/// the same list. Open reports are few (members report, staff close them), so the reviews with any are read whole.
/// </summary>
public static class OpenRecordReports
{
    /// <summary>The open reports of members whose cell is in <paramref name="cells"/> (null: every cell).</summary>
    public static async Task<IReadOnlyList<OpenRecordReport>> LoadAsync(IQuerySession session, IReadOnlyCollection<Guid>? cells, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var reviews = await session.Query<RecordReview>().Where(r => r.OpenReports > 0).ToListAsync(ct);
        var members = (await session.LoadManyAsync<Member>(ct, reviews.Select(r => r.MemberId))).ToDictionary(m => m.Id);
        return [.. reviews
            .Where(r => members.TryGetValue(r.MemberId, out var m) && (cells is null || cells.Contains(m.CellId)))
            .SelectMany(r => r.Reports.Where(p => p.State == ReportState.Open).Select(p => new OpenRecordReport(members[r.MemberId], p)))
            .OrderBy(o => o.Report.ReportedAt)];
    }
}
