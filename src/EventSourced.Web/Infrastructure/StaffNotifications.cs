using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Notifications;
using Marten;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// The notifications a user reads: those about the units they may see, newest first (the
/// notifications page) or, for the home page, the oldest still unread first, there only those about
/// the units where the user records member work (<see cref="Permission.ChangeMembers"/>), as the
/// other work cards count.
/// </summary>
public static class StaffNotifications
{
    /// <summary>A page of the notifications about units in the user's <paramref name="scope"/> (unread only when asked).</summary>
    public static async Task<IReadOnlyList<StaffNotification>> ForUserAsync(CurrentUser user, IQuerySession session, bool unreadOnly, int page, int pageSize, bool oldestFirst, CancellationToken ct, Permission scope = Permission.ViewMembers)
    {
        var (where, parameters) = await WhereAsync(user, unreadOnly, scope, ct);
        return await session.QueryAsync<StaffNotification>(
            $"select d.data from {Table(session)} as d {where} order by d.data ->> 'createdAt' {(oldestFirst ? "asc" : "desc")} limit {pageSize} offset {Paging.Offset(page, pageSize)}",
            ct,
            parameters);
    }

    public static async Task<int> CountForUserAsync(CurrentUser user, IQuerySession session, bool unreadOnly, CancellationToken ct, Permission scope = Permission.ViewMembers)
    {
        var (where, parameters) = await WhereAsync(user, unreadOnly, scope, ct);
        return (await session.QueryAsync<int>($"select count(*)::int from {Table(session)} as d {where}", ct, parameters)).Single();
    }

    private static string Table(IQuerySession session) => session.DocumentStore.Options.Schema.For<StaffNotification>(qualified: true);

    private static async Task<(string Where, object[] Parameters)> WhereAsync(CurrentUser user, bool unreadOnly, Permission scope, CancellationToken ct)
    {
        var cells = await user.CellsInScopeAsync(null, scope, ct);
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
