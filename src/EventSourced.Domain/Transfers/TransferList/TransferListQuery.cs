using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Transfers.TransferList;

/// <summary>Which transfers the list shows, always within the user's scope.</summary>
public enum TransferView
{
    /// <summary>Official transfers sent by a cell in scope, whatever became of them.</summary>
    Outgoing,

    /// <summary>Official transfers to a cell in scope, including arrivals from outside the city.</summary>
    Incoming,

    /// <summary>Official transfers not yet received, from or to a cell in scope.</summary>
    InTransit,

    /// <summary>Transfers in transit past their due date.</summary>
    Overdue,

    /// <summary>Active temporary transfers hosted by a cell in scope: members listed there but not counted.</summary>
    Hosted,

    /// <summary>Active temporary transfers of members of a cell in scope, who are away but still counted at home.</summary>
    Away,
}

/// <summary>
/// The transfers list: one view, within a set of cells (null for the whole register), paged; newest
/// letter first, except overdue transfers, the longest overdue first. The transfers page and the home
/// page's card both read it.
/// </summary>
public sealed record TransferListQuery(IReadOnlyCollection<Guid>? CellIds, TransferView View, LocalDate Today, int Page = 1, int PageSize = 50)
{
    public async Task<(IReadOnlyList<Transfer> Transfers, int Total)> RunAsync(IQuerySession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);

        // Nullable ids compare with nullable ids: the sending end is null for arrivals from outside,
        // the receiving end for transfers out of the city.
        Guid?[]? scope = CellIds?.Select(c => (Guid?)c).ToArray();
        var query = session.Query<Transfer>().AsQueryable();
        query = View switch
        {
            TransferView.Outgoing => query.Where(t => t.Kind != TransferKind.Temporary && t.Kind != TransferKind.IntoCity),
            TransferView.Incoming => query.Where(t => t.Kind == TransferKind.WithinCity || t.Kind == TransferKind.IntoCity),
            TransferView.InTransit or TransferView.Overdue => query.Where(t => t.Status == TransferStatus.InTransit),
            _ => query.Where(t => t.Kind == TransferKind.Temporary && t.Status == TransferStatus.Active),
        };
        if (scope is not null)
        {
            query = View switch
            {
                TransferView.Outgoing or TransferView.Away => query.Where(t => scope.Contains(t.FromCellId)),
                TransferView.Incoming or TransferView.Hosted => query.Where(t => scope.Contains(t.ToCellId)),
                _ => query.Where(t => scope.Contains(t.FromCellId) || scope.Contains(t.ToCellId)),
            };
        }

        if (View == TransferView.Overdue)
        {
            // Transfers in transit are few; whether one is overdue is decided by the same rule as the
            // scheduled check, so a list read before the check ran is right too.
            var overdue = (await query.ToListAsync(ct))
                .Where(t => t.Overdue || TransferRules.IsOverdue(t, Today))
                .OrderBy(t => t.DueBy)
                .ThenBy(t => t.Id)
                .ToList();
            return (overdue.Skip(Paging.Offset(Page, PageSize)).Take(PageSize).ToList(), overdue.Count);
        }

        var page = await query
            .Stats(out var stats)
            .OrderByDescending(t => t.IssuedOn)
            .ThenByDescending(t => t.Id)
            .Skip(Paging.Offset(Page, PageSize))
            .Take(PageSize)
            .ToListAsync(ct);
        return (page, (int)stats.TotalResults);
    }
}
