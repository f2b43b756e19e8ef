using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;

namespace EventSourced.Domain.Tests.Accounts;

public class ChangeRolesTests
{
    private static readonly Guid District = Guid.NewGuid();
    private static readonly Guid Ward = Guid.NewGuid();

    private static UserAccount Account(params RoleAssignment[] roles)
    {
        var account = UserAccount.Create(new UserRegistered(Guid.NewGuid(), "lan.nguyen", "Nguyễn Thị Lan", "hash"));
        foreach (var role in roles)
        {
            account.Apply(new RoleAssigned(role.Role, role.OrganisationId));
        }

        return account;
    }

    [Fact]
    public void assigning_a_role_over_an_organisation_gives_the_assigned_event()
    {
        var account = Account();

        ChangeRolesHandler.Decide(new AssignRole(account.Id, account.Version, Role.Editor, District), account)
            .ShouldBe(new RoleAssigned(Role.Editor, District));
    }

    [Fact]
    public void assigning_a_role_already_held_over_the_same_organisation_is_refused()
    {
        var account = Account(new RoleAssignment(Role.Editor, District));

        Should.Throw<RuleViolation>(() => ChangeRolesHandler.Decide(new AssignRole(account.Id, account.Version, Role.Editor, District), account))
            .Code.ShouldBe("Account.RoleAlreadyHeld");
    }

    [Fact]
    public void the_same_role_over_another_organisation_or_another_role_over_the_same_one_may_be_added()
    {
        var account = Account(new RoleAssignment(Role.Editor, District));

        ChangeRolesHandler.Decide(new AssignRole(account.Id, account.Version, Role.Editor, Ward), account).OrganisationId.ShouldBe(Ward);
        ChangeRolesHandler.Decide(new AssignRole(account.Id, account.Version, Role.Approver, District), account).Role.ShouldBe(Role.Approver);
    }

    [Fact]
    public void removing_a_role_held_gives_the_removed_event()
    {
        var account = Account(new RoleAssignment(Role.Approver, Ward));

        ChangeRolesHandler.Decide(new RemoveRole(account.Id, account.Version, Role.Approver, Ward), account)
            .ShouldBe(new RoleRemoved(Role.Approver, Ward));
    }

    [Fact]
    public void removing_a_role_not_held_over_that_organisation_is_refused()
    {
        var account = Account(new RoleAssignment(Role.Approver, Ward));

        Should.Throw<RuleViolation>(() => ChangeRolesHandler.Decide(new RemoveRole(account.Id, account.Version, Role.Approver, District), account))
            .Code.ShouldBe("Account.RoleNotHeld");
    }

    [Fact]
    public void a_removed_role_may_be_assigned_again()
    {
        var account = Account(new RoleAssignment(Role.Auditor, District));
        account.Apply(ChangeRolesHandler.Decide(new RemoveRole(account.Id, account.Version, Role.Auditor, District), account));

        account.Roles.ShouldBeEmpty();
        ChangeRolesHandler.Decide(new AssignRole(account.Id, account.Version, Role.Auditor, District), account).Role.ShouldBe(Role.Auditor);
    }
}
