using EventSourced.Domain.Content;

namespace EventSourced.Domain.Tests.Content;

/// <summary>The approval trail is the post's events in order, each with who acted, for which body, on which revision.</summary>
public class PostTrailTests
{
    private readonly ContentBuilder _content = new();

    [Fact]
    public void every_step_is_listed_with_the_actor_body_and_revision_it_saw()
    {
        var ward = _content.Units.Ward.Name;
        var city = _content.Units.City.Name;
        var author = new ContentActor(ContentBuilder.Author.Id, ContentBuilder.Author.Name, BoardRole.Author, null, _content.Units.Ward.Id, ward);
        var approver = new ContentActor(ContentBuilder.CityApprover.Id, ContentBuilder.CityApprover.Name, BoardRole.Approver, "Phó Trưởng Ban Tuyên giáo", _content.Units.City.Id, city);
        var at = ContentBuilder.Now;
        object[] events =
        [
            new PostDrafted(Guid.NewGuid(), _content.Units.Ward.Id, ward, ContentBuilder.News(), author, at),
            new PostRevised(2, ContentBuilder.News("Sửa tiêu đề"), author, at),
            new PostSubmitted(2, 1, author, "Xin duyệt", at),
            new PostApproved(2, 1, approver, "Đồng ý", at),
            new PostPublished(2, approver with { Role = BoardRole.Publisher }, null, at),
            "not a post event",
        ];

        var trail = PostTrail.From(events);

        trail.Select(t => t.Step).ShouldBe([TrailStep.Drafted, TrailStep.Revised, TrailStep.Submitted, TrailStep.Approved, TrailStep.Published]);
        trail[3].ShouldBe(new TrailEntry(at, TrailStep.Approved, approver, 2, 1, "Đồng ý"));
        trail[0].By.BodyName.ShouldBe(ward);
        trail[4].By.Role.ShouldBe(BoardRole.Publisher);
    }
}
