using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using static EventSourced.Web.Tests.Pages.Reconciliation.UnitRolls;

namespace EventSourced.Web.Tests.Pages.Reconciliation;

/// <summary>The date a unit's roll stands for, as the upload form takes it: a day already recorded, on which the unit existed.</summary>
public sealed partial class ReferenceDateTests(ReferenceDateTests.Fixture app) : IClassFixture<ReferenceDateTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    private static readonly string Cell = ReconciliationSteps.Cells[^1];

    [GeneratedRegex("data-rule=\"([^\"]+)\" data-field=\"([^\"]*)\"")]
    private static partial Regex RuleAttribute();

    private async Task<int> UploadCountAsync()
    {
        await using var session = app.Store.QuerySession();
        return await session.Query<ReconciliationUpload>().CountAsync();
    }

    private async Task<(HttpResponseMessage Response, string Html)> UploadAsync(string referenceDate)
    {
        var staff = await app.SignInAsync("staff");
        var response = await staff.PostFileAsync(PathOf(Cell), PathOf(Cell), "Upload", "danh-sach.csv",
            Csv(Header, $"Nguyễn Văn An,01/01/1990,Nam,,{Cell}"), new Dictionary<string, string> { ["ReferenceDate"] = referenceDate });
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task a_reference_date_in_the_future_is_refused_on_its_field_naming_the_date_and_nothing_is_stored()
    {
        // The day after tomorrow in Hanoi, whatever the hour the test runs.
        var future = DateTime.UtcNow.AddHours(7).AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var events = await app.EventCountAsync();
        var uploads = await UploadCountAsync();

        var (response, html) = await UploadAsync(future);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, html);
        RuleAttribute().Matches(html).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).Distinct().ShouldBe([("Reconciliation.ReferenceDateInFuture", "ReferenceDate")]);
        html.ShouldNotContain("{0}");
        (await app.EventCountAsync()).ShouldBe(events);
        (await UploadCountAsync()).ShouldBe(uploads);
    }

    [Fact]
    public async Task a_reference_date_before_the_unit_was_founded_is_refused_and_nothing_is_stored()
    {
        // The whole roll would otherwise be "on the roll only": the register of a unit that did not exist is empty.
        var events = await app.EventCountAsync();
        var uploads = await UploadCountAsync();

        var (response, html) = await UploadAsync("1900-01-01");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, html);
        RuleAttribute().Matches(html).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).Distinct().ShouldBe([("Reconciliation.FoundedAfterReferenceDate", "ReferenceDate")]);
        (await app.EventCountAsync()).ShouldBe(events);
        (await UploadCountAsync()).ShouldBe(uploads);
    }
}
