using EventSourced.Domain.Content;

namespace EventSourced.Domain.Tests.Content;

/// <summary>The screen offers what the decisions allow, and says why an author cannot review or publish.</summary>
public class PostActionsTests
{
    private readonly ContentBuilder _content = new();

    private PostActions For(Post post, Person person) => PostActions.For(post, _content.Scope(post), person.Id);

    [Fact]
    public void an_author_who_also_approves_sees_why_they_cannot_review_their_own_post()
    {
        // The co-author holds the approver role on the ward's board.
        var post = _content.Submit(_content.Draft(by: ContentBuilder.CoAuthor), ContentBuilder.CoAuthor);

        var actions = For(post, ContentBuilder.CoAuthor);

        actions.Review.ShouldBeFalse();
        actions.ReviewBlockedBy.ShouldBe("Content.AuthorCannotApprove");
        For(post, ContentBuilder.Approver).Review.ShouldBeTrue();
    }

    [Fact]
    public void an_approver_of_the_parent_board_may_review_and_an_outsider_may_do_nothing()
    {
        var post = _content.Submitted();

        For(post, ContentBuilder.CityApprover).Review.ShouldBeTrue();
        For(post, ContentBuilder.Outsider).Any.ShouldBeFalse();
        For(post, ContentBuilder.Outsider).ReviewBlockedBy.ShouldBeNull();
    }

    [Fact]
    public void a_submitted_post_offers_no_revision_and_an_approved_one_offers_publication_to_publishers_only()
    {
        For(_content.Submitted(), ContentBuilder.Author).Revise.ShouldBeFalse();
        var approved = _content.Approved();

        For(approved, ContentBuilder.Publisher).Publish.ShouldBeTrue();
        For(approved, ContentBuilder.Approver).Publish.ShouldBeFalse();
        For(approved, ContentBuilder.Author).Revise.ShouldBeTrue();
    }

    [Fact]
    public void a_published_post_offers_withdrawal_and_archiving_to_publishers()
    {
        var actions = For(_content.Published(), ContentBuilder.Publisher);

        (actions.Withdraw, actions.Archive, actions.Publish).ShouldBe((true, true, false));
    }
}
