using Marten;
using NodaTime;

namespace EventSourced.Domain.Reconciliation;

/// <summary>
/// An uploaded roll whose columns were never confirmed is deleted: by staff on the columns page, or by the
/// check scheduled at upload once <see cref="DiscardRollUploadHandler.KeptFor"/> has passed.
/// </summary>
public sealed record DiscardRollUpload(Guid ReconciliationId);

public static class DiscardRollUploadHandler
{
    /// <summary>How long an upload waits for its columns: a file is up to 50 MB of a unit's personal data.</summary>
    public static readonly Duration KeptFor = Duration.FromDays(7);

    /// <summary>
    /// Deletes the upload if it is still there. Confirmed columns deleted it already, so the scheduled check
    /// that finds it gone, or a second discard, does nothing.
    /// </summary>
    public static void Handle(DiscardRollUpload command, IDocumentSession session)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(session);
        session.Delete<ReconciliationUpload>(command.ReconciliationId);
    }
}
