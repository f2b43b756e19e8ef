using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

/// <summary>
/// Members for the decision tests, folded from their events as Marten would. Unless a test chooses
/// otherwise: NGUYỄN VĂN HÙNG, a man born on 15 June 1985 (citizen ID 001085012345: Hà Nội, a man
/// born in the 1900s, in '85), admitted by a decision of 2 March 2020 with the ceremony on
/// 15 March 2020, so his probation ends on 15 March 2021.
/// </summary>
internal static class MemberBuilder
{
    public const string HungsCitizenId = "001085012345";

    public static readonly LocalDate Born = new(1985, 6, 15);

    public static readonly LocalDate Decided = new(2020, 3, 2);

    public static readonly LocalDate Ceremony = new(2020, 3, 15);

    public static readonly LocalDate ProbationEnds = new(2021, 3, 15);

    public static MemberProfile Profile(LocalDate? born = null, Sex sex = Sex.Male, string? citizenId = HungsCitizenId) =>
        new("Nguyễn Văn Hùng", sex, born ?? Born, CitizenId: citizenId, Phone: "0912345678");

    public static Decision DecisionOn(LocalDate date, string number = "15-QĐ/ĐU") => new(number, date);

    /// <summary>A probationary member; the ceremony is 13 days after the decision unless given.</summary>
    public static Member Admitted(LocalDate? decided = null, LocalDate? ceremony = null, Guid? cellId = null, MemberProfile? profile = null)
    {
        var decisionDate = decided ?? Decided;
        return Member.Create(new MemberAdmitted(
            Guid.NewGuid(),
            profile ?? Profile(),
            cellId ?? Guid.NewGuid(),
            DecisionOn(decisionDate, "12-QĐ/ĐU"),
            ceremony ?? decisionDate.PlusDays(13)));
    }

    /// <summary>An official member, recognised as of the end of the 12 months.</summary>
    public static Member Official(LocalDate? decided = null, LocalDate? ceremony = null, Guid? cellId = null, MemberProfile? profile = null) =>
        Admitted(decided, ceremony, cellId, profile).Recognised();

    public static Member Recognised(this Member member)
    {
        var ends = MemberRules.ProbationEnds(member);
        return member.With(new MemberRecognisedOfficial(DecisionOn(ends.PlusDays(10), "20-QĐ/ĐU"), ends));
    }

    public static Member Removed(this Member member, LocalDate on) =>
        member.With(new MemberRemovedFromRolls(RemovalGround.AbandonedActivityOrUnpaidDues, DecisionOn(on, "30-QĐ/ĐU"), null, on));

    public static Member Left(this Member member, LocalDate on) =>
        member.With(new MemberLeftVoluntarily(DecisionOn(on, "31-QĐ/ĐU"), on));

    public static Member Died(this Member member, LocalDate on) => member.With(new MemberDied(on));

    public static Member Readmitted(this Member member, Guid cellId, LocalDate decided, LocalDate ceremony) =>
        member.With(new MemberReadmitted(cellId, DecisionOn(decided, "40-QĐ/ĐU"), ceremony));

    /// <summary>Applies the events in order and counts the stream version up, as Marten does.</summary>
    public static Member With(this Member member, params object[] events)
    {
        foreach (var e in events)
        {
            // Marten finds Apply methods by the event's type; so does this, for every event there is.
            var apply = typeof(Member).GetMethod(nameof(Member.Apply), [e.GetType()])
                ?? throw new ArgumentException($"No Apply for {e.GetType().Name} on a member.", nameof(events));
            apply.Invoke(member, [e]);

            member.Version++;
        }

        return member;
    }
}
