using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Members;

/// <summary>
/// Recognise a probationary member as official. Allowed once the 12 months from the ceremony have
/// passed; membership is official from the end of those 12 months even when the decision is late.
/// </summary>
public sealed record RecogniseOfficial(Guid MemberId, int ExpectedVersion, Decision Decision);

/// <summary>Remove a probationary member whom the cell did not recognise (a removal from the rolls).</summary>
public sealed record RemoveUnrecognisedProbationary(Guid MemberId, int ExpectedVersion, Decision Decision, string Reason);

public static class RecogniseOfficialHandler
{
    public static MemberRecognisedOfficial Decide(RecogniseOfficial command, Member member, LocalDate today)
    {
        MemberRules.MustBeMember(member);
        if (member.Status != MembershipStatus.Probationary)
        {
            throw new RuleViolation("Member.NotProbationary");
        }

        var ends = MemberRules.ProbationMustBeOver(member, today);
        var decision = MemberRules.Valid(command.Decision, today, ends);
        return new MemberRecognisedOfficial(decision, ends);
    }

    public static MemberRemovedFromRolls Decide(RemoveUnrecognisedProbationary command, Member member, LocalDate today)
    {
        MemberRules.MustBeMember(member);
        if (member.Status != MembershipStatus.Probationary)
        {
            throw new RuleViolation("Member.NotProbationary");
        }

        var decision = MemberRules.Valid(command.Decision, today, MemberRules.ProbationMustBeOver(member, today));
        var removed = new MemberRemovedFromRolls(RemovalGround.NotRecognisedAfterProbation, decision, MemberRules.Reason(command.Reason), decision.Date);
        // Dated before entries already recorded (a warning, a transfer), it would silently drop them from the record.
        MemberHistory.MustFit(member, removed);
        return removed;
    }

    public static async Task Handle(RecogniseOfficial command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, VietnamTime.Today(clock)));
    }

    public static async Task Handle(RemoveUnrecognisedProbationary command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, VietnamTime.Today(clock)));
    }
}
