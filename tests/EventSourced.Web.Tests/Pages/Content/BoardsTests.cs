using System.Net;
using EventSourced.Domain.Content;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Tests.Infrastructure;
using Wolverine;

namespace EventSourced.Web.Tests.Pages.Content;

/// <summary>The editorial boards page (<c>/content/boards</c>): who may seat whom, with a reason, one change at a time.</summary>
[Collection(ContentDeskApp.Collection)]
public sealed class BoardsTests(ContentDeskApp app)
{
    [Fact]
    public async Task staff_seating_the_read_only_auditor_as_approver_and_publisher_is_refused_and_nothing_is_stored()
    {
        var staff = await app.SignInAsync("staff");
        var before = await app.EventCountAsync();

        var response = await ContentDeskApp.TryAssignAsync(staff, DemoUnits.BaDinh.Code, "auditor", "Bổ sung người duyệt", "Approver", "Publisher");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task someone_who_may_only_see_a_board_cannot_learn_from_it_whether_a_username_exists()
    {
        var editor = await app.SignInAsync("editor");
        var before = await app.EventCountAsync();

        var known = await ContentDeskApp.TryAssignAsync(editor, EventSourced.Web.Demo.DemoCity.CityCode, "approver", "Thử", "Approver");
        var unknown = await ContentDeskApp.TryAssignAsync(editor, EventSourced.Web.Demo.DemoCity.CityCode, "khong-co-ai-ten-nay", "Thử", "Approver");

        known.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        unknown.StatusCode.ShouldBe(known.StatusCode);
        (await unknown.Content.ReadAsStringAsync()).ShouldNotContain("Content.UserNotFound");
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task whoever_may_change_a_unit_cannot_seat_themselves_on_its_board()
    {
        var staff2 = await app.SignInAsync("staff2");
        var before = await app.EventCountAsync();

        var response = await ContentDeskApp.TryAssignAsync(staff2, DemoUnits.HoanKiem.Code, "staff2", "Tự bổ sung", "Author", "Approver", "Publisher");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await app.EventCountAsync()).ShouldBe(before);
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
        (await app.BoardVersionAsync(ward.OrganisationId)).ShouldBe(2);
    }

    [Fact]
    public async Task a_command_put_on_the_bus_in_an_auditors_role_appends_nothing_whoever_sent_it()
    {
        // The handlers' own check, behind the one in CommandSender: a path that skips the sender still records nothing.
        var options = new DeliveryOptions();
        options.Headers[Domain.Common.AuditHeaders.Role] = nameof(Domain.Accounts.Role.Auditor);
        var before = await app.EventCountAsync();

        var refused = await Should.ThrowAsync<Domain.Common.RuleViolation>(() => app.Host.MessageBus().InvokeAsync(
            new SetApprovalSteps(DemoUnits.HoanKiem.OrganisationId, 0, 3) { ActorId = Guid.NewGuid(), Reason = "Thử" }, options));

        refused.Code.ShouldBe("Access.ReadOnlyRole");
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_seat_change_without_a_reason_is_refused_and_nothing_is_stored()
    {
        var admin = await app.SignInAsync("admin");
        var before = await app.BoardVersionAsync(DemoUnits.HoanKiem.OrganisationId);

        var withoutReason = await ContentDeskApp.TryAssignAsync(admin, DemoUnits.HoanKiem.Code, "editor", null, "Author");

        withoutReason.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await app.BoardVersionAsync(DemoUnits.HoanKiem.OrganisationId)).ShouldBe(before);
    }

    [Fact]
    public async Task a_seat_change_is_recorded_with_its_reason()
    {
        var admin = await app.SignInAsync("admin");

        var withReason = await ContentDeskApp.TryAssignAsync(admin, DemoUnits.HoanKiem.Code, "editor", "Quyết định 77-QĐ/QU bổ sung biên tập viên", "Author");

        withReason.StatusCode.ShouldBe(HttpStatusCode.Redirect, await withReason.Content.ReadAsStringAsync());
        await using var session = app.Store.QuerySession();
        var last = (await session.Events.FetchStreamAsync(EditorialBoard.StreamIdFor(DemoUnits.HoanKiem.OrganisationId)))[^1];
        last.Headers![Domain.Common.AuditHeaders.Reason].ToString().ShouldBe("Quyết định 77-QĐ/QU bổ sung biên tập viên");
    }

    [Fact]
    public async Task the_boards_page_shows_who_changed_a_seat_when_and_why()
    {
        var admin = await app.SignInAsync("admin");
        (await ContentDeskApp.TryAssignAsync(admin, DemoUnits.District("Đống Đa").Code, "editor", "Quyết định 79-QĐ/QU bổ sung biên tập viên", "Author")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var page = await admin.GetTextAsync($"/content/boards?unit={DemoUnits.District("Đống Đa").Code}");

        // The newest change comes first.
        var newest = System.Text.RegularExpressions.Regex.Match(page.ElementHtml("data-testid", "board-history"), "<li data-event=\"(\\w+)\">", System.Text.RegularExpressions.RegexOptions.Singleline);
        newest.Groups[1].Value.ShouldBe(nameof(BoardMemberAssigned));
        var entry = page.ElementText("data-event", nameof(BoardMemberAssigned));
        entry.ShouldContain("Quyết định 79-QĐ/QU bổ sung biên tập viên");
        await using var session = app.Store.QuerySession();
        var last = Domain.Common.AuditEntry.From((await session.Events.FetchStreamAsync(EditorialBoard.StreamIdFor(DemoUnits.District("Đống Đa").OrganisationId)))[^1]);
        entry.ShouldContain(last.RecordedBy.DisplayName!);
        entry.ShouldContain(Messages.DisplayTime(last.RecordedAt));
    }
}
