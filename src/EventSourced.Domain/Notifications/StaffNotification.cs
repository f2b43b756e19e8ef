using NodaTime;

namespace EventSourced.Domain.Notifications;

/// <summary>
/// An in-app message to the staff of some units, written by scheduled work (an overdue transfer, a
/// temporary transfer reaching its end). It is a document, not an event: it is a reminder derived
/// from events already stored, and marking it read changes nothing in the register.
/// </summary>
public sealed class StaffNotification
{
    public Guid Id { get; set; }

    /// <summary>The resource key of the message and its arguments, so each reader sees it in their language.</summary>
    public string MessageKey { get; set; } = string.Empty;

    public List<string> Arguments { get; set; } = [];

    /// <summary>The units whose staff should see it (both ends of a transfer).</summary>
    public List<Guid> UnitIds { get; set; } = [];

    /// <summary>Where the reader should go: a transfer's page, a member's page.</summary>
    public string Link { get; set; } = string.Empty;

    public Instant CreatedAt { get; set; }

    public LocalDate BusinessDate { get; set; }

    /// <summary>The users who have marked it read.</summary>
    public List<Guid> ReadBy { get; set; } = [];

    /// <summary>A notification's id derived from what it is about, so a repeated check writes it once.</summary>
    public static Guid IdFor(string about)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("notification:" + about));
        return new Guid(hash.AsSpan(0, 16));
    }
}
