using System.Globalization;
using System.Net;
using EventSourced.Domain.Common;
using EventSourced.Domain.Transfers;
using NodaTime;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// The actions on a transfer's page (<c>/transfers/{id}?handler=Receive</c>, <c>Refuse</c>, <c>Cancel</c>,
/// <c>FollowUp</c>, ...), posted as the staff of either side send them, and the transfer read back.
/// </summary>
public static class TransferPage
{
    public static Task<HttpResponseMessage> ReceiveAsync(WebSession session, Guid transfer, int expectedVersion, LocalDate on) =>
        PostAsync(session, transfer, "Receive", new() { ["ExpectedVersion"] = Version(expectedVersion), ["On"] = Date(on) });

    public static Task<HttpResponseMessage> RefuseAsync(WebSession session, Guid transfer, string reason, LocalDate on) =>
        PostAsync(session, transfer, "Refuse", new() { ["ExpectedVersion"] = "1", ["On"] = Date(on), ["Reason"] = reason });

    public static Task<HttpResponseMessage> CancelAsync(WebSession session, Guid transfer, string reason, LocalDate on) =>
        PostAsync(session, transfer, "Cancel", new() { ["ExpectedVersion"] = "1", ["On"] = Date(on), ["Reason"] = reason });

    /// <summary>Sends one action of the transfer page with every field any action needs, on the transfer's current version.</summary>
    public static async Task<HttpResponseMessage> ActAsync(AppFixture app, WebSession session, Guid transfer, string handler, LocalDate on)
    {
        var version = (await TransferAsync(app, transfer)).Version;
        // The antiforgery token comes from the list, which every side may open (the transfer's page may be forbidden).
        return await session.PostFormAsync("/transfers", $"/transfers/{transfer}?handler={handler}", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = Version(version),
            ["On"] = Date(on),
            ["NewUntil"] = "2025-12-03",
            ["Reason"] = "Lý do thử",
            ["Note"] = "Ghi chú thử",
        });
    }

    public static async Task<HttpResponseMessage> FollowUpAsync(AppFixture app, WebSession session, Guid transfer, string note, LocalDate on)
    {
        HttpResponseMessage response = null!;
        // The scheduled overdue check may mark the transfer at any moment after it is issued, which
        // makes a form opened before it stale: like a user, look again and send once more.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var version = (await TransferAsync(app, transfer)).Version;
            response = await PostAsync(session, transfer, "FollowUp", new() { ["ExpectedVersion"] = Version(version), ["On"] = Date(on), ["Note"] = note });
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                break;
            }
        }

        return response;
    }

    /// <summary>
    /// Waits for the overdue check a letter schedules after its due date: for a letter dated in the past it runs
    /// at once, beside the test, and moves the transfer's version; an action sent on the version before it is stale.
    /// </summary>
    public static Task<Transfer> MarkedOverdueAsync(AppFixture app, Guid transfer) =>
        Eventually.UntilAsync(
            () => TransferAsync(app, transfer),
            stored => stored.Overdue,
            TimeSpan.FromSeconds(30),
            "the overdue check scheduled by the letter",
            every: TimeSpan.FromMilliseconds(50),
            shown: stored => $"not overdue at version {stored.Version}");

    public static async Task<Transfer> TransferAsync(AppFixture app, Guid transfer)
    {
        await using var session = app.Store.QuerySession();
        return (await session.LoadAsync<Transfer>(transfer)).ShouldNotBeNull();
    }

    /// <summary>The transfer's stream as the audit trail reads it: each event with who recorded it.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> EventsAsync(AppFixture app, Guid transfer)
    {
        await using var session = app.Store.QuerySession();
        return [.. (await session.Events.FetchStreamAsync(transfer)).Select(AuditEntry.From)];
    }

    private static Task<HttpResponseMessage> PostAsync(WebSession session, Guid transfer, string handler, Dictionary<string, string> fields) =>
        session.PostFormAsync($"/transfers/{transfer}", $"/transfers/{transfer}?handler={handler}", fields);

    private static string Version(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static string Date(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
