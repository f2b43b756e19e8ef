using EventSourced.Domain.Common;
using EventSourced.Domain.Content;
using NodaTime;
using static EventSourced.Domain.Tests.Content.ContentBuilder;

namespace EventSourced.Domain.Tests.Content;

public class SchedulingTests
{
    private static readonly Instant Tomorrow = Now.Plus(Duration.FromDays(1));

    private static Post SchedulePublication(ContentBuilder content, Post post, Instant at, Person? by = null) =>
        post.Record(SchedulePublicationHandler.Decide(new SchedulePublication(post.Id, post.Version, post.LatestRevision, (by ?? Publisher).Id, at, "Đăng sáng mai"), post, content.Scope(post), Now));

    private static Post ScheduleWithdrawal(ContentBuilder content, Post post, Instant at) =>
        post.Record(ScheduleWithdrawalHandler.Decide(new ScheduleWithdrawal(post.Id, post.Version, post.LiveRevision!.Value, Publisher.Id, at, "Hết thời hạn tuyên truyền"), post, content.Scope(post), Now));

    private static IReadOnlyList<object> RunPublication(Post post, Instant scheduledAt) =>
        SchedulePublicationHandler.Decide(new PublishScheduledPost(post.Id, scheduledAt.ToDateTimeOffset()), post, scheduledAt);

    private static IReadOnlyList<object> RunWithdrawal(Post post, Instant scheduledAt) =>
        ScheduleWithdrawalHandler.Decide(new WithdrawScheduledPost(post.Id, scheduledAt.ToDateTimeOffset()), post, scheduledAt);

    [Fact]
    public void the_scheduled_message_publishes_the_approved_revision_as_its_publisher()
    {
        var content = new ContentBuilder();
        var post = SchedulePublication(content, content.Approved(), Tomorrow);
        post.ScheduledPublication!.At.ShouldBe(Tomorrow);

        var events = RunPublication(post, Tomorrow);

        var published = events.ShouldHaveSingleItem().ShouldBeOfType<PostPublished>();
        published.Revision.ShouldBe(1);
        published.By.UserId.ShouldBe(Publisher.Id);
        published.ScheduledFor.ShouldBe(Tomorrow);
        post.Record(events).LiveRevision.ShouldBe(1);
        post.ScheduledPublication.ShouldBeNull();
    }

    [Fact]
    public void a_publication_in_the_past_cannot_be_scheduled()
    {
        var content = new ContentBuilder();

        Should.Throw<RuleViolation>(() => SchedulePublication(content, content.Approved(), Now)).Code.ShouldBe("Content.ScheduleInPast");
    }

    [Fact]
    public void an_author_cannot_schedule_their_own_post_and_a_draft_cannot_be_scheduled()
    {
        var content = new ContentBuilder();
        content.WardBoard.Record(new BoardMemberAssigned(Author.Id, Author.Name, BoardRole.Author | BoardRole.Publisher));

        Should.Throw<RuleViolation>(() => SchedulePublication(content, content.Approved(), Tomorrow, Author)).Code.ShouldBe("Content.AuthorCannotPublish");
        Should.Throw<RuleViolation>(() => SchedulePublication(content, content.Draft(), Tomorrow)).Code.ShouldBe("Content.NotApproved");
    }

    [Fact]
    public void scheduled_publication_is_ignored_after_withdrawal()
    {
        var content = new ContentBuilder();
        var post = content.Approve(content.Submit(content.Revise(content.Published())));
        SchedulePublication(content, post, Tomorrow);
        post.Record(WithdrawPostHandler.Decide(new WithdrawPost(post.Id, post.Version, 1, Publisher.Id, "Thông tin sai"), post, content.Scope(post), Now));

        RunPublication(post, Tomorrow).ShouldBeEmpty();
        post.IsLive.ShouldBeFalse();
    }

    [Fact]
    public void scheduled_publication_is_ignored_after_the_post_is_revised()
    {
        var content = new ContentBuilder();
        var post = SchedulePublication(content, content.Approved(), Tomorrow);
        content.Revise(post);

        RunPublication(post, Tomorrow).ShouldBeEmpty();
    }

    [Fact]
    public void a_rescheduled_publication_ignores_the_old_message_and_runs_the_new_one()
    {
        var content = new ContentBuilder();
        var later = Tomorrow.Plus(Duration.FromHours(3));
        var post = SchedulePublication(content, content.Approved(), Tomorrow);
        SchedulePublication(content, post, later);

        RunPublication(post, Tomorrow).ShouldBeEmpty();
        RunPublication(post, later).ShouldHaveSingleItem().ShouldBeOfType<PostPublished>();
    }

    [Fact]
    public void a_cancelled_publication_does_nothing()
    {
        var content = new ContentBuilder();
        var post = SchedulePublication(content, content.Approved(), Tomorrow);
        post.Record(SchedulePublicationHandler.Decide(new CancelScheduledPublication(post.Id, post.Version, Publisher.Id), post, content.Scope(post), Now));

        RunPublication(post, Tomorrow).ShouldBeEmpty();
        post.Status.ShouldBe(PostStatus.Approved);
        Should.Throw<RuleViolation>(() => SchedulePublicationHandler.Decide(new CancelScheduledPublication(post.Id, post.Version, Publisher.Id), post, content.Scope(post), Now))
            .Code.ShouldBe("Content.NoScheduledPublication");
    }

    [Fact]
    public void a_scheduled_publication_already_published_by_hand_does_nothing()
    {
        var content = new ContentBuilder();
        var post = content.Publish(SchedulePublication(content, content.Approved(), Tomorrow));

        RunPublication(post, Tomorrow).ShouldBeEmpty();
    }

    [Fact]
    public void the_scheduled_withdrawal_takes_the_post_down_with_its_reason()
    {
        var content = new ContentBuilder();
        var post = ScheduleWithdrawal(content, content.Published(), Tomorrow);

        var withdrawn = RunWithdrawal(post, Tomorrow).ShouldHaveSingleItem().ShouldBeOfType<PostWithdrawn>();

        withdrawn.Reason.ShouldBe("Hết thời hạn tuyên truyền");
        withdrawn.ScheduledFor.ShouldBe(Tomorrow);
        post.Record(withdrawn).Status.ShouldBe(PostStatus.Withdrawn);
        post.IsLive.ShouldBeFalse();
    }

    [Fact]
    public void a_scheduled_withdrawal_cancelled_rescheduled_or_overtaken_does_nothing()
    {
        var content = new ContentBuilder();
        var cancelled = ScheduleWithdrawal(content, content.Published(), Tomorrow);
        cancelled.Record(ScheduleWithdrawalHandler.Decide(new CancelScheduledWithdrawal(cancelled.Id, cancelled.Version, Publisher.Id), cancelled, content.Scope(cancelled), Now));
        var rescheduled = ScheduleWithdrawal(content, ScheduleWithdrawal(content, content.Published(), Tomorrow), Tomorrow.Plus(Duration.FromDays(7)));
        var withdrawnByHand = ScheduleWithdrawal(content, content.Published(), Tomorrow);
        withdrawnByHand.Record(WithdrawPostHandler.Decide(new WithdrawPost(withdrawnByHand.Id, withdrawnByHand.Version, 1, Publisher.Id, "Gỡ sớm"), withdrawnByHand, content.Scope(withdrawnByHand), Now));

        RunWithdrawal(cancelled, Tomorrow).ShouldBeEmpty();
        RunWithdrawal(rescheduled, Tomorrow).ShouldBeEmpty();
        RunWithdrawal(withdrawnByHand, Tomorrow).ShouldBeEmpty();
    }

    [Fact]
    public void a_withdrawal_is_scheduled_only_for_a_live_post_and_with_a_reason()
    {
        var content = new ContentBuilder();
        var approved = content.Approved();
        var published = content.Published();

        Should.Throw<RuleViolation>(() => ScheduleWithdrawalHandler.Decide(new ScheduleWithdrawal(approved.Id, approved.Version, 1, Publisher.Id, Tomorrow, "Hết hạn"), approved, content.Scope(approved), Now))
            .Code.ShouldBe("Content.NotLive");
        Should.Throw<RuleViolation>(() => ScheduleWithdrawalHandler.Decide(new ScheduleWithdrawal(published.Id, published.Version, 1, Publisher.Id, Tomorrow, " "), published, content.Scope(published), Now))
            .Code.ShouldBe("Content.ReasonRequired");
    }

    [Fact]
    public void scheduled_times_are_kept_to_the_second_so_the_message_matches_them()
    {
        var content = new ContentBuilder();
        var post = SchedulePublication(content, content.Approved(), Tomorrow.Plus(Duration.FromMilliseconds(250)));

        post.ScheduledPublication!.At.ShouldBe(Tomorrow);
    }
}
