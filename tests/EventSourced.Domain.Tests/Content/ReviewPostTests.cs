using EventSourced.Domain.Common;
using EventSourced.Domain.Content;
using static EventSourced.Domain.Tests.Content.ContentBuilder;

namespace EventSourced.Domain.Tests.Content;

public class ReviewPostTests
{
    private static PostApproved Approve(ContentBuilder content, Post post, Person by, int? revision = null) =>
        ApprovePostHandler.Decide(new ApprovePost(post.Id, post.Version, revision ?? post.LatestRevision, by.Id, "Đồng ý"), post, content.Scope(post), Now);

    private static PostChangesRequested RequestChanges(ContentBuilder content, Post post, string reason, Person? by = null) =>
        RequestChangesHandler.Decide(new RequestChanges(post.Id, post.Version, post.LatestRevision, (by ?? Approver).Id, reason), post, content.Scope(post), Now);

    private static PostRejected Reject(ContentBuilder content, Post post, string reason) =>
        RejectPostHandler.Decide(new RejectPost(post.Id, post.Version, post.LatestRevision, Approver.Id, reason), post, content.Scope(post), Now);

    [Fact]
    public void submitting_records_the_approval_steps_of_the_owning_board()
    {
        var content = new ContentBuilder(wardSteps: 2);
        var post = content.Draft();

        var submitted = SubmitPostHandler.Decide(new SubmitPost(post.Id, post.Version, 1, Author.Id), post, content.Scope(post), Now);

        submitted.ApprovalSteps.ShouldBe(2);
        submitted.Revision.ShouldBe(1);
        post.Record(submitted).Status.ShouldBe(PostStatus.Submitted);
    }

    [Fact]
    public void a_unit_without_a_board_follows_the_nearest_board_above()
    {
        var content = new ContentBuilder();
        content.CityBoard.Record(new ApprovalStepsSet(3));

        content.Scope(content.Units.District.Id).ApprovalSteps.ShouldBe(3);
        content.Scope(content.Units.Cell.Id).ApprovalSteps.ShouldBe(1);
    }

    [Fact]
    public void submitting_a_revision_other_than_the_latest_is_refused()
    {
        var content = new ContentBuilder();
        var post = content.Revise(content.Draft());

        Should.Throw<RuleViolation>(() => SubmitPostHandler.Decide(new SubmitPost(post.Id, post.Version, 1, Author.Id), post, content.Scope(post), Now))
            .Code.ShouldBe("Content.StaleRevision");
    }

    [Fact]
    public void an_approver_of_the_owning_board_approves_a_one_step_post()
    {
        var content = new ContentBuilder();
        var post = content.Submitted();

        var approved = Approve(content, post, Approver);

        approved.ShouldBe(new PostApproved(1, 1, new ContentActor(Approver.Id, Approver.Name, BoardRole.Approver, null, content.Units.Ward.Id, "Đảng bộ phường Phúc Xá"), "Đồng ý", Now));
        post.Record(approved).Status.ShouldBe(PostStatus.Approved);
    }

    [Fact]
    public void an_author_cannot_approve_their_own_post()
    {
        var content = new ContentBuilder();
        var post = content.Submit(content.Draft(by: CoAuthor));

        Should.Throw<RuleViolation>(() => Approve(content, post, CoAuthor)).Code.ShouldBe("Content.AuthorCannotApprove");
    }

    [Fact]
    public void an_approver_whose_account_is_tied_to_an_authors_cannot_approve_the_post()
    {
        var content = new ContentBuilder();
        var post = content.Submit(content.Draft());

        // The author opened the approver's account, or the approver the author's: one person could hold both.
        Should.Throw<RuleViolation>(() => ApprovePostHandler.Decide(new ApprovePost(post.Id, post.Version, post.LatestRevision, Approver.Id), post, content.Scope(post), Now, new HashSet<Guid> { Author.Id }))
            .Code.ShouldBe("Access.AccountsTied");
        ApprovePostHandler.Decide(new ApprovePost(post.Id, post.Version, post.LatestRevision, Approver.Id), post, content.Scope(post), Now, new HashSet<Guid> { Outsider.Id })
            .By.UserId.ShouldBe(Approver.Id);
    }

    [Fact]
    public void a_second_step_is_not_approved_from_an_account_tied_to_the_first_approvers()
    {
        var content = new ContentBuilder(wardSteps: 2);
        var post = content.Submitted();
        post.Record(Approve(content, post, Approver));

        Should.Throw<RuleViolation>(() => ApprovePostHandler.Decide(new ApprovePost(post.Id, post.Version, post.LatestRevision, SecondApprover.Id), post, content.Scope(post), Now, new HashSet<Guid> { Approver.Id }))
            .Code.ShouldBe("Access.AccountsTied");
    }

    [Fact]
    public void anyone_who_revised_the_post_cannot_approve_it_even_in_a_later_round()
    {
        var content = new ContentBuilder();
        var post = content.Revise(content.Draft(), CoAuthor);
        post = content.Revise(post, Author);
        content.Submit(post);

        Should.Throw<RuleViolation>(() => Approve(content, post, CoAuthor)).Code.ShouldBe("Content.AuthorCannotApprove");
        post.Record(Approve(content, post, Approver)).Status.ShouldBe(PostStatus.Approved);
    }

    [Fact]
    public void an_approver_of_a_parent_board_can_approve()
    {
        var content = new ContentBuilder();
        var post = content.Submitted();

        var approved = Approve(content, post, CityApprover);

        approved.By.BodyId.ShouldBe(content.Units.City.Id);
        approved.By.BodyName.ShouldBe("Thành ủy Hà Nội");
        approved.By.Title.ShouldBe("Phó Trưởng Ban Tuyên giáo");
    }

    [Fact]
    public void an_approver_outside_the_chain_is_refused()
    {
        var content = new ContentBuilder();
        var post = content.Submitted();

        Should.Throw<RuleViolation>(() => Approve(content, post, Outsider)).Code.ShouldBe("Content.NotAnApprover");
        post.Status.ShouldBe(PostStatus.Submitted);
        post.Approvals.ShouldBeEmpty();
    }

    [Fact]
    public void a_board_member_without_the_approver_role_is_refused()
    {
        var content = new ContentBuilder();
        var post = content.Submitted();

        Should.Throw<RuleViolation>(() => Approve(content, post, Publisher)).Code.ShouldBe("Content.NotAnApprover");
    }

    [Fact]
    public void an_approver_removed_from_the_board_can_no_longer_approve()
    {
        var content = new ContentBuilder();
        var post = content.Submitted();
        content.WardBoard.Record(new BoardMemberRemoved(Approver.Id));

        Should.Throw<RuleViolation>(() => Approve(content, post, Approver)).Code.ShouldBe("Content.NotAnApprover");
    }

    [Fact]
    public void two_step_boards_need_two_different_approvers()
    {
        var content = new ContentBuilder(wardSteps: 2);
        var post = content.Submitted();

        post.Record(Approve(content, post, Approver));
        post.Status.ShouldBe(PostStatus.Submitted);
        Should.Throw<RuleViolation>(() => Approve(content, post, Approver)).Code.ShouldBe("Content.AlreadyApprovedThisRound");

        var second = Approve(content, post, CityApprover);
        second.Step.ShouldBe(2);
        post.Record(second).Status.ShouldBe(PostStatus.Approved);
        post.Approvals.Select(a => a.By.UserId).ShouldBe([Approver.Id, CityApprover.Id]);
    }

    [Fact]
    public void the_steps_fixed_at_submission_hold_when_the_board_changes_its_rule()
    {
        var content = new ContentBuilder(wardSteps: 1);
        var post = content.Submitted();
        content.WardBoard.Record(new ApprovalStepsSet(3));

        post.Record(Approve(content, post, Approver)).Status.ShouldBe(PostStatus.Approved);
    }

    [Fact]
    public void an_approval_is_recorded_against_the_revision_the_approver_saw()
    {
        var content = new ContentBuilder();
        var post = content.Submit(content.Revise(content.Draft()));

        Should.Throw<RuleViolation>(() => Approve(content, post, Approver, revision: 1)).Code.ShouldBe("Content.StaleRevision");
        Approve(content, post, Approver, revision: 2).Revision.ShouldBe(2);
    }

    [Fact]
    public void only_a_submitted_post_can_be_approved()
    {
        var content = new ContentBuilder();

        Should.Throw<RuleViolation>(() => Approve(content, content.Draft(), Approver)).Code.ShouldBe("Content.NotInReview");
        Should.Throw<RuleViolation>(() => Approve(content, content.Approved(), SecondApprover)).Code.ShouldBe("Content.NotInReview");
    }

    [Fact]
    public void requesting_changes_needs_a_reason_and_sends_the_post_back_to_its_authors()
    {
        var content = new ContentBuilder(wardSteps: 2);
        var post = content.Approve(content.Submitted());

        Should.Throw<RuleViolation>(() => RequestChanges(content, post, "  ")).Code.ShouldBe("Content.ReasonRequired");
        post.Record(RequestChanges(content, post, "Bổ sung số liệu", SecondApprover));

        post.Status.ShouldBe(PostStatus.ChangesRequested);
        post.Approvals.ShouldBeEmpty();
        post.LastReason.ShouldBe("Bổ sung số liệu");
        content.Submit(content.Revise(post)).Status.ShouldBe(PostStatus.Submitted);
    }

    [Fact]
    public void rejecting_needs_a_reason_and_closes_the_post()
    {
        var content = new ContentBuilder();
        var post = content.Submitted();

        Should.Throw<RuleViolation>(() => Reject(content, post, "")).Code.ShouldBe("Content.ReasonRequired");
        post.Record(Reject(content, post, "Không phù hợp"));

        post.Status.ShouldBe(PostStatus.Rejected);
        Should.Throw<RuleViolation>(() => content.Submit(post)).Code.ShouldBe("Content.PostClosed");
    }

    [Fact]
    public void a_new_revision_of_a_live_post_is_sent_back_not_rejected()
    {
        var content = new ContentBuilder();
        var post = content.Submit(content.Revise(content.Published()));

        Should.Throw<RuleViolation>(() => Reject(content, post, "Không phù hợp")).Code.ShouldBe("Content.LivePostCannotBeRejected");
        post.Record(RequestChanges(content, post, "Giữ bản cũ"));
        post.LiveRevision.ShouldBe(1);
    }

    [Fact]
    public void a_reviewer_outside_the_chain_cannot_send_back_or_reject()
    {
        var content = new ContentBuilder();
        var post = content.Submitted();

        Should.Throw<RuleViolation>(() => RequestChanges(content, post, "Sửa", Outsider)).Code.ShouldBe("Content.NotAnApprover");
        Should.Throw<RuleViolation>(() => RejectPostHandler.Decide(new RejectPost(post.Id, post.Version, 1, Outsider.Id, "Sai"), post, content.Scope(post), Now))
            .Code.ShouldBe("Content.NotAnApprover");
    }
}
