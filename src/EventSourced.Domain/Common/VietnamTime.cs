using NodaTime;

namespace EventSourced.Domain.Common;

/// <summary>Business dates are dates in Hanoi; instants become dates there.</summary>
public static class VietnamTime
{
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Ho_Chi_Minh"];

    public static LocalDate Today(IClock clock) => clock.GetCurrentInstant().InZone(Zone).Date;
}
