using EventSourced.Domain.Common;
using NodaTime;

namespace EventSourced.Domain.Installs;

/// <summary>What the handbook app reports about itself on a device.</summary>
public enum AppInstallEventKind
{
    /// <summary>The app was installed; on its own this does not count as installed for the rollout.</summary>
    Installed,

    /// <summary>The first sign-in on a device: from here the member counts as installed.</summary>
    Activated,

    /// <summary>A later sign-in; it proves the app is in use, so it counts as an activation too.</summary>
    SignedIn,

    /// <summary>The app was removed from the device.</summary>
    Uninstalled,
}

/// <summary>
/// One event reported by the app, as the device saw it: <paramref name="OccurredAt"/> is the time on
/// the device, <paramref name="ReceivedAt"/> the server's. <paramref name="EventId"/> is chosen by the
/// app, so a retried report carries the same id and is counted once: the event is stored under
/// <see cref="StoredIdFor"/> its member and that id, and the event store's ids are unique (decision
/// 0032). <paramref name="AcceptedFrom"/> is the earliest device time the server accepted when it
/// recorded this one (received time minus the report window; null on reports recorded before there
/// was a window).
/// </summary>
public sealed record AppInstallReported(
    Guid EventId,
    Guid MemberId,
    AppInstallEventKind Kind,
    string DeviceId,
    string Platform,
    string AppVersion,
    Instant OccurredAt,
    Instant ReceivedAt,
    Instant? AcceptedFrom = null)
{
    /// <summary>
    /// The id in the event store of the member's report with the app's <paramref name="eventId"/>: a
    /// hash of both, so the same report sent again gets the same id and the unique index on event ids
    /// refuses a second copy, on any node, while two members' ids can never collide (the app chooses
    /// its ids, the member id comes from the token).
    /// </summary>
    public static Guid StoredIdFor(Guid memberId, Guid eventId)
    {
        Span<byte> key = stackalloc byte[32];
        memberId.TryWriteBytes(key);
        eventId.TryWriteBytes(key[16..]);
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(key, hash);
        // An RFC 9562 version 8 (custom) UUID: the version and variant bits say it is not random.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}

/// <summary>
/// Staff recorded by hand that the app was installed and set up for the member on <paramref name="On"/>
/// (members helped by the youth volunteers, whose phones may never report). It counts as an activation
/// on that date. <paramref name="EventId"/> comes from the form, so a form sent twice is counted once.
/// </summary>
public sealed record InstallRecordedByStaff(Guid EventId, LocalDate On, string DeviceNote);

/// <summary>Staff marked the member not eligible for the app from <paramref name="EffectiveDate"/> (no smartphone, say).</summary>
public sealed record MarkedNotEligible(string Reason, LocalDate EffectiveDate);

/// <summary>Staff undid a <see cref="MarkedNotEligible"/>: the member is eligible again from <paramref name="EffectiveDate"/>.</summary>
public sealed record EligibilityRestored(LocalDate EffectiveDate);

/// <summary>A stretch of time the member was marked not eligible; <paramref name="To"/> is the day eligibility came back.</summary>
public sealed record NotEligiblePeriod(string Reason, LocalDate From, LocalDate? To);

/// <summary>
/// The member's use of the handbook app: the aggregate of the install events on the stream whose id
/// is the member's id. It keeps the reports that decide the figures (not just the latest state)
/// sorted by the time on the device, so the figures for any past date can be answered and a report
/// arriving late or out of order lands where it happened rather than where it arrived.
/// </summary>
/// <remarks>
/// Bounded however often the app reports. The figures are read at the end of a day in Hanoi time, so
/// of a day's activations only the last matters, and of its uninstalls only the last: a day keeps at
/// most one report of each of the three sorts (install, activation, uninstall), whatever arrives
/// later. It keeps no report ids: a retry is recognised by the event's id in the store
/// (<see cref="AppInstallReported.StoredIdFor"/>, decision 0032), so a report rewrites a record of a
/// few reports a day rather than kilobytes of ids.
/// </remarks>
public sealed class MemberAppUsage
{
    /// <summary>The stream's id, <see cref="StreamIdFor"/> the member (Marten sets it from the stream).</summary>
    public Guid Id { get; set; }

    /// <summary>
    /// The id of the member's app-usage stream: the member's id under a fixed mask, so it is found
    /// without a lookup, never equals the member's own stream id, and leads back to the member
    /// (<see cref="MemberIdFor"/>) for projections that see only the usage stream.
    /// </summary>
    public static Guid StreamIdFor(Guid memberId) => Mask(memberId);

    /// <summary>The member whose app-usage stream this is.</summary>
    public static Guid MemberIdFor(Guid streamId) => Mask(streamId);

    [System.Text.Json.Serialization.JsonIgnore]
    public Guid MemberId => MemberIdFor(Id);

    private static Guid Mask(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        ReadOnlySpan<byte> mask = [0x61, 0x70, 0x70, 0x2d, 0x75, 0x73, 0x61, 0x67, 0x65, 0x3a, 0x6d, 0x65, 0x6d, 0x62, 0x65, 0x72];
        for (var i = 0; i < 16; i++)
        {
            bytes[i] ^= mask[i];
        }

        return new Guid(bytes);
    }

    public int Version { get; set; }

    /// <summary>The days an activation keeps a member "active", the day itself included (the rollout's "active in the last 30 days").</summary>
    public const int ActiveDays = 30;

    /// <summary>The app's reports, sorted by <see cref="AppInstallReported.OccurredAt"/>.</summary>
    public List<AppInstallReported> Reports { get; set; } = [];

    /// <summary>Installs recorded by staff, sorted by date.</summary>
    public List<InstallRecordedByStaff> StaffInstalls { get; set; } = [];

    /// <summary>Every time the member was marked not eligible, so eligibility can be answered for any past date.</summary>
    public List<NotEligiblePeriod> NotEligiblePeriods { get; set; } = [];

    /// <summary>Why the member is not eligible now, or null when they are (as far as this stream knows).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? NotEligibleReason => NotEligiblePeriods.Count > 0 && NotEligiblePeriods[^1].To is null ? NotEligiblePeriods[^1].Reason : null;

    /// <summary>An empty record for a member the app has not reported on yet.</summary>
    public static MemberAppUsage For(Guid memberId) => new() { Id = StreamIdFor(memberId) };

    public void Apply(AppInstallReported e)
    {
        // The day's report of the same sort from the same device: the later one (by device time, then
        // id, so the order of arrival does not matter) is the one the figures read. Per device, since
        // one device's uninstall does not end another's install. The same report applied twice (one
        // stored twice before its stored id was unique) finds itself kept and changes nothing.
        var day = e.OccurredAt.InZone(VietnamTime.Zone).Date;
        var sameSort = Reports.FindIndex(r => Sort(r.Kind) == Sort(e.Kind) && r.DeviceId == e.DeviceId && r.OccurredAt.InZone(VietnamTime.Zone).Date == day);
        if (sameSort >= 0)
        {
            var kept = Reports[sameSort];
            if (kept.OccurredAt > e.OccurredAt || (kept.OccurredAt == e.OccurredAt && kept.EventId.CompareTo(e.EventId) >= 0))
            {
                return;
            }

            Reports.RemoveAt(sameSort);
        }

        // Insert after any report with the same time, so equal times keep their arrival order.
        var index = Reports.FindLastIndex(r => r.OccurredAt <= e.OccurredAt) + 1;
        Reports.Insert(index, e);
    }

    public void Apply(InstallRecordedByStaff e)
    {
        // Staff record installs by hand, a few per member: all of them are kept, so is their id.
        if (StaffInstalls.Exists(s => s.EventId == e.EventId))
        {
            return;
        }

        var index = StaffInstalls.FindLastIndex(s => s.On <= e.On) + 1;
        StaffInstalls.Insert(index, e);
    }

    public void Apply(MarkedNotEligible e) => NotEligiblePeriods.Add(new NotEligiblePeriod(e.Reason, e.EffectiveDate, null));

    public void Apply(EligibilityRestored e)
    {
        if (NotEligiblePeriods.Count > 0 && NotEligiblePeriods[^1].To is null)
        {
            NotEligiblePeriods[^1] = NotEligiblePeriods[^1] with { To = e.EffectiveDate };
        }
    }

    /// <summary>
    /// Installed at the end of <paramref name="date"/>: while any of the member's devices has the app
    /// (<see cref="InstalledDevices"/>). Activated and SignedIn are activations (a sign-in proves the
    /// app is in use, so one after an uninstall is a reinstall); Installed alone is not.
    /// </summary>
    public bool InstalledOn(LocalDate date, DateTimeZone zone)
    {
        var endOfDay = EndOfDay(date, zone);
        var devices = new InstalledDevices();
        foreach (var report in Reports)
        {
            if (report.OccurredAt >= endOfDay)
            {
                // Sorted by time on the device: nothing after this had happened by the date.
                break;
            }

            devices.Add(report);
        }

        foreach (var staff in StaffInstalls)
        {
            if (staff.On > date)
            {
                break;
            }

            devices.AddStaffInstall(staff.On.AtStartOfDayInZone(zone).ToInstant());
        }

        return devices.Any;
    }

    /// <summary>
    /// Used the app in the 30 days up to and including <paramref name="date"/>: an activation or a
    /// sign-in reported from the device. A staff-recorded install is not use of the app, so it does
    /// not count here.
    /// </summary>
    public bool ActiveInLast30Days(LocalDate date, DateTimeZone zone)
    {
        var from = date.PlusDays(1 - ActiveDays).AtStartOfDayInZone(zone).ToInstant();
        var until = EndOfDay(date, zone);
        return Reports.Any(r => IsActivation(r.Kind) && r.OccurredAt >= from && r.OccurredAt < until);
    }

    /// <summary>
    /// Expected to use the app on <paramref name="date"/>: not exempt (exemption lives on the member
    /// record, so the caller passes it for that date) and not marked not eligible on that date.
    /// </summary>
    public bool EligibleOn(LocalDate date, bool exempt) =>
        !exempt && !NotEligiblePeriods.Any(p => p.From <= date && (p.To is not { } to || to > date));

    internal static bool IsActivation(AppInstallEventKind kind) =>
        kind is AppInstallEventKind.Activated or AppInstallEventKind.SignedIn;

    /// <summary>The three sorts of report the figures tell apart: an activation, an uninstall, and an install alone.</summary>
    private static int Sort(AppInstallEventKind kind) =>
        IsActivation(kind) ? 1 : kind == AppInstallEventKind.Uninstalled ? 2 : 0;

    private static Instant EndOfDay(LocalDate date, DateTimeZone zone) => date.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
}

/// <summary>
/// Which of a member's devices have the app, fed the reports in device time: a device has it from an
/// activation until an uninstall on that device with no later activation there, so an uninstall on
/// one device leaves another's install counting. A staff-recorded install names no device the app
/// knows: it is an activation at the start of its day that any later uninstall ends (the app reporting
/// an uninstall that day is taken to be the phone staff set up).
/// </summary>
public sealed class InstalledDevices
{
    private readonly Dictionary<string, (Instant? Activated, Instant? Uninstalled)> _devices = new(StringComparer.Ordinal);
    private Instant? _staffInstall;
    private Instant? _lastUninstall;

    public void Add(AppInstallReported report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var (activated, uninstalled) = _devices.GetValueOrDefault(report.DeviceId);
        if (MemberAppUsage.IsActivation(report.Kind))
        {
            _devices[report.DeviceId] = (Later(activated, report.OccurredAt), uninstalled);
        }
        else if (report.Kind == AppInstallEventKind.Uninstalled)
        {
            _devices[report.DeviceId] = (activated, Later(uninstalled, report.OccurredAt));
            _lastUninstall = Later(_lastUninstall, report.OccurredAt);
        }
    }

    public void AddStaffInstall(Instant at) => _staffInstall = Later(_staffInstall, at);

    /// <summary>An uninstall at the very same instant as an activation is not followed by a later one.</summary>
    public bool Any =>
        _devices.Values.Any(d => d.Activated is { } a && (d.Uninstalled is not { } u || a > u))
        || (_staffInstall is { } staff && (_lastUninstall is not { } last || staff > last));

    private static Instant Later(Instant? current, Instant candidate) => current is { } c && c > candidate ? c : candidate;
}
