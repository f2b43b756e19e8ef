using System.Net;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static EventSourced.Web.Tests.Pages.Reconciliation.ReconciliationSteps;

namespace EventSourced.Web.Tests.Pages.Reconciliation;

/// <summary>
/// A reconciliation started from the wrong file abandoned through its page, and an upload whose columns were never
/// confirmed discarded by staff or deleted by the check scheduled at upload.
/// </summary>
public sealed class AbandonTests(AbandonTests.Fixture app) : IClassFixture<AbandonTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    private const string WrongFile = "Tải nhầm danh sách của chi bộ khác";

    private static Dictionary<string, string> Abandon(int version, string reason = WrongFile) =>
        new() { ["ExpectedVersion"] = Number(version), ["Reason"] = reason };

    /// <summary>A matched reconciliation with one member of the register on the roll and one person only on the roll.</summary>
    private async Task<(WebSession Staff, Guid Id, string Path, int Version)> MatchedAsync(string cell, string serial, Guid? roundId = null)
    {
        var staff = await app.SignInAsync("staff");
        await AdmitAsync(staff, "Vũ Văn Hải", $"0010907{serial}", cell);
        var id = await UploadAsync(staff, cell, Csv($"Vũ Văn Hải,01/01/1990,Nam,0010907{serial},{cell}", $"Ngô Thị Hoa,03/03/1993,Nữ,,{cell}"), roundId: roundId);
        var state = await ReconciliationSteps.MatchedAsync(app.Store, id);
        return (staff, id, $"{PathOf(cell)}/{id}", state.Version);
    }

    /// <summary>Uploads a roll for <paramref name="cell"/> and stops on its columns page; returns that page's path.</summary>
    private static async Task<string> UploadOnlyAsync(WebSession staff, string cell)
    {
        var path = PathOf(cell);
        var upload = await staff.PostFileAsync(path, path, "Upload", "danh-sach.csv", Csv($"Ngô Thị Hoa,03/03/1993,Nữ,,{cell}"), new Dictionary<string, string> { ["ReferenceDate"] = "2025-01-01" });
        upload.StatusCode.ShouldBe(HttpStatusCode.Redirect, await upload.Content.ReadAsStringAsync());
        return upload.Headers.Location!.ToString();
    }

    private static Guid IdOf(string columnsPath) => Guid.Parse(columnsPath.Split('/')[^2]);

    private async Task<bool> UploadKeptAsync(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return await session.LoadAsync<ReconciliationUpload>(id) is not null;
    }

    [Fact]
    public async Task a_reconciliation_abandoned_through_its_page_leaves_the_round_and_the_open_work_and_stays_a_record()
    {
        var cell = Cells[0];
        var staff = await app.SignInAsync("staff");
        var roundId = await OpenRoundAsync(staff);
        var (_, id, path, version) = await MatchedAsync(cell, "00001", roundId);
        (await staff.GetTextAsync($"/reconciliation/rounds/{roundId}")).ShouldContain("data-testid=\"kpi-in-progress\">1<");
        (await staff.GetTextAsync(path)).ShouldContain("data-testid=\"abandon-form\"");
        var items = (await ItemsAsync(app.Store, id)).Count;

        var abandon = await staff.PostFormAsync(path, path + "?handler=Abandon", Abandon(version));

        abandon.StatusCode.ShouldBe(HttpStatusCode.Redirect, await abandon.Content.ReadAsStringAsync());
        var state = await StateAsync(app.Store, id);
        (state.Status, state.AbandonedReason, state.OpenItems, state.Version).ShouldBe((ReconciliationStatus.Abandoned, WrongFile, 0, version + 1));
        await using (var session = app.Store.QuerySession())
        {
            // The roll's people as read are deleted; the items stay as the record.
            (await session.LoadAsync<ReconciliationRoll>(id)).ShouldBeNull();
        }

        (await ItemsAsync(app.Store, id)).Count.ShouldBe(items);
        var page = await staff.GetTextAsync(path);
        page.ShouldContain("data-testid=\"abandoned\"");
        page.ShouldContain(WrongFile);
        page.ShouldNotContain("data-testid=\"resolve-form\"");
        page.ShouldNotContain("data-testid=\"abandon-form\"");
        (await staff.GetTextAsync(PathOf(cell))).ShouldContain("Đã hủy bỏ");
        (await staff.GetTextAsync(path + "/report")).ShouldContain("data-event=\"ReconciliationAbandoned\"");
        var round = await staff.GetTextAsync($"/reconciliation/rounds/{roundId}");
        round.ShouldContain("data-testid=\"kpi-in-progress\">0<");
        round.ShouldContain("data-testid=\"kpi-open-items\">0<");
        var item = (await ItemsAsync(app.Store, id)).First(i => i.Category == ItemCategory.OnRollOnly);
        var resolve = await staff.PostFormAsync(path, path + "?handler=Resolve", ResolveFields(version + 1, item.Number, "Đã kiểm tra"));
        resolve.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await resolve.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Reconciliation.NotInProgress\"");
    }

    [Fact]
    public async Task a_reconciliation_abandoned_from_two_browsers_at_once_is_abandoned_once_and_the_other_is_told()
    {
        var (staff, id, path, version) = await MatchedAsync(Cells[1], "00002");
        var other = await app.SignInAsync("staff");

        var (first, second) = await AtTheSameMoment.PostAsync(
            new AtTheSameMoment.Post(staff, path, path + "?handler=Abandon", Abandon(version)),
            new AtTheSameMoment.Post(other, path, path + "?handler=Abandon", Abandon(version, "Sai ngày chốt")));

        new[] { first.StatusCode, second.StatusCode }.ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity], ignoreOrder: true);
        var refused = first.StatusCode == HttpStatusCode.Redirect ? second : first;
        (await refused.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Reconciliation.AlreadyAbandoned\"");
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(id)).Count(e => e.Data is ReconciliationAbandoned).ShouldBe(1);
    }

    [Fact]
    public async Task an_abandonment_without_a_reason_from_a_stale_page_or_from_another_units_staff_is_refused_and_nothing_is_stored()
    {
        var (staff, id, path, version) = await MatchedAsync(Cells[2], "00003");
        var events = await app.EventCountAsync();

        var blank = await staff.PostFormAsync(path, path + "?handler=Abandon", Abandon(version, " "));
        var stale = await staff.PostFormAsync(path, path + "?handler=Abandon", Abandon(version - 1));
        var other = await app.SignInAsync("staff2");
        var token = await other.AntiforgeryTokenAsync("/members/import");
        var forged = await other.PostRawAsync(path + "?handler=Abandon", new Dictionary<string, string>(Abandon(version)) { ["__RequestVerificationToken"] = token });

        blank.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var blankPage = await blank.Content.ReadAsStringAsync();
        blankPage.ShouldContain("data-rule=\"Reconciliation.ReasonRequired\"");
        // The form stays open with why, so the clerk sees it without looking for it.
        blankPage.ShouldContain("data-testid=\"abandon\" open=\"open\"");
        stale.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await stale.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Stale.ChangedBy\"");
        forged.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        (await app.EventCountAsync()).ShouldBe(events);
        (await StateAsync(app.Store, id)).Status.ShouldBe(ReconciliationStatus.InProgress);
    }

    [Fact]
    public async Task an_upload_discarded_on_its_columns_page_is_deleted_and_its_page_then_says_so()
    {
        var cell = Cells[3];
        var staff = await app.SignInAsync("staff");
        var columns = await UploadOnlyAsync(staff, cell);
        (await staff.GetTextAsync(columns)).ShouldContain("data-testid=\"discard-upload\"");
        var other = await app.SignInAsync("staff2");
        var token = await other.AntiforgeryTokenAsync("/members/import");

        var forged = await other.PostRawAsync(columns + "?handler=Discard", new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        forged.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        forged.Headers.Location?.ToString().ShouldNotContain("notice=");
        (await UploadKeptAsync(IdOf(columns))).ShouldBeTrue();

        var discard = await staff.PostFormAsync(columns, columns + "?handler=Discard", new Dictionary<string, string>());

        discard.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        discard.Headers.Location!.ToString().ShouldBe($"{PathOf(cell)}?notice=discarded");
        (await UploadKeptAsync(IdOf(columns))).ShouldBeFalse();
        (await staff.GetTextAsync(discard.Headers.Location!.ToString())).ShouldContain("data-testid=\"upload-notice\"");
        var gone = await staff.GetAsync(columns);
        gone.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        gone.Headers.Location!.ToString().ShouldBe($"{PathOf(cell)}?notice=gone");
        (await staff.GetTextAsync(gone.Headers.Location!.ToString())).ShouldContain("không còn được lưu");
    }

    [Fact]
    public async Task an_upload_schedules_its_own_deletion_seven_days_on_which_deletes_it_once_and_then_does_nothing()
    {
        var staff = await app.SignInAsync("staff");
        var before = DateTimeOffset.UtcNow;
        var columns = await UploadOnlyAsync(staff, Cells[4]);
        var id = IdOf(columns);

        var scheduled = await ScheduledMessages.RunTimesAsync(app.ConnectionString, "DiscardRollUpload", id);
        scheduled.ShouldContain(at => at >= before.AddDays(7) && at <= DateTimeOffset.UtcNow.AddDays(7));

        using (var scope = app.Host.Services.CreateScope())
        {
            var bus = scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>();
            await bus.InvokeAsync(new DiscardRollUpload(id));
            (await UploadKeptAsync(id)).ShouldBeFalse();
            await bus.InvokeAsync(new DiscardRollUpload(id));
        }

        (await staff.GetAsync(columns)).Headers.Location!.ToString().ShouldEndWith("?notice=gone");
    }
}
