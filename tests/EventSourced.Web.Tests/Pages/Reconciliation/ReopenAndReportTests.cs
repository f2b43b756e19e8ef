using System.Net;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Tests.Infrastructure;
using static EventSourced.Web.Tests.Pages.Reconciliation.ReconciliationSteps;

namespace EventSourced.Web.Tests.Pages.Reconciliation;

/// <summary>A finished reconciliation reopened and resolved again, and its report and the round's, through their pages.</summary>
public sealed class ReopenAndReportTests(ReopenAndReportTests.Fixture app) : IClassFixture<ReopenAndReportTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    /// <summary>One member of the register on the roll and one person only on the roll, all resolved and finished.</summary>
    private async Task<(WebSession Staff, Guid Id, string Path, int FinishedVersion)> FinishedAsync(string cell, string serial, Guid? roundId = null)
    {
        var staff = await app.SignInAsync("staff");
        await AdmitAsync(staff, "Vũ Văn Hải", $"0010906{serial}", cell);
        var id = await UploadAsync(staff, cell, Csv($"Vũ Văn Hải,01/01/1990,Nam,0010906{serial},{cell}", $"Ngô Thị Hoa,03/03/1993,Nữ,,{cell}"), roundId: roundId);
        var finished = await ResolveAllAndFinishAsync(staff, app.Store, cell, id);
        return (staff, id, $"{PathOf(cell)}/{id}", finished);
    }

    private static Dictionary<string, string> Reopen(int version, string reason = "Chi bộ gửi bổ sung danh sách") =>
        new() { ["ExpectedVersion"] = Number(version), ["Reason"] = reason };

    [Fact]
    public async Task a_finished_reconciliation_is_reopened_resolved_again_and_its_report_reads_each_version_as_it_stood()
    {
        var cell = Cells[0];
        var (staff, id, path, finishedVersion) = await FinishedAsync(cell, "00001");
        var finishedPage = await staff.GetTextAsync(path);
        finishedPage.ShouldContain("data-testid=\"reopen-form\"");
        finishedPage.ShouldNotContain("data-testid=\"resolve-form\"");
        var item = (await ItemsAsync(app.Store, id)).Single(i => i.Category == ItemCategory.OnRollOnly);

        var reopen = await staff.PostFormAsync(path, path + "?handler=Reopen", Reopen(finishedVersion));

        reopen.StatusCode.ShouldBe(HttpStatusCode.Redirect, await reopen.Content.ReadAsStringAsync());
        var reopened = await StateAsync(app.Store, id);
        (reopened.Status, reopened.Revising, reopened.Version).ShouldBe((ReconciliationStatus.InProgress, true, finishedVersion + 1));
        (await staff.GetTextAsync(path)).ShouldContain("data-testid=\"resolve-form\"");
        var revise = await staff.PostFormAsync(path, path + "?handler=Resolve", ResolveFields(finishedVersion + 1, item.Number, "Đã có giấy giới thiệu"));
        revise.StatusCode.ShouldBe(HttpStatusCode.Redirect, await revise.Content.ReadAsStringAsync());

        await using (var session = app.Store.QuerySession())
        {
            var events = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).ToList();
            events.OfType<ReconciliationReopened>().ShouldHaveSingleItem().Reason.ShouldBe("Chi bộ gửi bổ sung danh sách");
            events.OfType<ReconciliationItemResolved>().Where(e => e.ItemNumber == item.Number).Select(e => e.Reason).ShouldBe(["Đã kiểm tra", "Đã có giấy giới thiệu"]);
        }

        var report = await staff.GetTextAsync(path + "/report");
        report.ShouldContain("data-status=\"InProgress\"");
        report.ShouldContain("data-category=\"OnRollOnly\" data-items=\"1\" data-resolved=\"1\" data-open=\"0\"");
        report.ShouldContain($"data-item=\"{item.Number}\" data-resolution=\"NoChangeNeeded\" data-user=\"staff\" data-role=\"OrganisationStaff\" data-superseded=\"True\"");
        report.ShouldContain($"data-item=\"{item.Number}\" data-resolution=\"NoChangeNeeded\" data-user=\"staff\" data-role=\"OrganisationStaff\" data-superseded=\"False\"");
        report.ShouldContain("data-event=\"ReconciliationReopened\"");
        var asFinished = await staff.GetTextAsync($"{path}/report?version={finishedVersion}");
        asFinished.ShouldContain("data-status=\"Finished\"");
        asFinished.ShouldContain("data-testid=\"report-as-of\"");
        asFinished.ShouldNotContain("data-superseded=\"True\"");
        (await staff.GetAsync($"{path}/report?version={finishedVersion + 99}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var exportsBefore = (await Members.ExportTests.RecordsAsync(app)).Count;
        var export = await staff.GetAsync($"{path}/report?handler=Export&version={finishedVersion}");
        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        export.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var items = await staff.GetAsync($"{path}?handler=Export");
        items.StatusCode.ShouldBe(HttpStatusCode.OK);

        // Both files name members of the roll and the register: each is on the auditors' record of exports.
        var records = (await Members.ExportTests.RecordsAsync(app)).Skip(exportsBefore).ToList();
        records.Select(r => r.Dataset).ShouldBe(["reconciliation-report", "reconciliation-items"]);
        records.ShouldAllBe(r => r.UserName == "staff" && r.Filters.Contains(id.ToString()));
        records[1].Rows.ShouldBe((await ItemsAsync(app.Store, id)).Count);
    }

    [Fact]
    public async Task a_reconciliation_reopened_from_two_browsers_at_once_is_reopened_once_and_the_other_is_told()
    {
        var cell = Cells[1];
        var (staff, id, path, finishedVersion) = await FinishedAsync(cell, "00002");
        var other = await app.SignInAsync("staff");

        var (first, second) = await AtTheSameMoment.PostAsync(
            new AtTheSameMoment.Post(staff, path, path + "?handler=Reopen", Reopen(finishedVersion)),
            new AtTheSameMoment.Post(other, path, path + "?handler=Reopen", Reopen(finishedVersion, "Lý do khác")));

        new[] { first.StatusCode, second.StatusCode }.ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity], ignoreOrder: true);
        var refused = first.StatusCode == HttpStatusCode.Redirect ? second : first;
        (await refused.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Reconciliation.NotFinished\"");
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(id)).Count(e => e.Data is ReconciliationReopened).ShouldBe(1);
    }

    [Fact]
    public async Task a_reopening_without_a_reason_or_from_a_stale_page_is_refused_and_nothing_is_stored()
    {
        var cell = Cells[2];
        var (staff, id, path, finishedVersion) = await FinishedAsync(cell, "00003");
        var events = await app.EventCountAsync();

        var blank = await staff.PostFormAsync(path, path + "?handler=Reopen", Reopen(finishedVersion, " "));
        var stale = await staff.PostFormAsync(path, path + "?handler=Reopen", Reopen(finishedVersion - 1));

        blank.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await blank.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Reconciliation.ReasonRequired\"");
        stale.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await stale.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Stale.ChangedBy\"");
        (await app.EventCountAsync()).ShouldBe(events);
        (await StateAsync(app.Store, id)).Status.ShouldBe(ReconciliationStatus.Finished);
    }

    [Fact]
    public async Task staff_of_another_unit_can_neither_reopen_nor_read_the_report()
    {
        var cell = Cells[3];
        var (_, id, path, finishedVersion) = await FinishedAsync(cell, "00004");
        var other = await app.SignInAsync("staff2");
        var events = await app.EventCountAsync();

        (await other.GetAsync(path + "/report")).StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        (await other.GetAsync(path + "/report?handler=Export")).StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        var token = await other.AntiforgeryTokenAsync("/members/import");
        var forged = await other.PostRawAsync(path + "?handler=Reopen", new Dictionary<string, string>(Reopen(finishedVersion)) { ["__RequestVerificationToken"] = token });

        forged.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        (await app.EventCountAsync()).ShouldBe(events);
        (await StateAsync(app.Store, id)).Status.ShouldBe(ReconciliationStatus.Finished);
    }

    [Fact]
    public async Task the_rounds_report_counts_each_units_items_and_who_resolved_them()
    {
        var cell = Cells[4];
        var staff = await app.SignInAsync("staff");
        var roundId = await OpenRoundAsync(staff);
        // The round's page leads to the unit's with ?round=, which the upload form carries on.
        (await staff.GetTextAsync($"{PathOf(cell)}?round={roundId}")).ShouldContain($"name=\"round\" value=\"{roundId}\"");
        var (_, id, _, _) = await FinishedAsync(cell, "00005", roundId);

        (await staff.GetTextAsync($"/reconciliation/rounds/{roundId}")).ShouldContain("data-testid=\"round-report-link\"");
        var report = await staff.GetTextAsync($"/reconciliation/rounds/{roundId}/report");

        report.ShouldContain($"data-unit=\"{cell}\" data-resolved=\"1\" data-open=\"0\"");
        report.ShouldContain($"/reconciliation/units/{cell}/{id}/report");
        report.ShouldContain("data-user=\"staff\" data-role=\"OrganisationStaff\" data-count=\"1\"");
        var export = await staff.GetAsync($"/reconciliation/rounds/{roundId}/report?handler=Export");
        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        export.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        (await (await app.SignInAsync("staff2")).GetAsync($"/reconciliation/rounds/{roundId}/report")).StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task an_auditor_home_counts_the_open_differences_of_a_reconciliation_under_way()
    {
        var cell = Cells[6];
        var staff = await app.SignInAsync("staff");
        var id = await UploadAsync(staff, cell, Csv($"Ngô Văn Mới,03/03/1993,Nam,,{cell}"));
        var state = await MatchedAsync(app.Store, id);

        var home = await (await app.SignInAsync("auditor")).GetTextAsync("/");

        home.ShouldContain("data-testid=\"card-opendifferences\"");
        home.ShouldContain($"/reconciliation/units/{cell}/{id}");
        state.ShouldNotBeNull();
    }
}
