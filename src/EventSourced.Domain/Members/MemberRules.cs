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
        var number = VietnameseText.Normalise(decision.Number);
        if (number.Length == 0)
        {
            throw new RuleViolation("Member.DecisionNumberRequired");
        }

        if (number.Length > 100)
        {
            throw new RuleViolation("Member.DecisionNumberTooLong");
        }

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

    public static void NotInFuture(LocalDate date, LocalDate today)
    {
        if (date > today)
        {
            throw new RuleViolation("Member.DateInFuture", date);
        }
    }

    public static string Required(string? text, string rule)
    {
        var clean = VietnameseText.Normalise(text);
        return clean.Length == 0 ? throw new RuleViolation(rule) : clean[..Math.Min(clean.Length, 1000)];
    }

    /// <summary>Fetches the member for writing at the version the user saw; a stale form fails here.</summary>
    public static async Task<IEventStream<Member>> FetchAtVersionAsync(IDocumentSession session, Guid id, int expectedVersion, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Member>(id, expectedVersion, ct);
        return stream.Aggregate is null ? throw new RuleViolation("Member.NotFound") : stream;
    }
}
