using EventSourced.Domain.Content;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Tests.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Content;

/// <summary>A board member in the tests.</summary>
internal sealed record Person(Guid Id, string Name)
{
    public static Person Named(string name) => new(Guid.NewGuid(), name);
}

/// <summary>
/// Boards and posts for the decision tests. The tree of <see cref="TreeBuilder"/> (city → district
/// → ward → cell) plus a sibling ward <see cref="OtherWard"/>. The ward's board has an author, a
/// co-author who also approves, two approvers and a publisher; the city's board one approver who also
/// publishes, with a position; the other ward's board one person holding every role. Posts belong to
/// the ward unless a test says otherwise, and decisions are taken at <see cref="Now"/>.
/// </summary>
internal sealed class ContentBuilder
{
    public static readonly LocalDate Today = new(2025, 3, 3);

    public static readonly Instant Now = Instant.FromUtc(2025, 3, 3, 2, 0);

    public static readonly Person Author = Person.Named("Nguyễn Thị Lan");
    public static readonly Person CoAuthor = Person.Named("Trần Văn Bình");
    public static readonly Person Approver = Person.Named("Lê Thị Hoa");
    public static readonly Person SecondApprover = Person.Named("Phạm Văn Dũng");
    public static readonly Person Publisher = Person.Named("Đỗ Minh Tuấn");
    public static readonly Person CityApprover = Person.Named("Hoàng Văn Nam");
    public static readonly Person Outsider = Person.Named("Vũ Thị Mai");

    public ContentBuilder(int wardSteps = 1)
    {
        OtherWard = Units.Add(OrganisationKind.GrassrootsCommittee, "BD.TB", "Đảng bộ phường Trúc Bạch", Units.District);
        WardBoard = Board(Units.Ward, wardSteps,
            (Author, BoardRole.Author),
            (CoAuthor, BoardRole.Author | BoardRole.Approver),
            (Approver, BoardRole.Approver),
            (SecondApprover, BoardRole.Approver),
            (Publisher, BoardRole.Publisher));
        CityBoard = Board(Units.City, 1, (CityApprover, BoardRole.Approver | BoardRole.Publisher));
        CityBoard.Apply(new BoardMemberAssigned(CityApprover.Id, CityApprover.Name, BoardRole.Approver | BoardRole.Publisher, "Phó Trưởng Ban Tuyên giáo"));
        Board(OtherWard, 1, (Outsider, BoardRole.Author | BoardRole.Approver | BoardRole.Publisher));
    }

    public TreeBuilder Units { get; } = new();

    public Organisation OtherWard { get; }

    public EditorialBoard WardBoard { get; }

    public EditorialBoard CityBoard { get; }

    public List<EditorialBoard> Boards { get; } = [];

    public OrganisationTree Tree => Units.On(Today);

    public EditorialBoard Board(Organisation unit, int steps, params (Person Person, BoardRole Roles)[] members)
    {
        var board = EditorialBoard.Create(new EditorialBoardFormed(unit.Id, unit.Name));
        foreach (var (person, roles) in members)
        {
            board.Apply(new BoardMemberAssigned(person.Id, person.Name, roles));
        }

        board.Apply(new ApprovalStepsSet(steps));
        Boards.Add(board);
        return board;
    }

    public BoardScope Scope(Guid? unitId = null) => BoardScope.For(unitId ?? Units.Ward.Id, Tree, Boards);

    public BoardScope Scope(Post post) => Scope(post.UnitId);

    public static PostContent News(string title = "Hội nghị học tập Nghị quyết Trung ương") => new()
    {
        Kind = PostKind.News,
        Title = title,
        Summary = "Đảng bộ phường tổ chức hội nghị.",
        Body = "Sáng nay, **Đảng bộ phường** tổ chức hội nghị.",
        Tags = ["nghị quyết"],
    };

    public static PostContent Document() => new()
    {
        Kind = PostKind.Document,
        Title = "Nghị quyết về phát triển văn hóa Thủ đô",
        DocumentNumber = "09-NQ/TU",
        IssuingBody = "Thành ủy Hà Nội",
        IssuedOn = new LocalDate(2022, 2, 22),
        DocumentType = DocumentType.Resolution,
        AttachmentFileId = Guid.NewGuid(),
        ValidFrom = new LocalDate(2022, 2, 22),
    };

    public PostContent Bulletin(LocalDate? month = null, LocalDate? meeting = null, Guid? cellId = null) => new()
    {
        Kind = PostKind.Bulletin,
        CellId = cellId ?? Units.Cell.Id,
        Month = month ?? new LocalDate(2025, 4, 1),
        MeetingDate = meeting ?? new LocalDate(2025, 4, 5),
        Topic = "Học tập chuyên đề năm 2025",
        Body = "- Tài liệu chuyên đề\n  - Phần 1",
    };

    public Post Draft(PostContent? content = null, Person? by = null, Guid? unitId = null)
    {
        var unit = unitId ?? Units.Ward.Id;
        return Post.Create(DraftPostHandler.Decide(new DraftPost(Guid.NewGuid(), unit, (by ?? Author).Id, content ?? News()), Scope(unit), Now));
    }

    public Post Revise(Post post, Person? by = null, PostContent? content = null) =>
        post.Record(RevisePostHandler.Decide(new RevisePost(post.Id, post.Version, (by ?? Author).Id, content ?? News("Tiêu đề đã sửa " + post.LatestRevision)), post, Scope(post), Now));

    public Post Submit(Post post, Person? by = null) =>
        post.Record(SubmitPostHandler.Decide(new SubmitPost(post.Id, post.Version, post.LatestRevision, (by ?? Author).Id), post, Scope(post), Now));

    public Post Approve(Post post, Person? by = null, Instant? at = null) =>
        post.Record(ApprovePostHandler.Decide(new ApprovePost(post.Id, post.Version, post.LatestRevision, (by ?? Approver).Id), post, Scope(post), at ?? Now));

    public Post Publish(Post post, Person? by = null, Instant? at = null) =>
        post.Record(PublishPostHandler.Decide(new PublishPost(post.Id, post.Version, post.LatestRevision, (by ?? Publisher).Id), post, Scope(post), at ?? Now));

    public Post Submitted(PostContent? content = null) => Submit(Draft(content));

    /// <summary>A submitted post approved in every step the round needs, by different approvers.</summary>
    public Post Approved(PostContent? content = null)
    {
        var post = Submitted(content);
        foreach (var approver in new[] { Approver, SecondApprover, CityApprover }.Take(post.RequiredApprovals))
        {
            Approve(post, approver);
        }

        return post;
    }

    public Post Published(PostContent? content = null) => Publish(Approved(content));
}

internal static class PostRecording
{
    /// <summary>Applies events to the post as Marten would, counting versions.</summary>
    public static Post Record(this Post post, params object[] events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case PostRevised x: post.Apply(x); break;
                case PostSubmitted x: post.Apply(x); break;
                case PostApproved x: post.Apply(x); break;
                case PostChangesRequested x: post.Apply(x); break;
                case PostRejected x: post.Apply(x); break;
                case PostPublished x: post.Apply(x); break;
                case PublicationScheduled x: post.Apply(x); break;
                case ScheduledPublicationCancelled x: post.Apply(x); break;
                case WithdrawalScheduled x: post.Apply(x); break;
                case ScheduledWithdrawalCancelled x: post.Apply(x); break;
                case PostWithdrawn x: post.Apply(x); break;
                case PostArchived x: post.Apply(x); break;
                default: throw new ArgumentException($"No Apply for {e.GetType().Name} on a post.", nameof(events));
            }

            post.Version++;
        }

        return post;
    }

    public static Post Record(this Post post, IReadOnlyList<object> events) => post.Record([.. events]);

    /// <summary>Applies board events as Marten would.</summary>
    public static EditorialBoard Record(this EditorialBoard board, params object[] events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case BoardMemberAssigned x: board.Apply(x); break;
                case BoardMemberRemoved x: board.Apply(x); break;
                case ApprovalStepsSet x: board.Apply(x); break;
                default: throw new ArgumentException($"No Apply for {e.GetType().Name} on a board.", nameof(events));
            }

            board.Version++;
        }

        return board;
    }
}
