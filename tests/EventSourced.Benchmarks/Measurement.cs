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

/// <summary>What a row must reach to meet its requirement, and which of its figures is judged.</summary>
internal abstract record Target(string Judged)
{
    /// <summary>Null when the row has no figure to judge.</summary>
    public abstract bool? IsMetBy(ResultRow row);

    /// <summary>The judged figure, as the verdict quotes it.</summary>
    public abstract string Figure(ResultRow row);
}

/// <summary>A limit a duration must stay under: the p95 of the repeated samples is judged.</summary>
internal sealed record LatencyTarget(TimeSpan Limit, string Judged) : Target(Judged)
{
    public override bool? IsMetBy(ResultRow row) => row.Repeated is { } repeated ? repeated.P95 < Limit : null;

    public override string Figure(ResultRow row) => Format.Duration(row.Repeated?.P95);

    public override string ToString() => $"< {Limit.TotalSeconds:0.###} s ({Judged})";
}

/// <summary>A rate a throughput must reach (so many events a second): the row's <see cref="ResultRow.Rate"/> is judged.</summary>
internal sealed record RateTarget(double Minimum, string Unit, string Judged) : Target(Judged)
{
    public override bool? IsMetBy(ResultRow row) => row.Rate is { } rate ? rate.PerSecond >= Minimum : null;

    public override string Figure(ResultRow row) => row.Rate?.ToString() ?? "—";

    public override string ToString() => $"≥ {Minimum:N0} {Unit}/s ({Judged})";
}

/// <summary>A throughput: so many of <paramref name="Unit"/> a second, over a whole burst.</summary>
internal sealed record Rate(double PerSecond, string Unit)
{
    public override string ToString() => $"{PerSecond:N0} {Unit}/s";
}

/// <summary>
/// One line of a benchmark's table: the first (cold) sample apart from the repeated (warm) ones,
/// because a cold start or a cold cache answers a different question than the steady state. A
/// throughput row also carries its <see cref="Rate"/>, shown in the note.
/// </summary>
internal sealed record ResultRow(string Label, TimeSpan? First, Measurement? Repeated, Target? Target = null, string Note = "", Rate? Rate = null)
{
    public bool? Met => Target?.IsMetBy(this);
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
