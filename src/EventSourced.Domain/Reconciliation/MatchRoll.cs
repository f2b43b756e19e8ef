using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Transfers;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace EventSourced.Domain.Reconciliation;

/// <summary>
/// The uploaded roll, stored when staff confirm its columns (id: the reconciliation's), with the
/// unit's cells and their codes as they stood then, so the background matching needs no web context.
/// </summary>
public sealed class ReconciliationRoll
{
    public Guid Id { get; set; }

    public List<RollPerson> People { get; set; } = [];

    /// <summary>The cells of the unit's subtree and their codes.</summary>
    public Dictionary<Guid, string> Cells { get; set; } = [];
}

/// <summary>Background work: match a started reconciliation's roll against the register.</summary>
public sealed record MatchRoll(Guid ReconciliationId);

public static class MatchRollHandler
{
    /// <summary>
    /// Idempotent: items have ids from the reconciliation and their number, and the counts are
    /// appended only while the reconciliation is still matching, so a replayed message (after a
    /// restart) writes the same documents and no second <see cref="RollMatched"/>.
    /// </summary>
    [Wolverine.Attributes.RetryNow(typeof(JasperFx.ConcurrencyException), 50, 200, 500)]
    public static async Task Handle(MatchRoll command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await Streams.LatestAsync<Reconciliation>(session, command.ReconciliationId, "Reconciliation.NotFound", ct);
        var reconciliation = stream.Aggregate!;
        if (reconciliation.Status != ReconciliationStatus.Matching)
        {
            return;
        }

        var roll = await session.LoadAsync<ReconciliationRoll>(command.ReconciliationId, ct)
            ?? throw new RuleViolation("Reconciliation.NotFound");
        var members = await MembersOnAsync(session, roll.Cells.Keys, reconciliation.ReferenceDate, ct);
        var memberIds = members.Select(m => m.Id).ToList();
        var inTransit = (await session.Query<Transfer>()
                .Where(t => t.Status == TransferStatus.InTransit && t.MemberId.IsOneOf(memberIds))
                .Select(t => t.MemberId)
                .ToListAsync(ct))
            .ToHashSet();

        var register = new List<RegisterEntry>();
        foreach (var member in members.OrderBy(m => m.Id))
        {
            var (expected, explanation) = ReconciliationItems.AsOf(member, reconciliation.ReferenceDate, roll.Cells.ContainsKey, inTransit.Contains(member.Id));
            if (expected)
            {
                register.Add(new RegisterEntry(ToPerson(register.Count + 1, member, roll.Cells, reconciliation.ReferenceDate), member.Id, explanation));
            }
        }

        var index = new RegisterIndex(register.Select(r => r.Person).ToList(), MatchSettings.Default);
        var outcome = Matcher.Match(index, roll.People);
        var items = ReconciliationItems.Categorise(reconciliation.Id, register, roll.People, outcome);
        ReconciliationItems.Elsewhere(items, await RecordedByKeysAsync(session, ReconciliationItems.StrongKeys(items), ct), roll.Cells.ContainsKey);
        session.Store(items.ToArray());
        stream.AppendOne(new RollMatched(reconciliation.Id, ReconciliationItems.CountsOf(items)));
    }

    /// <summary>
    /// The members who were in one of <paramref name="cellIds"/> on <paramref name="date"/>, by their
    /// cell periods (as <see cref="Members.MemberList.MemberCount"/> counts them): the register as it
    /// stood on the reference date, whoever has moved, arrived or ended since.
    /// </summary>
    public static async Task<IReadOnlyList<Member>> MembersOnAsync(IQuerySession session, IEnumerable<Guid> cellIds, LocalDate date, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var cells = cellIds.ToArray();
        if (cells.Length == 0)
        {
            return [];
        }

        var day = LocalDatePattern.Iso.Format(date);
        return await session.QueryAsync<Member>(
            """
            where exists (
              select 1 from jsonb_array_elements(d.data -> 'cells') as c
              where (c ->> 'cellId')::uuid = any(?)
                and c ->> 'from' <= ?
                and (c ->> 'to' is null or c ->> 'to' > ?))
            """,
            ct,
            cells,
            day,
            day);
    }

    /// <summary>
    /// The members, in the whole register, who hold any of <paramref name="keys"/> (<see cref="RegisterKeys"/>): one
    /// query over the keys' primary key and the members' for every row the unit's register left unpaired, however
    /// many, so a roll of a city's size stays in its time.
    /// </summary>
    public static async Task<IReadOnlyList<Member>> RecordedByKeysAsync(IQuerySession session, IReadOnlyList<string> keys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return [];
        }

        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        return await session.QueryAsync<Member>(
            $"where d.id in (select (k.data ->> 'ownerId')::uuid from {schema}.mt_doc_registerkey k where k.id = any(?))",
            ct,
            // One parameter, the array: a string[] passed alone would be spread as the params array itself.
            [keys.ToArray()]);
    }

    public static RollPerson ToPerson(int row, Member member, IReadOnlyDictionary<Guid, string> cells, LocalDate referenceDate)
    {

        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(cells);
        return new RollPerson(
            row,
            member.Profile.FullName,
            RollDate.Day(member.Profile.DateOfBirth),
            member.Profile.Sex,
            member.Profile.CitizenId,
            member.CardNumber,
            member.PreviousCardNumbers,
            ReconciliationItems.CellOn(member, referenceDate) is { } cell ? cells.GetValueOrDefault(cell) : null,
            member.Admission.Date);
    }
}
