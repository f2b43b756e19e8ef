using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using JasperFx.Events;

namespace EventSourced.Domain.Tests.Accounts;

public class AccountControlTests
{
    private static readonly Guid Owner = Guid.NewGuid();
    private static readonly Guid Opener = Guid.NewGuid();
    private static readonly Guid Resetter = Guid.NewGuid();

    /// <summary>An event of an account's stream recorded by <paramref name="actor"/> (none: the command line or the seed).</summary>
    internal static Event<T> By<T>(T data, Guid? actor)
        where T : notnull
    {
        var e = new Event<T>(data);
        if (actor is { } id)
        {
            e.SetHeader(AuditHeaders.UserId, id.ToString());
        }

        return e;
    }

    [Fact]
    public void whoever_opened_an_account_or_reset_its_password_could_act_as_it_but_not_whoever_granted_it_a_role()
    {
        IEvent[] stream =
        [
            By(new UserRegistered(Owner, "lan", "Nguyễn Thị Lan", "hash"), Opener),
            By(new RoleAssigned(Role.OrganisationStaff, Guid.NewGuid()), Resetter),
            By(new PasswordChanged("hash-2"), Owner),
            By(new PasswordChanged("hash-3"), Resetter),
            By(new PasswordChanged("hash-4"), null),
        ];

        AccountControl.PasswordSetters(Owner, stream).ShouldBe([Opener, Resetter], ignoreOrder: true);
        AccountControl.PasswordSetters(Owner, stream.Where(e => e.Data is not PasswordChanged { PasswordHash: "hash-3" })).ShouldBe([Opener]);
    }

    [Fact]
    public void an_account_opened_from_the_command_line_has_no_one_who_could_act_as_it()
    {
        AccountControl.PasswordSetters(Owner, [By(new UserRegistered(Owner, "lan", "Nguyễn Thị Lan", "hash"), null)]).ShouldBeEmpty();
    }

    [Fact]
    public void only_accounts_tied_to_the_actor_are_refused()
    {
        Should.Throw<RuleViolation>(() => AccountControl.MustNotBeTied([Opener, Resetter], new HashSet<Guid> { Resetter })).Code.ShouldBe("Access.AccountsTied");
        Should.NotThrow(() => AccountControl.MustNotBeTied([Opener], new HashSet<Guid> { Resetter }));
        Should.NotThrow(() => AccountControl.MustNotBeTied([Opener], null));
    }
}
