using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using JasperFx.Events;
using NodaTime;

namespace EventSourced.Domain.Tests.Common;

public class AuditEntryTests
{
    private static readonly LocalDate Reform = new(2025, 7, 1);

    [Fact]
    public void the_effective_date_of_an_event_that_has_one_is_read_from_it()
    {
        AuditEntry.EffectiveDateOf(new OrganisationMoved(Guid.NewGuid(), Guid.NewGuid(), Reform)).ShouldBe(Reform);
        AuditEntry.EffectiveDateOf(new OrganisationRenamed("PX", "Phúc Xá", "BD.PX", "Phúc Xá", Reform)).ShouldBe(Reform);
        AuditEntry.EffectiveDateOf(new OrganisationMerged(Guid.NewGuid(), [], Reform)).ShouldBe(Reform);
    }

    [Fact]
    public void an_event_without_a_business_date_has_none()
    {
        AuditEntry.EffectiveDateOf(new SignInFailed(Instant.FromUtc(2024, 5, 6, 1, 0))).ShouldBeNull();
        AuditEntry.EffectiveDateOf(new RoleAssigned(Role.Editor, Guid.NewGuid())).ShouldBeNull();
        AuditEntry.EffectiveDateOf("not an event").ShouldBeNull();
    }

    [Fact]
    public void a_property_named_effective_date_of_another_type_is_not_a_business_date()
    {
        AuditEntry.EffectiveDateOf(new { EffectiveDate = "2025-07-01" }).ShouldBeNull();
    }

    [Fact]
    public void an_entry_is_read_from_the_stored_event_and_its_headers()
    {
        var moved = new OrganisationMoved(Guid.NewGuid(), Guid.NewGuid(), Reform);
        var recordedAt = new DateTimeOffset(2025, 7, 2, 3, 4, 5, TimeSpan.Zero);
        var stored = new Event<OrganisationMoved>(moved)
        {
            Version = 3,
            Sequence = 42,
            Timestamp = recordedAt,
            CorrelationId = "corr",
            CausationId = "cause",
        };
        stored.SetHeader(AuditHeaders.UserId, "u-1");
        stored.SetHeader(AuditHeaders.UserName, "lan.nguyen");
        stored.SetHeader(AuditHeaders.DisplayName, "Nguyễn Thị Lan");
        stored.SetHeader(AuditHeaders.Role, "OrganisationStaff");
        stored.SetHeader(AuditHeaders.OrganisationId, "o-1");
        stored.SetHeader(AuditHeaders.OrganisationName, "Quận ủy Ba Đình");
        stored.SetHeader(AuditHeaders.Reason, "Sắp xếp đơn vị hành chính");
        stored.SetHeader(AuditHeaders.DecisionReference, "QĐ 123");

        var entry = AuditEntry.From(stored);

        entry.ShouldBe(new AuditEntry(
            3,
            42,
            moved,
            Reform,
            Instant.FromDateTimeOffset(recordedAt),
            new Actor("u-1", "lan.nguyen", "Nguyễn Thị Lan", "OrganisationStaff", "o-1", "Quận ủy Ba Đình"),
            "Sắp xếp đơn vị hành chính",
            "QĐ 123",
            "corr",
            "cause"));
        entry.EventName.ShouldBe(nameof(OrganisationMoved));
    }

    [Fact]
    public void without_headers_the_actor_falls_back_to_the_session_user_name()
    {
        var stored = new Event<SignInFailed>(new SignInFailed(Instant.FromUtc(2024, 5, 6, 1, 0))) { UserName = "lan.nguyen" };

        var entry = AuditEntry.From(stored);

        entry.RecordedBy.ShouldBe(new Actor(null, "lan.nguyen", null, null, null, null));
        entry.EffectiveDate.ShouldBeNull();
        entry.Reason.ShouldBeNull();
    }
}
