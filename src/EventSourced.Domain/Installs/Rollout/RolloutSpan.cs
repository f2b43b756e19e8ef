using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Installs.Rollout;

/// <summary>
/// A stretch of days, <see cref="From"/> up to but not including <see cref="To"/>, in which one member
/// was in one cell and counted the same way by the rollout: eligible or not, installed or not, active
/// in the last 30 days or not. Each day's state is the state at the end of that day. A member's spans
/// never overlap, so counting the spans that contain a date counts the members on that date.
/// </summary>
public sealed record RolloutSpan(Guid CellId, LocalDate From, LocalDate? To, bool Eligible, bool Installed, bool Active)
{
    public bool Contains(LocalDate date) => From <= date && (To is not { } to || to > date);
}

/// <summary>
/// Turns a member's record and app usage into <see cref="RolloutSpan"/>s: the rollout's counting rules
/// (<see cref="MemberAppUsage.InstalledOn"/>, <see cref="MemberAppUsage.ActiveInLast30Days"/>,
/// <see cref="MemberAppUsage.EligibleOn"/> with the member's exemption) evaluated once per day on which
/// anything can change, so the dashboard can count any date with one range query instead of replaying
/// every member.
/// </summary>
public static class RolloutSpans
{
    private const int ActiveDays = MemberAppUsage.ActiveDays;

    public static IReadOnlyList<RolloutSpan> For(Member member, MemberAppUsage? usage, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(member);
        var spans = new List<RolloutSpan>();
        var reports = usage?.Reports ?? [];
        var changes = ChangeDays(member, usage, zone);
        foreach (var cell in member.Cells)
        {
            if (cell.To is { } end && end <= cell.From)
            {
                continue;
            }

            // The days inside this cell period where the state may change, the period's first day included.
            var (first, last) = (cell.From.PlusDays(1), cell.To?.PlusDays(-1) ?? LocalDate.MaxIsoValue);
            IEnumerable<LocalDate> days = first <= last ? changes.GetViewBetween(first, last) : [];
            var sweep = new Sweep(reports, usage?.StaffInstalls ?? [], zone);
            RolloutSpan? open = null;
            foreach (var day in days.Prepend(cell.From))
            {
                var eligible = usage?.EligibleOn(day, member.ExemptOn(day)) ?? !member.ExemptOn(day);
                var (installed, active) = sweep.At(day);
                if (open is not null && open.Eligible == eligible && open.Installed == installed && open.Active == active)
                {
                    continue;
                }

                if (open is not null)
                {
                    spans.Add(open with { To = day });
                }

                open = new RolloutSpan(cell.CellId, day, cell.To, eligible, installed, active);
            }

            if (open is not null)
            {
                spans.Add(open);
            }
        }

        return spans;
    }

    /// <summary>Every day on which the member's rollout state can differ from the day before.</summary>
    private static SortedSet<LocalDate> ChangeDays(Member member, MemberAppUsage? usage, DateTimeZone zone)
    {
        var days = new SortedSet<LocalDate>();
        foreach (var period in member.ExemptPeriods)
        {
            days.Add(period.From);
            if (period.To is { } to)
            {
                days.Add(to);
            }
        }

        if (member.ExemptPeriods.Count == 0 && member.Exempt && member.ExemptSince is { } since)
        {
            days.Add(since);
        }

        if (usage is null)
        {
            return days;
        }

        foreach (var period in usage.NotEligiblePeriods)
        {
            days.Add(period.From);
            if (period.To is { } to)
            {
                days.Add(to);
            }
        }

        foreach (var report in usage.Reports)
        {
            var day = report.OccurredAt.InZone(zone).Date;
            days.Add(day);
            if (MemberAppUsage.IsActivation(report.Kind))
            {
                days.Add(day.PlusDays(ActiveDays));
            }
        }

        foreach (var staff in usage.StaffInstalls)
        {
            days.Add(staff.On);
        }

        return days;
    }

    /// <summary>
    /// Walks the reports forward once while the days go forward, so a member who signs in every day
    /// for a year costs a year of steps, not a year of steps per day. It applies the same rule as
    /// <see cref="MemberAppUsage.InstalledOn"/> (a test holds the two to each other).
    /// </summary>
    private sealed class Sweep(List<AppInstallReported> reports, List<InstallRecordedByStaff> staffInstalls, DateTimeZone zone)
    {
        private readonly InstalledDevices _devices = new();
        private int _report;
        private int _staff;
        private LocalDate? _lastAppActivationDay;

        public (bool Installed, bool Active) At(LocalDate day)
        {
            var endOfDay = day.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
            for (; _report < reports.Count && reports[_report].OccurredAt < endOfDay; _report++)
            {
                var report = reports[_report];
                _devices.Add(report);
                if (MemberAppUsage.IsActivation(report.Kind))
                {
                    _lastAppActivationDay = report.OccurredAt.InZone(zone).Date;
                }
            }

            for (; _staff < staffInstalls.Count && staffInstalls[_staff].On <= day; _staff++)
            {
                _devices.AddStaffInstall(staffInstalls[_staff].On.AtStartOfDayInZone(zone).ToInstant());
            }

            var active = _lastAppActivationDay is { } last && last > day.PlusDays(-ActiveDays);
            return (_devices.Any, active);
        }
    }
}
