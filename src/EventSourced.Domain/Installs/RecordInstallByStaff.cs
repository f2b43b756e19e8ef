using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Installs;

/// <summary>
/// Staff record that the app was installed and set up for the member (by the youth volunteers).
/// <paramref name="EventId"/> is generated when the form is shown, so sending it twice records it once.
/// It carries no version: it only adds, so a report from the app in between changes nothing it saw.
/// </summary>
public sealed record RecordInstallByStaff(Guid MemberId, Guid EventId, LocalDate On, string? DeviceNote);

public static class RecordInstallByStaffHandler
{
    /// <summary>The staff install, or nothing when this form was already recorded.</summary>
    public static IReadOnlyList<InstallRecordedByStaff> Decide(RecordInstallByStaff command, MemberAppUsage usage, LocalDate today)
    {
        if (command.EventId == Guid.Empty)
        {
            throw new RuleViolation("Install.EventIdRequired");
        }

        if (usage.StaffInstalls.Exists(s => s.EventId == command.EventId))
        {
            return [];
        }

        InstallRules.NotInFuture(command.On, today);
        var note = Input.Optional(command.DeviceNote, TextLimits.DeviceNote, "Install.DeviceNote") ?? string.Empty;
        return [new InstallRecordedByStaff(command.EventId, command.On, note)];
    }

    public static async Task Handle(RecordInstallByStaff command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var (stream, usage) = await InstallRules.FetchAsync(session, command.MemberId, null, ct);
        stream.AppendMany(Decide(command, usage, VietnamTime.Today(clock)));
    }
}
