using EventSourced.Domain.Common;
using EventSourced.Domain.Content;
using NodaTime;
using static EventSourced.Domain.Tests.Content.ContentBuilder;

namespace EventSourced.Domain.Tests.Content;

public class RevisePostTests
{
    private static PostRevised Decide(ContentBuilder content, Post post, PostContent? changed = null, Person? by = null) =>
        RevisePostHandler.Decide(new RevisePost(post.Id, post.Version, (by ?? Author).Id, changed ?? News("Tiêu đề mới")), post, content.Scope(post), Now.Plus(Duration.FromHours(1)));

    [Fact]
    public void every_saved_revision_is_kept()
    {
        var content = new ContentBuilder();
        var post = content.Draft();

        post.Record(Decide(content, post, News("Bản 2")));
        post.Record(Decide(content, post, News("Bản 3"), CoAuthor));

        post.Revisions.Select(r => (r.Number, r.Content.Title, r.By.UserId)).ShouldBe(
        [
            (1, "Hội nghị học tập Nghị quyết Trung ương", Author.Id),
            (2, "Bản 2", Author.Id),
            (3, "Bản 3", CoAuthor.Id),
        ]);
        post.LatestRevision.ShouldBe(3);
        post.Title.ShouldBe("Bản 3");
        post.AuthorIds.ShouldBe([Author.Id, CoAuthor.Id]);
    }

    [Fact]
    public void a_submitted_post_cannot_be_changed_in_place()
    {
        var content = new ContentBuilder();
        var post = content.Submitted();

        Should.Throw<RuleViolation>(() => Decide(content, post)).Code.ShouldBe("Content.SubmittedLocked");
    }

    [Fact]
    public void revising_an_approved_post_needs_review_again()
    {
        var content = new ContentBuilder();
        var post = content.Approved();
        post.Record(SchedulePublicationHandler.Decide(new SchedulePublication(post.Id, post.Version, 1, Publisher.Id, Now.Plus(Duration.FromDays(1))), post, content.Scope(post), Now));

        post.Record(Decide(content, post));

        post.Status.ShouldBe(PostStatus.Draft);
        post.Approvals.ShouldBeEmpty();
        post.ScheduledPublication.ShouldBeNull();
        Should.Throw<RuleViolation>(() => content.Publish(post)).Code.ShouldBe("Content.NotApproved");
    }

    [Fact]
    public void revising_a_published_post_keeps_the_live_revision_up_until_the_new_one_is_published()
    {
        var content = new ContentBuilder();
        var post = content.Published();

        post.Record(Decide(content, post, News("Bản sửa")));

        post.Status.ShouldBe(PostStatus.Draft);
        post.LiveRevision.ShouldBe(1);
        post.LiveContent!.Title.ShouldBe("Hội nghị học tập Nghị quyết Trung ương");
        post.LatestRevision.ShouldBe(2);

        content.Publish(content.Approve(content.Submit(post)));

        post.LiveRevision.ShouldBe(2);
        post.LiveContent!.Title.ShouldBe("Bản sửa");
        post.Status.ShouldBe(PostStatus.Published);
    }

    [Fact]
    public void a_post_keeps_its_kind()
    {
        var content = new ContentBuilder();
        var post = content.Draft();

        Should.Throw<RuleViolation>(() => Decide(content, post, Document())).Code.ShouldBe("Content.KindCannotChange");
    }

    [Fact]
    public void a_rejected_post_is_closed()
    {
        var content = new ContentBuilder();
        var post = content.Submitted();
        post.Record(RejectPostHandler.Decide(new RejectPost(post.Id, post.Version, 1, Approver.Id, "Trùng nội dung"), post, content.Scope(post), Now));

        Should.Throw<RuleViolation>(() => Decide(content, post)).Code.ShouldBe("Content.PostClosed");
    }

    [Fact]
    public void only_an_author_in_the_chain_revises()
    {
        var content = new ContentBuilder();
        var post = content.Draft();

        Should.Throw<RuleViolation>(() => Decide(content, post, by: Publisher)).Code.ShouldBe("Content.NotAnAuthor");
    }
}
