using System.Globalization;
using System.Text;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Content.Coverage;

/// <summary>
/// A document the library should hold: its number as printed, title, type, and the years of the
/// period it belongs to (one year, or a term such as 2020–2025).
/// </summary>
public sealed record ExpectedDocument(string Number, string Title, DocumentType Kind, int FromYear, int ToYear)
{
    /// <summary>The number as matched against the library (<see cref="DocumentNumbers.Normalise"/>).</summary>
    public string Key => DocumentNumbers.Normalise(Number);

    public bool Overlaps(CoveragePeriod period) => FromYear <= period.To.Year && ToYear >= period.From.Year;
}

/// <summary>Documents were added to what <paramref name="UnitId"/>, as issuing body, is expected to have in the library (one, or a whole imported file).</summary>
public sealed record ExpectedDocumentsListed(Guid UnitId, IReadOnlyList<ExpectedDocument> Documents, string? FileName);

/// <summary>A document was taken off the list (entered by mistake, or never issued).</summary>
public sealed record ExpectedDocumentRemoved(Guid UnitId, string Number);

/// <summary>
/// The documents an issuing body (a committee) is expected to have in the library, on a stream per
/// body. One stream holds the whole list, so a number is listed once per body: the list is checked
/// and written at the version read, and two people adding the same number at once collide on it.
/// </summary>
public sealed class ExpectedDocumentList
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public Guid UnitId { get; set; }

    public List<ExpectedDocument> Documents { get; set; } = [];

    public static Guid StreamIdFor(Guid unitId) => Streams.DerivedId("expected-documents", unitId);

    public void Apply(ExpectedDocumentsListed e)
    {
        UnitId = e.UnitId;
        Documents.AddRange(e.Documents);
    }

    public void Apply(ExpectedDocumentRemoved e)
    {
        var key = DocumentNumbers.Normalise(e.Number);
        Documents.RemoveAll(d => d.Key == key);
    }
}

/// <summary>How document numbers are compared: "15-NQ/TU", "15 - nq/tu" and "Số 15–NQ/TƯ" are one number.</summary>
public static class DocumentNumbers
{
    /// <summary>
    /// Upper case without diacritics or spaces, every dash as "-", every slash as "/", the word "số"
    /// ("number") in front dropped: what people type differently for the same printed number.
    /// </summary>
    public static string Normalise(string? number)
    {
        var folded = VietnameseText.Fold(number);
        if (folded.StartsWith("so ", StringComparison.Ordinal))
        {
            folded = folded[3..];
        }

        var key = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            key.Append(CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.DashPunctuation ? '-' : c is '\\' or '⁄' ? '/' : char.ToUpperInvariant(c));
        }

        return key.ToString();
    }
}

/// <summary>An expected document and whether a live document in the library carries its number.</summary>
public sealed record ExpectedDocumentStatus(ExpectedDocument Document, bool InLibrary, Guid? PostId);

/// <summary>Which of a body's expected documents are in the library: those a live document's number matches.</summary>
public static class ExpectedDocumentsCheck
{
    /// <summary>
    /// The body's expected documents of <paramref name="period"/> (all when null), each ticked off
    /// when a live document in <paramref name="library"/> (number, post) has the same normalised number.
    /// </summary>
    public static IReadOnlyList<ExpectedDocumentStatus> Check(ExpectedDocumentList? list, IEnumerable<(string Number, Guid PostId)> library, CoveragePeriod? period = null)
    {
        ArgumentNullException.ThrowIfNull(library);
        if (list is null)
        {
            return [];
        }

        var found = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var (number, postId) in library)
        {
            found.TryAdd(DocumentNumbers.Normalise(number), postId);
        }

        return [.. list.Documents
            .Where(d => period is null || d.Overlaps(period))
            .Select(d => found.TryGetValue(d.Key, out var post) ? new ExpectedDocumentStatus(d, true, post) : new ExpectedDocumentStatus(d, false, null))];
    }
}

/// <summary>
/// One row of an expected-document list as typed on screen or read from a spreadsheet: text cells,
/// the row's number in the file (0 on screen) for its errors.
/// </summary>
public sealed record ExpectedDocumentInput(int RowNumber, string? Number, string? Title, string? Kind, string? Period);

/// <summary>Why an input row cannot be listed: its row (0 on screen), the field, the rule code and its arguments.</summary>
public sealed record ExpectedDocumentError(int RowNumber, string Field, string Code, IReadOnlyList<object> Arguments);

/// <summary>How many documents were listed, or every row's errors when none was (nothing is stored then).</summary>
public sealed record ExpectedDocumentsOutcome(int Listed, IReadOnlyList<ExpectedDocumentError> Errors);

/// <summary>
/// Add documents to the list of <paramref name="UnitId"/> as issuing body: one entered on screen or
/// every row of an imported file. All rows are checked first; any error refuses the whole list.
/// </summary>
public sealed record ListExpectedDocuments(Guid UnitId, int ExpectedVersion, IReadOnlyList<ExpectedDocumentInput> Rows, string? FileName = null);

/// <summary>Take a document off a body's list.</summary>
public sealed record RemoveExpectedDocument(Guid UnitId, int ExpectedVersion, string Number);

public static class ExpectedDocumentsHandler
{
    public const int MaxRows = 5_000;

    public const int MinYear = 1930;

    /// <summary>The documents to list, or the errors of every row (and no event) when any row is wrong.</summary>
    public static (ExpectedDocumentsListed? Listed, IReadOnlyList<ExpectedDocumentError> Errors) Decide(ListExpectedDocuments command, ExpectedDocumentList? list, OrganisationNode? unit, LocalDate today)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (unit is not { IsActive: true })
        {
            throw new RuleViolation("Coverage.BodyNotActive");
        }

        if (command.Rows.Count == 0)
        {
            throw new RuleViolation("Coverage.NoDocuments");
        }

        if (command.Rows.Count > MaxRows)
        {
            throw new RuleViolation("Coverage.TooManyDocuments", MaxRows);
        }

        var listed = (list?.Documents ?? []).Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<ExpectedDocumentError>();
        var documents = new List<ExpectedDocument>();
        foreach (var row in command.Rows)
        {
            var rowErrors = new List<ExpectedDocumentError>();
            T? Field<T>(string field, Func<T> read)
            {
                try
                {
                    return read();
                }
                catch (RuleViolation violation)
                {
                    rowErrors.Add(new ExpectedDocumentError(row.RowNumber, field, violation.Code, violation.Arguments));
                    return default;
                }
            }

            var number = Field("Number", () => Input.Required(row.Number, TextLimits.Name, "Coverage.DocumentNumber"));
            var title = Field("Title", () => Input.Required(row.Title, TextLimits.Title, "Coverage.DocumentTitle"));
            var kind = Field("Kind", () => (DocumentType?)ParseKind(row.Kind));
            var years = Field("Period", () => ((int From, int To)?)ParsePeriod(row.Period, today));
            if (number is not null)
            {
                var key = DocumentNumbers.Normalise(number);
                if (listed.Contains(key))
                {
                    rowErrors.Add(new ExpectedDocumentError(row.RowNumber, "Number", "Coverage.DocumentAlreadyListed", [number]));
                }
                else if (!seen.TryAdd(key, row.RowNumber))
                {
                    rowErrors.Add(new ExpectedDocumentError(row.RowNumber, "Number", "Coverage.DocumentNumberRepeated", [number, seen[key]]));
                }
            }

            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors);
                continue;
            }

            documents.Add(new ExpectedDocument(number!, title!, kind!.Value, years!.Value.From, years.Value.To));
        }

        return errors.Count > 0 ? (null, errors) : (new ExpectedDocumentsListed(unit.Id, documents, command.FileName), []);
    }

    public static ExpectedDocumentRemoved Decide(RemoveExpectedDocument command, ExpectedDocumentList? list)
    {
        ArgumentNullException.ThrowIfNull(command);
        var key = DocumentNumbers.Normalise(command.Number);
        var document = list?.Documents.Find(d => d.Key == key) ?? throw new RuleViolation("Coverage.DocumentNotListed", command.Number);
        return new ExpectedDocumentRemoved(list!.UnitId, document.Number);
    }

    public static async Task<ExpectedDocumentsOutcome> Handle(ListExpectedDocuments command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var today = VietnamTime.Today(clock);
        var tree = await OrganisationRules.LoadTreeAsync(session, today, ct);
        var stream = await session.Events.FetchForWriting<ExpectedDocumentList>(ExpectedDocumentList.StreamIdFor(command.UnitId), command.ExpectedVersion, ct);
        var (listed, errors) = Decide(command, stream.Aggregate, tree.Find(command.UnitId), today);
        if (listed is null)
        {
            return new ExpectedDocumentsOutcome(0, errors);
        }

        stream.AppendOne(listed);
        return new ExpectedDocumentsOutcome(listed.Documents.Count, []);
    }

    public static async Task Handle(RemoveExpectedDocument command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<ExpectedDocumentList>(ExpectedDocumentList.StreamIdFor(command.UnitId), command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate));
    }

    /// <summary>The type by its name in code or on screen, in either language, with or without diacritics ("Nghị quyết", "nghi quyet", "Resolution").</summary>
    public static DocumentType ParseKind(string? text)
    {
        var folded = VietnameseText.Fold(text);
        if (folded.Length == 0)
        {
            throw new RuleViolation("Coverage.DocumentKindRequired");
        }

        foreach (var (kind, names) in KindNames)
        {
            if (names.Contains(folded) || string.Equals(folded, kind.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        throw new RuleViolation("Coverage.DocumentKindUnknown", text!.Trim());
    }

    /// <summary>"2025", or a term "2020-2025" (any dash); years from <see cref="MinYear"/> to next year.</summary>
    public static (int From, int To) ParsePeriod(string? text, LocalDate today)
    {
        var clean = VietnameseText.Normalise(text);
        if (clean.Length == 0)
        {
            throw new RuleViolation("Coverage.DocumentPeriodRequired");
        }

        var parts = clean.Split(['-', '–', '—', '/'], StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var to)
            || from < MinYear || to > today.Year + 1 || to < from)
        {
            throw new RuleViolation("Coverage.DocumentPeriodInvalid", clean);
        }

        return (from, to);
    }

    private static readonly (DocumentType Kind, string[] Names)[] KindNames =
    [
        (DocumentType.Resolution, ["nghi quyet", "nq"]),
        (DocumentType.Directive, ["chi thi", "ct"]),
        (DocumentType.Regulation, ["quy dinh", "qd", "quy che"]),
        (DocumentType.Guidance, ["huong dan", "hd"]),
        (DocumentType.Plan, ["ke hoach", "kh"]),
        (DocumentType.Other, ["khac", "ket luan", "kl", "thong bao", "tb"]),
    ];
}
