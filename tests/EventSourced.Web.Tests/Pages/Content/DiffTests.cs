using System.Net;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Pages.Content;

/// <summary>The revision comparison (<c>/content/{id}/diff</c>): what a revision removed and added, word by word.</summary>
[Collection(ContentDeskApp.Collection)]
public sealed class DiffTests(ContentDeskApp app)
{
    [Fact]
    public async Task the_comparison_of_two_revisions_marks_the_words_removed_and_added()
    {
        var staff = await app.SignInAsync("staff");
        var id = await app.ApprovedAsync("Tin sẽ so sánh");
        (await EditTests.EditAsync(staff, id, 3, "Tin đã so sánh", "Nội dung mới")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var diff = await staff.GetTextAsync($"/content/{id}/diff?from=1&to=2");

        diff.ShouldContain("<td>Nội dung <del>**quan trọng** cho đảng viên.</del></td>");
        diff.ShouldContain("<td>Nội dung <ins>mới</ins></td>");
    }
}
