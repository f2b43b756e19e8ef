using EventSourced.Domain.Common;
using EventSourced.Domain.Notifications;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventSourced.Web.Pages.Notifications;

/// <summary>
/// In-app notifications for the units in the user's scope (overdue transfers, temporary transfers
/// that ended), newest first; each can be marked read by the reader.
/// </summary>
public sealed class IndexModel(CurrentUser user, IQuerySession query, IDocumentSession session) : PageModel
{
    public const int PageSize = 50;

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<StaffNotification> Notifications { get; private set; } = [];

    /// <summary>The page shown, and whether the one asked for was past the end.</summary>
    public Paging Paging { get; private set; }

    public Guid UserId { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        UserId = user.Id ?? Guid.Empty;
        var page = Paging.Clamp(PageNumber);
        Notifications = await ForUserAsync(user, query, unreadOnly: false, page, ct);
        // The list reads no total; only a page that comes back empty needs one, to find the last page.
        var total = Notifications.Count == 0 && page > 1
            ? await CountForUserAsync(user, query, ct)
            : ((page - 1) * PageSize) + Notifications.Count;
        Paging = Paging.Of(PageNumber, PageSize, total);
        if (Paging.Number != page)
        {
            Notifications = await ForUserAsync(user, query, unreadOnly: false, Paging.Number, ct);
        }

        PageNumber = Paging.Number;
    }

    public async Task<IActionResult> OnPostReadAsync(Guid id, CancellationToken ct)
    {
        var notification = await session.LoadAsync<StaffNotification>(id, ct);
        var cells = await user.CellsInScopeAsync(null, ct);
        if (notification is null || user.Id is not { } me || (cells is not null && !notification.UnitIds.Any(cells.Contains)))
        {
            return NotFound();
        }

        if (!notification.ReadBy.Contains(me))
        {
            notification.ReadBy.Add(me);
            session.Store(notification);
            await session.SaveChangesAsync(ct);
        }

        return Redirect("/notifications");
    }

    /// <summary>The notifications about units the user may see, newest first (unread only when asked).</summary>
    public static async Task<IReadOnlyList<StaffNotification>> ForUserAsync(CurrentUser user, IQuerySession session, bool unreadOnly, int page, CancellationToken ct)
    {
        var (where, parameters) = await WhereAsync(user, session, unreadOnly, ct);
        return await session.QueryAsync<StaffNotification>(
            $"select d.data from {Table(session)} as d {where} order by d.data ->> 'createdAt' desc limit {PageSize} offset {Paging.Offset(page, PageSize)}",
            ct,
            parameters);
    }

    private static async Task<int> CountForUserAsync(CurrentUser user, IQuerySession session, CancellationToken ct)
    {
        var (where, parameters) = await WhereAsync(user, session, unreadOnly: false, ct);
        return (await session.QueryAsync<int>($"select count(*)::int from {Table(session)} as d {where}", ct, parameters)).Single();
    }

    private static string Table(IQuerySession session) => session.DocumentStore.Options.Schema.For<StaffNotification>(qualified: true);

    private static async Task<(string Where, object[] Parameters)> WhereAsync(CurrentUser user, IQuerySession session, bool unreadOnly, CancellationToken ct)
    {
        var cells = await user.CellsInScopeAsync(null, ct);
        var clauses = new List<string> { "true" };
        var parameters = new List<object>();
        if (cells is not null)
        {
            clauses.Add("jsonb_exists_any(d.data -> 'unitIds', ?)");
            parameters.Add(cells.Select(c => c.ToString()).ToArray());
        }

        if (unreadOnly)
        {
            clauses.Add("not jsonb_exists(d.data -> 'readBy', ?)");
            parameters.Add((user.Id ?? Guid.Empty).ToString());
        }

        return ("where " + string.Join(" and ", clauses), parameters.ToArray());
    }
}
