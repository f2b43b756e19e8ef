using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Members;

/// <summary>Exempt a member from work and activities (old age, illness), decided by the cell.</summary>
public sealed record ExemptMember(Guid MemberId, int ExpectedVersion, Decision Decision, string Reason, LocalDate EffectiveDate);

/// <summary>An exempt member returns to work and activities.</summary>
public sealed record EndExemption(Guid MemberId, int ExpectedVersion, Decision Decision, LocalDate EffectiveDate);

public static class ExemptMemberHandler
{
    public static MemberExempted Decide(ExemptMember command, Member member, LocalDate today)
    {
        MemberRules.MustBeMember(member);
        if (member.Exempt)
        {
            throw new RuleViolation("Member.AlreadyExempt");
        }

        var decision = MemberRules.Valid(command.Decision, today, member.CeremonyDate);
        MemberRules.NotInFuture(command.EffectiveDate, today);
        // An exemption forgotten and recorded late must begin after the last one ended: folded by date inside
        // an earlier exemption, it would leave that one open for good.
        if (member.ExemptPeriods.Count > 0 && member.ExemptPeriods[^1].To is { } lastEnded && command.EffectiveDate < lastEnded)
        {
            throw new RuleViolation("Member.ExemptionOverlapsEarlier", lastEnded);
        }

        var exempted = new MemberExempted(decision, MemberRules.Reason(command.Reason), command.EffectiveDate);
        MemberHistory.MustFit(member, exempted);
        return exempted;
    }

    public static MemberExemptionEnded Decide(EndExemption command, Member member, LocalDate today)
    {
        MemberRules.MustBeMember(member);
        if (!member.Exempt)
        {
            throw new RuleViolation("Member.NotExempt");
        }

        MemberRules.NotInFuture(command.EffectiveDate, today);
        if (member.ExemptSince is { } since && command.EffectiveDate < since)
        {
            throw new RuleViolation("Member.ExemptionEndsBeforeStart", since);
        }

        return new MemberExemptionEnded(MemberRules.Valid(command.Decision, today, member.ExemptSince), command.EffectiveDate);
    }

    public static async Task Handle(ExemptMember command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, VietnamTime.Today(clock)));
    }

    public static async Task Handle(EndExemption command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, VietnamTime.Today(clock)));
    }
}
