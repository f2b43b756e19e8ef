using System.Text.Json;
using EventSourced.Domain.Common;
using EventSourced.Domain.Sites;
using NodaTime;

namespace EventSourced.Domain.Tests.Sites;

public sealed class SiteUpdateDecisionTests
{
    private static readonly Guid Stream = Guid.NewGuid();
    private static readonly Instant Installed = Instant.FromUtc(2025, 3, 1, 0, 0);

    [Fact]
    public void a_stream_the_site_holds_as_the_centre_did_takes_the_centres_later_events()
    {
        var plan = SiteUpdateDecision.Decide(Centre("a", "b", "c"), Local(("a", false), ("b", false)));

        plan.KeepThrough.ShouldBe(2);
        plan.Append.Select(e => e.Version).ShouldBe([3L]);
        plan.RemovesLocal.ShouldBeFalse();
    }

    [Fact]
    public void the_sites_events_the_centre_kept_on_a_conflict_are_superseded_by_the_centres()
    {
        var plan = SiteUpdateDecision.Decide(Centre("a", "centre"), Local(("a", false), ("site", false)));

        plan.KeepThrough.ShouldBe(1);
        plan.Superseded.ShouldHaveSingleItem().Version.ShouldBe(2);
        plan.Append.ShouldHaveSingleItem().Version.ShouldBe(2);
        plan.RemovesLocal.ShouldBeTrue();
    }

    [Fact]
    public void the_sites_events_taken_after_the_centres_are_kept_where_the_centre_put_them()
    {
        // Staff above took the site's event after the centre's: the centre now holds it at version 3.
        var plan = SiteUpdateDecision.Decide(Centre("a", "centre", "site"), Local(("a", false), ("site", false)));

        plan.Superseded.ShouldHaveSingleItem().Version.ShouldBe(2);
        plan.Append.Select(e => e.Version).ShouldBe([2L, 3L]);
    }

    [Fact]
    public void events_recorded_since_the_last_batch_are_kept_after_the_centres_for_the_next_batch()
    {
        var plan = SiteUpdateDecision.Decide(Centre("a", "centre"), Local(("a", false), ("new", true)));

        plan.Superseded.ShouldBeEmpty();
        plan.Requeued.ShouldHaveSingleItem().Type.ShouldBe("new");
        plan.RemovesLocal.ShouldBeTrue();
    }

    [Fact]
    public void events_recorded_since_the_last_batch_on_a_stream_the_centre_left_alone_stay_where_they_are()
    {
        var plan = SiteUpdateDecision.Decide(Centre("a"), Local(("a", false), ("new", true)));

        plan.Append.ShouldBeEmpty();
        plan.RemovesLocal.ShouldBeFalse();
    }

    [Fact]
    public void a_stream_the_site_does_not_hold_is_taken_whole()
    {
        var plan = SiteUpdateDecision.Decide(Centre("a", "b"), []);

        plan.KeepThrough.ShouldBe(0);
        plan.Append.Count.ShouldBe(2);
    }

    [Fact]
    public void an_update_cut_before_the_installed_package_is_refused()
    {
        var installation = Installation();

        Should.Throw<RuleViolation>(() => SiteUpdateDecision.Check(Update(installation, Installed - Duration.FromHours(1)), installation))
            .Code.ShouldBe(SiteUpdateRefusals.Outdated);
    }

    [Fact]
    public void an_update_of_another_site_is_refused()
    {
        var installation = Installation();

        Should.Throw<RuleViolation>(() => SiteUpdateDecision.Check(Update(installation, Installed + Duration.FromHours(1)) with { UnitId = Guid.NewGuid() }, installation))
            .Code.ShouldBe(SiteFileRefusals.NotForThisSite);
    }

    [Fact]
    public void an_update_installed_already_is_refused()
    {
        var installation = Installation();
        var update = Update(installation, Installed + Duration.FromHours(1)) with { UpdateId = installation.PackageId };

        Should.Throw<RuleViolation>(() => SiteUpdateDecision.Check(update, installation)).Code.ShouldBe(SiteUpdateRefusals.AlreadyInstalled);
    }

    [Fact]
    public void an_update_standing_on_a_package_this_site_never_installed_is_refused()
    {
        var installation = Installation();

        Should.Throw<RuleViolation>(() => SiteUpdateDecision.Check(Update(installation, Installed + Duration.FromHours(1)) with { BasedOn = Guid.NewGuid() }, installation))
            .Code.ShouldBe(SiteUpdateRefusals.BasedElsewhere);
    }

    [Fact]
    public void an_update_cut_before_the_centre_received_the_sites_last_batch_is_refused()
    {
        var installation = Installation();
        installation.ExportedBatches.Add(Guid.NewGuid());

        Should.Throw<RuleViolation>(() => SiteUpdateDecision.Check(Update(installation, Installed + Duration.FromHours(1)), installation))
            .Code.ShouldBe(SiteUpdateRefusals.BatchNotReceived);
    }

    [Fact]
    public void the_next_update_after_every_batch_was_received_is_accepted()
    {
        var installation = Installation();
        var batch = Guid.NewGuid();
        installation.ExportedBatches.Add(batch);

        Should.NotThrow(() => SiteUpdateDecision.Check(Update(installation, Installed + Duration.FromHours(1)) with { ReceivedBatches = [batch] }, installation));
    }

    private static SiteInstallation Installation()
    {
        var package = Guid.NewGuid();
        return new SiteInstallation { UnitId = Guid.NewGuid(), PackageId = package, PackageCutAt = Installed, InstalledCuts = [package] };
    }

    private static SiteUpdate Update(SiteInstallation installation, Instant cutAt) =>
        new(Guid.NewGuid(), installation.UnitId, installation.PackageId, cutAt, [], [], [], 0);

    private static PortableStream Centre(params string[] types) =>
        new(Stream, types.Length, types.Select((t, i) => new PortableEvent(t, Data(t), i + 1, Installed, "centre", new Dictionary<string, string>())).ToList());

    private static List<LocalEvent> Local(params (string Type, bool Unsent)[] events) =>
        events.Select((e, i) => new LocalEvent(i + 1, e.Type, Data(e.Type).GetRawText(), e.Unsent)).ToList();

    private static JsonElement Data(string type) => JsonSerializer.SerializeToElement(new { type });
}
