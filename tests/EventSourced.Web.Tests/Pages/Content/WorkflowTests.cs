using System.Net;
using System.Text.RegularExpressions;
using EventSourced.Domain.Content;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using Wolverine;

namespace EventSourced.Web.Tests.Pages.Content;

/// <summary>
/// The editorial workflow through the screens: boards set up on the boards page, an author in Ba Đình
/// drafting and submitting, an approver of the city board approving, a publisher publishing, and the
/// refusals that keep it honest: the author approving their own post, a reviewer from another
/// district, a stale form, a submitted post edited in place, a bad upload, script in the body.
/// </summary>
public sealed partial class WorkflowTests(WorkflowTests.Fixture app) : IClassFixture<WorkflowTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var admin = await SignInAsync("admin");
            await AssignAsync(admin, DemoUnits.BaDinh.Code, "staff", "Author", "Approver");
            await AssignAsync(admin, EventSourced.Web.Demo.DemoCity.CityCode, "approver", "Approver");
            await AssignAsync(admin, EventSourced.Web.Demo.DemoCity.CityCode, "editor", "Publisher");
            await AssignAsync(admin, DemoUnits.HoanKiem.Code, "staff2", "Approver", "Publisher");
        }

        private static async Task AssignAsync(WebSession admin, string unit, string username, params string[] roles)
        {
            var response = await TryAssignAsync(admin, unit, username, "Quyết định kiện toàn Ban Biên tập", roles);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Sends the boards page's seat form as <paramref name="who"/> would fill it in.</summary>
    private static async Task<HttpResponseMessage> TryAssignAsync(WebSession who, string unit, string username, string? reason, params string[] roles)
    {
        var page = await who.GetTextAsync($"/content/boards?unit={unit}");
        var version = Regex.Match(page, "name=\"ExpectedVersion\" value=\"(\\d+)\"").Groups[1].Value;
        var form = new Dictionary<string, string> { ["ExpectedVersion"] = version.Length > 0 ? version : "0", ["Username"] = username, ["Reason"] = reason ?? string.Empty };
        for (var i = 0; i < roles.Length; i++)
        {
            form[$"Roles[{i}]"] = roles[i];
        }

        return await who.PostFormAsync($"/content/boards?unit={unit}", $"/content/boards?handler=Assign&unit={unit}", form);
    }

    private async Task<long> BoardVersionAsync(Guid unitId)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(EditorialBoard.StreamIdFor(unitId)))?.Version ?? 0;
    }

    private async Task<long> LastSequenceAsync()
    {
        await using var session = app.Store.QuerySession();
        return (await session.QueryAsync<long>("select coalesce(max(seq_id), 0) from mt_events")).Single();
    }

    [Fact]
    public async Task staff_seating_the_read_only_auditor_as_approver_and_publisher_is_refused_and_nothing_is_stored()
    {
        var staff = await app.SignInAsync("staff");
        var before = await LastSequenceAsync();

        var response = await TryAssignAsync(staff, DemoUnits.BaDinh.Code, "auditor", "Bổ sung người duyệt", "Approver", "Publisher");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await LastSequenceAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task whoever_may_change_a_unit_cannot_seat_themselves_on_its_board()
    {
        var staff2 = await app.SignInAsync("staff2");
        var before = await LastSequenceAsync();

        var response = await TryAssignAsync(staff2, DemoUnits.HoanKiem.Code, "staff2", "Tự bổ sung", "Author", "Approver", "Publisher");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await LastSequenceAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task an_auditor_already_on_a_board_can_neither_draft_nor_approve_nor_publish()
    {
        // A seat given before the rule existed: the read-only role is enforced where commands are sent.
        await using (var seed = app.Store.LightweightSession())
        {
            var auditor = await seed.Query<Domain.Accounts.UserAccount>().SingleAsync(a => a.Username == "auditor");
            var board = EditorialBoard.StreamIdFor(DemoUnits.BaDinh.OrganisationId);
            seed.Events.Append(board, new BoardMemberAssigned(auditor.Id, auditor.DisplayName, BoardRole.Author | BoardRole.Approver | BoardRole.Publisher));
            await seed.SaveChangesAsync();
        }

        var staff = await app.SignInAsync("staff");
        var auditorSession = await app.SignInAsync("auditor");
        var id = await DraftAsync(staff, "Tin chờ kiểm tra duyệt");
        (await ActAsync(staff, id, "submit", 1, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var before = await LastSequenceAsync();

        var approve = await auditorSession.PostFormAsync($"/content/{id}", $"/content/{id}?act=approve", new Dictionary<string, string> { ["ExpectedVersion"] = "2", ["Revision"] = "1" });
        var publish = await auditorSession.PostFormAsync($"/content/{id}", $"/content/{id}?act=publish", new Dictionary<string, string> { ["ExpectedVersion"] = "2", ["Revision"] = "1" });
        var draft = await auditorSession.PostFormAsync("/content/new?kind=News", "/content/new?kind=News", new Dictionary<string, string>
        {
            ["PostId"] = Guid.NewGuid().ToString(), ["UnitCode"] = DemoUnits.BaDinh.Code, ["Input.Kind"] = "News", ["Input.Title"] = "Tin của kiểm tra", ["Input.Body"] = "x",
        });

        approve.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        publish.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        draft.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await LastSequenceAsync()).ShouldBe(before);
        (await LoadAsync(id)).Status.ShouldBe(PostStatus.Submitted);
    }

    [Fact]
    public async Task two_seat_changes_sent_at_once_to_a_unit_without_a_board_record_one_and_refuse_the_other_as_stale()
    {
        // A ward no other test uses: its board is formed by whichever form arrives first.
        var ward = DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem);
        var admin = await app.SignInAsync("admin");
        var staff2 = await app.SignInAsync("staff2");
        Dictionary<string, string> Form(string username) => new() { ["ExpectedVersion"] = "0", ["Username"] = username, ["Reason"] = "Lập Ban Biên tập", ["Roles[0]"] = "Publisher" };

        var responses = await Task.WhenAll(
            admin.PostFormAsync($"/content/boards?unit={ward.Code}", $"/content/boards?handler=Assign&unit={ward.Code}", Form("editor")),
            staff2.PostFormAsync($"/content/boards?unit={ward.Code}", $"/content/boards?handler=Assign&unit={ward.Code}", Form("approver")));

        responses.Select(r => r.StatusCode).Order().ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity]);
        (await BoardVersionAsync(ward.OrganisationId)).ShouldBe(2);
    }

    [Fact]
    public async Task a_command_put_on_the_bus_in_an_auditors_role_appends_nothing_whoever_sent_it()
    {
        // The handlers' own check, behind the one in CommandSender: a path that skips the sender still records nothing.
        var options = new DeliveryOptions();
        options.Headers[Domain.Common.AuditHeaders.Role] = nameof(Domain.Accounts.Role.Auditor);
        var before = await LastSequenceAsync();

        var refused = await Should.ThrowAsync<Domain.Common.RuleViolation>(() => app.Host.MessageBus().InvokeAsync(
            new SetApprovalSteps(DemoUnits.HoanKiem.OrganisationId, 0, 3) { ActorId = Guid.NewGuid(), Reason = "Thử" }, options));

        refused.Code.ShouldBe("Access.ReadOnlyRole");
        (await LastSequenceAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_seat_change_needs_a_reason_and_the_boards_page_shows_who_when_and_why()
    {
        var admin = await app.SignInAsync("admin");
        var before = await BoardVersionAsync(DemoUnits.HoanKiem.OrganisationId);

        var withoutReason = await TryAssignAsync(admin, DemoUnits.HoanKiem.Code, "editor", null, "Author");
        (await BoardVersionAsync(DemoUnits.HoanKiem.OrganisationId)).ShouldBe(before);
        var withReason = await TryAssignAsync(admin, DemoUnits.HoanKiem.Code, "editor", "Quyết định 77-QĐ/QU bổ sung biên tập viên", "Author");

        withoutReason.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        withReason.StatusCode.ShouldBe(HttpStatusCode.Redirect, await withReason.Content.ReadAsStringAsync());
        var page = await admin.GetTextAsync($"/content/boards?unit={DemoUnits.HoanKiem.Code}");
        var history = Regex.Match(page, "data-testid=\"board-history\">(.*?)</ol>", RegexOptions.Singleline).Groups[1].Value;
        var newest = Regex.Match(history, "<li data-event=\"(\\w+)\">(.*?)</li>", RegexOptions.Singleline);
        newest.Groups[1].Value.ShouldBe(nameof(BoardMemberAssigned));
        newest.Groups[2].Value.ShouldContain("Quyết định 77-QĐ/QU bổ sung biên tập viên");
        newest.Groups[2].Value.ShouldContain("Quản trị hệ thống");
        await using var session = app.Store.QuerySession();
        var last = (await session.Events.FetchStreamAsync(EditorialBoard.StreamIdFor(DemoUnits.HoanKiem.OrganisationId)))[^1];
        last.Headers![Domain.Common.AuditHeaders.Reason].ToString().ShouldBe("Quyết định 77-QĐ/QU bổ sung biên tập viên");
    }

    private static async Task<Guid> DraftAsync(WebSession author, string title, string body = "Nội dung **quan trọng** cho đảng viên.")
    {
        var response = await author.PostFormAsync("/content/new?kind=News", "/content/new?kind=News", new Dictionary<string, string>
        {
            ["PostId"] = Guid.NewGuid().ToString(), ["UnitCode"] = DemoUnits.BaDinh.Code, ["Input.Kind"] = "News",
            ["Input.Title"] = title, ["Input.Summary"] = "Tóm tắt", ["Input.Body"] = body, ["Input.Tags"] = "chuyển đổi số",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return Guid.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private static Task<HttpResponseMessage> ActAsync(WebSession who, Guid post, string act, int version, int revision, string? comment = null) =>
        who.PostFormAsync($"/content/{post}", $"/content/{post}?act={act}", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Comment"] = comment ?? string.Empty,
        });

    private async Task<Post> LoadAsync(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.LoadAsync<Post>(id))!;
    }

    [Fact]
    public async Task an_author_submits_a_parent_board_approver_approves_a_publisher_publishes_and_the_trail_names_all_three_with_their_bodies()
    {
        var staff = await app.SignInAsync("staff");
        var approver = await app.SignInAsync("approver");
        var editor = await app.SignInAsync("editor");
        var id = await DraftAsync(staff, "Hội nghị triển khai Sổ tay đảng viên");

        (await ActAsync(staff, id, "submit", 1, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ActAsync(approver, id, "approve", 2, 1, "Đồng ý")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ActAsync(editor, id, "publish", 3, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var post = await LoadAsync(id);
        post.Status.ShouldBe(PostStatus.Published);
        var page = await staff.GetTextAsync($"/content/{id}");
        var attribution = Regex.Match(page, "data-testid=\"attribution\">(.*?)</div>", RegexOptions.Singleline).Groups[1].Value;
        attribution.ShouldContain("Phạm Quốc Hùng (Ban Biên tập) — Đảng bộ Thành phố Hà Nội");
        attribution.ShouldContain("Lê Thu Hà (Ban Biên tập) — Đảng bộ Thành phố Hà Nội");
        var trail = Regex.Match(page, "data-testid=\"approval-trail\">(.*?)</table>", RegexOptions.Singleline).Groups[1].Value;
        trail.ShouldContain(DemoUnits.BaDinh.Name);
        trail.ShouldContain("Nguyễn Thị Lan");
        trail.ShouldContain("Đồng ý");
        Regex.Matches(trail, "data-step=\"(\\w+)\"").Select(m => m.Groups[1].Value).ShouldBe(["Drafted", "Submitted", "Approved", "Published"]);
    }

    [Fact]
    public async Task an_author_holding_the_approver_role_cannot_approve_their_own_post_and_the_screen_says_why()
    {
        var staff = await app.SignInAsync("staff");
        var id = await DraftAsync(staff, "Tin tự duyệt");
        (await ActAsync(staff, id, "submit", 1, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var page = await staff.GetTextAsync($"/content/{id}");
        var refused = await ActAsync(staff, id, "approve", 2, 1);

        page.ShouldContain("data-testid=\"review-blocked\">Bạn đã viết hoặc sửa tin bài này nên không được duyệt.");
        page.ShouldNotContain("data-testid=\"review-form\"");
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("không được duyệt");
        (await LoadAsync(id)).Version.ShouldBe(2);
    }

    [Fact]
    public async Task a_reviewer_from_another_district_is_refused_and_nothing_is_recorded()
    {
        var staff = await app.SignInAsync("staff");
        var outsider = await app.SignInAsync("staff2");
        var id = await DraftAsync(staff, "Tin của Ba Đình");
        (await ActAsync(staff, id, "submit", 1, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var forged = await outsider.PostRawAsync($"/content/{id}?act=approve", new Dictionary<string, string> { ["ExpectedVersion"] = "2", ["Revision"] = "1" });

        forged.StatusCode.ShouldNotBe(HttpStatusCode.Redirect);
        (await LoadAsync(id)).Approvals.ShouldBeEmpty();
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_stale_form_and_a_submitted_post_edited_in_place_are_refused_with_the_reason()
    {
        var staff = await app.SignInAsync("staff");
        var approver = await app.SignInAsync("approver");
        var id = await DraftAsync(staff, "Tin cần sửa");
        (await ActAsync(staff, id, "submit", 1, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var edit = await staff.PostFormAsync($"/content/{id}/edit", $"/content/{id}/edit", new Dictionary<string, string> { ["ExpectedVersion"] = "2", ["Input.Kind"] = "News", ["Input.Title"] = "Sửa khi đang duyệt", ["Input.Body"] = "x" });
        var stale = await ActAsync(approver, id, "approve", 1, 1);

        edit.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await edit.Content.ReadAsStringAsync()).ShouldContain("đang chờ duyệt");
        stale.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, stale.Headers.Location?.ToString());
        (await LoadAsync(id)).Status.ShouldBe(PostStatus.Submitted);
    }

    [Fact]
    public async Task revising_an_approved_post_sends_it_back_for_review_and_keeps_both_revisions()
    {
        var staff = await app.SignInAsync("staff");
        var approver = await app.SignInAsync("approver");
        var id = await DraftAsync(staff, "Tin sẽ sửa sau duyệt");
        (await ActAsync(staff, id, "submit", 1, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ActAsync(approver, id, "approve", 2, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var revised = await staff.PostFormAsync($"/content/{id}/edit", $"/content/{id}/edit", new Dictionary<string, string> { ["ExpectedVersion"] = "3", ["Input.Kind"] = "News", ["Input.Title"] = "Tin đã sửa sau duyệt", ["Input.Body"] = "Nội dung mới" });

        revised.StatusCode.ShouldBe(HttpStatusCode.Redirect, await revised.Content.ReadAsStringAsync());
        var post = await LoadAsync(id);
        (post.Status, post.LatestRevision, post.Approvals.Count).ShouldBe((PostStatus.Draft, 2, 0));
        var diff = await staff.GetTextAsync($"/content/{id}/diff?from=1&to=2");
        diff.ShouldContain("<td>Nội dung <del>**quan trọng** cho đảng viên.</del></td>");
        diff.ShouldContain("<td>Nội dung <ins>mới</ins></td>");
    }

    [Fact]
    public async Task script_in_the_body_never_reaches_the_page()
    {
        var staff = await app.SignInAsync("staff");
        var id = await DraftAsync(staff, "Tin có mã độc", "Xin chào <script>alert(1)</script> [bấm](javascript:alert(2)) <img src=x onerror=alert(3)>");

        var page = await staff.GetTextAsync($"/content/{id}");

        // Raw HTML is shown as text, never as markup: no script element, no handler attribute, no script link.
        var body = Regex.Match(page, "data-testid=\"post-content\">(.*?)</article>", RegexOptions.Singleline).Groups[1].Value;
        body.ShouldContain("Xin chào");
        body.ShouldNotContain("<script");
        Regex.IsMatch(body, "<[^>]*\\bonerror\\s*=", RegexOptions.IgnoreCase).ShouldBeFalse(body);
        body.ShouldNotContain("href=\"javascript:");
    }

    [Fact]
    public async Task an_html_file_named_pdf_is_refused_and_no_post_or_file_is_kept()
    {
        var staff = await app.SignInAsync("staff");
        var postId = Guid.NewGuid();
        var fields = new Dictionary<string, string>
        {
            ["PostId"] = postId.ToString(), ["UnitCode"] = DemoUnits.BaDinh.Code, ["Input.Kind"] = "Document", ["Input.Title"] = "Nghị quyết giả",
            ["Input.DocumentNumber"] = "01-NQ/QU", ["Input.IssuingBody"] = "Quận ủy Ba Đình", ["Input.IssuedOn"] = "2025-01-05", ["Input.DocumentType"] = "Resolution",
        };

        var response = await staff.PostFileAsync("/content/new?kind=Document", "/content/new?kind=Document", "Input.AttachmentUpload", "nghi-quyet.pdf", "<html><script>alert(1)</script></html>"u8.ToArray(), fields);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldContain("không thuộc loại được phép");
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamStateAsync(postId)).ShouldBeNull();
        (await session.QueryAsync<int>("select count(*)::int from content_files")).Single().ShouldBe(0);
    }

    [Fact]
    public async Task a_scheduled_publication_is_stored_as_a_durable_message_and_publishes_when_it_runs()
    {
        var staff = await app.SignInAsync("staff");
        var approver = await app.SignInAsync("approver");
        var editor = await app.SignInAsync("editor");
        var id = await DraftAsync(staff, "Tin hẹn giờ");
        (await ActAsync(staff, id, "submit", 1, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ActAsync(approver, id, "approve", 2, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var at = DateTimeOffset.UtcNow.AddHours(3).ToOffset(TimeSpan.FromHours(7));

        var scheduled = await editor.PostFormAsync($"/content/{id}", $"/content/{id}?act=schedule-publication", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "3", ["Revision"] = "1", ["At"] = at.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture),
        });

        scheduled.StatusCode.ShouldBe(HttpStatusCode.Redirect, await scheduled.Content.ReadAsStringAsync());
        var post = await LoadAsync(id);
        post.ScheduledPublication.ShouldNotBeNull();
        await using (var session = app.Store.QuerySession())
        {
            (await session.QueryAsync<int>("select count(*)::int from wolverine_incoming_envelopes where message_type like '%PublishScheduledPost%' and status = 'Scheduled'")).Single().ShouldBe(1);
        }

        // What the scheduled message does when its time comes, run now.
        await app.Host.MessageBus().InvokeAsync(new PublishScheduledPost(id, post.ScheduledPublication!.At.ToDateTimeOffset()));
        (await LoadAsync(id)).Status.ShouldBe(PostStatus.Published);
    }

    [Fact]
    public async Task a_published_post_stays_in_the_members_feed_while_its_next_revision_is_edited()
    {
        var staff = await app.SignInAsync("staff");
        var approver = await app.SignInAsync("approver");
        var editor = await app.SignInAsync("editor");
        var member = await AppMember.CreateAsync(app, "Hoàng Văn Đọc", "001090000801");
        var id = await DraftAsync(staff, "Tin đang đăng sẽ được sửa");
        (await ActAsync(staff, id, "submit", 1, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ActAsync(approver, id, "approve", 2, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ActAsync(editor, id, "publish", 3, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var revised = await staff.PostFormAsync($"/content/{id}/edit", $"/content/{id}/edit", new Dictionary<string, string> { ["ExpectedVersion"] = "4", ["Input.Kind"] = "News", ["Input.Title"] = "Bản sửa chưa duyệt", ["Input.Body"] = "Nội dung mới" });

        revised.StatusCode.ShouldBe(HttpStatusCode.Redirect, await revised.Content.ReadAsStringAsync());
        using var client = member.Client(app);
        var feed = await client.GetStringAsync(new Uri("/api/app/feed?limit=50", UriKind.Relative));
        feed.ShouldContain("Tin đang đăng sẽ được sửa");
        feed.ShouldNotContain("Bản sửa chưa duyệt");
    }

    [Fact]
    public async Task a_file_follows_its_post_read_rule_for_staff_and_members()
    {
        var staff = await app.SignInAsync("staff");
        var outsider = await app.SignInAsync("staff2");
        var approver = await app.SignInAsync("approver");
        var editor = await app.SignInAsync("editor");
        var member = await AppMember.CreateAsync(app, "Đinh Thị Xem", "001190000802");
        var postId = Guid.NewGuid();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];
        var created = await staff.PostFileAsync("/content/new?kind=News", "/content/new?kind=News", "Input.CoverUpload", "anh-bia.png", png, new Dictionary<string, string>
        {
            ["PostId"] = postId.ToString(), ["UnitCode"] = DemoUnits.BaDinh.Code, ["Input.Kind"] = "News", ["Input.Title"] = "Tin có ảnh bìa", ["Input.Body"] = "Ảnh",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        var cover = (await LoadAsync(postId)).Latest.Content.CoverFileId!.Value;
        using var phone = member.Client(app);

        (await staff.GetAsync($"/files/{cover}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await outsider.GetAsync($"/files/{cover}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await phone.GetAsync(new Uri($"/files/{cover}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await ActAsync(staff, postId, "submit", 1, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ActAsync(approver, postId, "approve", 2, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ActAsync(editor, postId, "publish", 3, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var served = await phone.GetAsync(new Uri($"/files/{cover}", UriKind.Relative));
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        served.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");
    }
}
