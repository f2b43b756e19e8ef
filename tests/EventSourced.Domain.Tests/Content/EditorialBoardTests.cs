using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Content;
using EventSourced.Domain.Organisations;

namespace EventSourced.Domain.Tests.Content;

public class EditorialBoardTests
{
    private static UserAccount User(string name = "Nguyễn Thị Lan") =>
        UserAccount.Create(new UserRegistered(Guid.NewGuid(), "lan.nguyen", name, "hash"));

    [Fact]
    public void the_first_member_forms_the_units_board_on_a_stream_of_its_own()
    {
        var content = new ContentBuilder();
        var unit = content.Units.Cell;
        var user = User();

        var events = AssignBoardMemberHandler.Decide(new AssignBoardMember(unit.Id, 0, user.Id, BoardRole.Author), null, user, content.Tree);

        events.ShouldBe([new EditorialBoardFormed(unit.Id, unit.Name), new BoardMemberAssigned(user.Id, "Nguyễn Thị Lan", BoardRole.Author)]);
        var board = EditorialBoard.Create((EditorialBoardFormed)events[0]).Record(events[1]);
        board.Id.ShouldBe(EditorialBoard.StreamIdFor(unit.Id));
        board.Id.ShouldNotBe(unit.Id);
        board.ApprovalSteps.ShouldBe(1);
        board.Members.ShouldBe([new BoardMember(user.Id, "Nguyễn Thị Lan", BoardRole.Author, null)]);
    }

    [Fact]
    public void one_person_may_hold_several_roles_and_a_new_assignment_replaces_them()
    {
        var content = new ContentBuilder();
        var board = content.WardBoard;
        var user = User();

        board.Record(AssignBoardMemberHandler.Decide(new AssignBoardMember(board.UnitId, board.Version, user.Id, BoardRole.Author | BoardRole.Publisher, "Ủy viên"), board, user, content.Tree).ToArray());
        board.Find(user.Id)!.Holds(BoardRole.Author).ShouldBeTrue();
        board.Find(user.Id)!.Holds(BoardRole.Publisher).ShouldBeTrue();
        board.Find(user.Id)!.Title.ShouldBe("Ủy viên");

        board.Record(AssignBoardMemberHandler.Decide(new AssignBoardMember(board.UnitId, board.Version, user.Id, BoardRole.Approver), board, user, content.Tree).ToArray());

        board.Find(user.Id)!.Roles.ShouldBe(BoardRole.Approver);
        board.Members.Count(m => m.UserId == user.Id).ShouldBe(1);
    }

    [Fact]
    public void assigning_no_role_or_the_same_roles_again_is_refused()
    {
        var content = new ContentBuilder();
        var board = content.WardBoard;
        var user = User();
        board.Record(new BoardMemberAssigned(user.Id, user.DisplayName, BoardRole.Author));

        Should.Throw<RuleViolation>(() => AssignBoardMemberHandler.Decide(new AssignBoardMember(board.UnitId, board.Version, user.Id, BoardRole.None), board, user, content.Tree))
            .Code.ShouldBe("Content.BoardRolesRequired");
        Should.Throw<RuleViolation>(() => AssignBoardMemberHandler.Decide(new AssignBoardMember(board.UnitId, board.Version, user.Id, BoardRole.Author), board, user, content.Tree))
            .Code.ShouldBe("Content.BoardMemberUnchanged");
    }

    [Fact]
    public void a_closed_unit_gets_no_board()
    {
        var content = new ContentBuilder();
        content.Units.Cell.Apply(new OrganisationDissolved(null, ContentBuilder.Today.PlusDays(-10)));
        var user = User();

        Should.Throw<RuleViolation>(() => AssignBoardMemberHandler.Decide(new AssignBoardMember(content.Units.Cell.Id, 0, user.Id, BoardRole.Author), null, user, content.Tree))
            .Code.ShouldBe("Content.UnitNotActive");
    }

    [Fact]
    public void a_removed_member_leaves_the_board()
    {
        var content = new ContentBuilder();
        var board = content.WardBoard;

        board.Record(RemoveBoardMemberHandler.Decide(new RemoveBoardMember(board.UnitId, board.Version, ContentBuilder.Approver.Id), board));

        board.Find(ContentBuilder.Approver.Id).ShouldBeNull();
        Should.Throw<RuleViolation>(() => RemoveBoardMemberHandler.Decide(new RemoveBoardMember(board.UnitId, board.Version, ContentBuilder.Approver.Id), board))
            .Code.ShouldBe("Content.NotABoardMember");
        Should.Throw<RuleViolation>(() => RemoveBoardMemberHandler.Decide(new RemoveBoardMember(Guid.NewGuid(), 0, ContentBuilder.Approver.Id), null))
            .Code.ShouldBe("Content.BoardNotFound");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void approval_steps_are_one_to_three(int steps)
    {
        var content = new ContentBuilder();

        Should.Throw<RuleViolation>(() => SetApprovalStepsHandler.Decide(new SetApprovalSteps(content.WardBoard.UnitId, content.WardBoard.Version, steps), content.WardBoard, content.Tree))
            .Code.ShouldBe("Content.ApprovalStepsOutOfRange");
    }

    [Fact]
    public void setting_approval_steps_on_a_unit_without_a_board_forms_it()
    {
        var content = new ContentBuilder();
        var cell = content.Units.Cell;

        SetApprovalStepsHandler.Decide(new SetApprovalSteps(cell.Id, 0, 2), null, content.Tree)
            .ShouldBe([new EditorialBoardFormed(cell.Id, cell.Name), new ApprovalStepsSet(2)]);
        Should.Throw<RuleViolation>(() => SetApprovalStepsHandler.Decide(new SetApprovalSteps(cell.Id, 0, 1), null, content.Tree))
            .Code.ShouldBe("Content.ApprovalStepsUnchanged");
    }
}
