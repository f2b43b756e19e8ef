using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>The cell-meeting bulletin's deadline and the cells that missed it.</summary>
public static class Bulletins
{
    /// <summary>Cell secretaries post the meeting by this day of the previous month.</summary>
    public const int DueDay = 20;

    /// <summary>The last day to post the bulletin of <paramref name="month"/> (any day in it): the 20th of the month before.</summary>
    public static LocalDate DueBy(LocalDate month) =>
        month.With(DateAdjusters.StartOfMonth).PlusMonths(-1).PlusDays(DueDay - 1);

    /// <summary>Whether submitting <paramref name="post"/> at <paramref name="at"/> is on time; null when it is not a bulletin.</summary>
    public static bool? OnTime(Post post, Instant at) =>
        post.Kind == PostKind.Bulletin && post.Latest.Content.Month is { } month
            ? at.InZone(VietnamTime.Zone).Date <= DueBy(month)
            : null;

    /// <summary>
    /// A bulletin counts once submitted: the cell has done its part even if review is slow. Withdrawn,
    /// rejected or unsubmitted ones do not; an archived one had been published.
    /// </summary>
    public static bool CountsAsPosted(Post bulletin) =>
        bulletin.IsLive || bulletin.Status is PostStatus.Submitted or PostStatus.Approved or PostStatus.Published or PostStatus.Archived;

    /// <summary>
    /// The cells with no bulletin posted on time for <paramref name="month"/> once its due date has
    /// passed (none before), ordered by code: a bulletin submitted late leaves its cell on the list
    /// (<see cref="PostedLate"/> says when it came). <paramref name="bulletins"/> may hold any posts.
    /// </summary>
    public static IReadOnlyList<OrganisationNode> LateBulletins(IEnumerable<OrganisationNode> cells, IEnumerable<Post> bulletins, LocalDate month, LocalDate today)
    {
        var first = month.With(DateAdjusters.StartOfMonth);
        if (today <= DueBy(first))
        {
            return [];
        }

        var posted = bulletins
            .Where(p => p.Kind == PostKind.Bulletin && CountsAsPosted(p) && p.BulletinSubmission is not { OnTime: false })
            .Select(p => p.LiveContent ?? p.Latest.Content)
            .Where(c => c.Month == first && c.CellId is not null)
            .Select(c => c.CellId!.Value)
            .ToHashSet();
        var late = cells.Where(c => !posted.Contains(c.Id)).ToList();
        // Usually given in code order already (OrganisationTree.CellsByCode): sorting fifteen thousand codes again costs more than checking.
        return IsInCodeOrder(late) ? late : [.. late.OrderBy(c => c.Code, StringComparer.Ordinal)];
    }

    private static bool IsInCodeOrder(List<OrganisationNode> cells)
    {
        for (var i = 1; i < cells.Count; i++)
        {
            if (string.CompareOrdinal(cells[i - 1].Code, cells[i].Code) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The cells whose bulletin for <paramref name="month"/> was posted, but submitted after the due date, and when.</summary>
    public static IReadOnlyDictionary<Guid, LocalDate> PostedLate(IEnumerable<Post> bulletins, LocalDate month)
    {
        var first = month.With(DateAdjusters.StartOfMonth);
        return bulletins
            .Where(p => p.Kind == PostKind.Bulletin && CountsAsPosted(p) && p.BulletinSubmission is { OnTime: false } s && s.Month == first)
            .Select(p => (Cell: (p.LiveContent ?? p.Latest.Content).CellId, p.BulletinSubmission!.SubmittedOn))
            .Where(x => x.Cell is not null)
            .GroupBy(x => x.Cell!.Value)
            .ToDictionary(g => g.Key, g => g.Min(x => x.SubmittedOn));
    }
}
