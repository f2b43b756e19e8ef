using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Transfers;

/// <summary>
/// Send a member to take part temporarily in another cell ("chuyển sinh hoạt đảng tạm thời"), from
/// <paramref name="From"/> until <paramref name="Until"/> (the day the member is back): 3 months to
/// under 1 year, up to 2 years for training. The home cell keeps the member on its roll and count.
/// </summary>
public sealed record IssueTemporaryTransfer(
    Guid TransferId,
    Guid MemberId,
    int ExpectedMemberVersion,
    string LetterNumber,
    LocalDate LetterDate,
    string Reason,
    Guid HostCellId,
    LocalDate From,
    LocalDate Until,
    bool Training);

/// <summary>Extend a temporary transfer to a later end; the limits still count from the start.</summary>
public sealed record ExtendTemporaryTransfer(Guid TransferId, int ExpectedVersion, LocalDate NewUntil);

/// <summary>End a temporary transfer before its date; the member is back in the home cell's activities.</summary>
public sealed record EndTemporaryTransferEarly(Guid TransferId, int ExpectedVersion, LocalDate On);

/// <summary>The scheduled check: end a temporary transfer on its end date.</summary>
public sealed record EndTemporaryTransfer(Guid TransferId);

public static class TemporaryTransferHandler
{
    // hasOpenTransfer: whether the member already has an official transfer within the city in transit.
    // tree: the organisation tree on the start date.
    public static IReadOnlyList<StreamEvent> Decide(IssueTemporaryTransfer command, Member member, bool hasOpenTransfer, OrganisationTree tree, LocalDate today)
    {
        TransferRules.MustBeCurrentMember(member);
        // A member on the way to another cell takes part where the letter sends them: the sending
        // cell no longer decides where they take part meanwhile. (The other way round is allowed: an
        // official transfer of a hosted member, see IssueTransfer.)
        if (hasOpenTransfer)
        {
            throw new RuleViolation("Transfer.AlreadyInTransit");
        }

        // One host at a time: the host cell lists the member for activities, and two would each
        // expect them at meetings.
        if (member.HostCellId is not null)
        {
            throw new RuleViolation("Transfer.AlreadyHostedTemporarily");
        }

        var number = TransferRules.LetterNumber(command.LetterNumber);
        var reason = TransferRules.Reason(command.Reason);
        TransferRules.NotInFuture(command.LetterDate, today);
        if (command.From < command.LetterDate)
        {
            throw new RuleViolation("Transfer.StartsBeforeLetter", command.LetterDate);
        }

        if (command.HostCellId == member.CellId)
        {
            throw new RuleViolation("Transfer.SameCell");
        }

        TransferRules.ActiveCell(tree, command.HostCellId);
        TransferRules.TemporaryLimits(command.From, command.Until, command.Training);
        return
        [
            new StreamEvent(command.TransferId, new TemporaryTransferIssued(
                command.TransferId,
                member.Id,
                member.CellId,
                command.HostCellId,
                number,
                command.LetterDate,
                reason,
                command.From,
                command.Until,
                command.Training)),
            new StreamEvent(member.Id, new MemberHostedTemporarily(command.TransferId, command.HostCellId, command.From, command.Until)),
        ];
    }

    public static IReadOnlyList<StreamEvent> Decide(ExtendTemporaryTransfer command, Transfer transfer, LocalDate today)
    {
        MustBeActiveTemporary(transfer);
        var until = transfer.TemporaryUntil!.Value;
        // Once the end date has come the member is back; a new temporary transfer is a new letter.
        if (today > until)
        {
            throw new RuleViolation("Transfer.TemporaryAlreadyOver", until);
        }

        if (command.NewUntil <= until)
        {
            throw new RuleViolation("Transfer.NotAnExtension", until);
        }

        var from = transfer.TemporaryFrom!.Value;
        TransferRules.TemporaryLimits(from, command.NewUntil, transfer.Training);
        return
        [
            new StreamEvent(transfer.Id, new TemporaryTransferExtended(command.NewUntil, until, today)),
            new StreamEvent(transfer.MemberId, new MemberHostedTemporarily(transfer.Id, transfer.ToCellId!.Value, from, command.NewUntil)),
        ];
    }

    public static IReadOnlyList<StreamEvent> Decide(EndTemporaryTransferEarly command, Transfer transfer, LocalDate today)
    {
        MustBeActiveTemporary(transfer);
        if (command.On < transfer.TemporaryFrom!.Value)
        {
            throw new RuleViolation("Transfer.EndBeforeStart", transfer.TemporaryFrom.Value);
        }

        if (command.On >= transfer.TemporaryUntil!.Value)
        {
            throw new RuleViolation("Transfer.EndNotEarly", transfer.TemporaryUntil.Value);
        }

        TransferRules.NotInFuture(command.On, today);
        return Ended(transfer, command.On, early: true);
    }

    /// <summary>Nothing when the end date has not come or the transfer already ended: the check may run more than once.</summary>
    public static IReadOnlyList<StreamEvent> Decide(EndTemporaryTransfer command, Transfer transfer, LocalDate today) =>
        transfer.Kind == TransferKind.Temporary && TransferRules.TemporaryHasEnded(transfer, today)
            ? Ended(transfer, transfer.TemporaryUntil!.Value, early: false)
            : [];

    /// <summary>Issues the temporary transfer and schedules its end (and the reminder to both cells) for its end date.</summary>
    public static async Task<Wolverine.DeliveryMessage<EndTemporaryTransfer>> Handle(IssueTemporaryTransfer command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        await TransferRules.MustBeNewAsync(session, command.TransferId, ct);
        var member = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedMemberVersion, ct);
        var hasOpenTransfer = await TransferRules.HasOneInTransitAsync(session, command.MemberId, ct);
        var tree = await OrganisationRules.LoadTreeAsync(session, command.From, ct);
        TransferRules.AppendAll(session, member, Decide(command, member.Aggregate!, hasOpenTransfer, tree, VietnamTime.Today(clock)), command.TransferId);
        return ScheduledEnd(command.TransferId, command.Until);
    }

    /// <summary>
    /// Extends the transfer and schedules its end for the new date. The check scheduled for the old
    /// date still runs, finds the new end not yet reached and does nothing, so without this one the
    /// transfer would never end.
    /// </summary>
    public static async Task<Wolverine.DeliveryMessage<EndTemporaryTransfer>> Handle(ExtendTemporaryTransfer command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await TransferRules.FetchAtVersionAsync(session, command.TransferId, command.ExpectedVersion, ct);
        await AppendAllAsync(session, stream, Decide(command, stream.Aggregate!, VietnamTime.Today(clock)), ct);
        return ScheduledEnd(command.TransferId, command.NewUntil);
    }

    /// <summary>
    /// The scheduled check that ends a temporary transfer ending on <paramref name="until"/>, at the start
    /// of that day: it is the day the member is back (no host lists them on it, see
    /// <see cref="TransferRules.TemporaryHasEnded"/> and the roll as of a date), not their last hosted day.
    /// </summary>
    public static Wolverine.DeliveryMessage<EndTemporaryTransfer> ScheduledEnd(Guid transferId, LocalDate until) =>
        Wolverine.ConfiguredMessageExtensions.ScheduledAt(new EndTemporaryTransfer(transferId), TransferRules.StartOf(until));

    public static async Task Handle(EndTemporaryTransferEarly command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await TransferRules.FetchAtVersionAsync(session, command.TransferId, command.ExpectedVersion, ct);
        await AppendAllAsync(session, stream, Decide(command, stream.Aggregate!, VietnamTime.Today(clock)), ct);
    }

    // The scheduled check and a check started by hand (or a restart's catch-up) can meet on one
    // transfer, and a member's write can come between the read of the member's version and the
    // append: the loser's append conflicts, and a retry then finds the stay ended or the member's
    // new version.
    [Wolverine.Attributes.RetryNow(typeof(JasperFx.ConcurrencyException), 50, 200, 500)]
    public static async Task Handle(EndTemporaryTransfer command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await TransferRules.FetchAsync(session, command.TransferId, ct);
        var transfer = stream.Aggregate!;
        var events = Decide(command, transfer, VietnamTime.Today(clock));
        await AppendAllAsync(session, stream, events, ct);
        if (events.Count > 0 && transfer.ToCellId is { } host && transfer.FromCellId is { } home)
        {
            session.Store(Notifications.TransferNotifications.TemporaryEnded(transfer, home, host, clock.GetCurrentInstant()));
        }
    }

    private static void MustBeActiveTemporary(Transfer transfer)
    {
        if (transfer.Kind != TransferKind.Temporary)
        {
            throw new RuleViolation("Transfer.NotTemporary");
        }

        if (transfer.Status != TransferStatus.Active)
        {
            throw new RuleViolation("Transfer.NotActive", transfer.Status);
        }
    }

    private static StreamEvent[] Ended(Transfer transfer, LocalDate on, bool early) =>
    [
        new StreamEvent(transfer.Id, new TemporaryTransferEnded(on, early)),
        new StreamEvent(transfer.MemberId, new MemberTemporaryHostingEnded(transfer.Id, on)),
    ];

    // The member's stream is appended at its current version: these decisions need nothing of the
    // member's state, but a plain (quick) append leaves the member's snapshot at the wrong version, and
    // the next versioned append on the member (a merge moving the cell's members) is then refused as stale.
    private static async Task AppendAllAsync(IDocumentSession session, JasperFx.Events.IEventStream<Transfer> transfer, IReadOnlyList<StreamEvent> events, CancellationToken ct)
    {
        foreach (var e in events)
        {
            if (e.StreamId == transfer.Id)
            {
                transfer.AppendOne(e.Event);
            }
            else
            {
                var state = await session.Events.FetchStreamStateAsync(e.StreamId, ct);
                session.Events.Append(e.StreamId, (state?.Version ?? 0) + 1, e.Event);
            }
        }
    }
}
