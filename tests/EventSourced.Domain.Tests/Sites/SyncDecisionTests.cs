using System.Text;
using System.Text.Json;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Sites;
using EventSourced.Domain.Tests.Members;
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
    public void a_change_on_a_record_whose_earlier_conflict_kept_the_centres_waits_for_an_update_even_when_the_versions_match()
    {
        var member = Guid.NewGuid();
        var site = KnownSite();
        var conflict = Guid.NewGuid();
        site.Apply(new SiteConflictRecorded(conflict, Guid.NewGuid(), member, 2, 3, SiteConflictReasons.CentreMoved, [], Package));
        site.Apply(new SiteConflictResolved(conflict, SiteConflictResolution.KeepCentre, "Giữ hồ sơ trung tâm", 0));

        var stale = SyncDecision.Decide(Batch(Change(member, 3)), site, SiteUnits, Centre((member, 3, Cell)));
        var update = Guid.NewGuid();
        site.Apply(new SiteUpdateIssued(SiteUnit, update, Package, 1, 1, 1, Instant.FromUtc(2025, 3, 6, 0, 0), new Dictionary<Guid, long>()));
        var updated = SyncDecision.Decide(Batch(Change(member, 3)) with { PackageId = update }, site, SiteUnits, Centre((member, 3, Cell)));

        stale.Appends.ShouldBeEmpty();
        stale.Conflicts.ShouldHaveSingleItem().Reason.ShouldBe(SiteConflictReasons.CentreKept);
        updated.Appends.ShouldHaveSingleItem("installed after the resolution, the site stands on the centre's record");
    }

    [Fact]
    public void a_member_admitted_into_a_cell_of_the_site_is_started_when_the_centre_has_none()
    {
        var member = Guid.NewGuid();
        var plan = SyncDecision.Decide(Batch(Admission(member, Cell)), KnownSite(), SiteUnits, Centre());

        plan.Appends.ShouldHaveSingleItem().BaseVersion.ShouldBe(0);
    }

    [Fact]
    public void a_member_admitted_into_a_cell_outside_the_site_is_set_aside_never_started()
    {
        var member = Guid.NewGuid();
        var plan = SyncDecision.Decide(Batch(Admission(member, Guid.NewGuid())), KnownSite(), SiteUnits, Centre());

        plan.Appends.ShouldBeEmpty();
        plan.Conflicts.ShouldHaveSingleItem().Reason.ShouldBe(SiteConflictReasons.OutsideSite);
    }

    [Fact]
    public void a_new_stream_that_does_not_start_with_an_admission_or_an_arrival_is_set_aside()
    {
        var plan = SyncDecision.Decide(Batch(Change(Guid.NewGuid(), 0)), KnownSite(), SiteUnits, Centre());

        plan.Appends.ShouldBeEmpty();
        plan.Conflicts.ShouldHaveSingleItem().Reason.ShouldBe(SiteConflictReasons.OutsideSite);
    }

    [Fact]
    public void a_sites_member_moved_to_a_cell_outside_the_site_by_its_events_is_set_aside()
    {
        var member = Guid.NewGuid();
        var moved = new MemberCellChanged(Cell, Guid.NewGuid(), CellChangeCause.CellMerged, new LocalDate(2025, 3, 1));

        var plan = SyncDecision.Decide(Batch(Change(member, 3, moved)), KnownSite(), SiteUnits, Centre((member, 3, Cell)));

        plan.Conflicts.ShouldHaveSingleItem().Reason.ShouldBe(SiteConflictReasons.OutsideSite);
    }

    [Fact]
    public void a_transfer_letter_for_a_sites_member_to_a_cell_elsewhere_is_appended_but_a_transfer_of_another_units_member_is_not()
    {
        var (ours, theirs) = (Guid.NewGuid(), Guid.NewGuid());
        var elsewhere = Guid.NewGuid();
        var (ourTransfer, theirTransfer) = (Guid.NewGuid(), Guid.NewGuid());
        var centre = Centre((ours, 3, Cell), (theirs, 3, elsewhere));

        var plan = SyncDecision.Decide(
            Batch(
                Change(ourTransfer, 0, Letter(ourTransfer, ours, Cell, elsewhere)),
                Change(theirTransfer, 0, Letter(theirTransfer, theirs, Cell, elsewhere))),
            KnownSite(),
            SiteUnits,
            centre);

        plan.Appends.ShouldHaveSingleItem().StreamId.ShouldBe(ourTransfer, "the sending cell decides a transfer; the far end is named, not written");
        plan.Conflicts.ShouldHaveSingleItem().Change.StreamId.ShouldBe(theirTransfer);
        plan.Conflicts[0].Reason.ShouldBe(SiteConflictReasons.OutsideSite);
    }

    [Fact]
    public void a_change_on_an_existing_transfer_is_the_sites_only_while_its_member_is()
    {
        var (member, transfer) = (Guid.NewGuid(), Guid.NewGuid());
        var received = new EventSourced.Domain.Transfers.TransferReceived(new LocalDate(2025, 3, 4));
        var transferAtCentre = new CentreStream(1, null) { Kind = CentreStreamKind.Transfer, MemberId = member };

        var inside = SyncDecision.Decide(Batch(Change(transfer, 1, received)), KnownSite(), SiteUnits, new Dictionary<Guid, CentreStream> { [transfer] = transferAtCentre, [member] = new(3, Cell) });
        var outside = SyncDecision.Decide(Batch(Change(transfer, 1, received)), KnownSite(), SiteUnits, new Dictionary<Guid, CentreStream> { [transfer] = transferAtCentre, [member] = new(3, Guid.NewGuid()) });

        inside.Appends.ShouldHaveSingleItem();
        outside.Conflicts.ShouldHaveSingleItem().Reason.ShouldBe(SiteConflictReasons.OutsideSite);
    }

    [Fact]
    public void member_events_on_a_transfer_or_on_a_stream_that_is_no_member_are_refused_whole()
    {
        var stream = Guid.NewGuid();

        Should.Throw<RuleViolation>(() => SyncDecision.Decide(Batch(Change(stream, 1)), KnownSite(), SiteUnits, new Dictionary<Guid, CentreStream> { [stream] = new(1, null) { Kind = CentreStreamKind.Transfer } }))
            .Code.ShouldBe(SiteFileRefusals.EventNotAllowed);
        Should.Throw<RuleViolation>(() => SyncDecision.Decide(Batch(Change(stream, 1)), KnownSite(), SiteUnits, new Dictionary<Guid, CentreStream> { [stream] = new(1, null) { Kind = CentreStreamKind.Other } }))
            .Code.ShouldBe(SiteFileRefusals.EventNotAllowed);
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
    public void only_the_events_a_member_or_a_transfer_is_folded_from_may_be_handed_over()
    {
        PortableEvents.MaySync(PortableEvents.TypeName(typeof(MemberAdmitted))).ShouldBeTrue();
        PortableEvents.MaySync(PortableEvents.TypeName(typeof(EventSourced.Domain.Transfers.TransferReceived))).ShouldBeTrue();
        PortableEvents.MaySync(PortableEvents.TypeName(typeof(Member))).ShouldBeFalse("the aggregate is in the same namespace but no event");
        PortableEvents.MaySync(PortableEvents.TypeName(typeof(AdmitMember))).ShouldBeFalse("nor is a command");
        PortableEvents.MaySync(PortableEvents.TypeName(typeof(EventSourced.Domain.Transfers.Transfer))).ShouldBeFalse();
        PortableEvents.MaySync(PortableEvents.TypeName(typeof(EventSourced.Domain.Members.RecordReviews.RecordConfirmed))).ShouldBeFalse("a member's review stream is the centre's");
    }

    [Fact]
    public void a_batch_naming_a_stream_twice_or_with_data_that_is_not_its_event_is_refused_as_malformed()
    {
        var member = Guid.NewGuid();
        var wrongShape = new SiteStreamChange(member, 3, [new PortableEvent(PortableEvents.TypeName(typeof(MemberDied)), JsonSerializer.SerializeToElement(new { effectiveDate = 12 }), 4, Instant.FromUtc(2025, 3, 2, 0, 0), "site-clerk", new Dictionary<string, string>())]);
        var notAnObject = new SiteStreamChange(member, 3, [new PortableEvent(PortableEvents.TypeName(typeof(MemberDied)), JsonSerializer.SerializeToElement("x"), 4, Instant.FromUtc(2025, 3, 2, 0, 0), "site-clerk", new Dictionary<string, string>())]);

        Should.Throw<RuleViolation>(() => SyncDecision.Decide(Batch(Change(member, 3), Change(member, 3)), KnownSite(), SiteUnits, Centre((member, 3, Cell)))).Code.ShouldBe(SiteFileRefusals.Malformed);
        Should.Throw<RuleViolation>(() => SyncDecision.Decide(Batch(wrongShape), KnownSite(), SiteUnits, Centre((member, 3, Cell)))).Code.ShouldBe(SiteFileRefusals.Malformed);
        Should.Throw<RuleViolation>(() => SyncDecision.Decide(Batch(notAnObject), KnownSite(), SiteUnits, Centre((member, 3, Cell)))).Code.ShouldBe(SiteFileRefusals.Malformed);
        Should.Throw<RuleViolation>(() => SyncDecision.Decide(Batch(Change(member, 3)) with { Streams = null! }, KnownSite(), SiteUnits, Centre())).Code.ShouldBe(SiteFileRefusals.Malformed);
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
        var plan = SyncDecision.Decide(Batch(Admission(admitted, Cell)), KnownSite(), SiteUnits, Centre());
        var claims = new Dictionary<Guid, SiteKeyClaims> { [admitted] = new(["citizen-id:001090012345"], []) };

        var checkedPlan = SyncKeyDecision.SetAsideTaken(plan, claims, new Dictionary<string, Guid> { ["citizen-id:001090012345"] = Guid.NewGuid() }, Centre());

        checkedPlan.Appends.ShouldBeEmpty();
        checkedPlan.Conflicts.ShouldHaveSingleItem().Reason.ShouldBe(SiteConflictReasons.RegisterKeyTaken);
    }

    [Fact]
    public void two_site_admissions_of_one_citizen_id_in_a_batch_append_the_first_and_set_aside_the_second()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var plan = SyncDecision.Decide(Batch(Admission(first, Cell), Admission(second, Cell)), KnownSite(), SiteUnits, Centre());
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

        var claims = SiteKeyClaims.Of(null, [admitted, corrected]);

        claims.Claims.ShouldBe(["citizen-id:001090012345", "citizen-id:001090054321"]);
        claims.Releases.ShouldBeEmpty("a key claimed in the same batch is not freed behind the claim");
        SiteKeyClaims.Of(null, [corrected]).Releases.ShouldBe(["citizen-id:001090012345"]);
    }

    [Fact]
    public void a_card_issued_at_the_centre_and_rescinded_at_the_site_frees_its_number()
    {
        var member = MemberBuilder.Official().With(new PartyCardIssued("HN100001", new LocalDate(2025, 3, 1)));

        var keys = SiteKeyClaims.Of(member, [Rescinded(member.Version, nameof(PartyCardIssued))]);

        keys.Claims.ShouldBeEmpty();
        keys.Releases.ShouldBe(["card:HN100001"]);
    }

    [Fact]
    public void a_card_issued_and_rescinded_in_the_same_batch_is_neither_claimed_nor_kept()
    {
        var member = MemberBuilder.Official();
        var issued = member.Version + 1;

        var keys = SiteKeyClaims.Of(member, [new PartyCardIssued("HN100002", new LocalDate(2025, 3, 1)), Rescinded(issued, nameof(PartyCardIssued))]);

        keys.Claims.ShouldBeEmpty("the number was given in error: the register must not keep it for this member");
        keys.Releases.ShouldBe(["card:HN100002"]);
    }

    [Fact]
    public void a_card_issued_again_after_its_rescission_in_the_same_batch_is_claimed_and_not_freed()
    {
        var member = MemberBuilder.Official();
        var first = member.Version + 1;

        var keys = SiteKeyClaims.Of(member, [
            new PartyCardIssued("HN100003", new LocalDate(2025, 3, 1)),
            Rescinded(first, nameof(PartyCardIssued)),
            new PartyCardIssued("HN100003", new LocalDate(2025, 3, 2))]);

        keys.Claims.ShouldBe(["card:HN100003"]);
        keys.Releases.ShouldBeEmpty();
    }

    [Fact]
    public void a_new_member_admitted_at_the_site_with_a_card_rescinded_there_holds_no_card_number()
    {
        var admitted = new MemberAdmitted(Guid.NewGuid(), MemberBuilder.Profile(citizenId: "001090012399"), Cell, new Decision("1", new LocalDate(2024, 1, 1)), new LocalDate(2024, 1, 2));

        var keys = SiteKeyClaims.Of(null, [admitted, new PartyCardIssued("HN100004", new LocalDate(2025, 3, 1)), Rescinded(2, nameof(PartyCardIssued))]);

        keys.Claims.ShouldBe(["citizen-id:001090012399"]);
        keys.Releases.ShouldBe(["card:HN100004"]);
    }

    [Fact]
    public void a_rescinded_exchange_frees_its_new_number_and_the_card_it_replaced_stays_the_members()
    {
        var member = MemberBuilder.Official().With(
            new PartyCardIssued("HN100005", new LocalDate(2024, 8, 1)),
            new PartyCardReplaced("VN900005", "HN100005", CardReplacementReason.CardExchange, new LocalDate(2025, 3, 1)));

        SiteKeyClaims.Of(member, [Rescinded(member.Version, nameof(PartyCardReplaced))]).Releases.ShouldBe(["card:VN900005"]);
        SiteKeyClaims.Of(member, [Rescinded(member.Version - 1, nameof(PartyCardIssued))]).Releases
            .ShouldBeEmpty("the exchange still names the first card as the one it replaced");
    }

    [Fact]
    public void an_exchange_recorded_at_the_site_and_rescinded_there_frees_only_its_new_number()
    {
        var member = MemberBuilder.Official().With(new PartyCardIssued("HN100006", new LocalDate(2024, 8, 1)));
        var exchange = member.Version + 1;

        var keys = SiteKeyClaims.Of(member, [
            new PartyCardReplaced("VN900006", "HN100006", CardReplacementReason.CardExchange, new LocalDate(2025, 3, 1)),
            Rescinded(exchange, nameof(PartyCardReplaced))]);

        keys.Claims.ShouldBeEmpty();
        keys.Releases.ShouldBe(["card:VN900006"]);
    }

    [Fact]
    public void a_confirmed_rescission_of_an_entry_that_is_no_card_frees_nothing()
    {
        var member = MemberBuilder.Official().With(new PartyCardIssued("HN100007", new LocalDate(2024, 8, 1))).Died(new LocalDate(2025, 2, 1));
        var proposal = Guid.NewGuid();
        member.With(new MemberEntryRescissionProposed(proposal, member.Version, nameof(MemberDied), new Decision("9", new LocalDate(2025, 3, 1)), "Ghi nhầm", Guid.NewGuid(), "Cán bộ A", new LocalDate(2025, 3, 1)));

        var keys = SiteKeyClaims.Of(member, [Rescinded(member.Version - 1, nameof(MemberDied)) with { ProposalId = proposal }]);

        keys.Claims.ShouldBeEmpty();
        keys.Releases.ShouldBeEmpty();
    }

    [Fact]
    public void a_rescission_of_an_entry_the_stream_does_not_have_or_on_a_stream_that_is_no_members_frees_nothing()
    {
        var member = MemberBuilder.Official().With(new PartyCardIssued("HN100008", new LocalDate(2024, 8, 1)));

        SiteKeyClaims.Of(member, [Rescinded(member.Version + 5, nameof(PartyCardIssued))]).Releases.ShouldBeEmpty();
        SiteKeyClaims.Of(null, [Rescinded(1, nameof(PartyCardIssued))]).Releases.ShouldBeEmpty();
        SiteKeyClaims.Of(null, [new PartyCardIssued("HN100009", new LocalDate(2025, 3, 1)), Rescinded(1, nameof(PartyCardIssued))])
            .Releases.ShouldBeEmpty("a stream that does not start with an admission or arrival is folded by no one");
    }

    private static Site KnownSite() => Site.Create(new SitePackageIssued(SiteUnit, Package, 0, 0, Instant.FromUtc(2025, 3, 1, 0, 0)));

    private static SyncBatch Batch(params SiteStreamChange[] changes) => new(Guid.NewGuid(), SiteUnit, Package, Instant.FromUtc(2025, 3, 5, 0, 0), changes);

    private static SiteStreamChange Change(Guid stream, long baseVersion) =>
        new(stream, baseVersion, [Portable(PortableEvents.TypeName(typeof(MemberDied)), baseVersion + 1)]);

    private static SiteStreamChange Change(Guid stream, long baseVersion, params object[] events) =>
        new(stream, baseVersion, [.. events.Select((e, i) => new PortableEvent(PortableEvents.TypeName(e.GetType()), JsonSerializer.SerializeToElement(e, e.GetType(), PortableEvents.Json), baseVersion + 1 + i, Instant.FromUtc(2025, 3, 2, 0, 0), "site-clerk", new Dictionary<string, string>()))]);

    private static SiteStreamChange Admission(Guid member, Guid cell) =>
        Change(member, 0, new MemberAdmitted(member, MemberBuilder.Profile(), cell, new Decision("1-QĐ", new LocalDate(2025, 3, 1)), new LocalDate(2025, 3, 1)));

    private static EventSourced.Domain.Transfers.TransferIssued Letter(Guid transfer, Guid member, Guid from, Guid to) =>
        new(transfer, member, EventSourced.Domain.Transfers.TransferKind.WithinCity, from, to, "1/GT", new LocalDate(2025, 3, 1), "Chuyển công tác", new LocalDate(2025, 4, 15));

    private static PortableEvent Portable(string type, long version) =>
        new(type, JsonSerializer.SerializeToElement(new { effectiveDate = "2025-03-01" }), version, Instant.FromUtc(2025, 3, 2, 0, 0), "site-clerk", new Dictionary<string, string>());

    private static MemberEntryRescinded Rescinded(int entryVersion, string entryType) =>
        new(entryVersion, entryType, new Decision("90-QĐ/ĐU", new LocalDate(2025, 3, 5)), "Ghi nhầm người", null, null, null, Guid.NewGuid(), "Cán bộ trạm", new LocalDate(2025, 3, 5));

    private static Dictionary<Guid, CentreStream> Centre(params (Guid Id, long Version, Guid Cell)[] streams) =>
        streams.ToDictionary(s => s.Id, s => new CentreStream(s.Version, s.Cell));
}
