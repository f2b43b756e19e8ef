using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Sites;
using NodaTime;

namespace EventSourced.Domain.Tests.Sites;

public sealed class ResolveSiteConflictTests
{
    private static readonly Guid Unit = Guid.NewGuid();
    private static readonly Guid ConflictId = Guid.NewGuid();

    [Fact]
    public void an_open_conflict_is_resolved_with_a_reason()
    {
        ResolveSiteConflictHandler.Decide(Command(SiteConflictResolution.KeepCentre, "Quyết định của trung tâm"), SiteWithConflict()).Id.ShouldBe(ConflictId);
    }

    [Fact]
    public void a_resolution_without_a_reason_is_refused()
    {
        Should.Throw<RuleViolation>(() => ResolveSiteConflictHandler.Decide(Command(SiteConflictResolution.AcceptSite, "  "), SiteWithConflict())).Code.ShouldBe("Site.ResolutionReasonRequired");
    }

    [Fact]
    public void a_conflict_already_resolved_is_not_resolved_again()
    {
        var site = SiteWithConflict();
        site.Apply(new SiteConflictResolved(ConflictId, SiteConflictResolution.KeepCentre, "x", 0));

        Should.Throw<RuleViolation>(() => ResolveSiteConflictHandler.Decide(Command(SiteConflictResolution.AcceptSite, "y"), site)).Code.ShouldBe("Site.ConflictResolved");
    }

    [Fact]
    public void an_unknown_conflict_is_refused()
    {
        Should.Throw<RuleViolation>(() => ResolveSiteConflictHandler.Decide(Command(SiteConflictResolution.AcceptSite, "y") with { ConflictId = Guid.NewGuid() }, SiteWithConflict())).Code.ShouldBe("Site.ConflictNotFound");
    }

    [Fact]
    public void taking_the_sites_side_writes_in_the_members_cell_now_and_every_cell_the_events_place_anyone_in()
    {
        var (now, admittedInto) = (Guid.NewGuid(), Guid.NewGuid());
        var admission = new MemberAdmitted(Guid.NewGuid(), new MemberProfile("A", Sex.Male, Day), admittedInto, Decision, Day);

        ResolveSiteConflictHandler.CellsTaken([new MemberExempted(Decision, "Ốm", Day)], exists: true, cellNow: now).ShouldBe([now]);
        ResolveSiteConflictHandler.CellsTaken([admission], exists: false, cellNow: null).ShouldBe([admittedInto]);
    }

    [Fact]
    public void a_record_the_centre_does_not_hold_is_taken_only_from_events_that_start_one()
    {
        Should.Throw<RuleViolation>(() => ResolveSiteConflictHandler.CellsTaken([new MemberDied(Day)], exists: false, cellNow: null)).Code.ShouldBe("Site.ConflictNoRecord");
        Should.Throw<RuleViolation>(() => ResolveSiteConflictHandler.CellsTaken([new MemberDied(Day)], exists: true, cellNow: null)).Code.ShouldBe("Site.ConflictNoRecord");
    }

    [Fact]
    public void the_sites_side_is_not_taken_while_an_earlier_conflict_on_the_same_record_is_open()
    {
        var (site, _, later) = TwoConflictsOnOneRecord();

        Should.Throw<RuleViolation>(() => ResolveSiteConflictHandler.Decide(Command(SiteConflictResolution.AcceptSite, "y") with { ConflictId = later }, site)).Code.ShouldBe("Site.EarlierConflictOpen");
        ResolveSiteConflictHandler.Decide(Command(SiteConflictResolution.KeepCentre, "y") with { ConflictId = later }, site).Id.ShouldBe(later, "keeping the centre's writes nothing");
    }

    [Fact]
    public void the_sites_side_written_on_an_earlier_side_that_was_discarded_is_not_taken()
    {
        var (site, earlier, later) = TwoConflictsOnOneRecord();
        site.Apply(new SiteConflictResolved(earlier, SiteConflictResolution.KeepCentre, "Giữ hồ sơ trung tâm", 0));

        Should.Throw<RuleViolation>(() => ResolveSiteConflictHandler.Decide(Command(SiteConflictResolution.AcceptSite, "y") with { ConflictId = later }, site)).Code.ShouldBe("Site.ConflictDependsOnDiscarded");
    }

    [Fact]
    public void a_conflict_from_a_batch_on_an_update_cut_after_the_earlier_was_kept_may_be_taken()
    {
        var (site, earlier, _) = TwoConflictsOnOneRecord();
        site.Apply(new SiteConflictResolved(earlier, SiteConflictResolution.KeepCentre, "Giữ hồ sơ trung tâm", 0));
        site.Apply(new SiteConflictResolved(site.Conflicts[1].Id, SiteConflictResolution.KeepCentre, "Cùng lý do", 0));
        var update = Guid.NewGuid();
        site.Apply(new SiteUpdateIssued(Unit, update, site.PackageId!.Value, 1, 1, 1, Instant.FromUtc(2025, 3, 5, 0, 0), new Dictionary<Guid, long>()));
        var fresh = Guid.NewGuid();
        site.Apply(new SiteConflictRecorded(fresh, Guid.NewGuid(), Stream, 5, 6, SiteConflictReasons.CentreMoved, [], update));

        ResolveSiteConflictHandler.Decide(Command(SiteConflictResolution.AcceptSite, "y") with { ConflictId = fresh }, site).Id.ShouldBe(fresh);
    }

    [Fact]
    public void a_later_conflict_names_the_sites_entries_of_an_earlier_one_where_the_centre_took_them()
    {
        // The site wrote entries 3 and 4 (the earlier conflict, taken after the centre's 3..6, so now 7 and 8),
        // then a rescission of its entry 4 (the later conflict, on base 4).
        var (site, earlier, later) = TwoConflictsOnOneRecord();
        site.Apply(new SiteConflictResolved(earlier, SiteConflictResolution.AcceptSite, "Nhận", 6));
        var conflict = site.Conflicts.Single(c => c.Id == later);

        var taken = ResolveSiteConflictHandler.TakenEarlier(site, conflict);
        var rescinded = (MemberEntryRescinded)ResolveSiteConflictHandler.Rebased(Rescission(4), conflict.BaseVersion, appendedFrom: 8, taken);

        rescinded.EntryVersion.ShouldBe(8, "the site's entry 4 is the centre's 8, not the centre's own entry 4");
        ((MemberEntryRescinded)ResolveSiteConflictHandler.Rebased(Rescission(2), conflict.BaseVersion, 8, taken)).EntryVersion.ShouldBe(2, "entries before the first conflict are the same on both sides");
    }

    private static readonly Guid Stream = Guid.NewGuid();

    /// <summary>A site whose batch set aside entries 3 and 4 of a record, and whose next batch entry 5 behind it.</summary>
    private static (Site Site, Guid Earlier, Guid Later) TwoConflictsOnOneRecord()
    {
        var package = Guid.NewGuid();
        var site = Site.Create(new SitePackageIssued(Unit, package, 0, 0, Instant.FromUtc(2025, 3, 1, 0, 0)));
        var (earlier, later) = (Guid.NewGuid(), Guid.NewGuid());
        site.Apply(new SiteConflictRecorded(earlier, Guid.NewGuid(), Stream, 2, 3, SiteConflictReasons.CentreMoved, [Portable(3), Portable(4)], package));
        site.Apply(new SiteConflictRecorded(later, Guid.NewGuid(), Stream, 4, 3, SiteConflictReasons.Pending, [Portable(5)], package));
        return (site, earlier, later);
    }

    private static PortableEvent Portable(long version) =>
        new(PortableEvents.TypeName(typeof(MemberExempted)), System.Text.Json.JsonSerializer.SerializeToElement(new MemberExempted(Decision, "Ốm", Day), PortableEvents.Json), version, Instant.FromUtc(2025, 3, 2, 0, 0), "site-clerk", new Dictionary<string, string>());

    [Fact]
    public void an_accepted_rescission_names_the_site_entry_where_the_centre_appends_it()
    {
        // The site's base was entry 4; it recorded entries 5 and 6, the centre has reached 7 meanwhile,
        // so the site's entry 5 becomes the centre's 8.
        var rescinded = (MemberEntryRescinded)ResolveSiteConflictHandler.Rebased(Rescission(5), baseVersion: 4, appendedFrom: 7);

        rescinded.EntryVersion.ShouldBe(8);
        rescinded.Reason.ShouldBe("Cấp nhầm");
    }

    [Fact]
    public void an_entry_from_before_the_base_is_the_same_record_on_both_sides_and_keeps_its_number()
    {
        ((MemberEntryRescinded)ResolveSiteConflictHandler.Rebased(Rescission(4), 4, 7)).EntryVersion.ShouldBe(4);
        ((MemberEntryRescinded)ResolveSiteConflictHandler.Rebased(Rescission(2), 4, 7)).EntryVersion.ShouldBe(2);
    }

    [Fact]
    public void a_proposal_and_a_corrected_date_are_rebased_like_a_rescission()
    {
        var proposal = new MemberEntryRescissionProposed(Guid.NewGuid(), 6, nameof(MemberExempted), Decision, "Nhầm", Guid.NewGuid(), "Cán bộ trạm", Day);
        var corrected = new MemberDateCorrected(5, nameof(MemberExempted), MemberDateKind.Exemption, Day, Day.PlusDays(1), "Sai ngày", Day);

        ((MemberEntryRescissionProposed)ResolveSiteConflictHandler.Rebased(proposal, 4, 9)).EntryVersion.ShouldBe(11);
        ((MemberDateCorrected)ResolveSiteConflictHandler.Rebased(corrected, 4, 9)).EntryVersion.ShouldBe(10);
    }

    [Fact]
    public void an_event_naming_no_entry_and_a_stream_the_centre_did_not_move_are_left_as_they_are()
    {
        var exempted = new MemberExempted(Decision, "Tuổi cao", Day);

        ResolveSiteConflictHandler.Rebased(exempted, 4, 7).ShouldBeSameAs(exempted);
        ((MemberEntryRescinded)ResolveSiteConflictHandler.Rebased(Rescission(5), 0, 0)).EntryVersion.ShouldBe(5);
    }

    [Fact]
    public void every_member_event_that_names_an_entry_is_rebased()
    {
        // A new event naming an entry by its version must be added to Rebased, or an accepted conflict would
        // point it at the centre's entry now at that number.
        var naming = typeof(IMemberEvent).Assembly.GetTypes()
            .Where(t => typeof(IMemberEvent).IsAssignableFrom(t) && !t.IsAbstract && t.GetProperty("EntryVersion")?.PropertyType == typeof(int))
            .ToList();
        naming.ShouldNotBeEmpty();

        foreach (var type in naming)
        {
            var parameters = type.GetConstructors().Single().GetParameters();
            var data = Activator.CreateInstance(type, [.. parameters.Select(p => p.Name == "EntryVersion" ? 5 : Sample(p.ParameterType))])!;

            var rebased = ResolveSiteConflictHandler.Rebased(data, baseVersion: 4, appendedFrom: 7);

            type.GetProperty("EntryVersion")!.GetValue(rebased).ShouldBe(8, type.Name);
        }
    }

    private static object? Sample(Type type) =>
        type == typeof(string) ? "x"
        : type == typeof(LocalDate) ? Day
        : type == typeof(Decision) ? Decision
        : type.IsValueType ? Activator.CreateInstance(type)
        : null;

    private static readonly LocalDate Day = new(2025, 3, 9);

    private static readonly Decision Decision = new("77-QĐ/ĐU", Day);

    private static MemberEntryRescinded Rescission(int entry) =>
        new(entry, nameof(PartyCardIssued), Decision, "Cấp nhầm", null, null, null, Guid.NewGuid(), "Cán bộ trạm", Day);

    private static ResolveSiteConflict Command(SiteConflictResolution resolution, string reason) => new(Unit, ConflictId, 3, resolution, reason);

    private static Site SiteWithConflict()
    {
        var site = Site.Create(new SitePackageIssued(Unit, Guid.NewGuid(), 0, 0, Instant.FromUtc(2025, 3, 1, 0, 0)));
        site.Apply(new SiteConflictRecorded(ConflictId, Guid.NewGuid(), Guid.NewGuid(), 2, 3, SiteConflictReasons.CentreMoved, []));
        return site;
    }
}
