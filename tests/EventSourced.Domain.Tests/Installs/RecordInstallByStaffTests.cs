using EventSourced.Domain.Common;
using EventSourced.Domain.Installs;
using NodaTime;

namespace EventSourced.Domain.Tests.Installs;

public class RecordInstallByStaffTests
{
    private static readonly LocalDate Today = new(2023, 2, 20);

    [Fact]
    public void staff_record_an_install_done_by_the_youth_volunteers()
    {
        var usage = UsageBuilder.New();
        var command = new RecordInstallByStaff(usage.Id, Guid.NewGuid(), Today.PlusDays(-2), "  Điện thoại   của con trai ");

        var recorded = RecordInstallByStaffHandler.Decide(command, usage, Today);

        recorded.ShouldBe([new InstallRecordedByStaff(command.EventId, Today.PlusDays(-2), "Điện thoại của con trai")]);
        usage.With([.. recorded]).InstalledOn(Today, UsageBuilder.Zone).ShouldBeTrue();
    }

    [Fact]
    public void the_same_form_sent_twice_is_recorded_once()
    {
        var usage = UsageBuilder.New();
        var command = new RecordInstallByStaff(usage.Id, Guid.NewGuid(), Today, null);
        usage.With([.. RecordInstallByStaffHandler.Decide(command, usage, Today)]);

        RecordInstallByStaffHandler.Decide(command, usage, Today).ShouldBeEmpty();
    }

    [Fact]
    public void an_install_dated_in_the_future_is_refused()
    {
        var usage = UsageBuilder.New();

        Should.Throw<RuleViolation>(() => RecordInstallByStaffHandler.Decide(new RecordInstallByStaff(usage.Id, Guid.NewGuid(), Today.PlusDays(1), null), usage, Today))
            .Code.ShouldBe("Install.DateInFuture");
    }
}
