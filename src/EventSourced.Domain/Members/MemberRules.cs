using EventSourced.Domain.Common;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Members;

/// <summary>Checks the member procedures share, each failing with a named rule.</summary>
public static class MemberRules
{
    /// <summary>Probation lasts 12 months from the ceremony.</summary>
    public static readonly Period Probation = Period.FromMonths(12);

    /// <summary>A former member may be readmitted only after this long out.</summary>
    public static readonly Period ReadmissionWait = Period.FromMonths(36);

    public static LocalDate ProbationEnds(Member member) => member.CeremonyDate + Probation;

    /// <summary>
    /// A probationary member may be removed as not recognised only once the 12 months have ended:
    /// the cell considers recognition after them, so before their end nothing has been refused yet.
    /// Returns the end, which the removal decision may not precede.
    /// </summary>
    public static LocalDate ProbationMustBeOver(Member member, LocalDate today)
    {
        var ends = ProbationEnds(member);
        if (today < ends)
        {
            throw new RuleViolation("Member.ProbationNotOver", ends);
        }

        return ends;
    }

    public static void MustBeMember(Member member)
    {
        if (member.Status == MembershipStatus.Deceased)
        {
            throw new RuleViolation("Member.Deceased");
        }

        if (!member.IsMember)
        {
            throw new RuleViolation("Member.NotAMember", member.Status);
        }
    }

    /// <summary>A decision needs a number and a date that is not in the future nor before <paramref name="notBefore"/>.</summary>
    public static Decision Valid(Decision decision, LocalDate today, LocalDate? notBefore = null)
    {
        var number = Input.Required(decision.Number, TextLimits.DecisionReference, "Member.DecisionNumber");
        if (decision.Date > today)
        {
            throw new RuleViolation("Member.DecisionInFuture", decision.Date);
        }

        if (notBefore is { } earliest && decision.Date < earliest)
        {
            throw new RuleViolation("Member.DecisionTooEarly", earliest);
        }

        return decision with { Number = number };
    }

    /// <summary>The date a procedure takes effect, not after today: refused as "Member.DateInFuture".</summary>
    public static void NotInFuture(LocalDate date, LocalDate today) => Input.NotInFuture(date, today, "Member.Date");

    /// <summary>Why the procedure was done: refused as "Member.ReasonRequired" or "Member.ReasonTooLong".</summary>
    public static string Reason(string? reason) => Input.Required(reason, TextLimits.Reason, "Member.Reason");

    /// <summary>Fetches the member for writing at the version the user saw; a stale form fails here.</summary>
    public static Task<IEventStream<Member>> FetchAtVersionAsync(IDocumentSession session, Guid id, int expectedVersion, CancellationToken ct) =>
        Streams.AtVersionAsync<Member>(session, id, expectedVersion, "Member.NotFound", ct);
}
