using System.Net;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Pages.Reconciliation;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using static EventSourced.Web.Tests.Pages.Reconciliation.ReconciliationSteps;

namespace EventSourced.Web.Tests.Pages.Reconciliation;

/// <summary>A small cell's roll typed on screen: checked as an upload is, and started the same way.</summary>
public sealed class TypedTests(TypedTests.Fixture app) : IClassFixture<TypedTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    private static string TypedPath(string cell) => PathOf(cell) + "/typed";

    private static Dictionary<string, string> Form(Guid id, params string?[][] rows)
    {
        var fields = new Dictionary<string, string> { ["ReconciliationId"] = id.ToString(), ["ReferenceDate"] = "2025-01-01" };
        string[] names = ["FullName", "DateOfBirth", "Sex", "CitizenId", "CardNumber", "Cell"];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var c = 0; c < names.Length; c++)
            {
                fields[$"Rows[{i}].{names[c]}"] = c < rows[i].Length ? rows[i][c] ?? string.Empty : string.Empty;
            }
        }

        return fields;
    }

    private async Task<int> UploadCountAsync()
    {
        await using var session = app.Store.QuerySession();
        return await session.Query<ReconciliationUpload>().CountAsync();
    }

    [Fact]
    public async Task a_typed_roll_starts_a_reconciliation_matched_like_an_uploaded_one()
    {
        var cell = Cells[0];
        var staff = await app.SignInAsync("staff");
        var member = await AdmitAsync(staff, "Vũ Văn Hải", "001090800001", cell);
        var page = await staff.GetTextAsync(TypedPath(cell));
        page.ShouldContain("data-testid=\"typed-rows\"");
        page.ShouldContain($"data-row=\"{TypedModel.BlankRows}\"");
        var id = Guid.CreateVersion7();

        var response = await staff.PostFormAsync(TypedPath(cell), TypedPath(cell), Form(
            id,
            ["Vũ Văn Hải", "01/01/1990", "Nam", "001090800001", "", cell],
            [],
            ["Ngô Thị Hoa", "1993-03-03", "Nữ", "", "", cell]));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().ShouldBe($"{PathOf(cell)}/{id}");
        var reconciliation = await MatchedAsync(app.Store, id);
        (reconciliation.RowCount, reconciliation.Counts.Matched, reconciliation.Counts.OnRollOnly).ShouldBe((2, 1, 1));
        reconciliation.FileName.ShouldBe(TypedModel.FileName);
        (await ItemsAsync(app.Store, id)).Single(i => i.Category == ItemCategory.Matched).MemberId.ShouldBe(member);
    }

    [Fact]
    public async Task bad_typed_rows_are_refused_by_row_and_column_and_nothing_is_stored()
    {
        var cell = Cells[1];
        var staff = await app.SignInAsync("staff");
        var events = await app.EventCountAsync();
        var uploads = await UploadCountAsync();

        var response = await staff.PostFormAsync(TypedPath(cell), TypedPath(cell), Form(
            Guid.CreateVersion7(),
            ["", "01/01/1990", "Nam"],
            ["Trần Văn Bảo", "31/02/1990", "Nam"],
            ["=HYPERLINK(\"http://x\")", "01/01/1990", "Không rõ"]));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("data-row=\"1\" data-column=\"FullName\" data-code=\"Import.Required\"");
        html.ShouldContain("data-row=\"2\" data-column=\"DateOfBirth\" data-code=\"Import.DateInvalid\"");
        html.ShouldContain("data-row=\"3\" data-column=\"FullName\" data-code=\"Import.Formula\"");
        html.ShouldContain("data-row=\"3\" data-column=\"Sex\" data-code=\"Import.SexInvalid\"");
        html.ShouldContain("id=\"row-1-DateOfBirth\" name=\"Rows[1].DateOfBirth\" value=\"31/02/1990\"");
        (await app.EventCountAsync()).ShouldBe(events);
        (await UploadCountAsync()).ShouldBe(uploads);
    }

    [Fact]
    public async Task an_empty_roll_a_missing_date_and_too_many_rows_are_refused()
    {
        var cell = Cells[2];
        var staff = await app.SignInAsync("staff");
        var events = await app.EventCountAsync();

        var empty = await staff.PostFormAsync(TypedPath(cell), TypedPath(cell), Form(Guid.CreateVersion7(), [], []));
        var noDate = Form(Guid.CreateVersion7(), ["Trần Văn Bảo", "01/01/1990"]);
        noDate.Remove("ReferenceDate");
        var undated = await staff.PostFormAsync(TypedPath(cell), TypedPath(cell), noDate);
        var many = await staff.PostFormAsync(TypedPath(cell), TypedPath(cell), Form(
            Guid.CreateVersion7(), [.. Enumerable.Range(0, TypedModel.MaxRows + 1).Select(i => new string?[] { $"Người {i}", "01/01/1990" })]));

        empty.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await empty.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Reconciliation.EmptyRoll\"");
        undated.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await undated.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Reconciliation.ReferenceDateRequired\"");
        many.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await many.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Import.TooManyRows\"");
        (await app.EventCountAsync()).ShouldBe(events);
    }

    [Fact]
    public async Task rows_are_added_and_removed_without_sending_anything_and_the_register_prefills_them()
    {
        var cell = Cells[3];
        var staff = await app.SignInAsync("staff");
        await AdmitAsync(staff, "Hồ Thị Cúc", "001190800004", cell);
        var events = await app.EventCountAsync();

        var added = await staff.PostFormAsync(TypedPath(cell), TypedPath(cell) + "?handler=AddRow", Form(Guid.CreateVersion7(), ["An"], ["Bình"]));
        var removed = await staff.PostFormAsync(TypedPath(cell), TypedPath(cell) + "?handler=RemoveRow&index=0", Form(Guid.CreateVersion7(), ["An"], ["Bình"]));
        var prefilled = await staff.GetTextAsync(TypedPath(cell) + "?prefill=true");
        // A hand-made post (rows with a gap in their indexes, as the scope matrix sends) answers with the page, never a server error.
        var gap = await staff.PostFormAsync(TypedPath(cell), TypedPath(cell) + "?handler=RemoveRow&index=5", new Dictionary<string, string> { ["Rows[1].FullName"] = "Bình" });

        added.StatusCode.ShouldBe(HttpStatusCode.OK);
        var addedHtml = await added.Content.ReadAsStringAsync();
        addedHtml.ShouldContain("data-row=\"3\"");
        addedHtml.ShouldContain("name=\"Rows[1].FullName\" value=\"Bình\"");
        var removedHtml = await removed.Content.ReadAsStringAsync();
        removedHtml.ShouldContain("name=\"Rows[0].FullName\" value=\"Bình\"");
        removedHtml.ShouldNotContain("data-row=\"2\"");
        gap.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await gap.Content.ReadAsStringAsync()).ShouldContain("data-testid=\"typed-rows\"");
        prefilled.ShouldShow("Hồ Thị Cúc");
        prefilled.ShouldContain("value=\"001190800004\"");
        (await app.EventCountAsync()).ShouldBe(events);
    }

    [Fact]
    public async Task staff_of_another_unit_cannot_type_a_roll_for_it()
    {
        var cell = Cells[4];
        var other = await app.SignInAsync("staff2");
        var events = await app.EventCountAsync();
        var token = await other.AntiforgeryTokenAsync("/members/import");

        (await other.GetAsync(TypedPath(cell))).StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        var forged = await other.PostRawAsync(TypedPath(cell), new Dictionary<string, string>(Form(Guid.CreateVersion7(), ["Trần Văn Bảo", "01/01/1990"])) { ["__RequestVerificationToken"] = token });

        forged.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        forged.Headers.Location?.ToString().ShouldNotContain(PathOf(cell));
        (await app.EventCountAsync()).ShouldBe(events);
    }

    [Fact]
    public async Task a_typed_roll_sent_twice_at_once_starts_one_reconciliation()
    {
        var cell = Cells[5];
        var staff = await app.SignInAsync("staff");
        var id = Guid.CreateVersion7();
        var form = Form(id, ["Trần Văn Bảo", "01/01/1990", "Nam", "", "", cell]);

        var (first, second) = await AtTheSameMoment.PostAsync(
            new AtTheSameMoment.Post(staff, TypedPath(cell), TypedPath(cell), form),
            new AtTheSameMoment.Post(staff, TypedPath(cell), TypedPath(cell), form));

        new[] { first.StatusCode, second.StatusCode }.ShouldContain(HttpStatusCode.Redirect);
        new[] { first.StatusCode, second.StatusCode }.ShouldAllBe(s => s == HttpStatusCode.Redirect || s == HttpStatusCode.UnprocessableEntity);
        await MatchedAsync(app.Store, id);
        await using var session = app.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(id);
        events.Count(e => e.Data is ReconciliationStarted).ShouldBe(1);
        events.Count(e => e.Data is RollMatched).ShouldBe(1);
    }
}
