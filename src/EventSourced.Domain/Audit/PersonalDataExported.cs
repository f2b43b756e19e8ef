using NodaTime;

namespace EventSourced.Domain.Audit;

/// <summary>
/// Personal data (names with citizen IDs and dates of birth) left the application in a file: who took
/// it, acting in which role, over which units (<paramref name="UnitIds"/>, the tops of the subtrees
/// exported), with which filters, in which format and how many rows, and when.
/// Each export is a stream of its own, so recording one never waits for or conflicts with another, and
/// the store's append-only guard keeps the record as written.
/// </summary>
public sealed record PersonalDataExported(
    Guid ExportId,
    Guid UserId,
    string UserName,
    string DisplayName,
    string? Role,
    IReadOnlyList<Guid> UnitIds,
    string Dataset,
    string Filters,
    string Format,
    int Rows,
    Instant At);
