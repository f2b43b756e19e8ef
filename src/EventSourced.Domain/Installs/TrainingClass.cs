using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Installs;

/// <summary>The level a training class ("lớp tập huấn") was organised at.</summary>
public enum TrainingLevel
{
    City,
    Committee,
    Grassroots,
}

/// <summary>
/// A training class on the handbook was held by <paramref name="UnitId"/> on <paramref name="HeldOn"/>.
/// Trainees are a count, or the names of the staff trained (then the count is the number of names).
/// </summary>
public sealed record TrainingClassRecorded(
    Guid ClassId,
    TrainingLevel Level,
    Guid UnitId,
    LocalDate HeldOn,
    string Trainer,
    int TraineeCount,
    IReadOnlyList<string> TraineeNames);

/// <summary>The class was recorded by mistake; it no longer counts, on any date.</summary>
public sealed record TrainingClassCancelled(string Reason);

/// <summary>A training class, snapshotted inline so the dashboard sums trainees per unit with one query.</summary>
public sealed class TrainingClass
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public TrainingLevel Level { get; set; }

    public Guid UnitId { get; set; }

    public LocalDate HeldOn { get; set; }

    public string Trainer { get; set; } = string.Empty;

    public int TraineeCount { get; set; }

    public List<string> TraineeNames { get; set; } = [];

    public bool Cancelled { get; set; }

    public string? CancelReason { get; set; }

    public void Apply(TrainingClassRecorded e)
    {
        Id = e.ClassId;
        Level = e.Level;
        UnitId = e.UnitId;
        HeldOn = e.HeldOn;
        Trainer = e.Trainer;
        TraineeCount = e.TraineeCount;
        TraineeNames = [.. e.TraineeNames];
    }

    public void Apply(TrainingClassCancelled e)
    {
        Cancelled = true;
        CancelReason = e.Reason;
    }
}

/// <summary>Record a training class; <paramref name="TraineeNames"/> one per line, or a <paramref name="TraineeCount"/>.</summary>
public sealed record RecordTrainingClass(Guid ClassId, TrainingLevel Level, Guid UnitId, LocalDate HeldOn, string Trainer, int? TraineeCount, string? TraineeNames);

/// <summary>Cancel a class recorded by mistake.</summary>
public sealed record CancelTrainingClass(Guid ClassId, int ExpectedVersion, string Reason);

public static class TrainingClassHandler
{
    public const int MaxTrainees = 5000;

    public static TrainingClassRecorded Decide(RecordTrainingClass command, OrganisationNode? unit, LocalDate today)
    {
        if (command.ClassId == Guid.Empty)
        {
            throw new RuleViolation("Install.EventIdRequired");
        }

        if (unit is not { IsActive: true })
        {
            throw new RuleViolation("Install.TrainingUnitNotActive");
        }

        if (!Enum.IsDefined(command.Level))
        {
            throw new RuleViolation("Install.TrainingLevelInvalid");
        }

        InstallRules.NotInFuture(command.HeldOn, today);
        var trainer = Input.Required(command.Trainer, TextLimits.Name, "Install.Trainer");
        var names = (command.TraineeNames ?? string.Empty)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => Input.Required(n, TextLimits.Name, "Install.TraineeName"))
            .ToList();
        var count = names.Count > 0 ? names.Count : command.TraineeCount ?? 0;
        if (names.Count > 0 && command.TraineeCount is { } given && given != names.Count)
        {
            // Two answers to "how many": the names are the evidence, so a different count is a slip to point out.
            throw new RuleViolation("Install.TraineeCountMismatch", names.Count);
        }

        return count is < 1 or > MaxTrainees
            ? throw new RuleViolation("Install.TraineeCountRange", MaxTrainees)
            : new TrainingClassRecorded(command.ClassId, command.Level, unit.Id, command.HeldOn, trainer, count, names);
    }

    public static TrainingClassCancelled Decide(CancelTrainingClass command, TrainingClass training) =>
        training.Cancelled
            ? throw new RuleViolation("Install.TrainingAlreadyCancelled")
            : new TrainingClassCancelled(Input.Required(command.Reason, TextLimits.Reason, "Install.Reason"));

    public static async Task Handle(RecordTrainingClass command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        // The id comes from the form, so a form sent twice finds the class already there and adds nothing.
        if (await session.LoadAsync<TrainingClass>(command.ClassId, ct) is not null)
        {
            return;
        }

        var tree = await OrganisationRules.LoadTreeAsync(session, command.HeldOn, ct);
        session.Events.StartStream<TrainingClass>(command.ClassId, Decide(command, tree.Find(command.UnitId), VietnamTime.Today(clock)));
    }

    public static async Task Handle(CancelTrainingClass command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await Streams.AtVersionAsync<TrainingClass>(session, command.ClassId, command.ExpectedVersion, "Install.TrainingNotFound", ct);
        stream.AppendOne(Decide(command, stream.Aggregate!));
    }
}
