using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EventSourced.Domain.Content;
using Marten;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// The content pages' application with editorial boards seated through the boards page: "staff" writes
/// and approves for Ba Đình, "approver" approves and "editor" publishes for the city, "staff2" approves
/// and publishes for Hoàn Kiếm. Shared by the tests of <see cref="Collection"/>.
/// </summary>
public sealed class ContentDeskApp : AppFixture
{
    public const string Collection = "Content pages, boards seated";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await SignInAsync("admin");
        await AssignAsync(admin, DemoUnits.BaDinh.Code, "staff", "Author", "Approver");
        await AssignAsync(admin, Web.Demo.DemoCity.CityCode, "approver", "Approver");
        await AssignAsync(admin, Web.Demo.DemoCity.CityCode, "editor", "Publisher");
        await AssignAsync(admin, DemoUnits.HoanKiem.Code, "staff2", "Approver", "Publisher");
    }

    /// <summary>Sends the boards page's seat form as <paramref name="who"/> would fill it in.</summary>
    public static async Task<HttpResponseMessage> TryAssignAsync(WebSession who, string unit, string username, string? reason, params string[] roles)
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

    /// <summary>A news post drafted for Ba Đình on the new-post page; returns its id.</summary>
    /// <remarks><paramref name="extra"/>: more fields of the form, such as a repost's source.</remarks>
    public static async Task<Guid> DraftAsync(WebSession author, string title, string body = "Nội dung **quan trọng** cho đảng viên.", IReadOnlyDictionary<string, string>? extra = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["PostId"] = Guid.NewGuid().ToString(), ["UnitCode"] = DemoUnits.BaDinh.Code, ["Input.Kind"] = "News",
            ["Input.Title"] = title, ["Input.Summary"] = "Tóm tắt", ["Input.Body"] = body, ["Input.Tags"] = "chuyển đổi số",
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            fields[name] = value;
        }

        var response = await author.PostFormAsync("/content/new?kind=News", "/content/new?kind=News", fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return Guid.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    /// <summary>One action of the post's page (<c>submit</c>, <c>approve</c>, <c>publish</c>...) on the post's version and revision.</summary>
    public static Task<HttpResponseMessage> ActAsync(WebSession who, Guid post, string act, int version, int revision, string? comment = null) =>
        who.PostFormAsync($"/content/{post}", $"/content/{post}?act={act}", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = version.ToString(CultureInfo.InvariantCulture),
            ["Revision"] = revision.ToString(CultureInfo.InvariantCulture),
            ["Comment"] = comment ?? string.Empty,
        });

    /// <summary>A post drafted by "staff", submitted, and approved by the city's approver: ready to publish at version 3.</summary>
    public async Task<Guid> ApprovedAsync(string title, IReadOnlyDictionary<string, string>? extra = null)
    {
        var staff = await SignInAsync("staff");
        var approver = await SignInAsync("approver");
        var id = await DraftAsync(staff, title, extra: extra);
        (await ActAsync(staff, id, "submit", 1, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ActAsync(approver, id, "approve", 2, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return id;
    }

    /// <summary>An approved post published by the city's publisher, at version 4.</summary>
    public async Task<Guid> PublishedAsync(string title, IReadOnlyDictionary<string, string>? extra = null)
    {
        var id = await ApprovedAsync(title, extra);
        (await ActAsync(await SignInAsync("editor"), id, "publish", 3, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return id;
    }

    public async Task<Post> PostAsync(Guid id)
    {
        await using var session = Store.QuerySession();
        return (await session.LoadAsync<Post>(id)).ShouldNotBeNull();
    }

    public async Task<long> BoardVersionAsync(Guid unitId)
    {
        await using var session = Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(EditorialBoard.StreamIdFor(unitId)))?.Version ?? 0;
    }

    /// <summary>
    /// Seats the auditor on Ba Đình's board as author, approver and publisher straight in the store, as a
    /// seat given before the rule existed: the read-only role is enforced where commands are sent.
    /// </summary>
    public async Task SeatTheAuditorOnBaDinhsBoardAsync()
    {
        await using var seed = Store.LightweightSession();
        var auditor = await seed.Query<Domain.Accounts.UserAccount>().SingleAsync(a => a.Username == "auditor");
        var board = EditorialBoard.StreamIdFor(DemoUnits.BaDinh.OrganisationId);
        seed.Events.Append(board, new BoardMemberAssigned(auditor.Id, auditor.DisplayName, BoardRole.Author | BoardRole.Approver | BoardRole.Publisher));
        await seed.SaveChangesAsync();
    }

    private static async Task AssignAsync(WebSession admin, string unit, string username, params string[] roles)
    {
        var response = await TryAssignAsync(admin, unit, username, "Quyết định kiện toàn Ban Biên tập", roles);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }
}

[CollectionDefinition(ContentDeskApp.Collection)]
public sealed class ContentDeskCollection : ICollectionFixture<ContentDeskApp>;
