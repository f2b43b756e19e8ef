using System.Net;
using EventSourced.Web.Tests.Infrastructure;
using Marten.Events;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Audit;

/// <summary>A unit's roll as of a date (<c>/audit/roll</c>), from business dates, within the auditor's scope.</summary>
public sealed class RollTests(RollTests.Fixture app) : IClassFixture<RollTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        public Guid Member { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Member = await AdmissionForm.AdmitAsync(await SignInAsync("staff"), "Lê Thị Danh Sách", new LocalDate(2025, 2, 1));
            await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        }
    }

    private static string Cell => AdmissionForm.Cell.Code;

    [Fact]
    public async Task a_member_is_on_the_roll_from_the_ceremony_not_before()
    {
        var auditor = await app.SignInAsync("auditor");

        // The form sends its optional date empty: that is no date, not a wrong one.
        var before = await auditor.GetTextAsync($"/audit/roll?unit={Cell}&on=2025-01-31&known=&subtree=true&subtree=false");
        var after = await auditor.GetTextAsync($"/audit/roll?unit={Cell}&on=2025-03-01");

        before.ShouldNotContain($"data-member=\"{app.Member}\"");
        after.ShouldContain($"data-member=\"{app.Member}\" data-status=\"Probationary\"");
        after.ShouldContain("data-testid=\"roll-dates\"");
    }

    [Fact]
    public async Task the_districts_roll_with_its_subtree_lists_the_member_of_a_cell_below()
    {
        var auditor = await app.SignInAsync("auditor");

        var district = await auditor.GetTextAsync($"/audit/roll?unit={DemoUnits.BaDinh.Code}&on=2025-03-01");
        var alone = await auditor.GetTextAsync($"/audit/roll?unit={DemoUnits.BaDinh.Code}&on=2025-03-01&subtree=false");

        district.ShouldContain($"data-member=\"{app.Member}\"");
        alone.ShouldNotContain($"data-member=\"{app.Member}\"");
    }

    [Fact]
    public async Task the_export_lists_the_roll_with_its_parameters()
    {
        var auditor = await app.SignInAsync("auditor");

        var export = await auditor.GetAsync($"/audit/roll?handler=Export&format=csv&unit={Cell}&on=2025-03-01");
        var csv = await export.Content.ReadAsStringAsync();

        export.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        csv.ShouldContain("Lê Thị Danh Sách");
        csv.ShouldContain("01/03/2025");
    }

    [Theory]
    [InlineData("NO-SUCH-UNIT", "2025-03-01", "Audit.UnitNotInScope")]
    [InlineData(null, "2100-01-01", "Audit.RollDateInFuture")]
    [InlineData(null, "31-02-2025", "Audit.RollDateInvalid")]
    public async Task a_bad_question_is_refused_with_its_rule(string? unit, string on, string rule)
    {
        var auditor = await app.SignInAsync("auditor");

        var response = await auditor.GetAsync($"/audit/roll?unit={unit ?? Cell}&on={on}");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldContain($"data-rule=\"{rule}\"");
    }

    [Fact]
    public async Task staff_cannot_open_the_auditors_roll()
    {
        var staff = await app.SignInAsync("staff");

        (await staff.GetAsync($"/audit/roll?unit={Cell}")).Headers.Location!.ToString().ShouldContain("/forbidden");
    }

    [Fact]
    public async Task the_difference_between_two_dates_shows_the_admission_with_its_event()
    {
        var auditor = await app.SignInAsync("auditor");

        var page = await auditor.GetTextAsync($"/audit/difference?unit={Cell}&from=2025-01-01&to=2025-03-01");

        page.ShouldContain($"data-member=\"{app.Member}\" data-change=\"Joined\"");
        page.ShouldContain("MemberAdmitted");
        var printed = await auditor.GetTextAsync($"/audit/difference?print=true&unit={Cell}&from=2025-01-01&to=2025-03-01");
        printed.ShouldContain("data-testid=\"print-header\"");
        printed.ShouldContain("Hoàng Minh Đức (Kiểm tra) (auditor)");
    }

    [Fact]
    public async Task a_reversed_difference_is_refused()
    {
        var auditor = await app.SignInAsync("auditor");

        var response = await auditor.GetAsync($"/audit/difference?unit={Cell}&from=2025-03-01&to=2025-01-01");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Audit.PeriodReversed\"");
    }

    [Fact]
    public async Task the_roll_as_known_before_the_admission_was_recorded_lacks_the_member_and_names_the_later_entry()
    {
        var auditor = await app.SignInAsync("auditor");
        var yesterday = DateTime.UtcNow.AddHours(7).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var known = await auditor.GetTextAsync($"/audit/roll?unit={Cell}&on=2025-03-01&known={yesterday}");
        var now = await auditor.GetTextAsync($"/audit/roll?unit={Cell}&on=2025-03-01&known={DateTime.UtcNow.AddHours(7):yyyy-MM-dd}");

        known.ShouldNotContain($"data-member=\"{app.Member}\" data-status");
        known.ShouldContain($"data-member=\"{app.Member}\" data-change=\"MovedIn\"");
        known.ShouldContain("MemberAdmitted");
        now.ShouldContain($"data-member=\"{app.Member}\" data-status=\"Probationary\"");
        now.ShouldContain("data-testid=\"unchanged-since\"");
    }

    [Fact]
    public async Task an_auditors_look_at_a_roll_and_its_export_are_on_the_record()
    {
        var auditor = await app.SignInAsync("auditor");

        await auditor.GetTextAsync($"/audit/roll?unit={Cell}&on=2025-04-01");
        await auditor.GetAsync($"/audit/roll?handler=Export&format=xlsx&unit={Cell}&on=2025-04-01");
        var record = await auditor.GetTextAsync("/audit/exports");

        record.ShouldContain("on=2025-04-01");
        record.ShouldContain("xlsx");
    }
}
