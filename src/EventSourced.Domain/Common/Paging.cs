namespace EventSourced.Domain.Common;

/// <summary>
/// One page of a list, from whatever page number a link or a hand typed: a page before the first is
/// the first; a page past the last is the last, flagged <see cref="PastEnd"/> so the screen can say
/// so (a bookmarked page of a list that has since shrunk still shows rows, not an empty table).
/// Every list pages through this, so no page number can make the offset overflow.
/// </summary>
public readonly record struct Paging(int Number, int Size, int Total, int Requested)
{
    /// <summary>
    /// The highest page number passed to a query before its total is known. Far past any list here,
    /// and small enough that (page - 1) × size stays inside an int for any page size up to 2,000.
    /// </summary>
    public const int MaxRequested = 1_000_000;

    /// <summary>How many pages the list has; an empty list has one (empty) page.</summary>
    public int Count => PageCount(Total, Size);

    /// <summary>The rows before this page.</summary>
    public int Skip => (Number - 1) * Size;

    /// <summary>The user asked for a page after the last one and is shown the last.</summary>
    public bool PastEnd => Size > 0 && Requested > Count;

    /// <summary>The page to read before the total is known (a query that counts as it reads), clamped to 1..<see cref="MaxRequested"/>.</summary>
    public static int Clamp(int requested) => Math.Clamp(requested, 1, MaxRequested);

    /// <summary>The rows before <paramref name="requested"/>, for a query that counts as it reads; never negative, never overflowing.</summary>
    public static int Offset(int requested, int size) => (Clamp(requested) - 1) * Math.Clamp(size, 1, 2_000);

    /// <summary>The page to show of a list of <paramref name="total"/> rows.</summary>
    public static Paging Of(int requested, int size, int total)
    {
        var count = PageCount(total, size);
        return new Paging(Math.Clamp(requested, 1, count), size, total, requested);
    }

    // A list not read (a page that refused its filters) has the default paging: one page, nothing past it.
    private static int PageCount(int total, int size) => size < 1 ? 1 : (int)Math.Max(1, (Math.Max(0, (long)total) + size - 1) / size);
}
