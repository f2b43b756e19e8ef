using EventSourced.Domain.Common;
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

    private static ResolveSiteConflict Command(SiteConflictResolution resolution, string reason) => new(Unit, ConflictId, 3, resolution, reason);

    private static Site SiteWithConflict()
    {
        var site = Site.Create(new SitePackageIssued(Unit, Guid.NewGuid(), 0, 0, Instant.FromUtc(2025, 3, 1, 0, 0)));
        site.Apply(new SiteConflictRecorded(ConflictId, Guid.NewGuid(), Guid.NewGuid(), 2, 3, SiteConflictReasons.CentreMoved, []));
        return site;
    }
}
