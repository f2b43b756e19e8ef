using EventSourced.Domain.Common;
using EventSourced.Domain.Installs;
using EventSourced.Domain.Tests.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Installs;

public class TrainingClassTests
{
    private static readonly LocalDate Held = new(2023, 1, 12);

    private readonly TreeBuilder _tree = new();

    private TrainingClassRecorded Decide(int? count, string? names, LocalDate? held = null) =>
        TrainingClassHandler.Decide(
            new RecordTrainingClass(Guid.NewGuid(), TrainingLevel.Committee, _tree.District.Id, held ?? Held, "Đ/c Lê Thu Hà, Ban Tuyên giáo", count, names),
            _tree.On(Held).Find(_tree.District.Id),
            Held.PlusDays(1));

    [Fact]
    public void trainees_are_counted_from_their_names_when_named()
    {
        var recorded = Decide(null, "Nguyễn Văn An\n\n  Trần Thị Bình  \nLê Văn Cường");

        recorded.TraineeCount.ShouldBe(3);
        recorded.TraineeNames.ShouldBe(["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]);
    }

    [Fact]
    public void a_count_alone_is_enough()
    {
        Decide(120, null).TraineeCount.ShouldBe(120);
    }

    [Fact]
    public void a_count_that_disagrees_with_the_names_is_refused()
    {
        Should.Throw<RuleViolation>(() => Decide(5, "Nguyễn Văn An\nTrần Thị Bình")).Code.ShouldBe("Install.TraineeCountMismatch");
    }

    [Fact]
    public void a_class_without_trainees_or_in_the_future_is_refused()
    {
        Should.Throw<RuleViolation>(() => Decide(null, null)).Code.ShouldBe("Install.TraineeCountRange");
        Should.Throw<RuleViolation>(() => Decide(10, null, Held.PlusDays(5))).Code.ShouldBe("Install.DateInFuture");
    }

    [Fact]
    public void a_cancelled_class_cannot_be_cancelled_again()
    {
        var training = new TrainingClass();
        training.Apply(Decide(10, null));
        training.Apply(new TrainingClassCancelled("Nhập trùng"));

        Should.Throw<RuleViolation>(() => TrainingClassHandler.Decide(new CancelTrainingClass(training.Id, 2, "lại"), training)).Code.ShouldBe("Install.TrainingAlreadyCancelled");
    }
}
