using EventSourced.Domain.Calendar;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Transfers;

/// <summary>
/// The sending unit issues an official transfer letter to another cell of the city. The letter's date
/// is the issue date; the member stays in the sending cell until the receiving cell records receipt.
/// </summary>
public sealed record IssueTransfer(
    Guid TransferId,
    Guid MemberId,
    int ExpectedMemberVersion,
    string LetterNumber,
    LocalDate LetterDate,
    string Reason,
    Guid ToCellId);

public static class IssueTransferHandler
{
    // hasOpenTransfer: whether the member already has an official transfer within the city in transit.
    // tree: the organisation tree on the letter's date.
    // presentWithinWorkingDays: the deadline to present the letter, configurable by callers.
    public static TransferIssued Decide(
        IssueTransfer command,
        Member member,
        bool hasOpenTransfer,
        OrganisationTree tree,
        LocalDate today,
        int presentWithinWorkingDays = TransferRules.PresentWithinWorkingDays,
        WorkingCalendar? calendar = null)
    {
        // A member hosted on a temporary transfer may still be transferred officially: the temporary
        // one is about where they take part, this one about where they belong.
        TransferRules.MustBeCurrentMember(member);
        if (hasOpenTransfer)
        {
            throw new RuleViolation("Transfer.AlreadyInTransit");
        }

        var number = TransferRules.LetterNumber(command.LetterNumber);
        var reason = TransferRules.Reason(command.Reason);
        TransferRules.NotInFuture(command.LetterDate, today);
        TransferRules.NotBeforeCurrentCell(member, command.LetterDate);
        if (command.ToCellId == member.CellId)
        {
            throw new RuleViolation("Transfer.SameCell");
        }

        TransferRules.ActiveCell(tree, command.ToCellId);
        return new TransferIssued(
            command.TransferId,
            member.Id,
            TransferKind.WithinCity,
            member.CellId,
            command.ToCellId,
            number,
            command.LetterDate,
            reason,
            TransferRules.DueBy(command.LetterDate, presentWithinWorkingDays, calendar));
    }

    /// <summary>What the letter records on the member's own stream.</summary>
    public static MemberTransferLetterIssued OnMembersStream(TransferIssued issued) =>
        new(issued.TransferId, issued.ToCellId!.Value, issued.IssuedOn);

    /// <summary>
    /// Issues the transfer and schedules the overdue check for the first day past the due date. The
    /// check is a durable Wolverine message stored with the transfer in one transaction, so it
    /// survives restarts and runs whether or not anyone opens a page.
    /// </summary>
    public static async Task<Wolverine.DeliveryMessage<MarkTransferOverdue>> Handle(IssueTransfer command, IDocumentSession session, IClock clock, TransferSettings settings, CancellationToken ct)
    {
        // Everything the decision reads, in one round trip (decision 0033), in the order the reads ran
        // one by one before.
        var batch = session.CreateBatchQuery();
        var sameId = batch.Load<Transfer>(command.TransferId);
        // Fetched at the version the user saw so a stale form fails.
        var fetched = batch.Events.FetchForWriting<Member>(command.MemberId, command.ExpectedMemberVersion);
        // As TransferRules.HasOneInTransitAsync: a letter within the city in transit.
        var hasOpenTransfer = batch.Query<Transfer>().Any(t => t.MemberId == command.MemberId && t.Kind == TransferKind.WithinCity && t.Status == TransferStatus.InTransit);
        // The decision looks up the receiving cell and nothing else in the tree.
        var cell = batch.LoadMany<Organisation>().ById(command.ToCellId);
        var holidays = batch.Query<HolidayYear>().ToList();
        await batch.Execute(ct);
        if (await sameId is not null)
        {
            throw new RuleViolation("Transfer.AlreadyRecorded");
        }

        var member = await fetched;
        if (member.Aggregate is null)
        {
            throw new RuleViolation("Member.NotFound");
        }

        var tree = OrganisationTree.AsOf(command.LetterDate, await cell);
        var issued = Decide(command, member.Aggregate, await hasOpenTransfer, tree, VietnamTime.Today(clock), settings.PresentWithinWorkingDays, WorkingCalendars.From(await holidays));
        session.Events.StartStream<Transfer>(command.TransferId, issued);
        // Appended at the member's version read above: of two letters decided at once, whichever
        // commits second fails on the member's stream instead of opening a second transfer.
        member.AppendOne(OnMembersStream(issued));
        return Wolverine.ConfiguredMessageExtensions.ScheduledAt(new MarkTransferOverdue(command.TransferId), TransferRules.StartOf(issued.DueBy.PlusDays(1)));
    }
}
