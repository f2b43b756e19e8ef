using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Reconciliation;
using NodaTime;

namespace EventSourced.Domain.Tests.Reconciliation;

/// <summary>An uploaded roll: never dated in the future, and in a round only as of the round's reference date.</summary>
public class UploadRollTests
{
    private static readonly LocalDate Today = new(2025, 3, 10);

    private static readonly ReconciliationRound Round = ReconciliationRound.Create(
        new ReconciliationRoundOpened(Guid.CreateVersion7(), Guid.CreateVersion7(), "Rà soát quý I", new LocalDate(2025, 3, 1), new LocalDate(2025, 4, 1), "12-KH/QU"));

    private static UploadRoll Upload(LocalDate on, Guid? round) => new(Guid.CreateVersion7(), Guid.CreateVersion7(), round, on, "danh-sach.xlsx", [1, 2, 3]);

    [Fact]
    public void a_roll_in_a_round_is_as_of_the_rounds_date()
    {
        StartReconciliationHandler.Decide(Upload(Round.ReferenceDate, Round.Id), Today, Round).RoundId.ShouldBe(Round.Id);

        var refused = Should.Throw<RuleViolation>(() => StartReconciliationHandler.Decide(Upload(Today, Round.Id), Today, Round));
        refused.Code.ShouldBe("Reconciliation.NotTheRoundsDate");
        refused.Arguments.ShouldBe([Round.ReferenceDate]);
    }

    [Fact]
    public void a_round_that_does_not_exist_is_refused_and_outside_a_round_any_past_date_will_do()
    {
        Should.Throw<RuleViolation>(() => StartReconciliationHandler.Decide(Upload(Round.ReferenceDate, Guid.CreateVersion7()), Today, round: null))
            .Code.ShouldBe("Reconciliation.RoundNotFound");
        StartReconciliationHandler.Decide(Upload(new LocalDate(2024, 7, 1), null), Today).ReferenceDate.ShouldBe(new LocalDate(2024, 7, 1));
        var future = Should.Throw<RuleViolation>(() => StartReconciliationHandler.Decide(Upload(Today.PlusDays(1), null), Today));
        future.Code.ShouldBe("Reconciliation.ReferenceDateInFuture");
        // Its text names the date: without it the message could not be written and the page failed.
        future.Arguments.ShouldBe([Today.PlusDays(1)]);
    }

    [Fact]
    public void a_roll_dated_before_the_unit_was_founded_is_refused_and_one_from_its_founding_day_is_taken()
    {
        var founded = new LocalDate(2025, 1, 15);
        var unit = Organisation.Create(new OrganisationCreated(Guid.CreateVersion7(), "BD.PX.09", "Chi bộ số 9", OrganisationKind.Cell, Guid.CreateVersion7(), OrganisationFlags.None, founded));

        var refused = Should.Throw<RuleViolation>(() => StartReconciliationHandler.Decide(Upload(founded.PlusDays(-1), null), Today, unit: unit));

        refused.Code.ShouldBe("Reconciliation.FoundedAfterReferenceDate");
        refused.Arguments.ShouldBe([founded]);
        StartReconciliationHandler.Decide(Upload(founded, null), Today, unit: unit).ReferenceDate.ShouldBe(founded);
    }

    [Fact]
    public void a_roll_dated_once_the_unit_was_merged_is_refused_and_one_from_the_day_before_is_taken()
    {
        var merged = new LocalDate(2025, 2, 1);
        var unit = Organisation.Create(new OrganisationCreated(Guid.CreateVersion7(), "BD.PX.09", "Chi bộ số 9", OrganisationKind.Cell, Guid.CreateVersion7(), OrganisationFlags.None, new LocalDate(2020, 1, 1)));
        unit.Apply(new OrganisationMerged(Guid.CreateVersion7(), [], merged));

        var refused = Should.Throw<RuleViolation>(() => StartReconciliationHandler.Decide(Upload(merged, null), Today, unit: unit));

        refused.Code.ShouldBe("Reconciliation.UnitClosedByReferenceDate");
        refused.Arguments.ShouldBe([merged]);
        StartReconciliationHandler.Decide(Upload(merged.PlusDays(-1), null), Today, unit: unit).ReferenceDate.ShouldBe(merged.PlusDays(-1));
    }
}
