using EventSourced.Domain.Members;
using EventSourced.Domain.Members.MemberList;

namespace EventSourced.Domain.Tests.Members.MemberList;

public class MemberListQueryTests
{
    [Theory]
    [InlineData("2025-03-01", "2024-03-01")]
    [InlineData("2024-02-29", "2023-02-28")]
    // A ceremony on 29 February 2024 ends its 12 months on 28 February 2025: stepping back 12 months
    // from that day gives 28 February 2024 and would miss it.
    [InlineData("2025-02-28", "2024-02-29")]
    [InlineData("2025-03-31", "2024-03-31")]
    public void the_latest_ceremony_due_for_recognition_is_the_last_whose_probation_is_over(string today, string latest)
    {
        var day = NodaTime.Text.LocalDatePattern.Iso.Parse(today).Value;

        var ceremony = MemberListQuery.LatestCeremonyWithProbationOver(day);

        ceremony.ShouldBe(NodaTime.Text.LocalDatePattern.Iso.Parse(latest).Value);
        (ceremony + MemberRules.Probation).ShouldBeLessThanOrEqualTo(day);
        (ceremony.PlusDays(1) + MemberRules.Probation).ShouldBeGreaterThan(day);
    }
}
