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
        Notifications = await StaffNotifications.ForUserAsync(user, query, unreadOnly: false, page, PageSize, oldestFirst: false, ct);
        // The list reads no total; only a page that comes back empty needs one, to find the last page.
        var total = Notifications.Count == 0 && page > 1
            ? await StaffNotifications.CountForUserAsync(user, query, unreadOnly: false, ct)
            : ((page - 1) * PageSize) + Notifications.Count;
        Paging = Paging.Of(PageNumber, PageSize, total);
        if (Paging.Number != page)
        {
            Notifications = await StaffNotifications.ForUserAsync(user, query, unreadOnly: false, Paging.Number, PageSize, oldestFirst: false, ct);
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
}
