using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

/// <summary>
/// The app credential: a new one revokes the one before, a revoked or unknown one cannot be revoked
/// again, and only a member (probationary or official) has an active one, the newest not revoked. The
/// same rule decides every app request's sign-in and, in their own transaction, the install reports.
/// </summary>
public sealed class AppAccessTests
{
    private static readonly LocalDate Today = new(2025, 3, 2);

    [Fact]
    public void a_new_credential_revokes_the_one_before_and_is_the_active_one()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var member = Granted(MemberBuilder.Official(), first);

        var events = AppAccessHandler.Decide(new GrantAppAccess(member.Id, member.Version, second, "hash-2"), member, Today);

        events.ShouldBe([new MemberAppAccessRevoked(first, Today), new MemberAppAccessGranted(second, "hash-2", Today)]);
        member = member.With([.. events]);
        member.ActiveAppAccess!.Id.ShouldBe(second);
    }

    [Fact]
    public void a_revoked_credential_leaves_none_active_and_cannot_be_revoked_twice()
    {
        var access = Guid.NewGuid();
        var member = Granted(MemberBuilder.Admitted(), access);
        member = member.With(AppAccessHandler.Decide(new RevokeAppAccess(member.Id, member.Version, access), member, Today));

        member.ActiveAppAccess.ShouldBeNull();
        Member.ActiveAccess(member.Status, member.AppAccess).ShouldBeNull();
        Should.Throw<RuleViolation>(() => AppAccessHandler.Decide(new RevokeAppAccess(member.Id, member.Version, access), member, Today))
            .Code.ShouldBe("Member.AppAccessNotFound");
        Should.Throw<RuleViolation>(() => AppAccessHandler.Decide(new RevokeAppAccess(member.Id, member.Version, Guid.NewGuid()), member, Today))
            .Code.ShouldBe("Member.AppAccessNotFound");
    }

    [Theory]
    [InlineData(MembershipStatus.Probationary, true)]
    [InlineData(MembershipStatus.Official, true)]
    [InlineData(MembershipStatus.RemovedFromRolls, false)]
    [InlineData(MembershipStatus.Expelled, false)]
    [InlineData(MembershipStatus.LeftVoluntarily, false)]
    [InlineData(MembershipStatus.Deceased, false)]
    [InlineData(MembershipStatus.TransferredOut, false)]
    [InlineData(MembershipStatus.AdmissionRescinded, false)]
    public void only_a_member_has_an_active_credential(MembershipStatus status, bool active)
    {
        var access = new AppAccessRecord(Guid.NewGuid(), "hash", Today, Revoked: false);

        Member.ActiveAccess(status, [access]).ShouldBe(active ? access : null);
    }

    [Fact]
    public void a_member_who_left_keeps_the_credential_on_record_but_cannot_use_it()
    {
        var member = Granted(MemberBuilder.Official(), Guid.NewGuid()).Left(Today);

        member.AppAccess.ShouldHaveSingleItem().Revoked.ShouldBeFalse();
        member.ActiveAppAccess.ShouldBeNull();
    }

    [Fact]
    public void a_member_readmitted_or_back_in_the_city_starts_without_the_credential_of_the_earlier_membership()
    {
        // Years later the phone it was set up on may be someone else's: a new credential is issued.
        var cell = Guid.NewGuid();
        var readmitted = Granted(MemberBuilder.Official(), Guid.NewGuid())
            .Removed(new LocalDate(2025, 4, 10))
            .Readmitted(cell, new LocalDate(2027, 5, 1), new LocalDate(2027, 5, 19));
        var returned = Granted(MemberBuilder.Official(), Guid.NewGuid()).With(
            new MemberTransferredOut(Guid.NewGuid(), "Đảng bộ phường Bến Nghé", "TP Hồ Chí Minh", new LocalDate(2025, 4, 10)),
            new MemberReturnedToCity(Guid.NewGuid(), cell, "Đảng bộ phường Bến Nghé", "TP Hồ Chí Minh", null, null, new LocalDate(2027, 5, 1)));

        foreach (var member in new[] { readmitted, returned })
        {
            member.IsMember.ShouldBeTrue();
            member.ActiveAppAccess.ShouldBeNull();
            member.AppAccess.ShouldAllBe(a => a.Revoked);
            member.With(new MemberAppAccessGranted(Guid.NewGuid(), "hash-new", new LocalDate(2027, 6, 1))).ActiveAppAccess!.SecretHash.ShouldBe("hash-new");
        }
    }

    private static Member Granted(Member member, Guid access) =>
        member.With([.. AppAccessHandler.Decide(new GrantAppAccess(member.Id, member.Version, access, "hash"), member, Today)]);
}
