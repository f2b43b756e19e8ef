using EventSourced.Domain.Calendar;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Transfers;

/// <summary>
/// The sending unit issues an official transfer letter to an organisation outside the city. The
/// member leaves the register's count on the letter's date; the other organisation's confirmation
/// can be recorded later as a receipt.
/// </summary>
public sealed record IssueTransferOut(
    Guid TransferId,
    Guid MemberId,
    int ExpectedMemberVersion,
    string LetterNumber,
    LocalDate LetterDate,
    string Reason,
    string OrganisationName,
    string Province);

public static class IssueTransferOutHandler
{
    // hasOpenTransfer: whether the member already has an official transfer within the city in transit.
    // hosting: the member's active temporary transfer, if any: it ends when the member leaves.
    // presentWithinWorkingDays: the deadline to present the letter, configurable by callers.
    public static IReadOnlyList<StreamEvent> Decide(
        IssueTransferOut command,
        Member member,
        bool hasOpenTransfer,
        Transfer? hosting,
        LocalDate today,
        int presentWithinWorkingDays = TransferRules.PresentWithinWorkingDays,
        WorkingCalendar? calendar = null)
    {
        TransferRules.MustBeCurrentMember(member);
        if (hasOpenTransfer)
        {
            throw new RuleViolation("Transfer.AlreadyInTransit");
        }

        var number = TransferRules.LetterNumber(command.LetterNumber);
        var reason = TransferRules.Reason(command.Reason);
        var organisation = TransferRules.Name(command.OrganisationName, "Organisation");
        var province = TransferRules.Name(command.Province, "Province");
        TransferRules.NotInFuture(command.LetterDate, today);
        TransferRules.NotBeforeCurrentCell(member, command.LetterDate);

        var events = new List<StreamEvent>
        {
            new(command.TransferId, new TransferIssued(
                command.TransferId,
                member.Id,
                TransferKind.OutOfCity,
                member.CellId,
                null,
                number,
                command.LetterDate,
                reason,
                TransferRules.DueBy(command.LetterDate, presentWithinWorkingDays, calendar),
                organisation,
                province)),
        };

        // A member who leaves the city cannot stay hosted by one of its cells: the hosting ends the
        // same day, before the member leaves, so both timelines close cleanly.
        if (hosting is { Status: TransferStatus.Active })
        {
            var on = LocalDate.Max(command.LetterDate, hosting.TemporaryFrom ?? command.LetterDate);
            events.Add(new(hosting.Id, new TemporaryTransferEnded(on, Early: on < hosting.TemporaryUntil)));
            events.Add(new(member.Id, new MemberTemporaryHostingEnded(hosting.Id, on)));
        }

        events.Add(new(member.Id, new MemberTransferredOut(command.TransferId, organisation, province, command.LetterDate)));
        return events;
    }

    /// <summary>
    /// Issues the letter and, as for a letter within the city, schedules the overdue check for the
    /// first day past its due date: the member must present it within the same working days, and
    /// the sending unit is told when no confirmation was recorded by then.
    /// </summary>
    public static async Task<Wolverine.DeliveryMessage<MarkTransferOverdue>> Handle(IssueTransferOut command, IDocumentSession session, IClock clock, TransferSettings settings, CancellationToken ct)
    {
        await TransferRules.MustBeNewAsync(session, command.TransferId, ct);
        var member = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedMemberVersion, ct);
        var hasOpenTransfer = await TransferRules.HasOneInTransitAsync(session, command.MemberId, ct);
        var hosting = await session.Query<Transfer>()
            .FirstOrDefaultAsync(t => t.MemberId == command.MemberId && t.Status == TransferStatus.Active, ct);
        var events = Decide(command, member.Aggregate!, hasOpenTransfer, hosting, VietnamTime.Today(clock), settings.PresentWithinWorkingDays, await WorkingCalendars.LoadAsync(session, ct));
        TransferRules.AppendAll(session, member, events, command.TransferId);
        var due = events.Select(e => e.Event).OfType<TransferIssued>().Single().DueBy;
        return Wolverine.ConfiguredMessageExtensions.ScheduledAt(new MarkTransferOverdue(command.TransferId), TransferRules.StartOf(due.PlusDays(1)));
    }
}
