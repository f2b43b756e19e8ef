using EventSourced.Domain.Accounts;
using EventSourced.Domain.Audit;
using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Records every export of personal data before the file is handed over: if the record cannot be
/// written, the file is not sent. The record is the application's own account of a read, not a change
/// the user makes, so it is written here rather than sent as a command (an auditor, who records nothing
/// else, leaves this trace too).
/// </summary>
public sealed class PersonalDataExports(IDocumentStore store, CurrentUser user, IClock clock, CurrentProvince province)
{
    public async Task RecordAsync(string dataset, IReadOnlyList<Guid> unitIds, string filters, string format, int rows, CancellationToken ct)
    {
        var account = await user.AccountAsync(ct) ?? throw new AccessDeniedException();
        var tree = await user.TreeAsync(ct);
        // The role the export was allowed by: the closest assignment that shows members of the first unit.
        var role = unitIds.Count > 0
            ? Access.Authorise(account.Roles, Permission.ViewMembers, unitIds[0], tree)?.Role
            : account.Roles.FirstOrDefault(r => Access.Grants(r.Role, Permission.ViewMembers))?.Role;
        var id = Guid.CreateVersion7();
        await using var session = province.LightweightSession(store);
        session.LastModifiedBy = account.Username;
        session.SetHeader(AuditHeaders.UserId, account.Id.ToString());
        session.SetHeader(AuditHeaders.UserName, account.Username);
        session.SetHeader(AuditHeaders.DisplayName, account.DisplayName);
        session.Events.StartStream(id, new PersonalDataExported(id, account.Id, account.Username, account.DisplayName, role?.ToString(), unitIds, dataset, filters, format, rows, clock.GetCurrentInstant()));
        await session.SaveChangesAsync(ct);
    }

    /// <summary>
    /// One page of the records, newest first, that the reader may see: all of them for a reader over the
    /// whole city, otherwise those whose every unit lies in the reader's scope (exports number in the
    /// thousands a year, so a narrower reader's are filtered in memory).
    /// </summary>
    public static async Task<(IReadOnlyList<PersonalDataExported> Page, int Total)> ReadAsync(IQuerySession session, IReadOnlyList<Guid> readerRoots, Domain.Organisations.OrganisationTree tree, int page, int pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(readerRoots);
        ArgumentNullException.ThrowIfNull(tree);
        var all = session.Query<PersonalDataExportRecord>();
        if (readerRoots.Any(r => tree.Find(r)?.ParentId is null))
        {
            var total = await all.CountAsync(ct);
            var records = await all.OrderByDescending(x => x.Sequence).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
            return ([.. records.Select(x => x.Export)], total);
        }

        var visible = (await all.OrderByDescending(x => x.Sequence).ToListAsync(ct))
            .Select(x => x.Export)
            .Where(x => x.UnitIds.Count > 0 && x.UnitIds.All(u => readerRoots.Any(r => tree.IsWithin(u, r))))
            .ToList();
        return ([.. visible.Skip((page - 1) * pageSize).Take(pageSize)], visible.Count);
    }
}
