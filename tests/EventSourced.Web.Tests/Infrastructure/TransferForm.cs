using System.Globalization;
using System.Net;
using NodaTime;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>The transfer letter forms on a member's page (<c>?handler=Official</c>, <c>Out</c>, <c>Temporary</c>), posted as staff fill them.</summary>
public static class TransferForm
{
    private static int _serial;

    /// <summary>
    /// A letter's fields: <paramref name="fields"/> (where the member goes) with the transfer's id, the
    /// member's version, a letter number no other test uses, the letter's date and a reason.
    /// </summary>
    public static Dictionary<string, string> Fields(Guid transferId, Dictionary<string, string> fields, LocalDate letterDate, int expectedVersion = 1)
    {
        var serial = Interlocked.Increment(ref _serial);
        fields["ExpectedVersion"] = expectedVersion.ToString(CultureInfo.InvariantCulture);
        fields["TransferId"] = transferId.ToString();
        fields["LetterNumber"] = $"{serial}-GGT/QU";
        fields["LetterDate"] = letterDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        fields["Reason"] = "Chuyển nơi cư trú";
        return fields;
    }

    public static Task<HttpResponseMessage> PostAsync(WebSession session, Guid member, string handler, Dictionary<string, string> fields) =>
        session.PostFormAsync($"/members/{member}/transfer", $"/members/{member}/transfer?handler={handler}", fields);

    /// <summary>Issues an official transfer of <paramref name="member"/> to the cell <paramref name="toCellCode"/>; returns the transfer's id.</summary>
    public static async Task<Guid> IssueOfficialAsync(WebSession session, Guid member, string toCellCode, LocalDate letterDate, int expectedVersion = 1)
    {
        var transferId = Guid.CreateVersion7();
        var response = await PostAsync(session, member, "Official", Fields(transferId, new() { ["ToCellCode"] = toCellCode }, letterDate, expectedVersion));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().ShouldBe($"/transfers/{transferId}");
        return transferId;
    }
}
