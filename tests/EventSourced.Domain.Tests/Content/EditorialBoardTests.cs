using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Content;
using EventSourced.Domain.Organisations;

namespace EventSourced.Domain.Tests.Content;

public class EditorialBoardTests
{
    private static UserAccount User(string name = "Nguyễn Thị Lan") =>
        User(name, Role.Editor);

    private static readonly Guid Staff = Guid.NewGuid();

    private const string Why = "Quyết định 12-QĐ/BTG";

    private static UserAccount User(string name, params Role[] roles)
    {
        var user = UserAccount.Create(new UserRegistered(Guid.NewGuid(), "lan.nguyen", name, "hash"));
        foreach (var role in roles)
        {
            user.Apply(new RoleAssigned(role, Guid.NewGuid()));
        }

        return user;
    }

    [Fact]
    public void the_first_member_forms_the_units_board_on_a_stream_of_its_own()
    {
        var content = new ContentBuilder();
        var unit = content.Units.Cell;
        var user = User();

        var events = AssignBoardMemberHandler.Decide(new AssignBoardMember(unit.Id, 0, user.Id, BoardRole.Author) { ActorId = Staff, Reason = Why }, null, user, content.Tree);

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

        board.Record(AssignBoardMemberHandler.Decide(new AssignBoardMember(board.UnitId, board.Version, user.Id, BoardRole.Author | BoardRole.Publisher, "Ủy viên") { ActorId = Staff, Reason = Why }, board, user, content.Tree).ToArray());
        board.Find(user.Id)!.Holds(BoardRole.Author).ShouldBeTrue();
        board.Find(user.Id)!.Holds(BoardRole.Publisher).ShouldBeTrue();
        board.Find(user.Id)!.Title.ShouldBe("Ủy viên");

        board.Record(AssignBoardMemberHandler.Decide(new AssignBoardMember(board.UnitId, board.Version, user.Id, BoardRole.Approver) { ActorId = Staff, Reason = Why }, board, user, content.Tree).ToArray());

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

        Should.Throw<RuleViolation>(() => AssignBoardMemberHandler.Decide(new AssignBoardMember(board.UnitId, board.Version, user.Id, BoardRole.None) { ActorId = Staff, Reason = Why }, board, user, content.Tree))
            .Code.ShouldBe("Content.BoardRolesRequired");
        Should.Throw<RuleViolation>(() => AssignBoardMemberHandler.Decide(new AssignBoardMember(board.UnitId, board.Version, user.Id, BoardRole.Author) { ActorId = Staff, Reason = Why }, board, user, content.Tree))
            .Code.ShouldBe("Content.BoardMemberUnchanged");
    }

    [Fact]
    public void a_closed_unit_gets_no_board()
    {
        var content = new ContentBuilder();
        content.Units.Cell.Apply(new OrganisationDissolved(null, ContentBuilder.Today.PlusDays(-10)));
        var user = User();

        Should.Throw<RuleViolation>(() => AssignBoardMemberHandler.Decide(new AssignBoardMember(content.Units.Cell.Id, 0, user.Id, BoardRole.Author) { ActorId = Staff, Reason = Why }, null, user, content.Tree))
            .Code.ShouldBe("Content.UnitNotActive");
    }

    [Fact]
    public void a_removed_member_leaves_the_board()
    {
        var content = new ContentBuilder();
        var board = content.WardBoard;

        board.Record(RemoveBoardMemberHandler.Decide(new RemoveBoardMember(board.UnitId, board.Version, ContentBuilder.Approver.Id) { ActorId = Staff, Reason = Why }, board));

        board.Find(ContentBuilder.Approver.Id).ShouldBeNull();
        Should.Throw<RuleViolation>(() => RemoveBoardMemberHandler.Decide(new RemoveBoardMember(board.UnitId, board.Version, ContentBuilder.Approver.Id) { ActorId = Staff, Reason = Why }, board))
            .Code.ShouldBe("Content.NotABoardMember");
        Should.Throw<RuleViolation>(() => RemoveBoardMemberHandler.Decide(new RemoveBoardMember(Guid.NewGuid(), 0, ContentBuilder.Approver.Id) { ActorId = Staff, Reason = Why }, null))
            .Code.ShouldBe("Content.BoardNotFound");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void approval_steps_are_one_to_three(int steps)
    {
        var content = new ContentBuilder();

        Should.Throw<RuleViolation>(() => SetApprovalStepsHandler.Decide(new SetApprovalSteps(content.WardBoard.UnitId, content.WardBoard.Version, steps) { ActorId = Staff, Reason = Why }, content.WardBoard, content.Tree))
            .Code.ShouldBe("Content.ApprovalStepsOutOfRange");
    }

    [Fact]
    public void setting_approval_steps_on_a_unit_without_a_board_forms_it()
    {
        var content = new ContentBuilder();
        var cell = content.Units.Cell;

        SetApprovalStepsHandler.Decide(new SetApprovalSteps(cell.Id, 0, 2) { ActorId = Staff, Reason = Why }, null, content.Tree)
            .ShouldBe([new EditorialBoardFormed(cell.Id, cell.Name), new ApprovalStepsSet(2)]);
        Should.Throw<RuleViolation>(() => SetApprovalStepsHandler.Decide(new SetApprovalSteps(cell.Id, 0, 1) { ActorId = Staff, Reason = Why }, null, content.Tree))
            .Code.ShouldBe("Content.ApprovalStepsUnchanged");
    }

    [Fact]
    public void an_account_whose_only_roles_are_auditor_gets_no_seat()
    {
        var content = new ContentBuilder();
        var board = content.WardBoard;
        var auditor = User("Hoàng Minh Đức", Role.Auditor, Role.Auditor);

        Should.Throw<RuleViolation>(() => AssignBoardMemberHandler.Decide(new AssignBoardMember(board.UnitId, board.Version, auditor.Id, BoardRole.Approver | BoardRole.Publisher) { ActorId = Staff, Reason = Why }, board, auditor, content.Tree))
            .Code.ShouldBe("Content.SeatForReadOnlyAccount");
        var noRole = User("Không vai trò", []);
        Should.Throw<RuleViolation>(() => AssignBoardMemberHandler.Decide(new AssignBoardMember(board.UnitId, board.Version, noRole.Id, BoardRole.Author) { ActorId = Staff, Reason = Why }, board, noRole, content.Tree))
            .Code.ShouldBe("Content.SeatForReadOnlyAccount");
    }

    [Fact]
    public void an_auditor_who_also_edits_may_sit_on_a_board()
    {
        var content = new ContentBuilder();
        var board = content.WardBoard;
        var both = User("Hoàng Minh Đức", Role.Auditor, Role.Editor);

        AssignBoardMemberHandler.Decide(new AssignBoardMember(board.UnitId, board.Version, both.Id, BoardRole.Author) { ActorId = Staff, Reason = Why }, board, both, content.Tree)
            .ShouldHaveSingleItem().ShouldBeOfType<BoardMemberAssigned>();
    }

    [Fact]
    public void nobody_seats_themselves()
    {
        var content = new ContentBuilder();
        var board = content.WardBoard;
        var staff = User("Nguyễn Thị Lan", Role.OrganisationStaff);

        Should.Throw<RuleViolation>(() => AssignBoardMemberHandler.Decide(new AssignBoardMember(board.UnitId, board.Version, staff.Id, BoardRole.Approver | BoardRole.Publisher) { ActorId = staff.Id, Reason = Why }, board, staff, content.Tree))
            .Code.ShouldBe("Content.CannotSeatSelf");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void every_seat_change_needs_a_reason(string? reason)
    {
        var content = new ContentBuilder();
        var board = content.WardBoard;
        var user = User();

        Should.Throw<RuleViolation>(() => AssignBoardMemberHandler.Decide(new AssignBoardMember(board.UnitId, board.Version, user.Id, BoardRole.Author) { ActorId = Staff, Reason = reason }, board, user, content.Tree))
            .Code.ShouldBe("Content.ReasonRequired");
        Should.Throw<RuleViolation>(() => RemoveBoardMemberHandler.Decide(new RemoveBoardMember(board.UnitId, board.Version, ContentBuilder.Approver.Id) { ActorId = Staff, Reason = reason }, board))
            .Code.ShouldBe("Content.ReasonRequired");
        Should.Throw<RuleViolation>(() => SetApprovalStepsHandler.Decide(new SetApprovalSteps(board.UnitId, board.Version, 2) { ActorId = Staff, Reason = reason }, board, content.Tree))
            .Code.ShouldBe("Content.ReasonRequired");
    }
}
