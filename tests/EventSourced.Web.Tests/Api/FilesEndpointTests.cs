using System.Net;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Api;

/// <summary>The files endpoint (<c>/files/{id}</c>): a file follows its post's read rule, for staff and for members' phones.</summary>
[Collection(ContentDeskApp.Collection)]
public sealed class FilesEndpointTests(ContentDeskApp app)
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];

    [Fact]
    public async Task a_draft_posts_file_is_served_to_its_unit_staff_only()
    {
        var member = await AppMember.CreateAsync(app, "Đinh Thị Chưa Xem", "001190000803");
        var (_, cover) = await PostWithCoverAsync("Tin có ảnh bìa nháp");
        using var phone = member.Client(app);

        (await (await app.SignInAsync("staff")).GetAsync($"/files/{cover}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await app.SignInAsync("staff2")).GetAsync($"/files/{cover}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await phone.GetAsync(new Uri($"/files/{cover}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_published_posts_file_is_served_to_a_member_with_its_type_and_no_sniffing()
    {
        var member = await AppMember.CreateAsync(app, "Đinh Thị Xem", "001190000802");
        var (postId, cover) = await PostWithCoverAsync("Tin có ảnh bìa");
        var staff = await app.SignInAsync("staff");
        (await ContentDeskApp.ActAsync(staff, postId, "submit", 1, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ContentDeskApp.ActAsync(await app.SignInAsync("approver"), postId, "approve", 2, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ContentDeskApp.ActAsync(await app.SignInAsync("editor"), postId, "publish", 3, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var phone = member.Client(app);

        var served = await phone.GetAsync(new Uri($"/files/{cover}", UriKind.Relative));

        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        served.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");
    }

    [Fact]
    public async Task a_library_documents_attachment_is_served_to_a_member_of_any_unit_while_the_document_is_valid()
    {
        // A member of Hoàn Kiếm: the library lists Ba Đình's documents to them, so the attachment opens too.
        var staff2 = await app.SignInAsync("staff2");
        var fields = AdmissionForm.Fields("Hồ Văn Xa", "001090000805");
        fields["CellCode"] = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem)).Code;
        var member = await AppMember.GrantAsync(app, staff2, await AdmissionForm.AdmitAsync(staff2, fields), "001090000805");
        var valid = await PublishedDocumentAsync("Nghị quyết còn hiệu lực", null);
        var expired = await PublishedDocumentAsync("Nghị quyết đã hết hiệu lực", "2025-01-31");
        using var phone = member.Client(app);

        (await phone.GetAsync(new Uri($"/files/{valid}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await phone.GetAsync(new Uri($"/files/{expired}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>A Ba Đình document with a PDF attachment, through the whole workflow; the attachment's id.</summary>
    private async Task<Guid> PublishedDocumentAsync(string title, string? validUntil)
    {
        var staff = await app.SignInAsync("staff");
        var postId = Guid.NewGuid();
        var fields = new Dictionary<string, string>
        {
            ["PostId"] = postId.ToString(), ["UnitCode"] = DemoUnits.BaDinh.Code, ["Input.Kind"] = "Document", ["Input.Title"] = title,
            ["Input.DocumentNumber"] = "02-NQ/QU", ["Input.IssuingBody"] = "Quận ủy Ba Đình", ["Input.IssuedOn"] = "2025-01-05", ["Input.DocumentType"] = "Resolution",
        };
        if (validUntil is not null)
        {
            fields["Input.ValidFrom"] = "2025-01-05";
            fields["Input.ValidUntil"] = validUntil;
        }

        var created = await staff.PostFileAsync("/content/new?kind=Document", "/content/new?kind=Document", "Input.AttachmentUpload", "nghi-quyet.pdf", "%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"u8.ToArray(), fields);
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        (await ContentDeskApp.ActAsync(staff, postId, "submit", 1, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ContentDeskApp.ActAsync(await app.SignInAsync("approver"), postId, "approve", 2, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ContentDeskApp.ActAsync(await app.SignInAsync("editor"), postId, "publish", 3, 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return (await app.PostAsync(postId)).Latest.Content.AttachmentFileId!.Value;
    }

    /// <summary>A news post drafted by Ba Đình's "staff" with a PNG cover; returns the post's and the cover's ids.</summary>
    private async Task<(Guid Post, Guid Cover)> PostWithCoverAsync(string title)
    {
        var staff = await app.SignInAsync("staff");
        var postId = Guid.NewGuid();
        var created = await staff.PostFileAsync("/content/new?kind=News", "/content/new?kind=News", "Input.CoverUpload", "anh-bia.png", Png, new Dictionary<string, string>
        {
            ["PostId"] = postId.ToString(), ["UnitCode"] = DemoUnits.BaDinh.Code, ["Input.Kind"] = "News", ["Input.Title"] = title, ["Input.Body"] = "Ảnh",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        return (postId, (await app.PostAsync(postId)).Latest.Content.CoverFileId!.Value);
    }
}
