using EventSourced.Domain.Accounts;

namespace EventSourced.Domain.Tests.Accounts;

public class HomeCardsTests
{
    private static readonly Guid Unit = Guid.NewGuid();

    private static IReadOnlyList<HomeCard> For(bool onAnyBoard, params Role[] roles) =>
        HomeCards.For(roles.Select(r => new RoleAssignment(r, Unit)), onAnyBoard);

    [Fact]
    public void staff_see_the_member_work_and_no_desk_while_they_sit_on_no_board() =>
        For(false, Role.OrganisationStaff).ShouldBe([HomeCard.Recognition, HomeCard.Badges, HomeCard.Transfers, HomeCard.Notifications, HomeCard.RecordReports]);

    [Fact]
    public void staff_seated_on_a_board_also_see_the_desk() =>
        For(true, Role.OrganisationStaff).ShouldBe([HomeCard.Recognition, HomeCard.Badges, HomeCard.Transfers, HomeCard.Notifications, HomeCard.RecordReports, HomeCard.Desk]);

    [Theory]
    [InlineData(Role.Editor)]
    [InlineData(Role.Approver)]
    public void editors_and_approvers_see_the_desk_only_seated_or_not(Role role)
    {
        For(false, role).ShouldBe([HomeCard.Desk]);
        For(true, role).ShouldBe([HomeCard.Desk]);
    }

    [Fact]
    public void an_auditor_sees_the_audit_views_even_when_an_old_board_seat_remains() =>
        For(true, Role.Auditor).ShouldBe([HomeCard.Audit, HomeCard.Chain, HomeCard.Corrections, HomeCard.OpenDifferences]);

    [Fact]
    public void the_administrator_sees_every_card() =>
        For(false, Role.Administrator).ShouldBe(Enum.GetValues<HomeCard>());

    [Fact]
    public void several_roles_show_every_card_each_entitles_to_once() =>
        For(false, Role.Approver, Role.Auditor, Role.OrganisationStaff).ShouldBe([HomeCard.Recognition, HomeCard.Badges, HomeCard.Transfers, HomeCard.Notifications, HomeCard.RecordReports, HomeCard.Desk, HomeCard.Audit, HomeCard.Chain, HomeCard.Corrections, HomeCard.OpenDifferences]);

    [Fact]
    public void no_role_no_card() => For(true).ShouldBeEmpty();
}
