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

    public Guid UserId { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        UserId = user.Id ?? Guid.Empty;
        Notifications = await ForUserAsync(user, query, unreadOnly: false, Math.Max(1, PageNumber), ct);
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
        var cells = await user.CellsInScopeAsync(null, ct);
        var table = session.DocumentStore.Options.Schema.For<StaffNotification>(qualified: true);
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

        return await session.QueryAsync<StaffNotification>(
            $"select d.data from {table} as d where {string.Join(" and ", clauses)} order by d.data ->> 'createdAt' desc limit {PageSize} offset {(page - 1) * PageSize}",
            ct,
            parameters.ToArray());
    }
}
