using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Members;

/// <summary>Impose a discipline. Probationary members can only be reprimanded or warned.</summary>
public sealed record DisciplineMember(Guid MemberId, int ExpectedVersion, Guid DisciplineId, DisciplineKind Kind, Decision Decision, string Reason);

/// <summary>Annul a discipline found wrong; an annulled expulsion restores membership.</summary>
public sealed record AnnulDiscipline(Guid MemberId, int ExpectedVersion, Guid DisciplineId, Decision Decision, string Reason);

public static class DisciplineMemberHandler
{
    public static DisciplineImposed Decide(DisciplineMember command, Member member, LocalDate today)
    {
        MemberRules.MustBeMember(member);
        // Probationary on the decision's date, whatever the member is today: a decision of last year's probation is judged as one.
        var probationaryThen = member.OfficialDate is not { } official || command.Decision is { } decided && decided.Date < official;
        if (probationaryThen && command.Kind is DisciplineKind.DismissalFromPosts or DisciplineKind.Expulsion)
        {
            throw new RuleViolation("Member.ProbationaryDisciplineLimited", command.Kind);
        }

        if (member.Disciplines.Any(d => d.Id == command.DisciplineId))
        {
            throw new RuleViolation("Member.DisciplineAlreadyRecorded");
        }

        var decision = MemberRules.Valid(command.Decision, today, member.CeremonyDate);
        var imposed = new DisciplineImposed(command.DisciplineId, command.Kind, decision, MemberRules.Reason(command.Reason), decision.Date);
        MemberHistory.MustFit(member, imposed);
        return imposed;
    }

    public static DisciplineAnnulled Decide(AnnulDiscipline command, Member member, LocalDate today)
    {
        if (member.Status == MembershipStatus.Deceased)
        {
            throw new RuleViolation("Member.Deceased");
        }

        var discipline = member.Disciplines.FirstOrDefault(d => d.Id == command.DisciplineId)
            ?? throw new RuleViolation("Member.DisciplineNotFound");
        if (discipline.Annulled)
        {
            throw new RuleViolation("Member.DisciplineAlreadyAnnulled");
        }

        if (discipline.Kind != DisciplineKind.Expulsion && !member.IsMember)
        {
            throw new RuleViolation("Member.NotAMember", member.Status);
        }

        var decision = MemberRules.Valid(command.Decision, today, discipline.Decision.Date);
        return new DisciplineAnnulled(command.DisciplineId, decision, MemberRules.Reason(command.Reason), decision.Date);
    }

    public static async Task Handle(DisciplineMember command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, VietnamTime.Today(clock)));
    }

    public static async Task Handle(AnnulDiscipline command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        var member = stream.Aggregate!;
        var annulled = Decide(command, member, VietnamTime.Today(clock));
        stream.AppendOne(annulled);
        // An expulsion annulled gives the membership back in the last cell; one closed since sends the member on.
        if (!member.IsMember)
        {
            stream.AppendMany(await RestoredMembership.MovesAsync(session, Member.Replay(member.History.Select(h => h.Event).Append(annulled)), annulled.EffectiveDate, ct));
        }
    }
}
