using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Members;

/// <summary>Issue a member's first party card.</summary>
public sealed record IssuePartyCard(Guid MemberId, int ExpectedVersion, string CardNumber, LocalDate IssueDate);

/// <summary>Replace a member's card (the 2025 exchange, a lost or damaged card); the old number stays searchable.</summary>
public sealed record ReplacePartyCard(Guid MemberId, int ExpectedVersion, string CardNumber, CardReplacementReason Reason, LocalDate IssueDate);

public static class PartyCardsHandler
{
    /// <summary>Card numbers have no published format: an opaque string, upper-cased, without spaces.</summary>
    public static string Normalise(string? number)
    {
        var clean = new string((number ?? string.Empty).Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        return clean.Length is 0 ? throw new RuleViolation("Member.CardNumberRequired")
            : clean.Length > 30 ? throw new RuleViolation("Member.CardNumberInvalid")
            : clean;
    }

    public static PartyCardIssued Decide(IssuePartyCard command, Member member, bool numberTaken, LocalDate today)
    {
        MemberRules.MustBeMember(member);
        if (member.CardNumber is not null)
        {
            throw new RuleViolation("Member.CardAlreadyIssued", member.CardNumber);
        }

        var number = Normalise(command.CardNumber);
        Checks(number, numberTaken, command.IssueDate, member, today);
        return new PartyCardIssued(number, command.IssueDate);
    }

    /// <summary>When the card the member holds now was issued (or last replaced), as the record's entries say.</summary>
    public static LocalDate? CurrentCardIssuedOn(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return member.History
            .Where(h => !member.RescindedEntries.Contains(h.Version))
            .Select(h => h.Event switch
            {
                PartyCardIssued i when i.CardNumber == member.CardNumber => i.EffectiveDate,
                PartyCardReplaced r when r.CardNumber == member.CardNumber => r.EffectiveDate,
                _ => (LocalDate?)null,
            })
            .LastOrDefault(d => d is not null);
    }

    public static PartyCardReplaced Decide(ReplacePartyCard command, Member member, bool numberTaken, LocalDate today)
    {
        MemberRules.MustBeMember(member);
        var old = member.CardNumber ?? throw new RuleViolation("Member.NoCardToReplace");
        var number = Normalise(command.CardNumber);
        if (number == old || member.PreviousCardNumbers.Contains(number))
        {
            throw new RuleViolation("Member.CardNumberUnchanged");
        }

        Checks(number, numberTaken, command.IssueDate, member, today);
        // Folded by date, a replacement dated before the card it replaces would be undone by that card.
        if (CurrentCardIssuedOn(member) is { } issued && command.IssueDate < issued)
        {
            throw new RuleViolation("Member.CardReplacedBeforeIssued", issued);
        }

        return new PartyCardReplaced(number, old, command.Reason, command.IssueDate);
    }

    private static void Checks(string number, bool numberTaken, LocalDate issued, Member member, LocalDate today)
    {
        if (numberTaken)
        {
            throw new RuleViolation("Member.CardNumberTaken", number);
        }

        MemberRules.NotInFuture(issued, today);
        if (issued < member.Admission.Date)
        {
            throw new RuleViolation("Member.DecisionTooEarly", member.Admission.Date);
        }
    }

    public static async Task Handle(IssuePartyCard command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        var taken = await TakenAsync(session, Normalise(command.CardNumber), command.MemberId, ct);
        var card = Decide(command, stream.Aggregate!, taken, VietnamTime.Today(clock));
        // A replaced number keeps its key: it stays reserved for this member.
        await RegisterKeys.ClaimAsync(session, command.MemberId, RegisterKeys.Card(card.CardNumber), ct);
        stream.AppendOne(card);
    }

    public static async Task Handle(ReplacePartyCard command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        var taken = await TakenAsync(session, Normalise(command.CardNumber), command.MemberId, ct);
        var card = Decide(command, stream.Aggregate!, taken, VietnamTime.Today(clock));
        // A replaced number keeps its key: it stays reserved for this member.
        await RegisterKeys.ClaimAsync(session, command.MemberId, RegisterKeys.Card(card.CardNumber), ct);
        stream.AppendOne(card);
    }

    /// <summary>Another member holds the number now or held it before the exchange.</summary>
    public static Task<bool> TakenAsync(IQuerySession session, string number, Guid except, CancellationToken ct) =>
        session.Query<Member>().AnyAsync(m => m.Id != except && (m.CardNumber == number || m.PreviousCardNumbers.Contains(number)), ct);
}
