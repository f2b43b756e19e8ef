using System.Net;
using EventSourced.Domain.Organisations;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>The admission form as staff fill it for a member a test needs but does not look at closely: a Ba Đình cell, admitted in June 2024.</summary>
public static class AdmissionForm
{
    public static readonly OrganisationCreated Cell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh));

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
    public static async Task<Guid> AdmitAsync(WebSession staff, string name, string citizenId)
    {
        var response = await staff.PostFormAsync("/members/admit", "/members/admit", Fields(name, citizenId));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return Guid.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }
}
