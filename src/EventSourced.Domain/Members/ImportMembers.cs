using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;
using Wolverine.Attributes;

namespace EventSourced.Domain.Members;

/// <summary>One data row of an import file, its cells keyed by <see cref="ImportColumns"/> names; the row number is the file's own.</summary>
public sealed record ImportRow(int RowNumber, IReadOnlyDictionary<string, string?> Cells);

/// <summary>Why a row (or, with row 0 and no column, the whole file) cannot be imported: a resource key and its arguments.</summary>
public sealed record ImportError(int RowNumber, string Column, string Code, IReadOnlyList<object> Arguments);

/// <summary>
/// Bring existing members in from a file: every row is checked first, and either nothing is
/// imported or every row becomes one member's admission history, in one transaction.
/// <paramref name="CellsInScope"/> are the cells the user may change (null: the whole register);
/// the handler has no HTTP context, so the page says.
/// </summary>
public sealed record ImportMembers(Guid ImportId, IReadOnlyList<ImportRow> Rows, IReadOnlyList<Guid>? CellsInScope = null);

/// <summary>How many members were imported, or why none was.</summary>
public sealed record ImportOutcome(int Imported, IReadOnlyList<ImportError> Errors);

/// <summary>A row that passed every check: the member's id and the events the member's stream starts with.</summary>
public sealed record ImportedMember(Guid MemberId, int RowNumber, IReadOnlyList<object> Events);

/// <summary>All the errors of a file, or (when there are none) the members to start.</summary>
public sealed record ImportDecision(IReadOnlyList<ImportError> Errors, IReadOnlyList<ImportedMember> Members)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// The columns an import file has, by canonical name. Headers in the file may be these names or
/// their Vietnamese and English aliases (the file reader maps them).
/// </summary>
public static class ImportColumns
{
    public const string FullName = nameof(FullName);
    public const string Sex = nameof(Sex);
    public const string DateOfBirth = nameof(DateOfBirth);
    public const string CitizenId = nameof(CitizenId);
    public const string BirthName = nameof(BirthName);
    public const string PlaceOfBirth = nameof(PlaceOfBirth);
    public const string HomeTown = nameof(HomeTown);
    public const string Ethnicity = nameof(Ethnicity);
    public const string Religion = nameof(Religion);
    public const string Phone = nameof(Phone);

    /// <summary>The unit code of an active cell (chi bộ) or grassroots cell.</summary>
    public const string CellCode = nameof(CellCode);

    public const string AdmissionDecisionNumber = nameof(AdmissionDecisionNumber);

    /// <summary>The admission decision's date: party age counts from it.</summary>
    public const string AdmissionDate = nameof(AdmissionDate);

    /// <summary>Empty: the ceremony was on the decision date.</summary>
    public const string CeremonyDate = nameof(CeremonyDate);

    /// <summary>Given: the member was recognised official, effective that date.</summary>
    public const string OfficialDate = nameof(OfficialDate);

    /// <summary>Empty: the recognition cites the admission decision's number.</summary>
    public const string OfficialDecisionNumber = nameof(OfficialDecisionNumber);

    public const string CardNumber = nameof(CardNumber);

    /// <summary>Party badges already received, by their years ("30, 40"); each must be on the list and reached by party age today.</summary>
    public const string Badges = nameof(Badges);

    /// <summary>Every column, in the order the template and the documentation list them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        FullName, Sex, DateOfBirth, CitizenId, BirthName, PlaceOfBirth, HomeTown, Ethnicity, Religion, Phone,
        CellCode, AdmissionDecisionNumber, AdmissionDate, CeremonyDate, OfficialDate, OfficialDecisionNumber, CardNumber, Badges,
    ];

    /// <summary>A file without one of these columns is refused as a whole; a row with one of them empty is an error.</summary>
    public static readonly IReadOnlyList<string> Required = [FullName, Sex, DateOfBirth, CellCode, AdmissionDecisionNumber, AdmissionDate];

    public static readonly IReadOnlyList<string> Dates = [DateOfBirth, AdmissionDate, CeremonyDate, OfficialDate];
}

public static partial class ImportMembersHandler
{
    /// <summary>The register is asked about the file's citizen IDs and card numbers this many at a time.</summary>
    public const int QueryChunk = 5_000;

    private static readonly HashSet<string> Males = new(StringComparer.Ordinal) { "nam", "male", "m" };
    private static readonly HashSet<string> Females = new(StringComparer.Ordinal) { "nu", "female", "f" };

    /// <summary>
    /// Checks every row against the rules of admission, the register and the file itself, and
    /// returns all the errors, or (when there are none) each member's opening events: admitted,
    /// then recognised official when the file gives the date, then the card when it gives a number.
    /// Member ids come from <paramref name="importId"/> and the row number.
    /// </summary>
    public static ImportDecision Decide(
        IReadOnlyList<ImportRow> rows,
        OrganisationTree tree,
        ISet<string> citizenIdsInRegister,
        ISet<string> cardNumbersInRegister,
        IReadOnlySet<Guid> cellsTheUserMayChange,
        LocalDate today,
        Guid importId)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(citizenIdsInRegister);
        ArgumentNullException.ThrowIfNull(cardNumbersInRegister);
        ArgumentNullException.ThrowIfNull(cellsTheUserMayChange);
        if (rows.Count == 0)
        {
            return new ImportDecision([new ImportError(0, string.Empty, "Import.NoRows", [])], []);
        }

        // Looking a code up in the tree walks every unit; a file names a few hundred cells many times.
        var cellsByCode = tree.Roots
            .SelectMany(r => tree.Subtree(r.Id))
            .GroupBy(n => n.Code.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var context = new ImportContext(importId, tree, cellsByCode, cellsTheUserMayChange, citizenIdsInRegister, cardNumbersInRegister, today);
        var errors = new List<ImportError>();
        var members = new List<ImportedMember>(rows.Count);
        foreach (var row in rows)
        {
            var check = new RowCheck(row, errors);
            if (DecideRow(check, context) is { } member && !check.Failed)
            {
                members.Add(member);
            }
        }

        return errors.Count > 0
            ? new ImportDecision(errors.OrderBy(e => e.RowNumber).ToList(), [])
            : new ImportDecision([], members);
    }

    /// <summary>Same import, same row, same id: a retried import cannot create a member twice.</summary>
    public static Guid MemberIdFor(Guid importId, int rowNumber) =>
        NameBasedGuid(importId, rowNumber.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Loads what the decision needs (today's tree, and only those register entries that share a
    /// citizen ID or card number with the file), then either returns the errors, appending nothing,
    /// or starts every member's stream in this one session: Wolverine commits them in one
    /// transaction. Fifty thousand rows take tens of seconds, hence the longer timeout.
    /// </summary>
    [MessageTimeout(600)]
    public static async Task<ImportOutcome> Handle(ImportMembers command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(session);
        if (command.Rows.Count > 0 && await session.LoadAsync<Member>(MemberIdFor(command.ImportId, command.Rows[0].RowNumber), ct) is not null)
        {
            return new ImportOutcome(0, [new ImportError(0, string.Empty, "Import.AlreadyImported", [])]);
        }

        var today = VietnamTime.Today(clock);
        var tree = await OrganisationRules.LoadTreeAsync(session, today, ct);
        var citizenIds = command.Rows
            .Select(r => r.Cells.GetValueOrDefault(ImportColumns.CitizenId))
            .Where(id => !CitizenId.IsPlaceholder(id))
            .Select(id => MemberProfileFields.Clean(MemberProfileFields.CitizenId, id))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var cards = command.Rows.Select(r => CardOrNull(r.Cells.GetValueOrDefault(ImportColumns.CardNumber))).OfType<string>().ToHashSet(StringComparer.Ordinal);

        var citizenIdsInRegister = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in citizenIds.Chunk(QueryChunk))
        {
            var found = await session.Query<Member>().Where(m => m.Profile.CitizenId.IsOneOf(chunk)).Select(m => m.Profile.CitizenId!).ToListAsync(ct);
            citizenIdsInRegister.UnionWith(found);
        }

        var cardNumbersInRegister = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in cards.Chunk(QueryChunk))
        {
            // The current number is indexed.
            var found = await session.Query<Member>().Where(m => m.CardNumber.IsOneOf(chunk)).Select(m => m.CardNumber!).ToListAsync(ct);
            cardNumbersInRegister.UnionWith(found);
        }

        if (cards.Count > 0)
        {
            // A number held before the 2025 exchange is taken too, as for a card issued by hand. The
            // old numbers are not indexed, so the register is read once for the whole file, not per chunk.
            var all = cards.ToArray();
            var previous = await session.Query<Member>()
                .Where(m => m.PreviousCardNumbers.Any(p => p.IsOneOf(all)))
                .Select(m => m.PreviousCardNumbers)
                .ToListAsync(ct);
            cardNumbersInRegister.UnionWith(previous.SelectMany(p => p).Where(cards.Contains));
        }

        var scope = command.CellsInScope?.ToHashSet()
            ?? tree.Roots.SelectMany(r => tree.Subtree(r.Id)).Select(n => n.Id).ToHashSet();
        var decision = Decide(command.Rows, tree, citizenIdsInRegister, cardNumbersInRegister, scope, today, command.ImportId);
        if (!decision.IsValid)
        {
            return new ImportOutcome(0, decision.Errors);
        }

        // The decision refused duplicates within the file and against the register; the keys make the
        // database refuse the whole file if another transaction took one of its values meanwhile.
        await RegisterKeys.ClaimAllAsync(session, decision.Members.SelectMany(KeysOf), ct);
        foreach (var member in decision.Members)
        {
            session.Events.StartStream<Member>(member.MemberId, [.. member.Events]);
        }

        return new ImportOutcome(decision.Members.Count, []);
    }

    private static IEnumerable<(Guid OwnerId, string? Key)> KeysOf(ImportedMember member) =>
        member.Events.Select(e => e switch
        {
            MemberAdmitted admitted => RegisterKeys.CitizenId(admitted.Profile.CitizenId),
            PartyCardIssued card => RegisterKeys.Card(card.CardNumber),
            _ => null,
        }).Select(key => (member.MemberId, key));

    /// <summary>What every row is checked against: the register, the tree, the user's scope, and the rows seen so far.</summary>
    private sealed record ImportContext(
        Guid ImportId,
        OrganisationTree Tree,
        IReadOnlyDictionary<string, OrganisationNode> CellsByCode,
        IReadOnlySet<Guid> Scope,
        ISet<string> CitizenIdsInRegister,
        ISet<string> CardNumbersInRegister,
        LocalDate Today)
    {
        /// <summary>The first row each citizen ID was seen on: a second is a duplicate within the file.</summary>
        public Dictionary<string, int> CitizenIdRows { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> CardRows { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>The row's values its column checks parsed: null where the cell is empty or was refused.</summary>
    private sealed class RowValues
    {
        public Sex? Sex { get; set; }

        public LocalDate? Born { get; set; }

        public LocalDate? Decided { get; set; }

        public LocalDate? Ceremony { get; set; }

        public LocalDate? Official { get; set; }

        public string? Card { get; set; }

        public OrganisationNode? Cell { get; set; }
    }

    /// <summary>
    /// The checks of one column each: read and parse the cell, apply the column's rule, keep the value.
    /// They run in this order, which is the order a row's errors are listed in. The text columns need no
    /// check of their own: the admission rules check them with the rest of the profile.
    /// </summary>
    private static readonly IReadOnlyList<(string Column, Action<RowCheck, ImportContext, RowValues> Check)> ColumnChecks =
    [
        (ImportColumns.Sex, (row, _, values) => values.Sex = CheckSex(row)),
        (ImportColumns.DateOfBirth, (row, _, values) => values.Born = row.Date(ImportColumns.DateOfBirth)),
        (ImportColumns.AdmissionDate, (row, _, values) => values.Decided = row.Date(ImportColumns.AdmissionDate)),
        (ImportColumns.CeremonyDate, (row, _, values) => values.Ceremony = row.Date(ImportColumns.CeremonyDate)),
        (ImportColumns.OfficialDate, (row, _, values) => values.Official = row.Date(ImportColumns.OfficialDate)),
        (ImportColumns.CitizenId, (row, context, _) => CheckCitizenId(row, context)),
        (ImportColumns.CardNumber, (row, context, values) => values.Card = CheckCard(row, context)),
        (ImportColumns.CellCode, (row, context, values) => values.Cell = CheckCell(row, context)),
        (ImportColumns.OfficialDecisionNumber, (row, _, values) => CheckOfficialDecisionNumber(row, values)),
    ];

    private static ImportedMember? DecideRow(RowCheck row, ImportContext context)
    {
        foreach (var column in ImportColumns.All)
        {
            row.CheckFormula(column);
        }

        foreach (var column in ImportColumns.Required)
        {
            if (row.Text(column) is null && !row.IsBad(column))
            {
                row.Fail(column, "Import.Required");
            }
        }

        var values = new RowValues();
        foreach (var (_, check) in ColumnChecks)
        {
            check(row, context, values);
        }

        if (row.Failed || values is not { Sex: { } sex, Born: { } born, Decided: { } decided, Cell: { } cell })
        {
            return null;
        }

        var memberId = MemberIdFor(context.ImportId, row.Number);
        var profile = new MemberProfile(
            row.Text(ImportColumns.FullName) ?? string.Empty,
            sex,
            born,
            BirthName: row.Text(ImportColumns.BirthName),
            PlaceOfBirth: row.Text(ImportColumns.PlaceOfBirth),
            HomeTown: row.Text(ImportColumns.HomeTown),
            Ethnicity: row.Text(ImportColumns.Ethnicity),
            Religion: row.Text(ImportColumns.Religion),
            CitizenId: row.Text(ImportColumns.CitizenId),
            Phone: row.Text(ImportColumns.Phone));
        var admit = new AdmitMember(memberId, profile, cell.Id, new Decision(row.Text(ImportColumns.AdmissionDecisionNumber) ?? string.Empty, decided), values.Ceremony ?? decided);
        // The register's own admission rules; "existing" is null because the register's citizen IDs were checked above.
        if (row.Rule(null, () => AdmitMemberHandler.Decide(admit, context.Tree, null, context.Today)) is not { } admitted)
        {
            return null;
        }

        var events = new List<object> { admitted };
        if (values.Official is { } officialDate)
        {
            if (Recognition(row, context, admitted, officialDate) is not { } recognised)
            {
                return null;
            }

            events.Add(recognised);
        }

        if (values.Card is { } card)
        {
            events.Add(new PartyCardIssued(card, values.Official ?? admitted.CeremonyDate));
        }

        if (BadgesReceived(row, context, admitted) is { } badges)
        {
            events.Add(badges);
        }

        return new ImportedMember(memberId, row.Number, events);
    }

    /// <summary>
    /// The badges the roll says the member already holds: years on the badge list, separated by
    /// anything ("30, 40", "30; 40 năm"), each reached by party age today, so the worklist proposes the
    /// next one instead of one the member already has.
    /// </summary>
    private static PartyBadgesReceivedBefore? BadgesReceived(RowCheck row, ImportContext context, MemberAdmitted admitted)
    {
        if (row.Text(ImportColumns.Badges) is not { } text)
        {
            return null;
        }

        var numbers = BadgeNumbers().Matches(text).Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
        if (numbers.Count == 0 || numbers.Any(y => !PartyBadges.Years.Contains(y)))
        {
            row.Fail(ImportColumns.Badges, "Import.BadgeInvalid", text);
            return null;
        }

        var age = Member.Create(admitted).PartyAgeYears(context.Today);
        if (numbers.FirstOrDefault(y => y > age) is var beyond and > 0)
        {
            row.Fail(ImportColumns.Badges, "Import.BadgeNotReached", beyond, age);
            return null;
        }

        return new PartyBadgesReceivedBefore([.. numbers.Distinct().Order()], context.Today);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\d+")]
    private static partial System.Text.RegularExpressions.Regex BadgeNumbers();

    private static Sex? CheckSex(RowCheck row)
    {
        if (row.Text(ImportColumns.Sex) is not { } text)
        {
            return null;
        }

        var folded = VietnameseText.Fold(text);
        if (Males.Contains(folded))
        {
            return Sex.Male;
        }

        if (Females.Contains(folded))
        {
            return Sex.Female;
        }

        row.Fail(ImportColumns.Sex, "Import.SexInvalid", text);
        return null;
    }

    /// <summary>A citizen ID is optional, but one the file gives must be new to the file and to the register.</summary>
    private static void CheckCitizenId(RowCheck row, ImportContext context)
    {
        if (row.Text(ImportColumns.CitizenId) is not { } text
            || row.Rule(ImportColumns.CitizenId, () => MemberProfileFields.Clean(MemberProfileFields.CitizenId, text) ?? string.Empty) is not { Length: > 0 } citizenId)
        {
            return;
        }

        if (context.CitizenIdRows.TryGetValue(citizenId, out var first))
        {
            row.Fail(ImportColumns.CitizenId, "Import.DuplicateCitizenIdInFile", citizenId, first, row.Number);
            return;
        }

        context.CitizenIdRows[citizenId] = row.Number;
        if (context.CitizenIdsInRegister.Contains(citizenId))
        {
            row.Fail(ImportColumns.CitizenId, "Import.CitizenIdInRegister", citizenId);
        }
    }

    /// <summary>The card number, normalised, new to the file and to the register (old numbers included).</summary>
    private static string? CheckCard(RowCheck row, ImportContext context)
    {
        if (row.Text(ImportColumns.CardNumber) is not { } text
            || row.Rule(ImportColumns.CardNumber, () => PartyCardsHandler.Normalise(text)) is not { } card)
        {
            return null;
        }

        if (context.CardRows.TryGetValue(card, out var first))
        {
            row.Fail(ImportColumns.CardNumber, "Import.DuplicateCardInFile", card, first, row.Number);
            return card;
        }

        context.CardRows[card] = row.Number;
        if (context.CardNumbersInRegister.Contains(card))
        {
            row.Fail(ImportColumns.CardNumber, "Import.CardInRegister", card);
        }

        return card;
    }

    /// <summary>An active unit by its code, and (when it is a cell) one the user may change; the admission rules say whether it is a cell.</summary>
    private static OrganisationNode? CheckCell(RowCheck row, ImportContext context)
    {
        if (row.Text(ImportColumns.CellCode) is not { } code)
        {
            return null;
        }

        if (!context.CellsByCode.TryGetValue(code, out var cell) || !cell.IsActive)
        {
            row.Fail(ImportColumns.CellCode, "Import.UnknownCell", code);
            return null;
        }

        if (cell.Kind is OrganisationKind.Cell or OrganisationKind.GrassrootsCell && !context.Scope.Contains(cell.Id))
        {
            row.Fail(ImportColumns.CellCode, "Import.CellOutOfScope", code, cell.Name);
            return null;
        }

        return cell;
    }

    /// <summary>A recognition's decision number without its date is a recognition the file forgot to date.</summary>
    private static void CheckOfficialDecisionNumber(RowCheck row, RowValues values)
    {
        if (values.Official is null && row.Text(ImportColumns.OfficialDecisionNumber) is not null && !row.IsBad(ImportColumns.OfficialDate))
        {
            row.Fail(ImportColumns.OfficialDate, "Import.OfficialDateRequired");
        }
    }

    /// <summary>
    /// The recognition the file records. The rule is 12 months after the ceremony; legacy rolls follow
    /// older rules, so the file's date stands if it is not before the ceremony nor in the future.
    /// </summary>
    private static MemberRecognisedOfficial? Recognition(RowCheck row, ImportContext context, MemberAdmitted admitted, LocalDate officialDate)
    {
        if (officialDate < admitted.CeremonyDate)
        {
            row.Fail(ImportColumns.OfficialDate, "Import.OfficialBeforeCeremony", admitted.CeremonyDate);
            return null;
        }

        if (!row.Holds(ImportColumns.OfficialDate, () => MemberRules.NotInFuture(officialDate, context.Today)))
        {
            return null;
        }

        var number = row.Text(ImportColumns.OfficialDecisionNumber) ?? admitted.Decision.Number;
        return row.Rule(ImportColumns.OfficialDecisionNumber, () => MemberRules.Valid(new Decision(number, officialDate), context.Today)) is { } decision
            ? new MemberRecognisedOfficial(decision, officialDate)
            : null;
    }

    private static string? CardOrNull(string? text)
    {
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : PartyCardsHandler.Normalise(text);
        }
        catch (RuleViolation)
        {
            return null;
        }
    }

    /// <summary>Which column a refusal of the admission rules is about.</summary>
    private static string ColumnOf(RuleViolation violation) => violation.Code switch
    {
        "Member.NameRequired" => ImportColumns.FullName,
        "Member.TextTooLong" when violation.Arguments.Count > 0 && violation.Arguments[0] is string field && ImportColumns.All.Contains(field) => field,
        "Member.SexInvalid" => ImportColumns.Sex,
        "Member.DateOfBirthInvalid" or "Member.TooYoung" => ImportColumns.DateOfBirth,
        "Member.PhoneInvalid" => ImportColumns.Phone,
        "Member.CitizenIdPlaceholder" or "Member.CitizenIdLostDigits" => ImportColumns.CitizenId,
        "Member.CellNotFound" or "Member.NotAnActiveCell" => ImportColumns.CellCode,
        "Member.DecisionNumberRequired" or "Member.DecisionNumberTooLong" => ImportColumns.AdmissionDecisionNumber,
        "Member.DecisionInFuture" => ImportColumns.AdmissionDate,
        "Member.CeremonyBeforeDecision" or "Member.DateInFuture" => ImportColumns.CeremonyDate,
        "Member.CardNumberInvalid" or "Member.CardNumberRequired" => ImportColumns.CardNumber,
        _ => string.Empty,
    };

    /// <summary>RFC 4122 version 5: SHA-1 of the namespace (the import) and the name (the row number).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "name-based ids, not security")]
    private static Guid NameBasedGuid(Guid space, string name)
    {
        var bytes = space.ToByteArray(bigEndian: true).Concat(Encoding.UTF8.GetBytes(name)).ToArray();
        var hash = SHA1.HashData(bytes).AsSpan(0, 16).ToArray();
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true);
    }

    /// <summary>One row's cells and the errors found in it so far; a column with an error is not checked again.</summary>
    private sealed class RowCheck(ImportRow row, List<ImportError> errors)
    {
        private readonly HashSet<string> _bad = new(StringComparer.Ordinal);

        public int Number => row.RowNumber;

        public bool Failed { get; private set; }

        public bool IsBad(string column) => _bad.Contains(column);

        /// <summary>The cell's text, trimmed; null when empty or already found wrong.</summary>
        public string? Text(string column) =>
            !_bad.Contains(column) && row.Cells.GetValueOrDefault(column) is { } value && value.Trim() is { Length: > 0 } text ? text : null;

        public LocalDate? Date(string column)
        {
            if (Text(column) is not { } text)
            {
                return null;
            }

            if (ImportDates.TryParse(text, out var date))
            {
                return date;
            }

            Fail(column, ImportDates.IsYearOnly(text) ? "Import.DateYearOnly" : "Import.DateInvalid", text);
            return null;
        }

        /// <summary>A cell a spreadsheet would compute: the file must hold values, not formulas.</summary>
        public void CheckFormula(string column)
        {
            if (Text(column) is { } text && text.StartsWith('='))
            {
                Fail(column, "Import.Formula", text.Length > 60 ? text[..60] + "…" : text);
            }
        }

        public void Fail(string column, string code, params object[] arguments)
        {
            errors.Add(new ImportError(row.RowNumber, column, code, arguments));
            _bad.Add(column);
            Failed = true;
        }

        /// <summary>Runs a domain rule; its refusal becomes this row's error, on <paramref name="column"/> or the column the rule is about.</summary>
        public T? Rule<T>(string? column, Func<T> rule)
            where T : class
        {
            try
            {
                return rule();
            }
            catch (RuleViolation violation)
            {
                Fail(column ?? ColumnOf(violation), violation.Code, [.. violation.Arguments]);
                return null;
            }
        }

        /// <summary>Runs a domain check that returns nothing; false when it refused (the refusal is this row's error).</summary>
        public bool Holds(string column, Action rule) =>
            Rule<object>(column, () =>
            {
                rule();
                return true;
            }) is not null;
    }
}
