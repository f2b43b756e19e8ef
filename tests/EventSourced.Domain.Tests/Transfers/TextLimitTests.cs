using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Tests.Members;
using EventSourced.Domain.Transfers;
using NodaTime;

namespace EventSourced.Domain.Tests.Transfers;

/// <summary>
/// Every transfer text is refused over its limit; reasons, notes and the names of bodies outside the
/// city used to keep their first 1,000 characters and store them as if the user had written that.
/// </summary>
public sealed class TextLimitTests
{
    private static readonly string Letter = TransferBuilder.Letter;

    public static TheoryData<string, string, int> Texts => new()
    {
        { "issue: reason", "Transfer.ReasonTooLong", TextLimits.Reason },
        { "temporary: reason", "Transfer.ReasonTooLong", TextLimits.Reason },
        { "refusal: reason", "Transfer.ReasonTooLong", TextLimits.Reason },
        { "cancellation: reason", "Transfer.ReasonTooLong", TextLimits.Reason },
        { "overdue: note", "Transfer.NoteTooLong", TextLimits.Reason },
        { "out of the city: reason", "Transfer.ReasonTooLong", TextLimits.Reason },
        { "out of the city: organisation", "Transfer.OrganisationTooLong", TextLimits.Name },
        { "out of the city: province", "Transfer.ProvinceTooLong", TextLimits.Name },
        { "from outside: organisation", "Transfer.OrganisationTooLong", TextLimits.Name },
        { "from outside: province", "Transfer.ProvinceTooLong", TextLimits.Name },
        { "issue: letter number", "Transfer.LetterNumberTooLong", TextLimits.DecisionReference },
    };

    private static object Decide(string text, string value)
    {
        var cells = TransferBuilder.Tree();
        var member = TransferBuilder.MemberOf(cells.Home);
        var today = TransferBuilder.Today;
        var letterDate = TransferBuilder.LetterDate;
        string Or(string field, string fallback) => text.EndsWith(field, StringComparison.Ordinal) ? value : fallback;
        switch (text)
        {
            case "issue: reason" or "issue: letter number":
                var issue = new IssueTransfer(Guid.NewGuid(), member.Id, member.Version, Or("letter number", Letter), letterDate, Or("reason", "Chuyển công tác"), cells.Target.Id);
                return IssueTransferHandler.Decide(issue, member, false, cells.On(letterDate), today);
            case "temporary: reason":
                var from = new LocalDate(2025, 3, 10);
                var temporary = new IssueTemporaryTransfer(Guid.NewGuid(), member.Id, member.Version, Letter, letterDate, value, cells.Target.Id, from, from.PlusMonths(6), false);
                return TemporaryTransferHandler.Decide(temporary, member, false, cells.On(from), today);
            case "refusal: reason":
                var refused = TransferBuilder.InTransit(member, cells.Target.Id);
                return RefuseTransferHandler.Decide(new RefuseTransfer(refused.Id, refused.Version, today, value), refused, today);
            case "cancellation: reason":
                var cancelled = TransferBuilder.InTransit(member, cells.Target.Id);
                return CancelTransferHandler.Decide(new CancelTransfer(cancelled.Id, cancelled.Version, today, value), cancelled, today);
            case "overdue: note":
                var overdue = TransferBuilder.InTransit(member, cells.Target.Id);
                return OverdueTransfersHandler.Decide(new RecordOverdueFollowUp(overdue.Id, overdue.Version, TransferBuilder.DueBy.PlusDays(1), value), overdue, TransferBuilder.DueBy.PlusDays(1));
            case "from outside: organisation" or "from outside: province":
                var receive = new ReceiveFromOutside(
                    Guid.NewGuid(), Guid.NewGuid(), MemberBuilder.Profile(), cells.Target.Id, new Decision("45-QĐ/ĐU", new LocalDate(2010, 5, 10)),
                    new LocalDate(2010, 5, 19), new LocalDate(2011, 5, 19), " ab 123456 ",
                    Or("organisation", "Đảng bộ phường Hải Châu"), Or("province", "Đà Nẵng"), Letter, letterDate, new LocalDate(2025, 3, 17));
                return ReceiveFromOutsideHandler.Decide(receive, cells.On(receive.ReceivedOn), null, today);
            default:
                var outOfCity = new IssueTransferOut(
                    Guid.NewGuid(), member.Id, member.Version, Letter, letterDate, Or("reason", "Chuyển nơi cư trú"), Or("organisation", "Đảng bộ phường Hải Châu"), Or("province", "Đà Nẵng"));
                return IssueTransferOutHandler.Decide(outOfCity, member, false, null, today);
        }
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void a_text_at_its_limit_is_kept_whole(string text, string code, int limit)
    {
        Should.NotThrow(() => Decide(text, new string('a', limit)), $"{text} refused a text at its limit as {code}");
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void a_text_over_its_limit_is_refused_with_the_limit_instead_of_cut(string text, string code, int limit)
    {
        var refusal = Should.Throw<RuleViolation>(() => Decide(text, new string('a', limit + 1)));

        refusal.Code.ShouldBe(code);
        refusal.Arguments.ShouldBe([limit]);
    }
}
