using System.Text;
using System.Text.Json;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Sites;
using NodaTime;

namespace EventSourced.Domain.Tests.Sites;

public sealed class SyncDecisionTests
{
    private static readonly Guid SiteUnit = Guid.NewGuid();
    private static readonly Guid Cell = Guid.NewGuid();
    private static readonly Guid Package = Guid.NewGuid();
    private static readonly IReadOnlySet<Guid> SiteUnits = new HashSet<Guid> { SiteUnit, Cell };

    [Fact]
    public void a_stream_the_centre_left_at_the_base_version_is_appended()
    {
        var member = Guid.NewGuid();
        var plan = SyncDecision.Decide(Batch(Change(member, 3)), KnownSite(), SiteUnits, Centre((member, 3, Cell)));

        plan.AlreadyReceived.ShouldBeFalse();
        plan.Appends.ShouldHaveSingleItem().StreamId.ShouldBe(member);
        plan.Conflicts.ShouldBeEmpty();
    }

    [Fact]
    public void a_stream_the_centre_moved_since_the_base_version_is_a_conflict()
    {
        var member = Guid.NewGuid();
        var plan = SyncDecision.Decide(Batch(Change(member, 3)), KnownSite(), SiteUnits, Centre((member, 4, Cell)));

        plan.Appends.ShouldBeEmpty();
        var conflict = plan.Conflicts.ShouldHaveSingleItem();
        conflict.Reason.ShouldBe(SiteConflictReasons.CentreMoved);
        conflict.CentreVersion.ShouldBe(4);
    }

    [Fact]
    public void a_member_the_centre_moved_out_of_the_site_is_a_conflict_even_at_the_same_version()
    {
        var member = Guid.NewGuid();
        var plan = SyncDecision.Decide(Batch(Change(member, 3)), KnownSite(), SiteUnits, Centre((member, 3, Guid.NewGuid())));

        plan.Conflicts.ShouldHaveSingleItem().Reason.ShouldBe(SiteConflictReasons.OutsideSite);
    }

    [Fact]
    public void a_stream_with_an_open_conflict_waits_behind_it_even_when_the_versions_happen_to_match()
    {
        var member = Guid.NewGuid();
        var site = KnownSite();
        site.Apply(new SiteConflictRecorded(Guid.NewGuid(), Guid.NewGuid(), member, 2, 3, SiteConflictReasons.CentreMoved, []));

        var plan = SyncDecision.Decide(Batch(Change(member, 3)), site, SiteUnits, Centre((member, 3, Cell)));

        plan.Conflicts.ShouldHaveSingleItem().Reason.ShouldBe(SiteConflictReasons.Pending);
    }

    [Fact]
    public void a_new_stream_is_started_when_the_centre_has_none()
    {
        var member = Guid.NewGuid();
        var plan = SyncDecision.Decide(Batch(Change(member, 0)), KnownSite(), SiteUnits, Centre());

        plan.Appends.ShouldHaveSingleItem().BaseVersion.ShouldBe(0);
    }

    [Fact]
    public void a_batch_already_received_changes_nothing()
    {
        var member = Guid.NewGuid();
        var batch = Batch(Change(member, 3));
        var site = KnownSite();
        site.Apply(new SiteBatchReceived(batch.BatchId, Package, 1, 1, 0, batch.CreatedAt, batch.CreatedAt));

        var plan = SyncDecision.Decide(batch, site, SiteUnits, Centre((member, 4, Cell)));

        plan.AlreadyReceived.ShouldBeTrue();
        plan.Appends.ShouldBeEmpty();
        plan.Conflicts.ShouldBeEmpty();
    }

    [Fact]
    public void a_batch_on_a_package_the_centre_never_cut_for_the_site_is_refused()
    {
        var batch = Batch(Change(Guid.NewGuid(), 0)) with { PackageId = Guid.NewGuid() };

        Should.Throw<RuleViolation>(() => SyncDecision.Decide(batch, KnownSite(), SiteUnits, Centre())).Code.ShouldBe(SiteFileRefusals.PackageUnknown);
    }

    [Fact]
    public void a_batch_carrying_anything_but_member_and_transfer_events_is_refused_whole()
    {
        var account = new SiteStreamChange(Guid.NewGuid(), 0, [Portable("EventSourced.Domain.Accounts.UserRegistered, EventSourced.Domain", 1)]);

        Should.Throw<RuleViolation>(() => SyncDecision.Decide(Batch(account), KnownSite(), SiteUnits, Centre())).Code.ShouldBe(SiteFileRefusals.EventNotAllowed);
    }

    [Fact]
    public void a_signed_batch_opens_under_its_site_key()
    {
        var key = SiteSigning.SiteKey(Encoding.UTF8.GetBytes("centre"), SiteUnit);
        var file = SiteSigning.Sign(SiteFileKind.Batch, SiteUnit, Batch(Change(Guid.NewGuid(), 1)), key);

        var (batch, refusal) = SiteSigning.Open<SyncBatch>(SiteSigning.Read(SiteSigning.Write(file))!, SiteFileKind.Batch, key);

        refusal.ShouldBeNull();
        batch.ShouldNotBeNull().Streams.ShouldHaveSingleItem();
    }

    [Fact]
    public void a_changed_payload_another_sites_key_or_the_wrong_kind_is_refused()
    {
        var key = SiteSigning.SiteKey(Encoding.UTF8.GetBytes("centre"), SiteUnit);
        var file = SiteSigning.Sign(SiteFileKind.Batch, SiteUnit, Batch(Change(Guid.NewGuid(), 1)), key);
        var otherSitesKey = SiteSigning.SiteKey(Encoding.UTF8.GetBytes("centre"), Guid.NewGuid());

        SiteSigning.Open<SyncBatch>(file with { Payload = file.Payload.Replace("\"baseVersion\":1", "\"baseVersion\":2", StringComparison.Ordinal) }, SiteFileKind.Batch, key).Refusal.ShouldBe(SiteFileRefusals.SignatureInvalid);
        SiteSigning.Open<SyncBatch>(file with { SiteUnitId = Guid.NewGuid() }, SiteFileKind.Batch, key).Refusal.ShouldBe(SiteFileRefusals.SignatureInvalid);
        SiteSigning.Open<SyncBatch>(file, SiteFileKind.Batch, otherSitesKey).Refusal.ShouldBe(SiteFileRefusals.SignatureInvalid);
        SiteSigning.Open<SyncBatch>(file, SiteFileKind.Package, key).Refusal.ShouldBe(SiteFileRefusals.WrongKind);
    }

    [Fact]
    public void a_portable_event_comes_back_as_the_same_event_with_its_headers()
    {
        var exempted = new MemberExempted(new Decision("1-NQ", new LocalDate(2025, 3, 1)), "Tuổi cao", new LocalDate(2025, 3, 1));
        var portable = new PortableEvent(PortableEvents.TypeName(typeof(MemberExempted)), JsonSerializer.SerializeToElement(exempted, PortableEvents.Json), 4, Instant.FromUtc(2025, 3, 1, 3, 0), "site-clerk", new Dictionary<string, string> { ["reason"] = "x" });

        var wrapped = PortableEvents.ToEvent(portable, new Dictionary<string, string> { [PortableEvents.SiteHeader] = "CB01" });

        wrapped.Data.ShouldBe(exempted);
        wrapped.UserName.ShouldBe("site-clerk");
        wrapped.Headers!["reason"].ShouldBe("x");
        wrapped.Headers[PortableEvents.SiteHeader].ShouldBe("CB01");
    }

    [Fact]
    public void a_member_the_centre_transferred_since_the_base_version_is_a_transfer_conflict_not_a_plain_one()
    {
        var member = Guid.NewGuid();
        var centre = new Dictionary<Guid, CentreStream> { [member] = new(5, Guid.NewGuid(), LastTransferVersion: 5) };

        var plan = SyncDecision.Decide(Batch(Change(member, 3)), KnownSite(), SiteUnits, centre);

        plan.Conflicts.ShouldHaveSingleItem().Reason.ShouldBe(SiteConflictReasons.TransferredAtCentre);
    }

    [Fact]
    public void a_transfer_the_site_already_knew_of_leaves_an_ordinary_conflict()
    {
        var member = Guid.NewGuid();
        var centre = new Dictionary<Guid, CentreStream> { [member] = new(5, Cell, LastTransferVersion: 2) };

        var plan = SyncDecision.Decide(Batch(Change(member, 3)), KnownSite(), SiteUnits, centre);

        plan.Conflicts.ShouldHaveSingleItem().Reason.ShouldBe(SiteConflictReasons.CentreMoved);
    }

    [Fact]
    public void a_site_admission_with_a_citizen_id_the_register_holds_for_another_member_is_set_aside()
    {
        var admitted = Guid.NewGuid();
        var plan = SyncDecision.Decide(Batch(Change(admitted, 0)), KnownSite(), SiteUnits, Centre());
        var claims = new Dictionary<Guid, SiteKeyClaims> { [admitted] = new(["citizen-id:001090012345"], []) };

        var checkedPlan = SyncKeyDecision.SetAsideTaken(plan, claims, new Dictionary<string, Guid> { ["citizen-id:001090012345"] = Guid.NewGuid() }, Centre());

        checkedPlan.Appends.ShouldBeEmpty();
        checkedPlan.Conflicts.ShouldHaveSingleItem().Reason.ShouldBe(SiteConflictReasons.RegisterKeyTaken);
    }

    [Fact]
    public void two_site_admissions_of_one_citizen_id_in_a_batch_append_the_first_and_set_aside_the_second()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var plan = SyncDecision.Decide(Batch(Change(first, 0), Change(second, 0)), KnownSite(), SiteUnits, Centre());
        var claims = new Dictionary<Guid, SiteKeyClaims> { [first] = new(["citizen-id:001090012345"], []), [second] = new(["citizen-id:001090012345"], []) };

        var checkedPlan = SyncKeyDecision.SetAsideTaken(plan, claims, new Dictionary<string, Guid>(), Centre());

        checkedPlan.Appends.ShouldHaveSingleItem().StreamId.ShouldBe(first);
        checkedPlan.Conflicts.ShouldHaveSingleItem().Change.StreamId.ShouldBe(second);
    }

    [Fact]
    public void a_key_the_member_already_holds_is_no_conflict()
    {
        var member = Guid.NewGuid();
        var plan = SyncDecision.Decide(Batch(Change(member, 3)), KnownSite(), SiteUnits, Centre((member, 3, Cell)));
        var claims = new Dictionary<Guid, SiteKeyClaims> { [member] = new(["card:HN1"], []) };

        SyncKeyDecision.SetAsideTaken(plan, claims, new Dictionary<string, Guid> { ["card:HN1"] = member }, Centre()).Appends.ShouldHaveSingleItem();
    }

    [Fact]
    public void an_admission_claims_its_citizen_id_and_a_corrected_citizen_id_frees_the_old_one()
    {
        var profile = new MemberProfile("NGUYỄN VĂN A", Sex.Male, new LocalDate(1990, 1, 1), CitizenId: "001090012345");
        var admitted = new MemberAdmitted(Guid.NewGuid(), profile, Cell, new Decision("1", new LocalDate(2024, 1, 1)), new LocalDate(2024, 1, 2));
        var corrected = new ProfileCorrected(MemberProfileFields.CitizenId, "001090012345", "001090054321", "Sai số", new LocalDate(2025, 1, 1));

        var claims = SiteKeyClaims.Of([admitted, corrected]);

        claims.Claims.ShouldBe(["citizen-id:001090012345", "citizen-id:001090054321"]);
        claims.Releases.ShouldBeEmpty("a key claimed in the same batch is not freed behind the claim");
        SiteKeyClaims.Of([corrected]).Releases.ShouldBe(["citizen-id:001090012345"]);
    }

    private static Site KnownSite() => Site.Create(new SitePackageIssued(SiteUnit, Package, 0, 0, Instant.FromUtc(2025, 3, 1, 0, 0)));

    private static SyncBatch Batch(params SiteStreamChange[] changes) => new(Guid.NewGuid(), SiteUnit, Package, Instant.FromUtc(2025, 3, 5, 0, 0), changes);

    private static SiteStreamChange Change(Guid stream, long baseVersion) =>
        new(stream, baseVersion, [Portable(PortableEvents.TypeName(typeof(MemberDied)), baseVersion + 1)]);

    private static PortableEvent Portable(string type, long version) =>
        new(type, JsonSerializer.SerializeToElement(new { effectiveDate = "2025-03-01" }), version, Instant.FromUtc(2025, 3, 2, 0, 0), "site-clerk", new Dictionary<string, string>());

    private static Dictionary<Guid, CentreStream> Centre(params (Guid Id, long Version, Guid Cell)[] streams) =>
        streams.ToDictionary(s => s.Id, s => new CentreStream(s.Version, s.Cell));
}
