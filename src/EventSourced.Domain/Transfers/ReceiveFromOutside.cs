using EventSourced.Domain.Calendar;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Transfers;

/// <summary>
/// A member arrives from an organisation outside the city with an introduction letter: the receiving
/// cell records the member from the letter and file (a new member stream, like an admission, but
/// keeping the original admission, ceremony, official date and card) and the transfer, received.
/// </summary>
public sealed record ReceiveFromOutside(
    Guid TransferId,
    Guid MemberId,
    MemberProfile Profile,
    Guid CellId,
    Decision Admission,
    LocalDate CeremonyDate,
    LocalDate? OfficialDate,
    string? CardNumber,
    string FromOrganisation,
    string FromProvince,
    string LetterNumber,
    LocalDate LetterDate,
    LocalDate ReceivedOn);

public static class ReceiveFromOutsideHandler
{
    // tree: the organisation tree on the receipt date.
    // existing: a register entry with the same citizen ID or card number, if any.
    // presentWithinWorkingDays: the deadline the letter gave, to tell a late arrival.
    public static IReadOnlyList<StreamEvent> Decide(
        ReceiveFromOutside command,
        OrganisationTree tree,
        Member? existing,
        LocalDate today,
        int presentWithinWorkingDays = TransferRules.PresentWithinWorkingDays,
        WorkingCalendar? calendar = null,
        Transfer? letterOut = null)
    {
        // As with an admission, one person has one entry. A member who had transferred out of the
        // city comes back onto that entry; any other former member is refused (readmission is the way
        // back for them), as is a current member.
        if (existing is { Status: MembershipStatus.TransferredOut })
        {
            return Return(command, tree, existing, today, presentWithinWorkingDays, calendar, letterOut);
        }

        if (existing is not null)
        {
            throw new RuleViolation(existing.IsMember ? "Transfer.AlreadyInRegister" : "Transfer.FormerMemberInRegister") { About = existing.AsRegisterEntry() };
        }

        var profile = AdmitMemberHandler.CleanProfile(command.Profile, today);
        var number = TransferRules.LetterNumber(command.LetterNumber);
        var organisation = TransferRules.Name(command.FromOrganisation, "Organisation");
        var province = TransferRules.Name(command.FromProvince, "Province");
        TransferRules.NotInFuture(command.ReceivedOn, today);
        if (command.ReceivedOn < command.LetterDate)
        {
            throw new RuleViolation("Transfer.BeforeIssue", command.LetterDate);
        }

        TransferRules.ActiveCell(tree, command.CellId);

        var admission = MemberRules.Valid(command.Admission, today);
        if (command.CeremonyDate < admission.Date)
        {
            throw new RuleViolation("Member.CeremonyBeforeDecision");
        }

        // The member arrives already a member: the file's dates all come before the letter.
        if (command.CeremonyDate > command.LetterDate)
        {
            throw new RuleViolation("Transfer.CeremonyAfterLetter");
        }

        if (command.OfficialDate is { } official && (official <= command.CeremonyDate || official > command.ReceivedOn))
        {
            throw new RuleViolation("Transfer.OfficialDateInvalid");
        }

        var card = string.IsNullOrWhiteSpace(command.CardNumber) ? null : PartyCardsHandler.Normalise(command.CardNumber);
        return
        [
            Arrived(command, command.MemberId, number, organisation, province, presentWithinWorkingDays, calendar),
            new StreamEvent(command.MemberId, new MemberTransferredIn(
                command.MemberId,
                command.TransferId,
                profile,
                command.CellId,
                admission,
                command.CeremonyDate,
                command.OfficialDate,
                card,
                organisation,
                province,
                command.ReceivedOn)),
        ];
    }

    /// <summary>
    /// Receives a member back onto the record they left the city with: the old entry keeps its
    /// profile, admission and history (corrections are their own procedure); the letter brings the
    /// cell, and a recognition or a card from the other province if there was one.
    /// </summary>
    /// <remarks>
    /// The letter the member left with (<paramref name="letterOut"/>), if the other organisation's confirmation
    /// was never recorded, is closed on the return: the member is here, so it is no longer awaited and its overdue
    /// check must not report it (see <see cref="ClosedOnReturn"/>).
    /// </remarks>
    private static List<StreamEvent> Return(ReceiveFromOutside command, OrganisationTree tree, Member existing, LocalDate today, int presentWithinWorkingDays, WorkingCalendar? calendar, Transfer? letterOut)
    {
        var number = TransferRules.LetterNumber(command.LetterNumber);
        var organisation = TransferRules.Name(command.FromOrganisation, "Organisation");
        var province = TransferRules.Name(command.FromProvince, "Province");
        TransferRules.NotInFuture(command.ReceivedOn, today);
        if (command.ReceivedOn < command.LetterDate)
        {
            throw new RuleViolation("Transfer.BeforeIssue", command.LetterDate);
        }

        if (command.LetterDate < existing.EndedOn)
        {
            throw new RuleViolation("Transfer.ReturnBeforeLeaving", existing.EndedOn);
        }

        TransferRules.ActiveCell(tree, command.CellId);
        var official = existing.StatusBeforeEnd == MembershipStatus.Probationary ? command.OfficialDate : null;
        if (official is { } date && (date <= existing.CeremonyDate || date > command.ReceivedOn))
        {
            throw new RuleViolation("Transfer.OfficialDateInvalid");
        }

        var card = string.IsNullOrWhiteSpace(command.CardNumber) ? null : PartyCardsHandler.Normalise(command.CardNumber);
        var returned = new MemberReturnedToCity(command.TransferId, command.CellId, organisation, province, official, card, command.ReceivedOn);
        var events = new List<StreamEvent>
        {
            Arrived(command, existing.Id, number, organisation, province, presentWithinWorkingDays, calendar),
            new(existing.Id, returned),
        };
        if (ClosedOnReturn(letterOut, existing, returned) is { } closed)
        {
            events.Add(new(letterOut!.Id, closed));
        }

        return events;
    }

    /// <summary>
    /// The departure letter of <paramref name="member"/> still in transit: the one the member's last standing
    /// departure from the city names. Its id, for the handler to read the letter.
    /// </summary>
    public static Guid? LetterOutOf(Member member) =>
        MemberHistory.FactsInEffect(member).Select(f => f.Event).OfType<MemberTransferredOut>().LastOrDefault()?.TransferId;

    /// <summary>
    /// Closes a letter out of the city, still awaiting confirmation, of a member who has come back after it: on
    /// the return (<paramref name="returned"/>), or, for a return recorded before letters were closed on it, when
    /// the letter's overdue check runs. Null when the letter is confirmed or closed, or the member is not back.
    /// </summary>
    public static TransferClosedOnReturn? ClosedOnReturn(Transfer? letter, Member member, MemberReturnedToCity? returned = null)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (letter is not { Kind: TransferKind.OutOfCity, Status: TransferStatus.InTransit } || letter.MemberId != member.Id)
        {
            return null;
        }

        returned ??= member.IsMember
            ? MemberHistory.FactsInEffect(member).Select(f => f.Event).OfType<MemberReturnedToCity>().LastOrDefault(r => r.EffectiveDate >= letter.IssuedOn)
            : null;
        return returned is null ? null : new TransferClosedOnReturn(returned.TransferId, returned.EffectiveDate);
    }

    /// <summary>The transfer's own record of the arrival, the same for a new record and a return.</summary>
    private static StreamEvent Arrived(ReceiveFromOutside command, Guid memberId, string number, string organisation, string province, int presentWithinWorkingDays, WorkingCalendar? calendar) =>
        new(command.TransferId, new TransferArrivedFromOutside(
            command.TransferId,
            memberId,
            command.CellId,
            number,
            command.LetterDate,
            organisation,
            province,
            TransferRules.DueBy(command.LetterDate, presentWithinWorkingDays, calendar),
            command.ReceivedOn));

    public static async Task Handle(ReceiveFromOutside command, IDocumentSession session, IClock clock, TransferSettings settings, CancellationToken ct)
    {
        await TransferRules.MustBeNewAsync(session, command.TransferId, ct);
        if (await session.LoadAsync<Member>(command.MemberId, ct) is not null)
        {
            throw new RuleViolation("Transfer.AlreadyRecorded");
        }

        var today = VietnamTime.Today(clock);
        var citizenId = MemberProfileFields.Clean(MemberProfileFields.CitizenId, command.Profile.CitizenId);
        var card = string.IsNullOrWhiteSpace(command.CardNumber) ? null : PartyCardsHandler.Normalise(command.CardNumber);
        var existing = citizenId is null ? null : await session.Query<Member>().FirstOrDefaultAsync(m => m.Profile.CitizenId == citizenId, ct);
        existing ??= card is null ? null : await session.Query<Member>().FirstOrDefaultAsync(m => m.CardNumber == card, ct);
        var tree = await OrganisationRules.LoadTreeAsync(session, command.ReceivedOn, ct);
        var letterOut = existing is { Status: MembershipStatus.TransferredOut } && LetterOutOf(existing) is { } letterId
            ? await session.Events.FetchForWriting<Transfer>(letterId, ct)
            : null;
        var events = Decide(command, tree, existing, today, settings.PresentWithinWorkingDays, await WorkingCalendars.LoadAsync(session, ct), letterOut?.Aggregate);
        if (events.Select(e => e.Event).OfType<MemberReturnedToCity>().SingleOrDefault() is { } returned)
        {
            // Appended at the version the decision read: two letters received for one returning
            // member at once cannot both take the record up.
            await RegisterKeys.ClaimAsync(session, existing!.Id, [RegisterKeys.Card(returned.CardNumber)], ct);
            var member = await MemberRules.FetchAtVersionAsync(session, existing.Id, existing.Version, ct);
            member.AppendOne(returned);
            session.Events.StartStream<Transfer>(command.TransferId, events.Single(e => e.StreamId == command.TransferId).Event);
            // At the letter's version read: a confirmation recorded meanwhile makes the return fail and be retried.
            if (events.Select(e => e.Event).OfType<TransferClosedOnReturn>().SingleOrDefault() is { } closed)
            {
                letterOut!.AppendOne(closed);
            }

            return;
        }

        var arrived = events.Select(e => e.Event).OfType<MemberTransferredIn>().Single();
        await RegisterKeys.ClaimAsync(session, command.MemberId, [RegisterKeys.CitizenId(arrived.Profile.CitizenId), RegisterKeys.Card(arrived.CardNumber)], ct);
        foreach (var e in events)
        {
            if (e.StreamId == command.TransferId)
            {
                session.Events.StartStream<Transfer>(e.StreamId, e.Event);
            }
            else
            {
                session.Events.StartStream<Member>(e.StreamId, e.Event);
            }
        }
    }
}
