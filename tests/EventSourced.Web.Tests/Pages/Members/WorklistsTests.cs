using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>The worklists (<c>/members/worklists</c>): who is due for recognition, with the limit in working days.</summary>
[Collection(MembersIn2025.Collection)]
public sealed class WorklistsTests(MembersIn2025 app)
{
    [Fact]
    public async Task the_worklist_shows_who_is_due_for_recognition_with_the_working_day_limit()
    {
        var staff = await app.SignInAsync("staff");
        await AdmissionForm.AdmitAsync(staff, "Bùi Quang Huy", ceremony: new LocalDate(2024, 1, 15));

        var due = (await staff.GetTextAsync("/members/worklists")).TestIdText("recognition-due");

        due.ShouldContain("BÙI QUANG HUY");
        // 12 months end on 15/01/2025; 30 working days later, after the Tết holidays, is 05/03/2025.
        due.ShouldContain("15/01/2025");
        due.ShouldContain("05/03/2025");
    }
}
