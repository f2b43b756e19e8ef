using EventSourced.Domain.Accounts;
using EventSourced.Domain.Sites;
using JasperFx;
using Marten;
using NodaTime;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// The centre's side of offline sites for pages: cutting a package, receiving a batch, resolving a
/// conflict, each in one Marten transaction. Only staff above the site act on it (a right over the
/// site's parent), since the site's own staff are the ones whose work is being taken in.
/// </summary>
public sealed class SiteSync(IDocumentStore store, OrganisationDirectory directory, SiteSettings settings, IClock clock, CurrentUser user, IConfiguration configuration, CurrentProvince province, PersonalDataExports exports)
{
    /// <summary>
    /// Cuts the site's package for staff above it to take to the site. It carries its members' whole records
    /// (citizen IDs, dates of birth), so it is recorded as an export of personal data before it is handed over.
    /// </summary>
    public async Task<SignedSiteFile> IssuePackageAsync(Guid unitId, CancellationToken ct)
    {
        var tree = await directory.TreeAsync(ct: ct);
        var actor = await StaffAboveAsync(unitId, ct);
        await using var session = Open(actor);
        var file = await IssueSitePackage.IssueAsync(session, tree, unitId, settings.CentreName, Settings(), settings.RequireCentreKey(), clock, ct);
        await session.SaveChangesAsync(ct);
        var package = System.Text.Json.JsonSerializer.Deserialize<SitePackage>(file.Payload, PortableEvents.Json)!;
        await exports.RecordAsync("site-package", [unitId], $"package={package.PackageId}", "json", MemberRecords(package.Streams), ct);
        return file;
    }

    /// <summary>Cuts an update for an installed site: what changed at the centre since the cut it stands on, resolutions included; recorded like the package.</summary>
    public async Task<SignedSiteFile> IssueUpdateAsync(Guid unitId, CancellationToken ct)
    {
        var tree = await directory.TreeAsync(ct: ct);
        var actor = await StaffAboveAsync(unitId, ct);
        await using var session = Open(actor);
        var (file, update) = await IssueSiteUpdate.IssueAsync(session, tree, unitId, settings.RequireCentreKey(), clock, ct);
        await session.SaveChangesAsync(ct);
        await exports.RecordAsync("site-update", [unitId], $"update={update.UpdateId}; basedOn={update.BasedOn}", "json", MemberRecords(update.Streams), ct);
        return file;
    }

    private static readonly string[] MemberStarts = [PortableEvents.TypeName(typeof(Domain.Members.MemberAdmitted)), PortableEvents.TypeName(typeof(Domain.Members.MemberTransferredIn))];

    /// <summary>The members' records among the streams a file carries (the rest are units, holidays and transfers).</summary>
    private static int MemberRecords(IEnumerable<PortableStream> streams) =>
        streams.Count(s => s.Events.Count > 0 && MemberStarts.Contains(s.Events[0].Type, StringComparer.Ordinal));

    /// <summary>Staff above hand in the batch file brought from the site.</summary>
    public async Task<SyncReceipt> ReceiveAsync(SignedSiteFile file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var tree = await directory.TreeAsync(ct: ct);
        // The signature is checked before the user's rights: a foreign file gets its own reason.
        ReceiveSyncBatch.Open(file, tree, settings.RequireCentreKey());
        return await ReceiveAsAsync(file, tree, await StaffAboveAsync(file.SiteUnitId, ct), ct);
    }

    /// <summary>
    /// The site's machine pushes its batch over the network: no one is signed in, the site key's signature
    /// is the credential, and the events are received as "site:CODE" (each keeps its own site user).
    /// </summary>
    public async Task<SyncReceipt> ReceiveFromSiteAsync(SignedSiteFile file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var tree = await directory.TreeAsync(ct: ct);
        ReceiveSyncBatch.Open(file, tree, settings.RequireCentreKey());
        return await ReceiveAsAsync(file, tree, SiteActor(tree, file.SiteUnitId), ct);
    }

    /// <summary>The site's machine asks for its update with a signed, fresh request; cut as "site:CODE".</summary>
    public async Task<SignedSiteFile> IssueUpdateForSiteAsync(SignedSiteFile request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tree = await directory.TreeAsync(ct: ct);
        SiteUpdateRequest.Open(request, tree, settings.RequireCentreKey(), clock.GetCurrentInstant());
        await using var session = Open(SiteActor(tree, request.SiteUnitId));
        var (file, _) = await IssueSiteUpdate.IssueAsync(session, tree, request.SiteUnitId, settings.RequireCentreKey(), clock, ct);
        await session.SaveChangesAsync(ct);
        return file;
    }

    private static string SiteActor(Domain.Organisations.OrganisationTree tree, Guid unitId) => "site:" + tree.Find(unitId)!.Code;

    private async Task<SyncReceipt> ReceiveAsAsync(SignedSiteFile file, Domain.Organisations.OrganisationTree tree, string actor, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var session = Open(actor);
                var receipt = await ReceiveSyncBatch.ReceiveAsync(session, file, tree, settings.RequireCentreKey(), clock, ct);
                await session.SaveChangesAsync(ct);
                return receipt;
            }
            catch (Exception e) when (attempt == 0 && IsRace(e))
            {
                // The same batch (or another of the site's) was received meanwhile: read again, and a
                // replay now finds its batch id recorded and changes nothing.
            }
            finally
            {
                directory.Invalidate();
            }
        }
    }

    public async Task ResolveAsync(ResolveSiteConflict command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var tree = await directory.TreeAsync(ct: ct);
        var actor = await StaffAboveAsync(command.SiteUnitId, ct);
        await using var session = Open(actor);
        await ResolveSiteConflictHandler.ResolveAsync(session, command, tree, async cells =>
        {
            // Taking the site's events writes on the member's record: the right over the site's parent is
            // not enough once the centre has moved the member elsewhere.
            foreach (var cell in cells)
            {
                if (!await user.CanAsync(Permission.ChangeMembers, cell, ct))
                {
                    throw new AccessDeniedException();
                }
            }
        }, ct);
        await session.SaveChangesAsync(ct);
    }

    /// <summary>Whether the user may act on the site: a right to change members over the unit above it.</summary>
    public async Task<bool> MayActOnAsync(Guid unitId, CancellationToken ct)
    {
        var unit = (await directory.TreeAsync(ct: ct)).Find(unitId);
        return unit?.ParentId is { } parent && await user.CanAsync(Permission.ChangeMembers, parent, ct);
    }

    private async Task<string> StaffAboveAsync(Guid unitId, CancellationToken ct)
    {
        if (!await MayActOnAsync(unitId, ct))
        {
            throw new AccessDeniedException();
        }

        return (await user.AccountAsync(ct))?.Username ?? user.Principal.Identity?.Name ?? "?";
    }

    /// <summary>
    /// The staff member is the session's user name, which fills only events without one of their own:
    /// the site's events keep the site user who recorded them (headers set on the session would
    /// overwrite the site's actor headers on every appended event, so none are set here).
    /// </summary>
    private IDocumentSession Open(string actor)
    {
        var session = province.LightweightSession(store);
        session.LastModifiedBy = actor;
        return session;
    }

    private static readonly string[] CarriedSettings = ["Transfers:PresentWithinWorkingDays", "Installs:ReportWindowDays"];

    private Dictionary<string, string> Settings() =>
        CarriedSettings
            .Where(key => !string.IsNullOrEmpty(configuration[key]))
            .ToDictionary(key => key, key => configuration[key]!);

    private static bool IsRace(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is JasperFx.ConcurrencyException or DocumentAlreadyExistsException
                or Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
            {
                return true;
            }
        }

        return false;
    }
}
