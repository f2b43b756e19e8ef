using System.Globalization;
using System.Net;
using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>The admission form as staff fill it for a member a test needs but does not look at closely: a Ba Đình cell, admitted in June 2024.</summary>
public static class AdmissionForm
{
    public static readonly OrganisationCreated Cell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh));

    private static int _serial;

    /// <summary>The form's fields; the sex follows the citizen ID's fourth digit (1 for a woman born in the 1900s), as the ID encodes it.</summary>
    public static Dictionary<string, string> Fields(string name, string citizenId) => new()
    {
        ["NewMemberId"] = Guid.NewGuid().ToString(),
        ["FullName"] = name,
        ["Sex"] = citizenId[3] == '1' ? "Female" : "Male",
        ["DateOfBirth"] = "1990-01-01",
        ["CitizenId"] = citizenId,
        ["CellCode"] = Cell.Code,
        ["DecisionNumber"] = "77-QĐ/ĐU",
        ["DecisionDate"] = "2024-06-01",
        ["CeremonyDate"] = "2024-06-05",
    };

    /// <summary>Admits the member through the form; returns the new member's id.</summary>
    public static Task<Guid> AdmitAsync(WebSession staff, string name, string citizenId) => AdmitAsync(staff, Fields(name, citizenId));

    /// <summary>
    /// The form's fields for a man born in 1990 admitted into <paramref name="cellCode"/> on
    /// <paramref name="ceremony"/> (decided the same day), with a citizen ID and decision number no other test uses.
    /// </summary>
    public static Dictionary<string, string> Fields(string name, string cellCode, LocalDate ceremony)
    {
        var serial = Interlocked.Increment(ref _serial);
        var date = ceremony.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new Dictionary<string, string>
        {
            ["NewMemberId"] = Guid.NewGuid().ToString(),
            ["FullName"] = name,
            ["Sex"] = "Male",
            ["DateOfBirth"] = "1990-05-06",
            ["CitizenId"] = string.Create(CultureInfo.InvariantCulture, $"00109{serial:D7}"),
            ["HomeTown"] = "Hà Nội",
            ["CellCode"] = cellCode,
            ["DecisionNumber"] = $"{serial}-QĐ/ĐU",
            ["DecisionDate"] = date,
            ["CeremonyDate"] = date,
        };
    }

    /// <summary>Admits the member into <paramref name="cellCode"/> (the Ba Đình cell when not given) through the form; returns the new member's id.</summary>
    public static Task<Guid> AdmitAsync(WebSession staff, string name, LocalDate ceremony, string? cellCode = null) =>
        AdmitAsync(staff, Fields(name, cellCode ?? Cell.Code, ceremony));

    /// <summary>Admits the member these <paramref name="fields"/> describe; returns the new member's id.</summary>
    public static async Task<Guid> AdmitAsync(WebSession staff, Dictionary<string, string> fields)
    {
        var response = await staff.PostFormAsync("/members/admit", "/members/admit", fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return Guid.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }
}
