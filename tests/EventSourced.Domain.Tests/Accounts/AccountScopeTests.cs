using EventSourced.Domain.Accounts;
using EventSourced.Domain.Tests.Organisations;
using JasperFx.Events;
using static EventSourced.Domain.Tests.Accounts.AccountControlTests;
using NodaTime;

namespace EventSourced.Domain.Tests.Accounts;

public class AccountScopeTests
{
    private static readonly LocalDate Today = new(2024, 5, 1);
    private static readonly Guid Ward = Guid.NewGuid();
    private static readonly Guid Opener = Guid.NewGuid();

    private static UserAccount Account(params RoleAssignment[] roles)
    {
        var account = UserAccount.Create(new UserRegistered(Guid.NewGuid(), "lan", "Nguyễn Thị Lan", "hash"));
        account.Roles.AddRange(roles);
        return account;
    }

    [Fact]
    public void an_account_with_roles_answers_for_their_units_and_one_without_for_the_units_it_held_before()
    {
        IEvent[] stream =
        [
            By(new UserRegistered(Guid.NewGuid(), "lan", "Nguyễn Thị Lan", "hash"), Opener),
            By(new RoleAssigned(Role.OrganisationStaff, Ward), null),
            By(new RoleRemoved(Role.OrganisationStaff, Ward), null),
        ];
        var other = Guid.NewGuid();

        AccountScope.UnitsOf(Account(new RoleAssignment(Role.Editor, other)), stream).ShouldBe([other]);
        AccountScope.UnitsOf(Account(), stream).ShouldBe([Ward]);
        AccountScope.UnitsOf(Account(), stream.Take(1)).ShouldBeEmpty();
        AccountScope.OpenedBy(stream).ShouldBe(Opener);
    }

    [Fact]
    public void an_account_that_never_held_a_role_is_managed_by_its_opener_and_the_top_administrators_only()
    {
        var tree = new TreeBuilder();
        var districtAdministrator = Guid.NewGuid();
        RoleAssignment[] district = [new(Role.Administrator, tree.District.Id)];
        RoleAssignment[] city = [new(Role.Administrator, tree.City.Id)];

        AccountScope.Manages(districtAdministrator, district, [], openedBy: districtAdministrator, tree.On(Today)).ShouldBeTrue();
        AccountScope.Manages(districtAdministrator, district, [], openedBy: Opener, tree.On(Today)).ShouldBeFalse();
        AccountScope.Manages(districtAdministrator, district, [], openedBy: null, tree.On(Today)).ShouldBeFalse();
        AccountScope.Manages(Guid.NewGuid(), city, [], openedBy: Opener, tree.On(Today)).ShouldBeTrue();
        AccountScope.Manages(districtAdministrator, district, [tree.Cell.Id], openedBy: Opener, tree.On(Today)).ShouldBeTrue();
    }
}
