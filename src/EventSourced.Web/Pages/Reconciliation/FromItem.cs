using EventSourced.Domain.Reconciliation;
using Marten;

namespace EventSourced.Web.Pages.Reconciliation;

/// <summary>
/// The reconciliation item a procedure's page was opened from (in the query, then in hidden fields):
/// the procedure is then sent wrapped in <see cref="ResolveByProcedure"/>, so recording it resolves
/// the item in the same transaction, at the reconciliation's version the results page showed.
/// </summary>
public sealed class FromItem
{
    public Guid? Reconciliation { get; set; }

    public int ReconciliationVersion { get; set; }

    public int Item { get; set; }

    /// <summary>The reconciliation's unit, once loaded: sending needs the right to change its members too.</summary>
    public Guid? UnitId { get; private set; }

    public object Wrap(object procedure) =>
        Reconciliation is { } id ? new ResolveByProcedure(id, ReconciliationVersion, Item, procedure) : procedure;

    /// <summary>
    /// Whether the form may start from the item (after <see cref="LoadAsync"/>): the page was not opened from
    /// one, or the user may change the members of the reconciliation's unit. Its roll row is that unit's
    /// personal data (name, date of birth, citizen ID…), which the right over some other unit does not open.
    /// </summary>
    public async Task<bool> MayOpenAsync(Infrastructure.CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Reconciliation is null || (UnitId is { } unit && await user.CanAsync(Domain.Accounts.Permission.ChangeMembers, unit, ct));
    }

    /// <summary>The item, or null when the page was not opened from one (or it does not exist: the send then refuses it).</summary>
    public async Task<ReconciliationItem?> LoadAsync(IQuerySession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (Reconciliation is not { } id)
        {
            return null;
        }

        UnitId = (await session.LoadAsync<Domain.Reconciliation.Reconciliation>(id, ct))?.UnitId;
        return await session.LoadAsync<ReconciliationItem>(ReconciliationItem.IdOf(id, Item), ct);
    }
}
