using EventSourced.Domain.Common;
using EventSourced.Domain.Content;
using static EventSourced.Domain.Tests.Content.ContentBuilder;

namespace EventSourced.Domain.Tests.Content;

public class WithdrawArchiveTests
{
    private static PostWithdrawn Withdraw(ContentBuilder content, Post post, string reason, int revision = 1, Person? by = null) =>
        WithdrawPostHandler.Decide(new WithdrawPost(post.Id, post.Version, revision, (by ?? Publisher).Id, reason), post, content.Scope(post), Now);

    private static PostArchived Archive(ContentBuilder content, Post post) =>
        ArchivePostHandler.Decide(new ArchivePost(post.Id, post.Version, Publisher.Id), post, content.Scope(post), Now);

    [Fact]
    public void withdrawing_needs_a_reason_and_takes_the_post_down()
    {
        var content = new ContentBuilder();
        var post = content.Published();

        Should.Throw<RuleViolation>(() => Withdraw(content, post, "")).Code.ShouldBe("Content.ReasonRequired");
        post.Record(Withdraw(content, post, "Thông tin chưa chính xác"));

        post.Status.ShouldBe(PostStatus.Withdrawn);
        post.LiveRevision.ShouldBeNull();
        post.LastReason.ShouldBe("Thông tin chưa chính xác");
        PostAttribution.For(post).ShouldBeNull();
    }

    [Fact]
    public void only_a_live_post_is_withdrawn_by_a_publisher_of_the_chain_who_saw_the_live_revision()
    {
        var content = new ContentBuilder();
        var published = content.Revise(content.Published());

        Should.Throw<RuleViolation>(() => Withdraw(content, content.Approved(), "Sai")).Code.ShouldBe("Content.NotLive");
        Should.Throw<RuleViolation>(() => Withdraw(content, published, "Sai", revision: 2)).Code.ShouldBe("Content.StaleRevision");
        Should.Throw<RuleViolation>(() => Withdraw(content, published, "Sai", by: Outsider)).Code.ShouldBe("Content.NotAPublisher");
    }

    [Fact]
    public void withdrawing_ends_the_review_of_a_newer_revision()
    {
        var content = new ContentBuilder(wardSteps: 2);
        var post = content.Approve(content.Submit(content.Revise(content.Published())));

        post.Record(Withdraw(content, post, "Gỡ toàn bộ"));

        post.Approvals.ShouldBeEmpty();
        Should.Throw<RuleViolation>(() => content.Approve(post, SecondApprover)).Code.ShouldBe("Content.NotInReview");
    }

    [Fact]
    public void a_withdrawn_post_goes_back_up_only_after_a_new_review()
    {
        var content = new ContentBuilder();
        var post = content.Published();
        post.Record(Withdraw(content, post, "Tạm gỡ"));

        Should.Throw<RuleViolation>(() => content.Publish(post)).Code.ShouldBe("Content.NotApproved");
        content.Publish(content.Approve(content.Submit(post))).LiveRevision.ShouldBe(1);
    }

    [Fact]
    public void published_and_withdrawn_posts_can_be_archived_and_then_nothing_more()
    {
        var content = new ContentBuilder();
        var published = content.Published();
        var withdrawn = content.Published();
        withdrawn.Record(Withdraw(content, withdrawn, "Hết hạn"));

        published.Record(Archive(content, published));
        withdrawn.Record(Archive(content, withdrawn));

        published.Status.ShouldBe(PostStatus.Archived);
        published.IsLive.ShouldBeFalse();
        withdrawn.Status.ShouldBe(PostStatus.Archived);
        Should.Throw<RuleViolation>(() => content.Revise(published)).Code.ShouldBe("Content.PostClosed");
    }

    [Fact]
    public void a_draft_or_approved_post_cannot_be_archived()
    {
        var content = new ContentBuilder();

        Should.Throw<RuleViolation>(() => Archive(content, content.Draft())).Code.ShouldBe("Content.NotArchivable");
        Should.Throw<RuleViolation>(() => Archive(content, content.Approved())).Code.ShouldBe("Content.NotArchivable");
    }
}
