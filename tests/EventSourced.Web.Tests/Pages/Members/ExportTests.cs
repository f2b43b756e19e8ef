using System.Net;
using EventSourced.Domain.Audit;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using Marten.Events;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>The member export (<c>/members/export</c>): CSV and XLSX, safe to open in a spreadsheet, within the user's scope, each one recorded for the auditor.</summary>
[Collection(MembersIn2025.Collection)]
public sealed class ExportTests(MembersIn2025 app)
{
    private static readonly LocalDate Today = new(2025, 3, 1);

    /// <summary>A cell other than the one most tests admit into, so its export stays small.</summary>
    private static readonly OrganisationCreated ExportedCell = DemoUnits.ChildrenOf(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh).OrganisationId).Last(u => u.Kind == OrganisationKind.Cell);

    [Fact]
    public async Task the_csv_export_has_the_column_headers_and_the_members()
    {
        var staff = await app.SignInAsync("staff");
        await AdmissionForm.AdmitAsync(staff, "Trần Thị Ân", ceremony: Today.PlusMonths(-1), cellCode: ExportedCell.Code);

        var csv = await CsvAsync(staff, ExportedCell.Code);

        csv.ShouldContain(Texts.Vi("Member.FullName"));
        csv.ShouldContain("TRẦN THỊ ÂN");
    }

    [Fact]
    public async Task a_name_that_looks_like_a_formula_is_exported_as_text()
    {
        var staff = await app.SignInAsync("staff");
        await AdmissionForm.AdmitAsync(staff, "=cmd|' /C calc'!A0", ceremony: Today.PlusMonths(-1), cellCode: ExportedCell.Code);

        (await CsvAsync(staff, ExportedCell.Code)).ShouldContain("'=CMD");
    }

    [Fact]
    public async Task the_xlsx_export_is_a_spreadsheet()
    {
        var staff = await app.SignInAsync("staff");

        var xlsx = await staff.GetAsync($"/members/export?unit={ExportedCell.Code}&format=xlsx");

        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        (await xlsx.Content.ReadAsByteArrayAsync())[..2].ShouldBe("PK"u8.ToArray());
    }

    [Fact]
    public async Task staff_see_citizen_ids_in_the_export()
    {
        var staff = await app.SignInAsync("staff");
        var fields = AdmissionForm.Fields("Kiều Thị Xuân", AdmissionForm.Cell.Code, Today.PlusMonths(-1));
        await AdmissionForm.AdmitAsync(staff, fields);

        (await CsvAsync(staff, AdmissionForm.Cell.Code, "&status=All")).ShouldContain(fields["CitizenId"]);
    }

    [Fact]
    public async Task every_export_is_recorded_with_who_what_where_and_how_many_rows()
    {
        var staff = await app.SignInAsync("staff");
        await AdmissionForm.AdmitAsync(staff, "Kiều Thị Xuân Mai", ceremony: Today.PlusMonths(-1));

        var csv = await CsvAsync(staff, AdmissionForm.Cell.Code, "&status=All");

        var record = (await RecordsAsync(app))[^1];
        (record.UserName, record.Format, record.Dataset).ShouldBe(("staff", "csv", "members"));
        record.UnitIds.ShouldBe([AdmissionForm.Cell.OrganisationId]);
        record.Rows.ShouldBe(csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
        record.Filters.ShouldContain("status=All");
    }

    [Fact]
    public async Task staff_of_another_district_cannot_narrow_the_export_to_a_unit_outside_their_scope()
    {
        var other = await app.SignInAsync("staff2");
        var before = await RecordsAsync(app);

        var narrowed = await other.GetAsync($"/members/export?unit={AdmissionForm.Cell.Code}&format=csv&status=All");

        narrowed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        narrowed.Headers.Location!.ToString().ShouldContain("/forbidden");
        (await RecordsAsync(app)).Count.ShouldBe(before.Count);
    }

    [Fact]
    public async Task the_whole_export_of_another_district_holds_only_its_own_members_and_is_recorded_as_theirs()
    {
        var staff = await app.SignInAsync("staff");
        var other = await app.SignInAsync("staff2");
        var fields = AdmissionForm.Fields("Mạc Văn Tuấn", AdmissionForm.Cell.Code, Today.PlusMonths(-1));
        await AdmissionForm.AdmitAsync(staff, fields);
        var before = await RecordsAsync(app);

        var whole = await (await other.GetAsync("/members/export?format=csv&status=All")).Content.ReadAsStringAsync();

        whole.ShouldNotContain(fields["CitizenId"]);
        var records = await RecordsAsync(app);
        records.Count.ShouldBe(before.Count + 1);
        records[^1].UnitIds.ShouldBe([DemoUnits.HoanKiem.OrganisationId]);
    }

    /// <summary>The record of every export so far, oldest first, as the auditor reads them.</summary>
    public static async Task<IReadOnlyList<PersonalDataExported>> RecordsAsync(AppFixture app)
    {
        await using var session = app.Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.EventTypesAre(typeof(PersonalDataExported))).OrderBy(e => e.Sequence).ToListAsync();
        return [.. events.Select(e => (PersonalDataExported)e.Data)];
    }

    private static async Task<string> CsvAsync(WebSession session, string unitCode, string filters = "") =>
        await (await session.GetAsync($"/members/export?unit={unitCode}&format=csv{filters}")).Content.ReadAsStringAsync();
}
