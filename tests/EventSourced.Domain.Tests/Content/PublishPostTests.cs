using EventSourced.Domain.Common;
using EventSourced.Domain.Content;
using NodaTime;
using static EventSourced.Domain.Tests.Content.ContentBuilder;

namespace EventSourced.Domain.Tests.Content;

public class PublishPostTests
{
    private static PostPublished Publish(ContentBuilder content, Post post, Person by, int? revision = null) =>
        PublishPostHandler.Decide(new PublishPost(post.Id, post.Version, revision ?? post.LatestRevision, by.Id), post, content.Scope(post), Now);

    [Fact]
    public void a_publisher_puts_the_approved_revision_live()
    {
        var content = new ContentBuilder();
        var post = content.Approved();

        var published = Publish(content, post, Publisher);

        published.Revision.ShouldBe(1);
        published.By.Role.ShouldBe(BoardRole.Publisher);
        post.Record(published);
        post.Status.ShouldBe(PostStatus.Published);
        post.LiveRevision.ShouldBe(1);
        post.IsLive.ShouldBeTrue();
    }

    [Fact]
    public void a_publisher_whose_account_is_tied_to_an_authors_cannot_publish_or_schedule_the_post()
    {
        var content = new ContentBuilder();
        var post = content.Approved();
        var tied = new HashSet<Guid> { Author.Id };

        Should.Throw<RuleViolation>(() => PublishPostHandler.Decide(new PublishPost(post.Id, post.Version, post.LatestRevision, Publisher.Id), post, content.Scope(post), Now, tied))
            .Code.ShouldBe("Access.AccountsTied");
        Should.Throw<RuleViolation>(() => SchedulePublicationHandler.Decide(new SchedulePublication(post.Id, post.Version, post.LatestRevision, Publisher.Id, Now.Plus(Duration.FromHours(2))), post, content.Scope(post), Now, tied))
            .Code.ShouldBe("Access.AccountsTied");
    }

    [Fact]
    public void an_author_cannot_publish_their_own_post()
    {
        var content = new ContentBuilder();
        content.WardBoard.Record(new BoardMemberAssigned(Author.Id, Author.Name, BoardRole.Author | BoardRole.Publisher));
        var post = content.Approved();

        Should.Throw<RuleViolation>(() => Publish(content, post, Author)).Code.ShouldBe("Content.AuthorCannotPublish");
    }

    [Fact]
    public void a_publisher_of_a_parent_board_can_publish_and_one_outside_the_chain_is_refused()
    {
        var content = new ContentBuilder();
        var post = content.Approved();

        Publish(content, post, CityApprover).By.BodyName.ShouldBe("Thành ủy Hà Nội");
        Should.Throw<RuleViolation>(() => Publish(content, post, Outsider)).Code.ShouldBe("Content.NotAPublisher");
    }

    [Fact]
    public void only_an_approved_post_is_published()
    {
        var content = new ContentBuilder(wardSteps: 2);

        Should.Throw<RuleViolation>(() => Publish(content, content.Draft(), Publisher)).Code.ShouldBe("Content.NotApproved");
        Should.Throw<RuleViolation>(() => Publish(content, content.Approve(content.Submitted()), Publisher)).Code.ShouldBe("Content.NotApproved");
    }

    [Fact]
    public void publishing_needs_the_revision_the_publisher_saw()
    {
        var content = new ContentBuilder();
        var post = content.Approve(content.Submit(content.Revise(content.Draft())));

        Should.Throw<RuleViolation>(() => Publish(content, post, Publisher, revision: 1)).Code.ShouldBe("Content.StaleRevision");
    }
}
