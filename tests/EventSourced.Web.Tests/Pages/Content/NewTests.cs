using System.Net;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Pages.Content;

/// <summary>The new-post page (<c>/content/new</c>): who may draft, and uploads that are not what they claim.</summary>
[Collection(ContentDeskApp.Collection)]
public sealed class NewTests(ContentDeskApp app)
{
    [Fact]
    public async Task an_auditor_already_on_a_board_cannot_draft()
    {
        await app.SeatTheAuditorOnBaDinhsBoardAsync();
        var auditor = await app.SignInAsync("auditor");
        var before = await app.EventCountAsync();

        var draft = await auditor.PostFormAsync("/content/new?kind=News", "/content/new?kind=News", new Dictionary<string, string>
        {
            ["PostId"] = Guid.NewGuid().ToString(), ["UnitCode"] = DemoUnits.BaDinh.Code, ["Input.Kind"] = "News", ["Input.Title"] = "Tin của kiểm tra", ["Input.Body"] = "x",
        });

        draft.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task an_html_file_named_pdf_is_refused_and_no_post_or_file_is_kept()
    {
        var staff = await app.SignInAsync("staff");
        var postId = Guid.NewGuid();
        var files = await FileCountAsync();
        var fields = new Dictionary<string, string>
        {
            ["PostId"] = postId.ToString(), ["UnitCode"] = DemoUnits.BaDinh.Code, ["Input.Kind"] = "Document", ["Input.Title"] = "Nghị quyết giả",
            ["Input.DocumentNumber"] = "01-NQ/QU", ["Input.IssuingBody"] = "Quận ủy Ba Đình", ["Input.IssuedOn"] = "2025-01-05", ["Input.DocumentType"] = "Resolution",
        };

        var response = await staff.PostFileAsync("/content/new?kind=Document", "/content/new?kind=Document", "Input.AttachmentUpload", "nghi-quyet.pdf", "<html><script>alert(1)</script></html>"u8.ToArray(), fields);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldShow(Texts.Vi("Content.FileTypeNotAllowed", "nghi-quyet.pdf"));
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamStateAsync(postId)).ShouldBeNull();
        (await FileCountAsync()).ShouldBe(files);
    }

    private async Task<int> FileCountAsync()
    {
        await using var session = app.Store.QuerySession();
        return (await session.QueryAsync<int>("select count(*)::int from content_files")).Single();
    }
}
