using System.Globalization;
using EventSourced.Domain.Accounts;
using EventSourced.Domain.Content;
using EventSourced.Domain.Content.Files;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Web.Demo;

/// <summary>
/// The handbook's demo content: boards for the city and two districts with the demo accounts on them,
/// published news and documents carrying their approval trail, a post waiting for review, and the
/// month's cell-meeting bulletins from some Ba Đình cells (the rest show as late).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394", Justification = "demo data, deterministic")]
public static class DemoContent
{
    /// <summary>A one-page PDF, enough for the demo documents' attachments to open.</summary>
    private static readonly byte[] DemoPdf = System.Text.Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj " +
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    private static readonly (string Number, DocumentType Type, string Title, int Year)[] Documents =
    [
        ("05-NQ/TU", DocumentType.Resolution, "Nghị quyết về chuyển đổi số trong công tác đảng", 2023),
        ("12-CT/TU", DocumentType.Directive, "Chỉ thị về tăng cường sinh hoạt chi bộ", 2023),
        ("09-QĐ/TU", DocumentType.Regulation, "Quy định về quản lý đảng viên trên Sổ tay điện tử", 2023),
        ("21-HD/BTCTU", DocumentType.Guidance, "Hướng dẫn cài đặt và sử dụng Sổ tay đảng viên", 2023),
        ("117-KH/TU", DocumentType.Plan, "Kế hoạch triển khai Sổ tay đảng viên điện tử", 2023),
        ("15-NQ/TU", DocumentType.Resolution, "Nghị quyết về công tác xây dựng Đảng năm 2024", 2024),
        ("30-HD/BTGTU", DocumentType.Guidance, "Hướng dẫn sinh hoạt chuyên đề chi bộ", 2024),
        ("42-KH/TU", DocumentType.Plan, "Kế hoạch tổ chức đại hội đảng bộ các cấp", 2025),
        ("08-CT/TU", DocumentType.Directive, "Chỉ thị về công tác phát triển đảng viên", 2025),
        ("03-QĐ/TU", DocumentType.Regulation, "Quy định về chế độ báo cáo của các tổ chức đảng", 2026),
    ];

    /// <summary>The headers every demo content event carries: recorded by "seed", for the demo.</summary>
    public static IReadOnlyDictionary<string, object> Headers { get; } = new Dictionary<string, object>
    {
        [Domain.Common.AuditHeaders.UserName] = "seed",
        [Domain.Common.AuditHeaders.Reason] = "Demo data / Dữ liệu mẫu",
    };

    /// <summary>Writes the demo content through a session (the small demo at start-up and the tests).</summary>
    public static async Task SeedAsync(IDocumentStore store, DemoSize size, LocalDate today, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.LastModifiedBy = "seed";
        foreach (var (key, value) in Headers)
        {
            session.SetHeader(key, value);
        }

        var accounts = (await session.Query<UserAccount>().ToListAsync(ct)).ToDictionary(a => a.Username);
        if (Build(size, today, accounts) is not { } content)
        {
            return;
        }

        await InsertFilesAsync(store, store.Storage.Database, content.Files, ct);
        foreach (var (id, aggregate, events) in content.Streams)
        {
            session.Events.StartStream(aggregate, id, events);
        }

        await session.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The demo content's streams in the order they are written, and the documents' files; null when the
    /// demo accounts the boards seat are missing.
    /// </summary>
    public static (IReadOnlyList<(Guid Id, Type Aggregate, object[] Events)> Streams, IReadOnlyList<(Guid FileId, Guid PostId, string Number)> Files)? Build(
        DemoSize size, LocalDate today, IReadOnlyDictionary<string, UserAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var units = DemoCity.Build(size);
        var city = units.First(u => u.Kind == OrganisationKind.CityCommittee);
        var baDinh = units.First(u => u.Kind == OrganisationKind.DirectlySubordinateCommittee && u.Name.Contains("Ba Đình", StringComparison.Ordinal));
        var hoanKiem = units.First(u => u.Kind == OrganisationKind.DirectlySubordinateCommittee && u.Name.Contains("Hoàn Kiếm", StringComparison.Ordinal));
        if (!accounts.TryGetValue("editor", out var editor) || !accounts.TryGetValue("approver", out var approver) || !accounts.TryGetValue("staff", out var staff) || !accounts.TryGetValue("staff2", out var staff2))
        {
            return null;
        }

        var streams = new List<(Guid, Type, object[])>();
        var files = new List<(Guid, Guid, string)>();

        void Board(OrganisationCreated unit, params (UserAccount User, BoardRole Roles, string Title)[] members) =>
            streams.Add((
                EditorialBoard.StreamIdFor(unit.OrganisationId),
                typeof(EditorialBoard),
                [new EditorialBoardFormed(unit.OrganisationId, unit.Name), .. members.Select(m => (object)new BoardMemberAssigned(m.User.Id, m.User.DisplayName, m.Roles, m.Title))]));

        Board(city, (editor, BoardRole.Author | BoardRole.Publisher, "Biên tập viên, Ban Tuyên giáo Thành ủy"), (approver, BoardRole.Approver | BoardRole.Publisher, "Phó Trưởng ban Tuyên giáo Thành ủy"));
        Board(baDinh, (staff, BoardRole.Author, "Cán bộ Ban Tuyên giáo Quận ủy Ba Đình"));
        Board(hoanKiem, (staff2, BoardRole.Author | BoardRole.Approver, "Cán bộ Ban Tuyên giáo Quận ủy Hoàn Kiếm"));

        ContentActor Actor(UserAccount user, BoardRole role, OrganisationCreated body, string title) => new(user.Id, user.DisplayName, role, title, body.OrganisationId, body.Name);
        var author = Actor(editor, BoardRole.Author, city, "Biên tập viên, Ban Tuyên giáo Thành ủy");
        var reviewer = Actor(approver, BoardRole.Approver, city, "Phó Trưởng ban Tuyên giáo Thành ủy");
        var publisher = Actor(approver, BoardRole.Publisher, city, "Phó Trưởng ban Tuyên giáo Thành ủy");
        var zone = Domain.Common.VietnamTime.Zone;
        Instant At(LocalDate day, int hour) => day.At(new LocalTime(hour, 0)).InZoneLeniently(zone).ToInstant();
        var serial = 0;

        void Published(OrganisationCreated unit, PostContent content, LocalDate day, ContentActor by, Guid? postId = null)
        {
            var id = postId ?? DemoCity.IdFor("post:" + (serial++).ToString(CultureInfo.InvariantCulture));
            streams.Add((
                id,
                typeof(Post),
                [
                    new PostDrafted(id, unit.OrganisationId, unit.Name, content, by, At(day, 8)),
                    new PostSubmitted(1, 1, by, null, At(day, 9)),
                    new PostApproved(1, 1, reviewer, "Đồng ý đăng", At(day, 10)),
                    new PostPublished(1, publisher, null, At(day, 11)),
                ]));
        }

        string[] news =
        [
            "Thành ủy Hà Nội phát động triển khai Sổ tay đảng viên điện tử",
            "Hơn 90% đảng viên toàn thành phố đã cài đặt Sổ tay",
            "Hội nghị trực tuyến tập huấn sử dụng Sổ tay cho bí thư chi bộ",
            "Sinh hoạt chi bộ theo chuyên đề: kinh nghiệm từ các đơn vị làm điểm",
        ];
        for (var i = 0; i < news.Length; i++)
        {
            Published(city, new PostContent { Kind = PostKind.News, Title = news[i], Summary = "Tin từ Ban Tuyên giáo Thành ủy.", Body = $"## {news[i]}\n\nNội dung chi tiết của tin bài số {i + 1}, dành cho toàn thể đảng viên thành phố.\n\n- Ý nghĩa\n- Kết quả\n- Nhiệm vụ thời gian tới", Tags = ["sổ tay", "chuyển đổi số"] }, today.PlusDays(-7 * (news.Length - i)), author);
        }

        // Each document has its own copy of the sample PDF: a file follows the read rule of its post.
        foreach (var (number, type, title, year) in Documents)
        {
            var postId = DemoCity.IdFor("post:" + (serial++).ToString(CultureInfo.InvariantCulture));
            var pdf = DemoCity.IdFor("file:" + number);
            files.Add((pdf, postId, number));
            var issued = LocalDate.Min(new LocalDate(year, 1 + (serial % 11), 10 + (serial % 15)), today);
            Published(city, new PostContent
            {
                Kind = PostKind.Document, Title = title, DocumentNumber = number, IssuingBody = "Thành ủy Hà Nội", IssuedOn = issued, DocumentType = type,
                AttachmentFileId = pdf, ValidFrom = issued, Summary = title + ".", Body = $"Toàn văn {title.ToLowerInvariant()} ({number}).",
            }, issued, author, postId);
        }

        // One post waiting for review, written in Ba Đình: the city approver sees it on the desk.
        var pendingId = DemoCity.IdFor("post:pending");
        var staffActor = Actor(staff, BoardRole.Author, baDinh, "Cán bộ Ban Tuyên giáo Quận ủy Ba Đình");
        streams.Add((
            pendingId,
            typeof(Post),
            [
                new PostDrafted(pendingId, baDinh.OrganisationId, baDinh.Name, new PostContent { Kind = PostKind.News, Title = "Quận ủy Ba Đình sơ kết 6 tháng triển khai Sổ tay", Body = "Báo cáo sơ kết của Quận ủy Ba Đình.", Summary = "Sơ kết 6 tháng." }, staffActor, At(today.PlusDays(-1), 9)),
                new PostSubmitted(1, 1, staffActor, "Kính gửi Ban Biên tập Thành ủy duyệt", At(today.PlusDays(-1), 10)),
            ]));

        // Bulletins for next month from half of Ba Đình's first grassroots cells.
        var month = today.PlusMonths(1).With(DateAdjusters.StartOfMonth);
        var cells = units.Where(u => u.Kind == OrganisationKind.Cell && units.Any(p => p.OrganisationId == u.ParentId && p.ParentId == baDinh.OrganisationId)).Take(8).ToList();
        foreach (var cell in cells.Where((_, i) => i % 2 == 0))
        {
            var parent = units.First(u => u.OrganisationId == cell.ParentId);
            Published(parent, new PostContent
            {
                Kind = PostKind.Bulletin, Title = "Sinh hoạt chi bộ tháng " + month.ToString("MM/yyyy", CultureInfo.InvariantCulture), CellId = cell.OrganisationId, Month = month,
                MeetingDate = month.PlusDays(4), Topic = "Học tập, quán triệt nghị quyết; đánh giá việc sử dụng Sổ tay", Body = "Tài liệu: nghị quyết 05-NQ/TU.",
            }, today, staffActor);
        }

        return (streams, files);
    }

    /// <summary>Stores the sample PDF once for each demo document (files are not events: they sit beside the store).</summary>
    public static async Task InsertFilesAsync(IDocumentStore store, Marten.Storage.IMartenDatabase database, IEnumerable<(Guid FileId, Guid PostId, string Number)> files, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(files);
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        foreach (var (pdf, postId, number) in files)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"insert into {store.Options.DatabaseSchemaName}.{StoredFilesTable.TableName} (id, post_id, file_name, content_type, length, sha256, serve_as_attachment, uploaded_at, uploaded_by, content) values ($1, $2, $3, 'application/pdf', $4, $5, true, now(), 'seed', $6)";
            foreach (var value in new object[] { pdf, postId, number.Replace('/', '-') + ".pdf", (long)DemoPdf.Length, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(DemoPdf)), DemoPdf })
            {
                command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = value });
            }

            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
