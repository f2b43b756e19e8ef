using System.Globalization;
using EventSourced.Domain.Installs;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Web.Demo;

/// <summary>
/// A deterministic handbook rollout over the demo city, shaped on the 2023 brief: targets of 80 % of
/// eligible members, pilot committees by the end of February 2023 and the rest (following the city's
/// target) by the end of April; installs mostly in those months with a long tail, a few uninstalls,
/// recent sign-ins for the "active" figure, some members without a smartphone, installs recorded by
/// staff, and the training classes (two at city level, one per pilot committee, then one per committee).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394", Justification = "demo data, deterministic")]
public static class DemoRollout
{
    public static readonly LocalDate Start = new(2023, 1, 3);
    public static readonly LocalDate PilotDeadline = new(2023, 2, 28);
    public static readonly LocalDate CityDeadline = new(2023, 4, 30);

    private static readonly string[] Platforms = ["android", "android", "android", "ios"];

    /// <summary>The streams to start: each member's app usage, the targets and the training classes.</summary>
    public static IEnumerable<(Guid StreamId, Type Aggregate, object[] Events)> Build(
        IReadOnlyList<OrganisationCreated> units, IEnumerable<(Guid MemberId, object[] Events)> members, LocalDate today, int seed = 2023)
    {
        if (today < CityDeadline)
        {
            yield break;
        }

        var random = new Random(seed);
        var byId = units.ToDictionary(u => u.OrganisationId);
        var city = units.First(u => u.Kind == OrganisationKind.CityCommittee);
        var committees = units.Where(u => u.Kind == OrganisationKind.DirectlySubordinateCommittee).ToList();

        yield return (RolloutTarget.StreamIdFor(city.OrganisationId), typeof(RolloutTarget), [new RolloutTargetSet(city.OrganisationId, 80, CityDeadline, "05-KH/TU", Start)]);
        foreach (var pilot in committees.Where(c => c.Flags.Pilot))
        {
            yield return (RolloutTarget.StreamIdFor(pilot.OrganisationId), typeof(RolloutTarget), [new RolloutTargetSet(pilot.OrganisationId, 80, PilotDeadline, "05-KH/TU", Start)]);
        }

        var classes = new List<TrainingClassRecorded>
        {
            new(Guid.Empty, TrainingLevel.City, city.OrganisationId, new LocalDate(2023, 1, 5), "Ban Tuyên giáo Thành ủy", 320, []),
            new(Guid.Empty, TrainingLevel.City, city.OrganisationId, new LocalDate(2023, 3, 2), "Văn phòng Thành ủy", 410, []),
        };
        foreach (var committee in committees)
        {
            var held = committee.Flags.Pilot ? new LocalDate(2023, 1, 10 + random.Next(10)) : new LocalDate(2023, 3, 6 + random.Next(20));
            classes.Add(new(Guid.Empty, TrainingLevel.Committee, committee.OrganisationId, held, "Ban Tuyên giáo " + committee.Name, 80 + random.Next(120), []));
        }

        foreach (var (training, index) in classes.Select((c, i) => (c, i)))
        {
            var id = DemoCity.IdFor("training:" + index.ToString(CultureInfo.InvariantCulture));
            yield return (id, typeof(TrainingClass), [training with { ClassId = id }]);
        }

        foreach (var (memberId, events) in members)
        {
            var admitted = (MemberAdmitted)events[0];
            var exempt = events.OfType<MemberExempted>().Any();
            var pilot = PilotAbove(byId, admitted.CellId);
            var usage = Usage(random, memberId, admitted.CeremonyDate, exempt, pilot, today);
            if (usage.Count > 0)
            {
                yield return (MemberAppUsage.StreamIdFor(memberId), typeof(MemberAppUsage), [.. usage]);
            }
        }
    }

    private static List<object> Usage(Random random, Guid memberId, LocalDate joined, bool exempt, bool pilot, LocalDate today)
    {
        var events = new List<object>();
        var roll = random.Next(1000);
        if (!exempt && roll < 12)
        {
            events.Add(new MarkedNotEligible("Không có điện thoại thông minh", Start.PlusDays(random.Next(60))));
            return events;
        }

        // Exempt members rarely install; others do 93 % of the time, pilots earlier.
        if ((exempt && roll > 150) || roll > 930)
        {
            return events;
        }

        var (from, days) = pilot ? (Start.PlusDays(4), 55) : (PilotDeadline, 62);
        var activated = from.PlusDays((int)(days * Math.Pow(random.NextDouble(), 0.8)));
        if (random.Next(10) == 0)
        {
            // The long tail: late adopters through the following years.
            activated = CityDeadline.PlusDays(random.Next(Math.Max(1, Period.Between(CityDeadline, today, PeriodUnits.Days).Days)));
        }

        if (activated < joined)
        {
            activated = joined.PlusDays(random.Next(1, 20));
        }

        if (activated >= today)
        {
            return events;
        }

        if (random.Next(50) == 0)
        {
            events.Add(new InstallRecordedByStaff(NextGuid(random), activated, "Đoàn viên thanh niên hỗ trợ cài đặt"));
            return events;
        }

        var device = "demo-" + memberId.ToString("N")[..12];
        var platform = Platforms[random.Next(Platforms.Length)];
        Instant At(LocalDate date) => date.At(new LocalTime(7 + random.Next(14), random.Next(60))).InZoneLeniently(Domain.Common.VietnamTime.Zone).ToInstant();
        var version = "1.0." + random.Next(9).ToString(CultureInfo.InvariantCulture);
        AppInstallReported Report(AppInstallEventKind kind, Instant at) => new(NextGuid(random), memberId, kind, device, platform, version, at, at);

        // Installed, then the first sign-in a few minutes later, as a phone reports them.
        var installedAt = At(activated);
        events.Add(Report(AppInstallEventKind.Installed, installedAt));
        events.Add(Report(AppInstallEventKind.Activated, installedAt + Duration.FromMinutes(3 + random.Next(20))));
        if (random.Next(30) == 0)
        {
            var removed = activated.PlusDays(random.Next(10, 400));
            if (removed < today)
            {
                events.Add(Report(AppInstallEventKind.Uninstalled, At(removed)));
                return events;
            }
        }

        if (random.Next(10) < 6)
        {
            events.Add(Report(AppInstallEventKind.SignedIn, At(today.PlusDays(-random.Next(1, 45)))));
        }

        return events;
    }

    private static Guid NextGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static bool PilotAbove(Dictionary<Guid, OrganisationCreated> units, Guid cellId)
    {
        for (Guid? id = cellId; id is { } current && units.TryGetValue(current, out var unit); id = unit.ParentId)
        {
            if (unit.Flags.Pilot)
            {
                return true;
            }
        }

        return false;
    }
}
