using System.Diagnostics;

namespace EventSourced.Benchmarks;

/// <summary>A short-lived command run to its end, its output kept for the error message when it fails.</summary>
internal static class Command
{
    public static async Task<CommandResult> RunAsync(ProcessStartInfo info, CancellationToken ct = default)
    {
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info) ?? throw new BenchmarkException($"Could not start {info.FileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // Interrupted: the command must not outlive the harness.
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CommandResult(Describe(info), process.ExitCode, await stdout + await stderr);
    }

    public static Task<CommandResult> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken ct = default)
    {
        var info = new ProcessStartInfo(fileName);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return RunAsync(info, ct);
    }

    public static string Describe(ProcessStartInfo info) => string.Join(' ', [info.FileName, .. info.ArgumentList]);
}

/// <summary>How a command ended and what it printed (standard output, then standard error).</summary>
internal sealed record CommandResult(string CommandLine, int ExitCode, string Output)
{
    public CommandResult EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            throw new BenchmarkException($"`{CommandLine}` failed with exit code {ExitCode}:\n{Tail(40)}");
        }

        return this;
    }

    public string Tail(int lines) => string.Join('\n', Output.TrimEnd().Split('\n').TakeLast(lines));
}
