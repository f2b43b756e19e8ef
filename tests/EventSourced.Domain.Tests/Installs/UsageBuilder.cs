using EventSourced.Domain.Common;
using EventSourced.Domain.Installs;
using NodaTime;

namespace EventSourced.Domain.Tests.Installs;

/// <summary>
/// App usage for the counting tests, folded from its events as Marten would. Reports happen at a
/// time of day in Hanoi (09:00 unless a test chooses), from the member's Android phone.
/// </summary>
internal static class UsageBuilder
{
    public static readonly DateTimeZone Zone = VietnamTime.Zone;

    public static MemberAppUsage New(Guid? memberId = null) => MemberAppUsage.For(memberId ?? Guid.NewGuid());

    public static Instant At(LocalDate date, int hour = 9) => date.At(new LocalTime(hour, 0)).InZoneStrictly(Zone).ToInstant();

    public static AppInstallEventReport Report(AppInstallEventKind kind, LocalDate on, int hour = 9, Guid? eventId = null, string device = "android-1") =>
        new(eventId ?? Guid.NewGuid(), kind, device, "android", "1.4.2", At(on, hour));

    public static AppInstallReported Reported(this MemberAppUsage usage, AppInstallEventKind kind, LocalDate on, int hour = 9, Guid? eventId = null, string device = "android-1")
    {
        var report = Report(kind, on, hour, eventId, device);
        return new AppInstallReported(report.EventId, usage.Id, kind, report.DeviceId, report.Platform, report.AppVersion, report.OccurredAt, report.OccurredAt);
    }

    public static MemberAppUsage Reporting(this MemberAppUsage usage, AppInstallEventKind kind, LocalDate on, int hour = 9, string device = "android-1") =>
        usage.With(usage.Reported(kind, on, hour, device: device));

    /// <summary>Applies the events in order and counts the stream version up, as Marten does.</summary>
    public static MemberAppUsage With(this MemberAppUsage usage, params object[] events)
    {
        foreach (var e in events)
        {
            var apply = typeof(MemberAppUsage).GetMethod(nameof(MemberAppUsage.Apply), [e.GetType()])
                ?? throw new ArgumentException($"No Apply for {e.GetType().Name} on app usage.", nameof(events));
            apply.Invoke(usage, [e]);
            usage.Version++;
        }

        return usage;
    }
}
