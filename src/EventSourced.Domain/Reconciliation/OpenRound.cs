using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Reconciliation;

/// <summary>
/// A committee asks the grassroots organisations and cells below it to reconcile their rolls with the
/// register as of <see cref="ReferenceDate"/> by <see cref="Deadline"/>. Who may send it (staff of the
/// committee or above it, never an auditor) is checked where commands are sent, on <see cref="UnitId"/>.
/// </summary>
public sealed record OpenRound(Guid RoundId, Guid UnitId, string Name, LocalDate ReferenceDate, LocalDate Deadline, string DecisionReference);

public static class OpenRoundHandler
{
    /// <summary>The round opened, judged on the tree of its reference date: it covers the units that stood below the committee then.</summary>
    public static ReconciliationRoundOpened Decide(OpenRound command, OrganisationTree tree, LocalDate today)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(tree);
        var name = Input.Required(command.Name, TextLimits.Name, "Reconciliation.Name");
        var decision = Input.Required(command.DecisionReference, TextLimits.Name, "Reconciliation.DecisionReference");
        // The register can only be compared as it stood on a day already recorded.
        Input.NotInFuture(command.ReferenceDate, today, "Reconciliation.ReferenceDate");
        if (command.Deadline <= command.ReferenceDate)
        {
            throw new RuleViolation("Reconciliation.DeadlineNotAfterReferenceDate");
        }

        if (tree.Find(command.UnitId) is not { IsActive: true } unit)
        {
            throw new RuleViolation("Reconciliation.UnitNotActive");
        }

        // A cell reconciles its own roll (outside any round); a round is a committee's request to the units below it.
        if (!RoundProgress.IsCommittee(unit.Kind))
        {
            throw new RuleViolation("Reconciliation.UnitNotCommittee");
        }

        return new ReconciliationRoundOpened(command.RoundId, unit.Id, name, command.ReferenceDate, command.Deadline, decision);
    }

    public static async Task Handle(OpenRound command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var tree = await OrganisationRules.LoadTreeAsync(session, command.ReferenceDate, ct);
        var opened = Decide(command, tree, VietnamTime.Today(clock));
        // Starting the stream is what makes the same form sent twice open one round: the second start collides.
        session.Events.StartStream<ReconciliationRound>(command.RoundId, opened);
    }
}
