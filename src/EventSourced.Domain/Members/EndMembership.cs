using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Members;

/// <summary>Remove a member from the rolls on one of the grounds (not a discipline).</summary>
public sealed record RemoveFromRolls(Guid MemberId, int ExpectedVersion, RemovalGround Ground, Decision Decision, string? Reason);

/// <summary>Record that a member left the Party at their own request.</summary>
public sealed record RecordVoluntaryExit(Guid MemberId, int ExpectedVersion, Decision Decision);

/// <summary>Record a member's death.</summary>
public sealed record RecordDeath(Guid MemberId, int ExpectedVersion, LocalDate DateOfDeath);

public static class EndMembershipHandler
{
    public static MemberRemovedFromRolls Decide(RemoveFromRolls command, Member member, LocalDate today)
    {
        MemberRules.MustBeMember(member);
        var notBefore = member.CeremonyDate;
        if (command.Ground == RemovalGround.NotRecognisedAfterProbation)
        {
            if (member.Status != MembershipStatus.Probationary)
            {
                throw new RuleViolation("Member.NotProbationary");
            }

            notBefore = MemberRules.ProbationMustBeOver(member, today);
        }

        var reason = command.Ground == RemovalGround.Other
            ? MemberRules.Reason(command.Reason)
            : VietnameseText.Normalise(command.Reason) is { Length: > 0 } text ? text : null;
        var decision = MemberRules.Valid(command.Decision, today, notBefore);
        return Fits(member, new MemberRemovedFromRolls(command.Ground, decision, reason, decision.Date));
    }

    public static MemberLeftVoluntarily Decide(RecordVoluntaryExit command, Member member, LocalDate today)
    {
        MemberRules.MustBeMember(member);
        var decision = MemberRules.Valid(command.Decision, today, member.CeremonyDate);
        return Fits(member, new MemberLeftVoluntarily(decision, decision.Date));
    }

    public static MemberDied Decide(RecordDeath command, Member member, LocalDate today)
    {
        if (member.Status == MembershipStatus.Deceased)
        {
            throw new RuleViolation("Member.Deceased");
        }

        MemberRules.NotInFuture(command.DateOfDeath, today);
        if (command.DateOfDeath < member.Profile.DateOfBirth)
        {
            throw new RuleViolation("Member.DeathBeforeBirth");
        }

        // A current member's membership would end before it began. (A former member's death may
        // be learnt of long after a removal, so it is not compared with the end.)
        if (member.IsMember && command.DateOfDeath < member.Periods[^1].From)
        {
            throw new RuleViolation("Member.DeathBeforeAdmission");
        }

        return Fits(member, new MemberDied(command.DateOfDeath));
    }

    /// <summary>An end decided in the past must fit what is recorded after its date (decision 0019).</summary>
    private static T Fits<T>(Member member, T end)
        where T : IMemberEvent
    {
        MemberHistory.MustFit(member, end);
        return end;
    }

    public static async Task Handle(RemoveFromRolls command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, VietnamTime.Today(clock)));
    }

    public static async Task Handle(RecordVoluntaryExit command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, VietnamTime.Today(clock)));
    }

    public static async Task Handle(RecordDeath command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, VietnamTime.Today(clock)));
    }
}
