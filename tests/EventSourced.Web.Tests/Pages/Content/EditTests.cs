using System.Net;
using EventSourced.Domain.Content;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Pages.Content;

/// <summary>The edit page (<c>/content/{id}/edit</c>): a submitted post is not edited in place; a revision goes back for review while the published one stays.</summary>
[Collection(ContentDeskApp.Collection)]
public sealed class EditTests(ContentDeskApp app)
{
    [Fact]
    public async Task a_submitted_post_edited_in_place_is_refused_with_the_reason()
    {
        var staff = await app.SignInAsync("staff");
        var id = await ContentDeskApp.DraftAsync(staff, "Tin cần sửa");
        (await ContentDeskApp.ActAsync(staff, id, "submit", 1, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var edit = await EditAsync(staff, id, 2, "Sửa khi đang duyệt", "x");

        edit.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await edit.Content.ReadAsStringAsync()).ShouldShow(Texts.Vi("Content.SubmittedLocked"));
        (await app.PostAsync(id)).Status.ShouldBe(PostStatus.Submitted);
    }

    [Fact]
    public async Task revising_an_approved_post_sends_it_back_for_review_as_a_second_revision()
    {
        var id = await app.ApprovedAsync("Tin sẽ sửa sau duyệt");

        var revised = await EditAsync(await app.SignInAsync("staff"), id, 3, "Tin đã sửa sau duyệt", "Nội dung mới");

        revised.StatusCode.ShouldBe(HttpStatusCode.Redirect, await revised.Content.ReadAsStringAsync());
        var post = await app.PostAsync(id);
        (post.Status, post.LatestRevision, post.Approvals.Count).ShouldBe((PostStatus.Draft, 2, 0));
    }

    [Fact]
    public async Task a_published_post_stays_in_the_members_feed_while_its_next_revision_is_edited()
    {
        var member = await AppMember.CreateAsync(app, "Hoàng Văn Đọc", "001090000801");
        var id = await app.PublishedAsync("Tin đang đăng sẽ được sửa");

        var revised = await EditAsync(await app.SignInAsync("staff"), id, 4, "Bản sửa chưa duyệt", "Nội dung mới");

        revised.StatusCode.ShouldBe(HttpStatusCode.Redirect, await revised.Content.ReadAsStringAsync());
        using var client = member.Client(app);
        var feed = await client.GetStringAsync(new Uri("/api/app/feed?limit=50", UriKind.Relative));
        feed.ShouldContain("Tin đang đăng sẽ được sửa");
        feed.ShouldNotContain("Bản sửa chưa duyệt");
    }

    /// <summary>Sends the edit form with a new title and body.</summary>
    public static Task<HttpResponseMessage> EditAsync(WebSession who, Guid id, int version, string title, string body) =>
        who.PostFormAsync($"/content/{id}/edit", $"/content/{id}/edit", new Dictionary<string, string> { ["ExpectedVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Kind"] = "News", ["Input.Title"] = title, ["Input.Body"] = body });
}
