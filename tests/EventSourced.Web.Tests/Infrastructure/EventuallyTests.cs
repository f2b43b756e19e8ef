using System.Diagnostics;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>The tests' one way of waiting for background work, on its own: no application, no database.</summary>
public sealed class EventuallyTests
{
    private static readonly TimeSpan Quickly = TimeSpan.FromMilliseconds(5);

    [Fact]
    public async Task the_answer_that_is_done_is_returned_and_the_probe_is_not_asked_again()
    {
        var probes = 0;

        var answer = await Eventually.UntilAsync(() => Task.FromResult(++probes), n => n == 3, TimeSpan.FromSeconds(30), "the third probe", Quickly);

        answer.ShouldBe(3);
        probes.ShouldBe(3);
    }

    [Fact]
    public async Task a_condition_true_at_once_is_probed_once_and_not_slept_on()
    {
        var probes = 0;
        var clock = Stopwatch.StartNew();

        await Eventually.UntilAsync(() => Task.FromResult(++probes > 0), TimeSpan.FromSeconds(30), "anything", every: TimeSpan.FromSeconds(10));

        probes.ShouldBe(1);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task after_the_deadline_the_failure_names_what_was_awaited_how_long_and_the_last_answer()
    {
        var probes = 0;

        var failure = await Should.ThrowAsync<TimeoutException>(() => Eventually.UntilAsync(
            () => Task.FromResult($"still matching after probe {++probes}"), answer => answer == "matched", TimeSpan.FromMilliseconds(200), "the background matching", Quickly));

        failure.Message.ShouldContain("the background matching");
        failure.Message.ShouldContain("0.2 s");
        failure.Message.ShouldContain($"still matching after probe {probes}");
        probes.ShouldBeGreaterThan(1);
    }

    [Fact]
    public async Task the_failure_shows_what_the_caller_chose_of_the_last_answer_and_null_as_null()
    {
        var shown = await Should.ThrowAsync<TimeoutException>(() => Eventually.UntilAsync(
            () => Task.FromResult(new Uri("https://example.org/a/b")), _ => false, TimeSpan.Zero, "a path", Quickly, shown: uri => uri.AbsolutePath));
        var nothing = await Should.ThrowAsync<TimeoutException>(() => Eventually.UntilAsync(
            () => Task.FromResult<string?>(null), answer => answer is not null, TimeSpan.Zero, "a document", Quickly));

        shown.Message.ShouldEndWith("/a/b");
        nothing.Message.ShouldEndWith("null");
    }

    [Fact]
    public async Task a_probe_that_throws_ends_the_wait_at_once_with_its_own_exception()
    {
        var probes = 0;
        var clock = Stopwatch.StartNew();

        await Should.ThrowAsync<InvalidOperationException>(() => Eventually.UntilAsync<int>(
            () => ++probes == 1 ? throw new InvalidOperationException("the document store is gone") : Task.FromResult(probes), _ => true, TimeSpan.FromSeconds(30), "a probe that cannot read", Quickly));

        probes.ShouldBe(1);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task a_false_condition_fails_after_the_deadline_with_what_was_awaited()
    {
        var failure = await Should.ThrowAsync<TimeoutException>(() => Eventually.UntilAsync(
            () => Task.FromResult(false), TimeSpan.FromMilliseconds(50), "the standby in use", Quickly));

        failure.Message.ShouldContain("the standby in use");
        failure.Message.ShouldContain("False");
    }
}
