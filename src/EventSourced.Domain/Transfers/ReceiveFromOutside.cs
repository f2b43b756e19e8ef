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
        int presentWithinWorkingDays = TransferRules.PresentWithinWorkingDays)
    {
        // As with an admission, one person has one entry. A former member of the city who comes back
        // is refused too: their old entry must be taken up again, not duplicated.
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
            new StreamEvent(command.TransferId, new TransferArrivedFromOutside(
                command.TransferId,
                command.MemberId,
                command.CellId,
                number,
                command.LetterDate,
                organisation,
                province,
                TransferRules.DueBy(command.LetterDate, presentWithinWorkingDays),
                command.ReceivedOn)),
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
        var events = Decide(command, tree, existing, today, settings.PresentWithinWorkingDays);
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
