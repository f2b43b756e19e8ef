using System.Globalization;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace EventSourced.Domain.Reconciliation;

/// <summary>
/// Staff take the chosen differing fields of a paired item from the roll into the register: the
/// member's profile corrections and the item's resolution, in one transaction.
/// </summary>
public sealed record CorrectRegisterFromRoll(Guid ReconciliationId, int ExpectedVersion, int ItemNumber, IReadOnlyList<string> Fields, string Reason);

public static class CorrectRegisterFromRollHandler
{
    /// <summary>
    /// The compared fields a profile correction can take from the roll, and the profile field each
    /// becomes. The cell is a transfer, the admission date a decision and the card number a card's
    /// replacement: procedures of their own, not corrections.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ProfileFieldOf = new Dictionary<string, string>
    {
        [ReconciliationItems.Name] = MemberProfileFields.FullName,
        [ReconciliationItems.DateOfBirth] = MemberProfileFields.DateOfBirth,
        [ReconciliationItems.Sex] = MemberProfileFields.Sex,
        [ReconciliationItems.CitizenId] = MemberProfileFields.CitizenId,
    };

    /// <summary>Whether a difference can be taken from the roll here (a year-only birth date cannot: it names no day).</summary>
    public static bool Correctable(FieldDifference difference, RollPerson? roll)
    {
        ArgumentNullException.ThrowIfNull(difference);
        return ProfileFieldOf.ContainsKey(difference.Field) && roll is not null && ValueOf(difference.Field, roll) is not null;
    }

    /// <summary>
    /// The item's resolution and the corrections, one per chosen field, each with its new value from
    /// the roll and a reason that names the round (or, outside a round, the reconciliation's file and date).
    /// <paramref name="registerNow"/> is the member's record as it is now: a chosen field whose register value
    /// is no longer the one the item showed was changed since the roll was matched (on the member's page, or
    /// by another item), and taking the roll's value would silently undo that change, so it is refused.
    /// </summary>
    public static (ReconciliationItemResolved Resolved, IReadOnlyList<CorrectProfile> Corrections) Decide(
        CorrectRegisterFromRoll command, Reconciliation reconciliation, ReconciliationItem? item, ReconciliationRound? round, RollPerson? registerNow = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(reconciliation);
        var resolved = ResolveReconciliationItemHandler.Resolve(
            new ResolveReconciliationItem(command.ReconciliationId, command.ExpectedVersion, command.ItemNumber, Resolutions.CorrectFromRoll, command.Reason),
            reconciliation,
            item);
        var fields = (command.Fields ?? []).Where(f => !string.IsNullOrWhiteSpace(f)).Distinct(StringComparer.Ordinal).ToList();
        if (fields.Count == 0)
        {
            throw new RuleViolation("Reconciliation.NoFieldChosen");
        }

        var corrections = new List<CorrectProfile>();
        var reason = $"{resolved.Reason} ({Context(reconciliation, round)})";
        foreach (var field in fields)
        {
            var difference = item!.Differences.FirstOrDefault(d => d.Field == field) ?? throw new RuleViolation("Reconciliation.FieldNotDifferent", field);
            if (!Correctable(difference, item.Roll))
            {
                throw new RuleViolation("Reconciliation.FieldNotCorrectable", field);
            }

            if (registerNow is not null && ChangedSince(difference, registerNow, item.Roll!))
            {
                throw new RuleViolation("Reconciliation.RegisterChangedSinceMatching", field);
            }

            corrections.Add(new CorrectProfile(item.MemberId!.Value, 0, ProfileFieldOf[field], ValueOf(field, item.Roll!), reason));
        }

        return (resolved, corrections);
    }

    /// <summary>What a correction's reason names the reconciliation by: the round, or the file and reference date of a unit's own.</summary>
    public static string Context(Reconciliation reconciliation, ReconciliationRound? round)
    {
        ArgumentNullException.ThrowIfNull(reconciliation);
        return round is not null
            ? round.Name
            : string.Create(CultureInfo.InvariantCulture, $"{reconciliation.FileName}, {reconciliation.ReferenceDate:dd'/'MM'/'yyyy}");
    }

    /// <summary>The register no longer shows the value the item showed for the field, or no longer differs from the roll there.</summary>
    private static bool ChangedSince(FieldDifference then, RollPerson registerNow, RollPerson roll)
    {
        var now = ReconciliationItems.Differences(registerNow, roll).FirstOrDefault(d => d.Field == then.Field);
        return now is null || !string.Equals(now.Register, then.Register, StringComparison.Ordinal);
    }

    private static string? ValueOf(string field, RollPerson roll) => field switch
    {
        ReconciliationItems.Name => roll.FullName,
        ReconciliationItems.DateOfBirth => roll.DateOfBirth is { Precision: DatePrecision.Day } birth ? LocalDatePattern.Iso.Format(birth.Date) : null,
        ReconciliationItems.Sex => roll.Sex?.ToString(),
        ReconciliationItems.CitizenId => roll.CitizenId,
        _ => null,
    };

    // The reconciliation's version is the page's: of two browsers correcting one item, the second
    // append conflicts and nothing of it, correction or resolution, is stored. The member is taken at
    // its latest version: the page showed the item, not the member's form.
    public static async Task Handle(CorrectRegisterFromRoll command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await Streams.AtVersionAsync<Reconciliation>(session, command.ReconciliationId, command.ExpectedVersion, "Reconciliation.NotFound", ct);
        var reconciliation = stream.Aggregate!;
        var item = await session.LoadAsync<ReconciliationItem>(ReconciliationItem.IdOf(command.ReconciliationId, command.ItemNumber), ct);
        var round = reconciliation.RoundId is { } roundId ? await session.LoadAsync<ReconciliationRound>(roundId, ct) : null;
        var member = item?.MemberId is { } memberId ? await Streams.LatestAsync<Member>(session, memberId, "Member.NotFound", ct) : null;
        var registerNow = member?.Aggregate is { } record ? MatchRollHandler.ToPerson(0, record, new Dictionary<Guid, string>(), reconciliation.ReferenceDate) : null;
        var (resolved, corrections) = Decide(command, reconciliation, item, round, registerNow);
        ReconciliationReference.Mark(session, reconciliation.Id, resolved.ItemNumber, round);
        var today = VietnamTime.Today(clock);
        foreach (var correction in corrections)
        {
            await CorrectProfileHandler.CorrectAsync(correction, member!, session, today, ct);
        }

        stream.AppendOne(resolved);
    }
}

/// <summary>
/// The mark every change made from a reconciliation carries: the reconciliation and item in the
/// <see cref="AuditHeaders.Reconciliation"/> header, so the member's timeline can link back to it.
/// </summary>
public static class ReconciliationReference
{
    public static string Of(Guid reconciliationId, int itemNumber) =>
        string.Create(CultureInfo.InvariantCulture, $"{reconciliationId:N}:{itemNumber}");

    public static bool TryParse(string? reference, out Guid reconciliationId, out int itemNumber)
    {
        itemNumber = 0;
        reconciliationId = Guid.Empty;
        var parts = (reference ?? string.Empty).Split(':');
        return parts.Length == 2
            && Guid.TryParseExact(parts[0], "N", out reconciliationId)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out itemNumber);
    }

    /// <summary>
    /// Marks every event the session appends; in a round, its decision reference is the authority
    /// the change is recorded on, whatever the form sent.
    /// </summary>
    public static void Mark(IDocumentSession session, Guid reconciliationId, int itemNumber, ReconciliationRound? round)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.SetHeader(AuditHeaders.Reconciliation, Of(reconciliationId, itemNumber));
        if (round is not null && !string.IsNullOrEmpty(round.DecisionReference))
        {
            session.SetHeader(AuditHeaders.DecisionReference, round.DecisionReference);
        }
    }
}
