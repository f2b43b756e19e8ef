using System.Globalization;
using System.Net;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// The procedure forms on a member's page (<c>/members/{id}/{form}?handler=...</c>), posted as staff
/// fill them, and the member read back from the store.
/// </summary>
public static class MemberForm
{
    private static int _serial;

    /// <summary>Posts <paramref name="fields"/> as they are (a test of stale forms sets the version itself).</summary>
    public static Task<HttpResponseMessage> PostAsync(WebSession session, Guid member, string form, string? handler, Dictionary<string, string> fields)
    {
        var url = $"/members/{member}/{form}";
        return session.PostFormAsync(url, handler is null ? url : $"{url}?handler={handler}", fields);
    }

    /// <summary>Posts the form with the member's current version, as a browser sends the form's hidden field.</summary>
    public static async Task<HttpResponseMessage> PostCurrentAsync(AppFixture app, WebSession session, Guid member, string form, string? handler, Dictionary<string, string> fields)
    {
        fields.TryAdd("ExpectedVersion", (await MemberAsync(app, member)).Version.ToString(CultureInfo.InvariantCulture));
        return await PostAsync(session, member, form, handler, fields);
    }

    /// <summary>Posts the form with the member's current version and expects it recorded (a redirect to the member's page).</summary>
    public static async Task RecordAsync(AppFixture app, WebSession session, Guid member, string form, string? handler, Dictionary<string, string> fields)
    {
        var response = await PostCurrentAsync(app, session, member, form, handler, fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts the form with the member's current version and expects it refused (422); returns the page shown.</summary>
    public static async Task<string> RefusedAsync(AppFixture app, WebSession session, Guid member, string form, string? handler, Dictionary<string, string> fields)
    {
        var response = await PostCurrentAsync(app, session, member, form, handler, fields);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, html);
        return html;
    }

    /// <summary>
    /// A member admitted by "staff" into <paramref name="cellCode"/> at <paramref name="ceremony"/> and
    /// recognised official 12 months and 10 days later; returns staff's session and the member's id.
    /// </summary>
    public static async Task<(WebSession Staff, Guid Id)> OfficialMemberAsync(AppFixture app, LocalDate ceremony, string? cellCode = null)
    {
        var staff = await app.SignInAsync("staff");
        var serial = Interlocked.Increment(ref _serial);
        var fields = AdmissionForm.Fields($"Nguyễn Văn Thử {serial}", cellCode ?? AdmissionForm.Cell.Code, ceremony);
        // Old enough at admission however early the career starts.
        fields["DateOfBirth"] = "1975-05-06";
        var id = await AdmissionForm.AdmitAsync(staff, fields);
        var recognisedOn = ceremony.PlusYears(1).PlusDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await RecordAsync(app, staff, id, "probation", "Recognise", new() { ["DecisionNumber"] = $"{serial}-CT/ĐU", ["DecisionDate"] = recognisedOn });
        return (staff, id);
    }

    public static async Task<Member> MemberAsync(AppFixture app, Guid member)
    {
        await using var session = app.Store.QuerySession();
        return (await session.LoadAsync<Member>(member)).ShouldNotBeNull();
    }

    /// <summary>The member's stream as the audit trail reads it: each event with who recorded it.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> EventsAsync(AppFixture app, Guid member)
    {
        await using var session = app.Store.QuerySession();
        return [.. (await session.Events.FetchStreamAsync(member)).Select(AuditEntry.From)];
    }
}
