using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Members;

/// <summary>
/// Party badges ("Huy hiệu Đảng"): for 30, 40, 45 ... 90 years of party age, presented on 3 February,
/// 19 May, 2 September and 7 November. A gravely ill member may receive the next badge early: up to
/// 12 months early for 30–65 years, 24 months for 70–90.
/// </summary>
public static class PartyBadges
{
    public static readonly IReadOnlyList<int> Years = [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90];

    public static bool IsAwardDate(LocalDate date) =>
        (date.Month, date.Day) is (2, 3) or (5, 19) or (9, 2) or (11, 7);

    /// <summary>The first award date on or after <paramref name="from"/>.</summary>
    public static LocalDate NextAwardDate(LocalDate from)
    {
        for (var date = from; ; date = date.PlusDays(1))
        {
            if (IsAwardDate(date))
            {
                return date;
            }
        }
    }

    public static Period EarlyAllowance(int years) => years >= 70 ? Period.FromMonths(24) : Period.FromMonths(12);

    /// <summary>
    /// The badge to propose on the award date (early only when <paramref name="early"/>): the highest
    /// one due, so a member past 40 years who never received the 30-year badge is proposed the 40.
    /// </summary>
    public static int? Due(Member member, LocalDate awardDate, bool early = false) =>
        DueBadges(member, awardDate, early) is { Count: > 0 } due ? due[^1] : null;

    /// <summary>
    /// Every badge the member may receive on the award date: reached (early, by that badge's
    /// allowance, only when <paramref name="early"/>) and above the highest already received. A badge
    /// missed is no reason to refuse a later one; one below a badge received is superseded by it.
    /// </summary>
    public static IReadOnlyList<int> DueBadges(Member member, LocalDate awardDate, bool early = false)
    {
        if (!member.IsMember)
        {
            return [];
        }

        var highest = member.Badges.DefaultIfEmpty(0).Max();
        return Years
            .Where(y => y > highest && member.PartyAgeYears(awardDate + (early ? EarlyAllowance(y) : Period.Zero)) >= y)
            .ToList();
    }
}

/// <summary>Award a party badge on an award date, early only for grave illness.</summary>
public sealed record AwardPartyBadge(Guid MemberId, int ExpectedVersion, int Years, LocalDate AwardDate, bool EarlyForGraveIllness, Decision Decision);

/// <summary>Record on the member's profile the badges they received before the register held them (from their paper file).</summary>
public sealed record RecordBadgesReceivedBefore(Guid MemberId, int ExpectedVersion, IReadOnlyList<int> Years);

public static class AwardPartyBadgeHandler
{
    public static PartyBadgeAwarded Decide(AwardPartyBadge command, Member member, LocalDate today)
    {
        MemberRules.MustBeMember(member);
        if (!PartyBadges.Years.Contains(command.Years))
        {
            throw new RuleViolation("Member.BadgeYearsInvalid");
        }

        if (!PartyBadges.IsAwardDate(command.AwardDate))
        {
            throw new RuleViolation("Member.NotAnAwardDate");
        }

        if (member.Badges.Contains(command.Years))
        {
            throw new RuleViolation("Member.BadgeAlreadyAwarded", command.Years);
        }

        // A badge is decided for the coming presentation: one presented before its decision, or on a day past
        // the next award date, is a mistyped year, and would make any badge "due" by the party age then.
        if (command.Decision is { } decided && command.AwardDate < decided.Date)
        {
            throw new RuleViolation("Member.BadgeBeforeDecision", command.AwardDate, decided.Date);
        }

        if (command.AwardDate > PartyBadges.NextAwardDate(today))
        {
            throw new RuleViolation("Member.BadgeAwardDateTooLate", command.AwardDate, PartyBadges.NextAwardDate(today));
        }

        if (!PartyBadges.DueBadges(member, command.AwardDate, command.EarlyForGraveIllness).Contains(command.Years))
        {
            throw new RuleViolation(command.EarlyForGraveIllness ? "Member.BadgeNotDueEvenEarly" : "Member.BadgeNotDue", command.Years, member.PartyAgeYears(command.AwardDate));
        }

        var decision = MemberRules.Valid(command.Decision, today);
        return new PartyBadgeAwarded(command.Years, command.EarlyForGraveIllness && member.PartyAgeYears(command.AwardDate) < command.Years, decision, command.AwardDate);
    }

    /// <summary>
    /// Badges already received: on the list, not on the record yet, and reached by party age today
    /// (their dates are not known, so nothing finer can be checked).
    /// </summary>
    public static PartyBadgesReceivedBefore Decide(RecordBadgesReceivedBefore command, Member member, LocalDate today)
    {
        MemberRules.MustBeMember(member);
        if (command.Years.Count == 0)
        {
            throw new RuleViolation("Member.BadgesRequired");
        }

        var years = command.Years.Distinct().Order().ToList();
        if (years.FirstOrDefault(y => !PartyBadges.Years.Contains(y)) is var invalid and not 0)
        {
            throw new RuleViolation("Member.BadgeYearsInvalid", invalid);
        }

        if (years.FirstOrDefault(member.Badges.Contains) is var held and not 0)
        {
            throw new RuleViolation("Member.BadgeAlreadyAwarded", held);
        }

        var age = member.PartyAgeYears(today);
        if (years.FirstOrDefault(y => y > age) is var beyond and not 0)
        {
            throw new RuleViolation("Member.BadgeNotReached", beyond, age);
        }

        return new PartyBadgesReceivedBefore(years, today);
    }

    public static async Task Handle(RecordBadgesReceivedBefore command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, VietnamTime.Today(clock)));
    }

    public static async Task Handle(AwardPartyBadge command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, VietnamTime.Today(clock)));
    }
}
