using System.Diagnostics;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>Runs the application's own command line (codegen, db-patch, ...) as a separate process.</summary>
public static class AppCommand
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments, IDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EventSourced.Web.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EventSourced.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EventSourced.sln not found above " + AppContext.BaseDirectory);
    }
}
