using EventSourced.Domain.Content;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// Handbook posts written straight to the event store (drafted, submitted, approved and published by
/// three different people of the owning unit's board), for tests of what members and staff read.
/// The editorial workflow has tests of its own; here only the outcome matters.
/// </summary>
public static class PublishedPosts
{
    /// <summary>When the seeded posts go out: one an hour from here, so their order is known.</summary>
    public static readonly Instant Start = Instant.FromUtc(2025, 3, 1, 1, 0);

    /// <summary>The member's cell in <see cref="AppMember.CreateAsync"/>.</summary>
    public static OrganisationCreated OwnCell => DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh));

    /// <summary>Another cell, whose bulletins the member must not see.</summary>
    public static OrganisationCreated OtherCell => DemoUnits.Units.First(u => u.Kind == OrganisationKind.Cell && u.OrganisationId != OwnCell.OrganisationId);

    public static OrganisationCreated City => DemoUnits.Units.First(u => u.OrganisationId == DemoUnits.City);

    public const string ApproverName = "Lê Thị Duyệt";

    public const string ApproverTitle = "Phó Trưởng ban Tuyên giáo";

    public const string PublisherName = "Nguyễn Văn Đăng";

    public const string PublisherTitle = "Trưởng ban Tuyên giáo";

    public static ContentActor Actor(string name, BoardRole role, OrganisationCreated body, string? title = null) =>
        new(DeterministicId(name), name, role, title, body.OrganisationId, body.Name);

    public static PostContent News(string title, string body, Guid? coverFileId = null) => new()
    {
        Kind = PostKind.News,
        Title = title,
        Summary = "Tóm tắt: " + title,
        Body = body,
        Tags = ["thời sự"],
        CoverFileId = coverFileId,
    };

    public static PostContent Document(
        string title, string number, DocumentType type, string issuingBody, LocalDate issuedOn, string? body = null, LocalDate? validUntil = null, Guid? attachmentFileId = null) => new()
    {
        Kind = PostKind.Document,
        Title = title,
        Body = body,
        DocumentNumber = number,
        DocumentType = type,
        IssuingBody = issuingBody,
        IssuedOn = issuedOn,
        ValidFrom = issuedOn,
        ValidUntil = validUntil,
        AttachmentFileId = attachmentFileId ?? Guid.NewGuid(),
    };

    public static PostContent Bulletin(OrganisationCreated cell, LocalDate month, LocalDate meeting, string topic) => new()
    {
        Kind = PostKind.Bulletin,
        Title = $"Sinh hoạt chi bộ tháng {month.Month}/{month.Year}",
        Body = "Tài liệu sinh hoạt gửi kèm.",
        CellId = cell.OrganisationId,
        Month = month,
        MeetingDate = meeting,
        Topic = topic,
    };

    /// <summary>Writes a post of <paramref name="unit"/> that went live at <paramref name="at"/>, and was withdrawn a minute later if asked.</summary>
    public static async Task<Guid> PublishAsync(IDocumentStore store, OrganisationCreated unit, PostContent content, Instant at, bool withdrawn = false)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(unit);
        var id = Guid.NewGuid();
        var author = Actor("Trần Văn Viết", BoardRole.Author, unit);
        var approver = Actor(ApproverName, BoardRole.Approver, unit, ApproverTitle);
        var publisher = Actor(PublisherName, BoardRole.Publisher, unit, PublisherTitle);
        var events = new List<object>
        {
            new PostDrafted(id, unit.OrganisationId, unit.Name, content, author, at - Duration.FromHours(3)),
            new PostSubmitted(1, 1, author, null, at - Duration.FromHours(2)),
            new PostApproved(1, 1, approver, "Đồng ý", at - Duration.FromHours(1)),
            new PostPublished(1, publisher, null, at),
        };
        if (withdrawn)
        {
            events.Add(new PostWithdrawn(1, publisher, "Thông tin không còn phù hợp", at + Duration.FromMinutes(1)));
        }

        await using var session = store.LightweightSession();
        session.Events.StartStream<Post>(id, [.. events]);
        await session.SaveChangesAsync();
        return id;
    }

    /// <summary>
    /// The handbook of a small city: what a member of <see cref="OwnCell"/> reaches and what they must
    /// not, and the documents the library tests search.
    /// </summary>
    public static async Task<Seeded> SeedAsync(IDocumentStore store)
    {
        var baDinh = DemoUnits.BaDinh;
        var hoanKiem = DemoUnits.HoanKiem;
        Instant At(int hours) => Start + Duration.FromHours(hours);
        var cityNews = await PublishAsync(store, City, News(
            "Hà Nội phát động phong trào thi đua năm 2025",
            "Toàn Đảng bộ **thi đua** lập thành tích.\n\n<script>alert('x')</script>\n\n[bấm vào đây](javascript:alert(1))",
            coverFileId: Guid.NewGuid()), At(1));
        var baDinhDocument = await PublishAsync(store, baDinh, Document(
            "Kế hoạch học tập, quán triệt nghị quyết năm 2025", "12-KH/QU", DocumentType.Plan, "Quận ủy Ba Đình", new LocalDate(2025, 1, 10)), At(2));
        var hoanKiemDocument = await PublishAsync(store, hoanKiem, Document(
            "Hướng dẫn công tác tuyên truyền năm 2025", "08-HD/QU", DocumentType.Guidance, "Quận ủy Hoàn Kiếm", new LocalDate(2025, 2, 1),
            body: "Các chi bộ đẩy mạnh chuyển đổi số trong sinh hoạt."), At(3));
        var ownBulletin = await PublishAsync(store, OwnCell, Bulletin(OwnCell, new LocalDate(2025, 4, 1), new LocalDate(2025, 4, 5), "Kiểm điểm công tác quý I"), At(4));
        var otherBulletin = await PublishAsync(store, OtherCell, Bulletin(OtherCell, new LocalDate(2025, 4, 1), new LocalDate(2025, 4, 8), "Bầu tổ trưởng"), At(5));
        var withdrawn = await PublishAsync(store, City, News("Tin đã gỡ", "Nội dung đã gỡ."), At(6), withdrawn: true);
        var expired = await PublishAsync(store, City, Document(
            "Chỉ thị về phòng, chống dịch bệnh", "03-CT/TU", DocumentType.Directive, "Thành ủy Hà Nội", new LocalDate(2020, 2, 1), validUntil: new LocalDate(2020, 12, 31)), At(7));
        var resolution = await PublishAsync(store, City, Document(
            "Nghị quyết số 05-NQ/TU về chuyển đổi số", "05-NQ/TU", DocumentType.Resolution, "Thành ủy Hà Nội", new LocalDate(2024, 12, 20),
            body: "Toàn văn nghị quyết được đính kèm."), At(8));
        return new Seeded(cityNews, baDinhDocument, hoanKiemDocument, ownBulletin, otherBulletin, withdrawn, expired, resolution);
    }

    private static Guid DeterministicId(string name) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("test-user:" + name))[..16]);

    /// <summary>The ids of <see cref="SeedAsync"/>'s posts.</summary>
    public sealed record Seeded(
        Guid CityNews,
        Guid BaDinhDocument,
        Guid HoanKiemDocument,
        Guid OwnBulletin,
        Guid OtherBulletin,
        Guid Withdrawn,
        Guid Expired,
        Guid Resolution)
    {
        /// <summary>What a member of <see cref="OwnCell"/> sees in the feed, newest first.</summary>
        public IReadOnlyList<Guid> OwnFeed => [Resolution, OwnBulletin, BaDinhDocument, CityNews];
    }
}
