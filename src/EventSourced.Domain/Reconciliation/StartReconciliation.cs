using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Reconciliation;

/// <summary>
/// An uploaded roll waiting for staff to confirm its columns (id: the reconciliation's to be). Only
/// a file the reader accepted is kept; it is the file as sent, so the columns can be remapped and the
/// file read again without another upload.
/// </summary>
public sealed class ReconciliationUpload
{
    public Guid Id { get; set; }

    public Guid UnitId { get; set; }

    public Guid? RoundId { get; set; }

    public LocalDate ReferenceDate { get; set; }

    public string FileName { get; set; } = string.Empty;

    public byte[] Bytes { get; set; } = [];
}

/// <summary>Staff upload a unit's roll and the date it stands for; matching waits for the columns to be confirmed.</summary>
public sealed record UploadRoll(Guid ReconciliationId, Guid UnitId, Guid? RoundId, LocalDate ReferenceDate, string FileName, byte[] Bytes);

/// <summary>
/// Staff confirm the columns: the roll's people as read with them, and the unit's cells with their codes;
/// <paramref name="Sheet"/> when one sheet of a workbook was chosen as the roll (decision 0048).
/// </summary>
public sealed record StartReconciliation(Guid ReconciliationId, IReadOnlyList<RollPerson> People, IReadOnlyDictionary<Guid, string> Cells, string FileHash, string? Sheet = null);

public static class StartReconciliationHandler
{
    /// <summary>
    /// The upload, kept until its columns are confirmed. A unit's part of a round (<paramref name="round"/>, loaded
    /// for <see cref="UploadRoll.RoundId"/>) is a roll as of the round's reference date: the round's progress and
    /// report count it as that, so a roll of another date is refused rather than counted as the round's.
    /// <paramref name="unit"/> is the unit the roll is of: a date before its founding or once it was closed is refused,
    /// since its register that day is empty and every row of the roll would come out as "on the roll only".
    /// </summary>
    public static ReconciliationUpload Decide(UploadRoll command, LocalDate today, ReconciliationRound? round = null, Organisation? unit = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.ReferenceDate > today)
        {
            throw new RuleViolation("Reconciliation.ReferenceDateInFuture", command.ReferenceDate);
        }

        if (unit is not null && command.ReferenceDate < unit.Founded)
        {
            throw new RuleViolation("Reconciliation.FoundedAfterReferenceDate", unit.Founded);
        }

        // A unit merged or dissolved by then had no members that day: they were the receiving unit's.
        if (unit?.AsOf(command.ReferenceDate) is { Status: not OrganisationStatus.Active } closed)
        {
            throw new RuleViolation("Reconciliation.UnitClosedByReferenceDate", closed.From);
        }

        if (command.RoundId is { } roundId)
        {
            if (round is null || round.Id != roundId)
            {
                throw new RuleViolation("Reconciliation.RoundNotFound");
            }

            if (command.ReferenceDate != round.ReferenceDate)
            {
                throw new RuleViolation("Reconciliation.NotTheRoundsDate", round.ReferenceDate);
            }
        }

        return new ReconciliationUpload
        {
            Id = command.ReconciliationId,
            UnitId = command.UnitId,
            RoundId = command.RoundId,
            ReferenceDate = command.ReferenceDate,
            FileName = command.FileName,
            Bytes = command.Bytes,
        };
    }

    public static ReconciliationStarted Decide(StartReconciliation command, ReconciliationUpload upload)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(upload);
        return command.People.Count == 0
            ? throw new RuleViolation("Reconciliation.EmptyRoll")
            : new ReconciliationStarted(upload.Id, upload.UnitId, upload.RoundId, upload.ReferenceDate, upload.FileName, command.FileHash, command.People.Count, command.Sheet);
    }

    /// <summary>
    /// Keeps the upload and schedules its deletion (<see cref="DiscardRollUploadHandler.KeptFor"/> after the upload) in the
    /// same transaction: a file whose columns are never confirmed does not stay for good.
    /// </summary>
    public static async Task<Wolverine.DeliveryMessage<DiscardRollUpload>> Handle(UploadRoll command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (await session.Events.FetchStreamStateAsync(command.ReconciliationId, ct) is not null)
        {
            throw new RuleViolation("Reconciliation.AlreadyStarted");
        }

        var round = command.RoundId is { } roundId ? await session.LoadAsync<ReconciliationRound>(roundId, ct) : null;
        var unit = await session.LoadAsync<Organisation>(command.UnitId, ct) ?? throw new RuleViolation("Organisation.NotFound");
        session.Store(Decide(command, VietnamTime.Today(clock), round, unit));
        // Real time, as Wolverine schedules: a clock set to another day (a demo, a test) must not delete it at once.
        return Wolverine.ConfiguredMessageExtensions.DelayedFor(new DiscardRollUpload(command.ReconciliationId), DiscardRollUploadHandler.KeptFor.ToTimeSpan());
    }

    /// <summary>
    /// The stream starts here, so a confirmation sent twice collides on the stream id and the matching
    /// message, kept in the same transaction, goes out once. The uploaded file (up to 50 MB of a unit's
    /// personal data) is deleted in the same transaction: the roll's people are kept, read with the columns
    /// confirmed, and nothing reads the file again.
    /// </summary>
    public static async Task<MatchRoll> Handle(StartReconciliation command, IDocumentSession session, CancellationToken ct)
    {
        var upload = await session.LoadAsync<ReconciliationUpload>(command.ReconciliationId, ct)
            ?? throw new RuleViolation("Reconciliation.NotFound");
        session.Events.StartStream<Reconciliation>(command.ReconciliationId, Decide(command, upload));
        session.Store(new ReconciliationRoll { Id = command.ReconciliationId, People = [.. command.People], Cells = new(command.Cells) });
        session.Delete(upload);
        return new MatchRoll(command.ReconciliationId);
    }
}
