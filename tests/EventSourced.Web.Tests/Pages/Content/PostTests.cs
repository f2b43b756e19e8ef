using System.Net;
using System.Text.RegularExpressions;
using EventSourced.Domain.Content;
using EventSourced.Web.Tests.Infrastructure;
using Wolverine;

namespace EventSourced.Web.Tests.Pages.Content;

/// <summary>
/// A post's page (<c>/content/{id}</c>) and its actions: an author in Ba Đình submits, an approver of
/// the city board approves, a publisher publishes or schedules; and the refusals that keep it honest:
/// the author approving their own post, a reviewer from another district, a stale form, an auditor on a board.
/// </summary>
[Collection(ContentDeskApp.Collection)]
public sealed class PostTests(ContentDeskApp app)
{
    [Fact]
    public async Task a_post_submitted_approved_and_published_by_three_people_is_published()
    {
        var id = await app.PublishedAsync("Tin qua ba người");

        (await app.PostAsync(id)).Status.ShouldBe(PostStatus.Published);
    }

    [Fact]
    public async Task a_published_post_is_attributed_to_its_approver_and_publisher_with_their_bodies()
    {
        var id = await app.PublishedAsync("Hội nghị triển khai Sổ tay đảng viên");

        var page = await (await app.SignInAsync("staff")).GetTextAsync($"/content/{id}");

        var approvedBy = page.TestIdText("approved-by");
        approvedBy.ShouldContain("Phạm Quốc Hùng (Ban Biên tập)");
        approvedBy.ShouldContain("Đảng bộ Thành phố Hà Nội");
        var publishedBy = page.TestIdText("published-by");
        publishedBy.ShouldContain("Lê Thu Hà (Ban Biên tập)");
        publishedBy.ShouldContain("Đảng bộ Thành phố Hà Nội");
    }

    [Fact]
    public async Task the_approval_trail_lists_each_step_with_the_authors_body_name_and_the_approvers_comment()
    {
        var staff = await app.SignInAsync("staff");
        var id = await ContentDeskApp.DraftAsync(staff, "Tin có nhận xét");
        (await ContentDeskApp.ActAsync(staff, id, "submit", 1, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ContentDeskApp.ActAsync(await app.SignInAsync("approver"), id, "approve", 2, 1, "Đồng ý")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ContentDeskApp.ActAsync(await app.SignInAsync("editor"), id, "publish", 3, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var page = await staff.GetTextAsync($"/content/{id}");

        var trail = page.TestIdText("approval-trail");
        trail.ShouldContain(DemoUnits.BaDinh.Name);
        trail.ShouldContain("Nguyễn Thị Lan");
        trail.ShouldContain("Đồng ý");
        Regex.Matches(page.ElementHtml("data-testid", "approval-trail"), "data-step=\"(\\w+)\"").Select(m => m.Groups[1].Value).ShouldBe(["Drafted", "Submitted", "Approved", "Published"]);
    }

    [Fact]
    public async Task an_author_holding_the_approver_role_is_told_why_they_cannot_approve_their_own_post()
    {
        var staff = await app.SignInAsync("staff");
        var id = await SubmittedAsync(staff, "Tin tự duyệt");

        var page = await staff.GetTextAsync($"/content/{id}");

        page.TestIdText("review-blocked").ShouldBe(Texts.Vi("Content.AuthorCannotApprove"));
        page.HasTestId("review-form").ShouldBeFalse();
    }

    [Fact]
    public async Task an_author_approving_their_own_post_is_refused_and_nothing_is_recorded()
    {
        var staff = await app.SignInAsync("staff");
        var id = await SubmittedAsync(staff, "Tin tự duyệt gửi thẳng");

        var refused = await ContentDeskApp.ActAsync(staff, id, "approve", 2, 1);

        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldShow(Texts.Vi("Content.AuthorCannotApprove"));
        (await app.PostAsync(id)).Version.ShouldBe(2);
    }

    [Fact]
    public async Task a_reviewer_from_another_district_is_refused_and_nothing_is_recorded()
    {
        var staff = await app.SignInAsync("staff");
        var outsider = await app.SignInAsync("staff2");
        var id = await SubmittedAsync(staff, "Tin của Ba Đình");

        var forged = await outsider.PostRawAsync($"/content/{id}?act=approve", new Dictionary<string, string> { ["ExpectedVersion"] = "2", ["Revision"] = "1" });

        forged.StatusCode.ShouldNotBe(HttpStatusCode.Redirect);
        (await app.PostAsync(id)).Approvals.ShouldBeEmpty();
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task an_approval_sent_from_a_stale_form_is_refused()
    {
        var staff = await app.SignInAsync("staff");
        var approver = await app.SignInAsync("approver");
        var id = await SubmittedAsync(staff, "Tin cần duyệt lại");

        var stale = await ContentDeskApp.ActAsync(approver, id, "approve", 1, 1);

        stale.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, stale.Headers.Location?.ToString());
        (await app.PostAsync(id)).Status.ShouldBe(PostStatus.Submitted);
    }

    [Fact]
    public async Task an_auditor_already_on_a_board_can_neither_approve_nor_publish()
    {
        await app.SeatTheAuditorOnBaDinhsBoardAsync();
        var staff = await app.SignInAsync("staff");
        var auditor = await app.SignInAsync("auditor");
        var id = await SubmittedAsync(staff, "Tin chờ kiểm tra duyệt");
        var before = await app.EventCountAsync();

        var approve = await auditor.PostFormAsync($"/content/{id}", $"/content/{id}?act=approve", new Dictionary<string, string> { ["ExpectedVersion"] = "2", ["Revision"] = "1" });
        var publish = await auditor.PostFormAsync($"/content/{id}", $"/content/{id}?act=publish", new Dictionary<string, string> { ["ExpectedVersion"] = "2", ["Revision"] = "1" });

        approve.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        publish.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await app.EventCountAsync()).ShouldBe(before);
        (await app.PostAsync(id)).Status.ShouldBe(PostStatus.Submitted);
    }

    [Fact]
    public async Task a_board_seat_held_by_an_account_without_a_content_role_does_not_read_the_boards_posts()
    {
        var admin = await app.SignInAsync("admin");
        var account = Guid.CreateVersion7();
        (await admin.PostFormAsync("/users/new", "/users/new", new Dictionary<string, string>
        {
            ["Username"] = "ghe-khong-vai-tro",
            ["DisplayName"] = "Ghế không vai trò",
            ["Password"] = "mat-khau-ghe-2026",
            ["NewUserId"] = account.ToString(),
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        // Seated while holding roles; the roles were withdrawn since, the seat stayed.
        await using (var seed = app.Store.LightweightSession())
        {
            seed.Events.Append(EditorialBoard.StreamIdFor(DemoUnits.BaDinh.OrganisationId), new BoardMemberAssigned(account, "Ghế không vai trò", BoardRole.Approver));
            await seed.SaveChangesAsync();
        }

        var id = await SubmittedAsync(await app.SignInAsync("staff"), "Tin nháp của ban");
        var seated = await app.SignInAsync("ghe-khong-vai-tro", "mat-khau-ghe-2026");

        var page = await seated.GetAsync($"/content/{id}");

        page.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldNotContain("Tin nháp của ban");
    }

    [Fact]
    public async Task script_in_the_body_never_reaches_the_page()
    {
        var staff = await app.SignInAsync("staff");
        var id = await ContentDeskApp.DraftAsync(staff, "Tin có mã độc", "Xin chào <script>alert(1)</script> [bấm](javascript:alert(2)) <img src=x onerror=alert(3)>");

        var page = await staff.GetTextAsync($"/content/{id}");

        // Raw HTML is shown as text, never as markup: no script element, no handler attribute, no script link.
        var body = page.ElementHtml("data-testid", "post-content");
        body.ShouldContain("Xin chào");
        body.ShouldNotContain("<script");
        Regex.IsMatch(body, "<[^>]*\\bonerror\\s*=", RegexOptions.IgnoreCase).ShouldBeFalse(body);
        body.ShouldNotContain("href=\"javascript:");
    }

    [Fact]
    public async Task a_scheduled_publication_is_stored_as_a_durable_message()
    {
        var id = await app.ApprovedAsync("Tin hẹn giờ");
        var before = await ScheduledMessagesAsync();

        await ScheduleAsync(id);

        (await app.PostAsync(id)).ScheduledPublication.ShouldNotBeNull();
        (await ScheduledMessagesAsync()).ShouldBe(before + 1);
    }

    [Fact]
    public async Task a_scheduled_publication_publishes_when_its_message_runs()
    {
        var id = await app.ApprovedAsync("Tin hẹn giờ sẽ đăng");
        await ScheduleAsync(id);
        var post = await app.PostAsync(id);

        // What the scheduled message does when its time comes, run now.
        await app.Host.MessageBus().InvokeAsync(new PublishScheduledPost(id, post.ScheduledPublication!.At.ToDateTimeOffset()));

        (await app.PostAsync(id)).Status.ShouldBe(PostStatus.Published);
    }

    private async Task<int> ScheduledMessagesAsync()
    {
        await using var session = app.Store.QuerySession();
        return (await session.QueryAsync<int>("select count(*)::int from wolverine_incoming_envelopes where message_type like '%PublishScheduledPost%' and status = 'Scheduled'")).Single();
    }

    private async Task ScheduleAsync(Guid id)
    {
        var at = DateTimeOffset.UtcNow.AddHours(3).ToOffset(TimeSpan.FromHours(7));
        var scheduled = await (await app.SignInAsync("editor")).PostFormAsync($"/content/{id}", $"/content/{id}?act=schedule-publication", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "3", ["Revision"] = "1", ["At"] = at.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture),
        });
        scheduled.StatusCode.ShouldBe(HttpStatusCode.Redirect, await scheduled.Content.ReadAsStringAsync());
    }

    private static async Task<Guid> SubmittedAsync(WebSession staff, string title)
    {
        var id = await ContentDeskApp.DraftAsync(staff, title);
        (await ContentDeskApp.ActAsync(staff, id, "submit", 1, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return id;
    }
}
