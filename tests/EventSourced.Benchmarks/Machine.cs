using System.Globalization;
using System.Runtime.InteropServices;
using EventSourced.Web.Infrastructure;

namespace EventSourced.Benchmarks;

/// <summary>The machine the figures come from: without it a figure cannot be compared with another.</summary>
internal sealed record Machine(string Cpu, string Processors, string Memory, string OperatingSystem, string DotNet, string PostgreSql)
{
    public static async Task<Machine> DescribeAsync(CancellationToken ct)
    {
        var cpu = Field("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var nproc = await TryRunAsync("nproc", [], ct) ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture);
        var memory = Field("/proc/meminfo", "MemTotal") is { } total && long.TryParse(total.Split(' ')[0], CultureInfo.InvariantCulture, out var kilobytes)
            ? $"{kilobytes / 1024.0 / 1024.0:0.0} GiB"
            : "unknown";
        var os = Field("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? "unknown";
        var sdk = await TryRunAsync("dotnet", ["--version"], ct);
        var dotnet = $".NET {Environment.Version}{(sdk is null ? string.Empty : $" (SDK {sdk})")}";
        var postgres = EmbeddedPostgres.FindBinaries() is { } binaries
            ? await TryRunAsync(Path.Combine(binaries, "initdb"), ["--version"], ct) ?? "unknown"
            : "not found";
        return new Machine(cpu, nproc, memory, $"{os}, kernel {Environment.OSVersion.Version}", dotnet, postgres);
    }

    /// <summary>
    /// The one-minute load average: the figures are only as quiet as the machine was, and a build
    /// running beside the harness shows here.
    /// </summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    /// <summary>The first <c>key: value</c> (or <c>key=value</c>) line of a file such as /proc/cpuinfo.</summary>
    private static string? Field(string path, string key, char separator = ':')
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return File.ReadLines(path)
            .Select(line => line.Split(separator, 2))
            .Where(parts => parts.Length == 2 && parts[0].Trim() == key)
            .Select(parts => parts[1].Trim())
            .FirstOrDefault();
    }

    private static async Task<string?> TryRunAsync(string fileName, IEnumerable<string> arguments, CancellationToken ct)
    {
        try
        {
            var result = await Command.RunAsync(fileName, arguments, ct);
            return result.ExitCode == 0 ? result.Output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Not installed.
            return null;
        }
    }
}
