using System.Net;
using EventSourced.Domain.Common;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Content;

/// <summary>The content desk (<c>/content</c>): the cells late with their cell-meeting bulletin.</summary>
[Collection(ContentDeskApp.Collection)]
public sealed class IndexTests(ContentDeskApp app)
{
    [Fact]
    public async Task a_bulletin_submitted_after_the_20th_stays_late_on_the_record_once_published()
    {
        var staff = await app.SignInAsync("staff");
        var grassroots = DemoUnits.GrassrootsUnder(DemoUnits.BaDinh);
        var cell = DemoUnits.CellUnder(grassroots);
        // This month's bulletin was due by the 20th of last month: submitting it now is late.
        var month = VietnamTime.Today(SystemClock.Instance).With(DateAdjusters.StartOfMonth);
        var drafted = await staff.PostFormAsync("/content/new?kind=Bulletin", "/content/new?kind=Bulletin", new Dictionary<string, string>
        {
            ["PostId"] = Guid.NewGuid().ToString(), ["UnitCode"] = DemoUnits.BaDinh.Code, ["Input.Kind"] = "Bulletin",
            ["Input.CellCode"] = cell.Code, ["Input.Month"] = month.ToString("yyyy-MM", null), ["Input.MeetingDate"] = month.PlusDays(4).ToString("yyyy-MM-dd", null),
            ["Input.Topic"] = "Sinh hoạt chuyên đề", ["Input.Body"] = "- Tài liệu",
        });
        drafted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await drafted.Content.ReadAsStringAsync());
        var id = Guid.Parse(drafted.Headers.Location!.ToString().Split('/')[^1]);
        (await ContentDeskApp.ActAsync(staff, id, "submit", 1, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ContentDeskApp.ActAsync(await app.SignInAsync("approver"), id, "approve", 2, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ContentDeskApp.ActAsync(await app.SignInAsync("editor"), id, "publish", 3, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var desk = await staff.GetTextAsync($"/content?unit={grassroots.Code}&month=" + month.ToString("yyyy-MM", null));
        var post = await staff.GetTextAsync($"/content/{id}");

        desk.ElementHtml("data-cell", cell.Code).ShouldContain("data-testid=\"posted-late\"");
        post.ShouldContain("data-testid=\"bulletin-timeliness\" data-on-time=\"false\"");
        (await app.PostAsync(id)).BulletinSubmission!.OnTime.ShouldBeFalse();
    }
}
