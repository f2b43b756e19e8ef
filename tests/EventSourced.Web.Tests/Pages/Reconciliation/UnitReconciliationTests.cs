using System.Net;
using System.Text.RegularExpressions;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static EventSourced.Web.Tests.Pages.Reconciliation.UnitRolls;
using ReconciliationState = EventSourced.Domain.Reconciliation.Reconciliation;

namespace EventSourced.Web.Tests.Pages.Reconciliation;

/// <summary>
/// One unit's reconciliation through its pages: a hand-made roll against a register admitted through
/// the admission form, matched in the background, its items, their resolution and the unit's scope.
/// </summary>
public sealed partial class UnitReconciliationTests(UnitReconciliationTests.Fixture app) : IClassFixture<UnitReconciliationTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    /// <summary>The Ba Đình cells: each test reconciles its own, so the tests' registers do not mix.</summary>
    private static readonly List<string> Cells = DemoUnits.ChildrenOf(DemoUnits.BaDinh.OrganisationId)
        .SelectMany(g => DemoUnits.ChildrenOf(g.OrganisationId))
        .Where(u => u.Kind == EventSourced.Domain.Organisations.OrganisationKind.Cell)
        .Select(u => u.Code)
        .ToList();

    /// <summary>A register of three (one per test class run, citizen IDs unique to the test) and a roll that covers every category.</summary>
    private static async Task<(Guid An, Guid Binh, Guid Cuong, byte[] Roll)> RegisterAndRollAsync(WebSession staff, string prefix, string cell)
    {
        var an = await AdmitAsync(staff, "Nguyễn Văn An", $"001090{prefix}01", cell);
        var binh = await AdmitAsync(staff, "Trần Thị Bình", $"001190{prefix}02", cell);
        var cuong = await AdmitAsync(staff, "Lê Văn Cường", $"001090{prefix}03", cell);
        var roll = Csv(
            Header,
            $"Nguyễn Văn An,01/01/1990,Nam,001090{prefix}01,{cell}",
            $"Trần Thị Bích,01/01/1990,Nữ,001190{prefix}02,{cell}",
            $"Hoàng Văn Mới,02/02/1992,Nam,,{cell}",
            $"Nguyễn Văn An,01/01/1990,Nam,001090{prefix}01,{cell}");
        return (an, binh, cuong, roll);
    }

    private Task<ReconciliationState> MatchedAsync(Guid id) => ReconciliationSteps.MatchedAsync(app.Store, id);

    private Task<IReadOnlyList<ReconciliationItem>> ItemsAsync(Guid id) => ReconciliationSteps.ItemsAsync(app.Store, id);

    [Fact]
    public async Task a_roll_is_matched_in_the_background_into_an_item_of_each_category()
    {
        var cell = Cells[0];
        var unitPath = PathOf(cell);
        var staff = await app.SignInAsync("staff");
        var (an, binh, cuong, roll) = await RegisterAndRollAsync(staff, "1000", cell);

        var id = await UploadAsync(staff, cell, roll);
        var progress = await staff.GetTextAsync($"{unitPath}/{id}");
        var reconciliation = await MatchedAsync(id);

        reconciliation.Status.ShouldBe(ReconciliationStatus.InProgress);
        reconciliation.RowCount.ShouldBe(4);
        reconciliation.Counts.ShouldBe(new ReconciliationCounts(Matched: 1, MatchedWithDifferences: 1, OnRollOnly: 1, InRegisterOnly: 1, ToReview: 0, SameMemberTwice: 1));
        reconciliation.OpenItems.ShouldBe(4);
        var items = await ItemsAsync(id);
        items.Select(i => (i.Category, i.Roll?.Row, i.MemberId)).ShouldBe(
        [
            // Rows as the file numbers them, under its header row.
            (ItemCategory.SameMemberTwice, 5, an),
            (ItemCategory.MatchedWithDifferences, 3, binh),
            (ItemCategory.OnRollOnly, 4, null),
            (ItemCategory.InRegisterOnly, null, cuong),
            (ItemCategory.Matched, 2, an),
        ]);
        items[1].Differences.ShouldBe([new FieldDifference(ReconciliationItems.Name, "Trần Thị Bình", "Trần Thị Bích")]);
        // The uploaded file is not kept once its people are read: only the roll as read is.
        await using (var store = app.Store.QuerySession())
        {
            (await store.LoadAsync<ReconciliationUpload>(id)).ShouldBeNull();
            (await store.LoadAsync<ReconciliationRoll>(id)).ShouldNotBeNull().People.Count.ShouldBe(4);
        }

        progress.ShouldContain("data-testid=\"reconciliation-status\"");
        var page = await staff.GetTextAsync($"{unitPath}/{id}");
        page.ShouldContain("data-status=\"InProgress\"");
        page.ShouldContain("data-category=\"OnRollOnly\" data-count=\"1\"");
        page.ShouldContain("data-testid=\"all-items\" data-count=\"5\"");
        page.ShouldContain("data-field=\"FullName\"");
        ResolveFormWithToken().IsMatch(page).ShouldBeTrue("a resolve form posts with its antiforgery token");
        var export = await staff.GetAsync($"{unitPath}/{id}?handler=Export");
        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        export.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    [Fact]
    public async Task matching_the_same_roll_twice_writes_its_items_and_counts_once()
    {
        var cell = Cells[1];
        var unitPath = PathOf(cell);
        var staff = await app.SignInAsync("staff");
        var (_, _, _, roll) = await RegisterAndRollAsync(staff, "2000", cell);
        var id = await UploadAsync(staff, cell, roll);
        var before = await MatchedAsync(id);

        using (var scope = app.Host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>().InvokeAsync(new MatchRoll(id));
        }

        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(id)).Count(e => e.Data is RollMatched).ShouldBe(1);
        (await ItemsAsync(id)).Count.ShouldBe(5);
        (await session.LoadAsync<ReconciliationState>(id))!.Version.ShouldBe(before.Version);
    }

    [Fact]
    public async Task a_roll_confirmed_from_two_browsers_at_once_is_matched_once()
    {
        var cell = Cells[3];
        var staff = await app.SignInAsync("staff");
        var (_, _, _, roll) = await RegisterAndRollAsync(staff, "2600", cell);
        var (columnsPath, fields) = await UploadUnconfirmedAsync(staff, cell, roll);

        var (first, second) = await AtTheSameMoment.PostAsync(
            new AtTheSameMoment.Post(staff, columnsPath, columnsPath, fields),
            new AtTheSameMoment.Post(staff, columnsPath, columnsPath, fields));

        new[] { first.StatusCode, second.StatusCode }.ShouldContain(HttpStatusCode.Redirect);
        new[] { first.StatusCode, second.StatusCode }.ShouldAllBe(s => s == HttpStatusCode.Redirect || s == HttpStatusCode.UnprocessableEntity);
        var id = Guid.Parse(columnsPath.Split('/')[^2]);
        await MatchedAsync(id);
        await using var session = app.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(id);
        events.Count(e => e.Data is ReconciliationStarted).ShouldBe(1);
        events.Count(e => e.Data is RollMatched).ShouldBe(1);
        (await ItemsAsync(id)).Count.ShouldBe(5);
    }

    [Fact]
    public async Task columns_the_reader_did_not_recognise_can_be_chosen_before_matching()
    {
        var cell = Cells[2];
        var unitPath = PathOf(cell);
        var staff = await app.SignInAsync("staff");
        await AdmitAsync(staff, "Đỗ Văn Giang", "001090300001", cell);
        var roll = Csv("Tên đảng viên,Sinh ngày,CCCD", "Đỗ Văn Giang,01/01/1990,001090300001");

        var id = await UploadAsync(staff, cell, roll, new Dictionary<string, string> { ["Columns[0]"] = "FullName", ["Columns[1]"] = "DateOfBirth", ["Columns[2]"] = "CitizenId" });

        var reconciliation = await MatchedAsync(id);
        reconciliation.RowCount.ShouldBe(1);
        (await ItemsAsync(id)).ShouldContain(i => i.Roll != null && i.Roll.FullName == "Đỗ Văn Giang" && i.MemberId != null);
    }

    [Fact]
    public async Task an_unreadable_roll_is_refused_with_row_column_and_reason_and_nothing_is_stored()
    {
        var cell = Cells[3];
        var unitPath = PathOf(cell);
        var staff = await app.SignInAsync("staff");
        var events = await app.EventCountAsync();
        var uploads = await UploadCountAsync();

        var response = await staff.PostFileAsync(unitPath, unitPath, "Upload", "danh-sach.xlsx", [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8], ReferenceDate);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("data-testid=\"import-errors\"");
        html.ShouldContain("data-code=\"Import.UnreadableXlsx\"");
        (await app.EventCountAsync()).ShouldBe(events);
        (await UploadCountAsync()).ShouldBe(uploads);
    }

    private async Task<int> UploadCountAsync()
    {
        await using var session = app.Store.QuerySession();
        return await session.Query<ReconciliationUpload>().CountAsync();
    }

    [Fact]
    public async Task staff_of_another_unit_cannot_open_or_upload_and_nothing_is_stored()
    {
        var cell = Cells[4];
        var unitPath = PathOf(cell);
        var other = await app.SignInAsync("staff2");
        var events = await app.EventCountAsync();
        var uploads = await UploadCountAsync();

        (await other.GetAsync(unitPath)).StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        var token = await other.AntiforgeryTokenAsync("/members/import");
        var forged = await other.PostFileRawAsync(unitPath, "Upload", "danh-sach.csv", Csv(Header, $"Nguyễn Văn An,01/01/1990,Nam,,{cell}"),
            new Dictionary<string, string> { ["ReconciliationId"] = Guid.NewGuid().ToString(), ["ReferenceDate"] = "2025-01-01", ["__RequestVerificationToken"] = token });

        forged.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        forged.Headers.Location?.ToString().ShouldNotContain("/columns");
        (await app.EventCountAsync()).ShouldBe(events);
        (await UploadCountAsync()).ShouldBe(uploads);
    }

    [Fact]
    public async Task an_item_resolved_from_two_browsers_at_once_is_recorded_once_and_the_other_is_told_it_is_resolved()
    {
        var cell = Cells[5];
        var unitPath = PathOf(cell);
        var staff = await app.SignInAsync("staff");
        var (_, _, _, roll) = await RegisterAndRollAsync(staff, "4000", cell);
        var id = await UploadAsync(staff, cell, roll);
        var reconciliation = await MatchedAsync(id);
        var item = (await ItemsAsync(id)).First(i => i.Category == ItemCategory.OnRollOnly);
        var other = await app.SignInAsync("staff");
        var path = $"{unitPath}/{id}";
        Dictionary<string, string> Fields() => new()
        {
            ["ExpectedVersion"] = reconciliation.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ItemNumber"] = item.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Resolution"] = Resolutions.NoChangeNeeded,
            ["Reason"] = "Đã chuyển đi trước ngày chốt",
        };

        var (first, second) = await AtTheSameMoment.PostAsync(
            new AtTheSameMoment.Post(staff, path, path + "?handler=Resolve", Fields()),
            new AtTheSameMoment.Post(other, path, path + "?handler=Resolve", Fields()));

        new[] { first.StatusCode, second.StatusCode }.ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity], ignoreOrder: true);
        var refused = first.StatusCode == HttpStatusCode.Redirect ? second : first;
        (await refused.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Reconciliation.AlreadyResolved\"");
        await using var session = app.Store.QuerySession();
        var resolved = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<ReconciliationItemResolved>().ShouldHaveSingleItem();
        resolved.ItemNumber.ShouldBe(item.Number);
        resolved.Resolution.ShouldBe(Resolutions.NoChangeNeeded);
    }

    [Fact]
    public async Task a_reconciliation_finishes_once_every_item_is_resolved()
    {
        var cell = Cells[6];
        var unitPath = PathOf(cell);
        var staff = await app.SignInAsync("staff");
        await AdmitAsync(staff, "Vũ Văn Hải", "001090500001", cell);
        var id = await UploadAsync(staff, cell, Csv(Header, $"Vũ Văn Hải,01/01/1990,Nam,001090500001,{cell}", $"Ngô Thị Hoa,03/03/1993,Nữ,,{cell}"));
        var reconciliation = await MatchedAsync(id);
        var path = $"{unitPath}/{id}";
        var open = (await ItemsAsync(id)).Where(i => i.Category != ItemCategory.Matched).ToList();
        var finishEarly = await staff.PostFormAsync(path, path + "?handler=Finish", new Dictionary<string, string> { ["ExpectedVersion"] = reconciliation.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        finishEarly.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await finishEarly.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Reconciliation.ItemsOpen\"");

        var version = reconciliation.Version;
        foreach (var item in open)
        {
            var resolve = await staff.PostFormAsync(path, path + "?handler=Resolve", new Dictionary<string, string>
            {
                ["ExpectedVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["ItemNumber"] = item.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Resolution"] = Resolutions.NoChangeNeeded,
                ["Reason"] = "Đã kiểm tra",
            });
            resolve.StatusCode.ShouldBe(HttpStatusCode.Redirect, await resolve.Content.ReadAsStringAsync());
            version++;
        }

        var finish = await staff.PostFormAsync(path, path + "?handler=Finish", new Dictionary<string, string> { ["ExpectedVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        finish.StatusCode.ShouldBe(HttpStatusCode.Redirect, await finish.Content.ReadAsStringAsync());
        await using var session = app.Store.QuerySession();
        (await session.LoadAsync<ReconciliationState>(id))!.Status.ShouldBe(ReconciliationStatus.Finished);
    }

    [Fact]
    public async Task the_page_polls_while_matching_and_reloads_once_the_matching_message_is_handled()
    {
        var cell = DemoUnits.Units.First(u => u.Code == Cells[^1]);
        var unitPath = PathOf(cell.Code);
        var staff = await app.SignInAsync("staff");
        var id = Guid.CreateVersion7();
        // As a restart leaves it: the reconciliation started and its roll stored, the matching not yet done.
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.StartStream<ReconciliationState>(id, new ReconciliationStarted(id, cell.OrganisationId, null, new NodaTime.LocalDate(2025, 1, 1), "danh-sach.csv", "hash", 1));
            session.Store(new ReconciliationRoll
            {
                Id = id,
                People = [new RollPerson(1, "Nguyễn Văn Tư", null, null, null, null, [], cell.Code, null)],
                Cells = new() { [cell.OrganisationId] = cell.Code },
            });
            await session.SaveChangesAsync();
        }

        var page = await staff.GetTextAsync($"{unitPath}/{id}");
        page.ShouldContain("hx-trigger=\"every 2s\"");
        var polling = await staff.GetAsync($"{unitPath}/{id}?handler=Progress", htmx: true);
        polling.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await polling.Content.ReadAsStringAsync()).ShouldContain("data-testid=\"reconciliation-progress\"");

        using (var scope = app.Host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>().InvokeAsync(new MatchRoll(id));
        }

        var done = await staff.GetAsync($"{unitPath}/{id}?handler=Progress", htmx: true);
        done.Headers.GetValues("HX-Refresh").ShouldBe(["true"]);
        (await MatchedAsync(id)).Counts.OnRollOnly.ShouldBe(1);
    }

    [Fact]
    public async Task the_unit_page_leads_staff_who_record_member_work_to_its_reconciliation()
    {
        var cell = DemoUnits.Units.First(u => u.Code == Cells[0]);

        (await (await app.SignInAsync("staff")).GetTextAsync($"/organisations/{cell.OrganisationId}")).ShouldContain("data-testid=\"unit-reconciliation\"");
        (await (await app.SignInAsync("auditor")).GetTextAsync($"/organisations/{cell.OrganisationId}")).ShouldNotContain("data-testid=\"unit-reconciliation\"");
    }

    [GeneratedRegex("""data-testid="resolve-form">(?:(?!</form>).)*name="__RequestVerificationToken".""", RegexOptions.Singleline)]
    private static partial Regex ResolveFormWithToken();
}
