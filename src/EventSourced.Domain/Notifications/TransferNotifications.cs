using System.Globalization;
using EventSourced.Domain.Transfers;
using NodaTime;
using NodaTime.Text;

namespace EventSourced.Domain.Notifications;

/// <summary>The notifications that transfers' scheduled work leaves for the staff of both cells.</summary>
public static class TransferNotifications
{
    public static StaffNotification Overdue(Transfer transfer, LocalDate since, Instant now) => new()
    {
        Id = StaffNotification.IdFor($"transfer-overdue:{transfer.Id}"),
        MessageKey = "Notification.TransferOverdue",
        Arguments = [transfer.LetterNumber, LocalDatePattern.Iso.Format(transfer.DueBy!.Value)],
        UnitIds = [.. new[] { transfer.FromCellId, transfer.ToCellId }.OfType<Guid>()],
        Link = string.Create(CultureInfo.InvariantCulture, $"/transfers/{transfer.Id}"),
        CreatedAt = now,
        BusinessDate = since,
    };

    public static StaffNotification TemporaryEnded(Transfer transfer, Guid home, Guid host, Instant now) => new()
    {
        Id = StaffNotification.IdFor($"temporary-ended:{transfer.Id}"),
        MessageKey = "Notification.TemporaryEnded",
        Arguments = [transfer.LetterNumber, LocalDatePattern.Iso.Format(transfer.TemporaryUntil!.Value)],
        UnitIds = [home, host],
        Link = string.Create(CultureInfo.InvariantCulture, $"/transfers/{transfer.Id}"),
        CreatedAt = now,
        BusinessDate = transfer.TemporaryUntil!.Value,
    };
}
