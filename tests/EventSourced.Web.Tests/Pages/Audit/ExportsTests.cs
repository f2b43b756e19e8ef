using EventSourced.Web.Tests.Infrastructure;
using EventSourced.Web.Tests.Pages.Members;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Audit;

/// <summary>The record of personal data exports (<c>/audit/exports</c>): the auditor reads it, staff do not.</summary>
[Collection(MembersIn2025.Collection)]
public sealed class ExportsTests(MembersIn2025 app)
{
    [Fact]
    public async Task the_auditor_reads_every_export_on_the_audit_page()
    {
        var staff = await app.SignInAsync("staff");
        var auditor = await app.SignInAsync("auditor");
        await AdmissionForm.AdmitAsync(staff, "Kiều Văn Xuân", ceremony: new LocalDate(2025, 2, 1));
        await staff.GetAsync($"/members/export?unit={AdmissionForm.Cell.Code}&format=csv&status=All");

        var audit = await auditor.GetTextAsync("/audit/exports");

        audit.ShouldContain($"data-export=\"{(await ExportTests.RecordsAsync(app))[^1].ExportId}\"");
    }

    [Fact]
    public async Task staff_cannot_open_the_record_of_exports()
    {
        var staff = await app.SignInAsync("staff");

        (await staff.GetAsync("/audit/exports")).Headers.Location!.ToString().ShouldContain("/forbidden");
    }
}
