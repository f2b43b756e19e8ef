using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;

namespace EventSourced.Domain.Tests.Accounts;

public class AccountAccessTests
{
    private static readonly Guid Ward = Guid.NewGuid();
    private static readonly Guid City = Guid.NewGuid();
    private static readonly Guid Admin = Guid.NewGuid();

    private static UserAccount Account(params RoleAssignment[] roles)
    {
        var account = UserAccount.Create(new UserRegistered(Guid.NewGuid(), "lan", "Nguyễn Thị Lan", "hash"));
        foreach (var role in roles)
        {
            account.Apply(new RoleAssigned(role.Role, role.OrganisationId));
        }

        return account;
    }

    private static DisableUser Disable(UserAccount account, Guid? actor = null, string reason = "Đã nghỉ hưu") => new(account.Id, account.Version, actor ?? Admin, reason);

    [Fact]
    public void switching_an_account_off_or_changing_its_password_moves_its_session_stamp_and_switching_it_on_does_not()
    {
        var account = Account(new RoleAssignment(Role.OrganisationStaff, Ward));

        account.Apply(AccountAccessHandler.Decide(Disable(account), account, new HashSet<Guid>()));
        (account.Disabled, account.SessionStamp).ShouldBe((true, 1));
        account.Apply(AccountAccessHandler.Decide(new EnableUser(account.Id, account.Version, "Trở lại công tác"), account));
        (account.Disabled, account.SessionStamp).ShouldBe((false, 1));
        account.Apply(AccountAccessHandler.Decide(new ChangePassword(account.Id, account.Version, "new-hash"), account));
        (account.PasswordHash, account.SessionStamp).ShouldBe(("new-hash", 2));
    }

    [Fact]
    public void an_account_is_not_switched_off_twice_nor_by_its_owner_nor_while_it_is_a_top_administrator_and_needs_a_reason()
    {
        var account = Account(new RoleAssignment(Role.Administrator, City));

        Should.Throw<RuleViolation>(() => AccountAccessHandler.Decide(Disable(account), account, new HashSet<Guid> { City })).Code.ShouldBe("Account.RemoveTopAdministratorFirst");
        Should.Throw<RuleViolation>(() => AccountAccessHandler.Decide(Disable(account, actor: account.Id), account, new HashSet<Guid>())).Code.ShouldBe("Account.CannotDisableSelf");
        Should.Throw<RuleViolation>(() => AccountAccessHandler.Decide(Disable(account, reason: " "), account, new HashSet<Guid>())).Code.ShouldBe("Account.ReasonRequired");
        account.Apply(new UserDisabled("x"));
        Should.Throw<RuleViolation>(() => AccountAccessHandler.Decide(Disable(account), account, new HashSet<Guid>())).Code.ShouldBe("Account.AlreadyDisabled");
        Should.Throw<RuleViolation>(() => AccountAccessHandler.Decide(new EnableUser(account.Id, account.Version, "x"), Account())).Code.ShouldBe("Account.NotDisabled");
    }
}
