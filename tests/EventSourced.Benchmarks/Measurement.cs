namespace EventSourced.Benchmarks;

/// <summary>Wall-clock samples of one repeated measurement and the figures the report shows.</summary>
internal sealed record Measurement
{
    public Measurement(IEnumerable<TimeSpan> samples)
    {
        Samples = [.. samples.Order()];
        if (Samples.Count == 0)
        {
            throw new ArgumentException("A measurement needs at least one sample.", nameof(samples));
        }
    }

    /// <summary>The samples, fastest first.</summary>
    public IReadOnlyList<TimeSpan> Samples { get; }

    public int Runs => Samples.Count;

    public TimeSpan Min => Samples[0];

    public TimeSpan Median => Runs % 2 == 1
        ? Samples[Runs / 2]
        : (Samples[(Runs / 2) - 1] + Samples[Runs / 2]) / 2;

    /// <summary>Nearest-rank 95th percentile: with few runs it is the slowest one, never an interpolation.</summary>
    public TimeSpan P95 => Samples[(int)Math.Ceiling(0.95 * Runs) - 1];
}

/// <summary>A limit a figure must stay under, and which figure is judged.</summary>
internal sealed record Target(TimeSpan Limit, string Judged)
{
    public bool IsMetBy(Measurement measurement) => measurement.P95 < Limit;

    public override string ToString() => $"< {Limit.TotalSeconds:0.###} s ({Judged})";
}

/// <summary>
/// One line of a benchmark's table: the first (cold) sample apart from the repeated (warm) ones,
/// because a cold start or a cold cache answers a different question than the steady state.
/// </summary>
internal sealed record ResultRow(string Label, TimeSpan? First, Measurement? Repeated, Target? Target = null, string Note = "")
{
    public bool? Met => Target is not null && Repeated is not null ? Target.IsMetBy(Repeated) : null;
}

/// <summary>What one benchmark measured, ready for the console and docs/benchmarks.md.</summary>
internal sealed record BenchmarkResult(string Name, string Title, string WhatIsMeasured, IReadOnlyList<ResultRow> Rows, IReadOnlyList<string> Notes);

/// <summary>Something went wrong in a way that makes the figures meaningless; the message says what.</summary>
internal sealed class BenchmarkException : Exception
{
    public BenchmarkException() { }

    public BenchmarkException(string message) : base(message) { }

    public BenchmarkException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>How durations and sizes are written, the same on the console and in the file.</summary>
internal static class Format
{
    public static string Duration(TimeSpan t) =>
        t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.00} s"
        : t.TotalMilliseconds >= 10 ? $"{t.TotalMilliseconds:0} ms"
        : $"{t.TotalMilliseconds:0.0} ms";

    public static string Duration(TimeSpan? t) => t is { } value ? Duration(value) : "—";

    public static string Size(long bytes) => bytes >= 1024 ? $"{bytes / 1024.0:0.0} KB" : $"{bytes} B";
}
