using EventSourced.Domain.Content;
using NodaTime;
using static EventSourced.Domain.Tests.Content.ContentBuilder;

namespace EventSourced.Domain.Tests.Content;

public class PostAttributionTests
{
    [Fact]
    public void a_published_post_credits_each_approver_and_the_publisher_with_role_body_and_time()
    {
        var content = new ContentBuilder(wardSteps: 2);
        var first = Now.Plus(Duration.FromHours(1));
        var second = Now.Plus(Duration.FromHours(2));
        var publishedAt = Now.Plus(Duration.FromHours(3));
        var post = content.Submitted();
        content.Approve(post, Approver, first);
        content.Approve(post, CityApprover, second);
        content.Publish(post, Publisher, publishedAt);

        var attribution = PostAttribution.For(post)!;

        attribution.Revision.ShouldBe(1);
        attribution.ApprovedBy.ShouldBe(
        [
            new AttributedDecision(Approver.Name, BoardRole.Approver, null, "Đảng bộ phường Phúc Xá", first),
            new AttributedDecision(CityApprover.Name, BoardRole.Approver, "Phó Trưởng Ban Tuyên giáo", "Thành ủy Hà Nội", second),
        ]);
        attribution.PublishedBy.ShouldBe(new AttributedDecision(Publisher.Name, BoardRole.Publisher, null, "Đảng bộ phường Phúc Xá", publishedAt));
    }

    [Fact]
    public void the_attribution_is_of_the_live_revisions_round_even_while_a_newer_one_is_reviewed()
    {
        var content = new ContentBuilder();
        var post = content.Published();
        content.Submit(content.Revise(post));
        content.Approve(post, SecondApprover);

        PostAttribution.For(post)!.ApprovedBy.ShouldHaveSingleItem().Name.ShouldBe(Approver.Name);

        content.Publish(post, CityApprover);

        var attribution = PostAttribution.For(post)!;
        attribution.Revision.ShouldBe(2);
        attribution.ApprovedBy.ShouldHaveSingleItem().Name.ShouldBe(SecondApprover.Name);
        attribution.PublishedBy.BodyName.ShouldBe("Thành ủy Hà Nội");
    }

    [Fact]
    public void a_post_not_live_has_no_attribution()
    {
        var content = new ContentBuilder();

        PostAttribution.For(content.Approved()).ShouldBeNull();
    }
}
