using EventSourced.Domain.Calendar;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Transfers;

/// <summary>The limits and checks the transfer procedures share, each failing with a named rule.</summary>
public static class TransferRules
{
    /// <summary>The member must present an official transfer letter within this many working days of its date.</summary>
    public const int PresentWithinWorkingDays = 30;

    /// <summary>A temporary transfer lasts at least this long...</summary>
    public static readonly Period TemporaryAtLeast = Period.FromMonths(3);

    /// <summary>...and ends before this long has passed...</summary>
    public static readonly Period TemporaryUnder = Period.FromMonths(12);

    /// <summary>...unless it is for training, when it may last up to this long.</summary>
    public static readonly Period TrainingUpTo = Period.FromMonths(24);

    /// <summary>
    /// The last day to present a letter dated <paramref name="issuedOn"/>; the letter's own day is not
    /// counted. Refused when the days run through a year whose holidays the calendar does not have:
    /// counting weekends only there would give a date the register then holds the member to.
    /// </summary>
    public static LocalDate DueBy(LocalDate issuedOn, int workingDays = PresentWithinWorkingDays, WorkingCalendar? calendar = null)
    {
        var deadline = (calendar ?? WorkingCalendar.Vietnam).Deadline(issuedOn, workingDays);
        if (deadline.Provisional)
        {
            throw new RuleViolation("Calendar.YearNotCovered", deadline.UncoveredYears[0]);
        }

        return deadline.Date;
    }

    /// <summary>True when an official transfer is still in transit after its due date: the scheduled check marks it.</summary>
    public static bool IsOverdue(Transfer transfer, LocalDate today) =>
        transfer.Status == TransferStatus.InTransit && transfer.DueBy is { } due && today > due;

    /// <summary>True when an active temporary transfer has reached its end date: the scheduled check ends it.</summary>
    public static bool TemporaryHasEnded(Transfer transfer, LocalDate today) =>
        transfer.Status == TransferStatus.Active && transfer.TemporaryUntil is { } until && today >= until;

    /// <summary>Transfers are for current members only: not former, deceased or transferred-out ones.</summary>
    public static void MustBeCurrentMember(Member member)
    {
        if (!member.IsMember)
        {
            throw new RuleViolation("Transfer.NotACurrentMember", member.Status);
        }
    }

    /// <summary>A cell (or grassroots cell) active on the tree's date and not recorded as closing later.</summary>
    public static OrganisationNode ActiveCell(OrganisationTree tree, Guid cellId)
    {
        var cell = tree.Find(cellId) ?? throw new RuleViolation("Transfer.CellNotFound", tree.Date);
        if (!cell.IsActive || cell.Kind is not (OrganisationKind.Cell or OrganisationKind.GrassrootsCell))
        {
            throw new RuleViolation("Transfer.NotAnActiveCell", cell.Name);
        }

        // A merge or dissolution recorded for a later date would leave the member in a closed cell:
        // the closed unit's members are moved, but only those already counted there.
        if (tree.Latest.Find(cellId) is { IsActive: false } closesLater)
        {
            throw new RuleViolation("Transfer.CellClosesLater", closesLater.Name);
        }

        return cell;
    }

    public static string LetterNumber(string? number) => Input.Required(number, TextLimits.DecisionReference, "Transfer.LetterNumber");

    /// <summary>Why the transfer was issued, refused or cancelled: "Transfer.ReasonRequired" or "Transfer.ReasonTooLong".</summary>
    public static string Reason(string? reason) => Input.Required(reason, TextLimits.Reason, "Transfer.Reason");

    /// <summary>An organisation outside the city, and its province, by name: "Transfer.{field}Required" or "Transfer.{field}TooLong".</summary>
    public static string Name(string? name, string field) => Input.Required(name, TextLimits.Name, "Transfer." + field);

    public static void NotInFuture(LocalDate date, LocalDate today) => Input.NotInFuture(date, today, "Transfer.Date");

    /// <summary>A letter dated before the member joined the current cell would close that stretch before it began.</summary>
    public static void NotBeforeCurrentCell(Member member, LocalDate date)
    {
        if (member.Cells.Count > 0 && date < member.Cells[^1].From)
        {
            throw new RuleViolation("Transfer.BeforeCurrentCell", member.Cells[^1].From);
        }
    }

    public static void MustBeInTransit(Transfer transfer)
    {
        if (transfer.Status != TransferStatus.InTransit)
        {
            throw new RuleViolation("Transfer.NotInTransit", transfer.Status);
        }
    }

    /// <summary>Receipt, cancellation and refusal happen between the letter's date and today.</summary>
    public static void BetweenIssueAndToday(Transfer transfer, LocalDate date, LocalDate today)
    {
        if (date < transfer.IssuedOn)
        {
            throw new RuleViolation("Transfer.BeforeIssue", transfer.IssuedOn);
        }

        NotInFuture(date, today);
    }

    /// <summary>3 months to under 1 year from the start; up to 2 years for training.</summary>
    public static void TemporaryLimits(LocalDate from, LocalDate until, bool training)
    {
        var shortest = from + TemporaryAtLeast;
        if (until < shortest)
        {
            throw new RuleViolation("Transfer.TemporaryTooShort", shortest);
        }

        if (training)
        {
            var longest = from + TrainingUpTo;
            if (until > longest)
            {
                throw new RuleViolation("Transfer.TemporaryTooLong", longest);
            }
        }
        else
        {
            var limit = from + TemporaryUnder;
            if (until >= limit)
            {
                throw new RuleViolation("Transfer.TemporaryTooLong", limit.PlusDays(-1));
            }
        }
    }

    /// <summary>Fetches the transfer for writing at the version the user saw; a stale form fails here.</summary>
    public static Task<IEventStream<Transfer>> FetchAtVersionAsync(IDocumentSession session, Guid id, int expectedVersion, CancellationToken ct) =>
        Streams.AtVersionAsync<Transfer>(session, id, expectedVersion, "Transfer.NotFound", ct);

    /// <summary>Fetches the transfer for writing at whatever version it is, for the scheduled checks.</summary>
    public static Task<IEventStream<Transfer>> FetchAsync(IDocumentSession session, Guid id, CancellationToken ct) =>
        Streams.LatestAsync<Transfer>(session, id, "Transfer.NotFound", ct);

    /// <summary>The member a transfer refers to, for writing; receiving staff never saw the member's version.</summary>
    public static Task<IEventStream<Member>> FetchMemberAsync(IDocumentSession session, Guid memberId, CancellationToken ct) =>
        Streams.LatestAsync<Member>(session, memberId, "Transfer.MemberNotFound", ct);

    /// <summary>A transfer id already used: a form submitted twice.</summary>
    public static async Task MustBeNewAsync(IQuerySession session, Guid transferId, CancellationToken ct)
    {
        if (await session.LoadAsync<Transfer>(transferId, ct) is not null)
        {
            throw new RuleViolation("Transfer.AlreadyRecorded");
        }
    }

    /// <summary>
    /// Whether the member has an official transfer within the city in transit (at most one is allowed).
    /// A letter out of the city is left out: the member left the register on its date, so while it
    /// is in transit no other letter can be issued anyway, and one never confirmed must not hold a
    /// member who came back (or whose departure was rescinded) for ever.
    /// </summary>
    public static Task<bool> HasOneInTransitAsync(IQuerySession session, Guid memberId, CancellationToken ct) =>
        session.Query<Transfer>().AnyAsync(t => t.MemberId == memberId && t.Kind == TransferKind.WithinCity && t.Status == TransferStatus.InTransit, ct);

    /// <summary>
    /// Appends a decision's events: the member's through the stream fetched for writing (so its
    /// version is checked), a new transfer's as the start of its stream, any other to its stream.
    /// </summary>
    public static void AppendAll(IDocumentSession session, IEventStream<Member>? member, IReadOnlyList<StreamEvent> events, Guid? newTransferId = null)
    {
        if (newTransferId is { } id)
        {
            session.Events.StartStream<Transfer>(id, events.Where(e => e.StreamId == id).Select(e => e.Event).ToArray());
        }

        foreach (var e in events.Where(e => e.StreamId != newTransferId))
        {
            if (member is not null && e.StreamId == member.Id)
            {
                member.AppendOne(e.Event);
            }
            else
            {
                session.Events.Append(e.StreamId, e.Event);
            }
        }
    }

    /// <summary>The first moment of a business day in Hanoi, when scheduled checks for that day run.</summary>
    public static DateTimeOffset StartOf(LocalDate day) =>
        day.AtStartOfDayInZone(VietnamTime.Zone).ToDateTimeOffset();
}

/// <summary>Settings of the transfer procedures, from configuration (Transfers:PresentWithinWorkingDays).</summary>
public sealed record TransferSettings(int PresentWithinWorkingDays = TransferRules.PresentWithinWorkingDays);
