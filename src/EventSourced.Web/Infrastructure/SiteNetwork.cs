using System.Text;
using EventSourced.Domain.Common;
using EventSourced.Domain.Sites;
using Marten;
using NodaTime;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// The site's side of network sync (decision 0023): push its batch to the centre's <c>/api/sites/batches</c>
/// and pull its update from <c>/api/sites/updates</c>, over HTTPS, signed with the site key instead of a
/// staff sign-in. A batch whose answer never came back is sent again first, under its own id, so the
/// centre receives it once and the site never has two batches the centre does not know of.
/// </summary>
public static class SiteNetwork
{
    private static readonly System.Text.Json.JsonSerializerOptions ReceiptJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>What a push did: the batches sent, each with the centre's receipt.</summary>
    public sealed record PushResult(IReadOnlyList<SyncReceipt> Receipts);

    public static async Task<PushResult> PushAsync(HttpClient centre, IDocumentStore store, byte[] siteKey, IClock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(centre);
        ArgumentNullException.ThrowIfNull(store);
        var receipts = new List<SyncReceipt>();
        var installation = await InstallationAsync(store, ct);
        if (installation.LastBatchId is { } last && installation.LastBatchFile is { } unanswered && !installation.ReceivedBatches.Contains(last))
        {
            receipts.Add(await SendAsync(centre, store, unanswered, ct));
        }

        var (file, _) = await ExportSyncBatch.ExportAsync(store, siteKey, clock, ct);
        receipts.Add(await SendAsync(centre, store, SiteSigning.Write(file), ct));
        return new PushResult(receipts);
    }

    /// <summary>Asks the centre for the site's update and installs it; refused by the centre or the site with a code.</summary>
    public static async Task<SiteUpdateReport> PullAsync(HttpClient centre, IDocumentStore store, byte[] siteKey, IClock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(centre);
        ArgumentNullException.ThrowIfNull(clock);
        var installation = await InstallationAsync(store, ct);
        var request = SiteSigning.Sign(SiteFileKind.UpdateRequest, installation.UnitId, new SiteUpdateRequest(installation.UnitId, clock.GetCurrentInstant()), siteKey);
        using var response = await centre.PostAsync(new Uri("/api/sites/updates", UriKind.Relative), Body(SiteSigning.Write(request)), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw Refused(text);
        }

        var update = SiteSigning.Read(text) ?? throw new RuleViolation(SiteFileRefusals.Malformed);
        return await SiteUpdates.InstallAsync(store, update, installation.UnitId, siteKey, clock, ct);
    }

    private static async Task<SyncReceipt> SendAsync(HttpClient centre, IDocumentStore store, string batchFile, CancellationToken ct)
    {
        using var response = await centre.PostAsync(new Uri("/api/sites/batches", UriKind.Relative), Body(batchFile), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw Refused(text);
        }

        var receipt = System.Text.Json.JsonSerializer.Deserialize<SyncReceipt>(text, ReceiptJson)
            ?? throw new RuleViolation(SiteFileRefusals.Malformed);
        await using var session = store.LightweightSession();
        var installation = await session.LoadAsync<SiteInstallation>(SiteInstallation.TheId, ct) ?? throw new RuleViolation("Site.NotInstalled");
        if (!installation.ReceivedBatches.Contains(receipt.BatchId))
        {
            installation.ReceivedBatches.Add(receipt.BatchId);
            session.Store(installation);
            await session.SaveChangesAsync(ct);
        }

        return receipt;
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The centre's refusal code (a problem's <c>code</c>), as the site's own refusals are reported.</summary>
    private static RuleViolation Refused(string problem)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(problem);
            if (json.RootElement.TryGetProperty("code", out var code) && code.GetString() is { Length: > 0 } value)
            {
                return new RuleViolation(value);
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return new RuleViolation("Site.CentreRefused");
    }

    private static async Task<SiteInstallation> InstallationAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<SiteInstallation>(SiteInstallation.TheId, ct) ?? throw new RuleViolation("Site.NotInstalled");
    }
}
