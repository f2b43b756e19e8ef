using System.Diagnostics;
using EventSourced.Web.Infrastructure;

namespace EventSourced.Benchmarks;

/// <summary>
/// Where a run finds the application it measures and keeps its databases: the repository (found
/// by walking up to EventSourced.sln), the Release build of the web project, and one temporary
/// directory holding every embedded cluster the run creates, deleted at the end.
/// </summary>
internal sealed class Workspace : IAsyncDisposable
{
    private Workspace(string root, string temporary)
    {
        Root = root;
        Temporary = temporary;
    }

    public string Root { get; }

    public string WebProject => Path.Combine(Root, "src", "EventSourced.Web");

    /// <summary>The content root the application runs with, as in development.</summary>
    public string ContentRoot => WebProject;

    public string WebDll => Path.Combine(WebProject, "bin", "Release", "net10.0", "EventSourced.Web.dll");

    public string Temporary { get; }

    /// <summary>The cluster the start-up runs share: the first start creates it and loads the small demo.</summary>
    public string SmallDataDirectory => Path.Combine(Temporary, "small");

    /// <summary>A separate cluster that the seed command fills with the city-scale demo.</summary>
    public string CityDataDirectory => Path.Combine(Temporary, "city");

    public static Workspace Create()
    {
        var root = FindRoot(Environment.CurrentDirectory) ?? FindRoot(AppContext.BaseDirectory)
            ?? throw new BenchmarkException("EventSourced.sln was not found above the current directory: run the harness from inside the repository.");
        var temporary = Directory.CreateTempSubdirectory("eventsourced-bench-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // CreateTempSubdirectory makes it 0700; as root the clusters run as the postgres user,
            // which must be able to reach its data directory inside.
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return new Workspace(root, temporary);
    }

    /// <summary>Builds the web project in Release, the build the measurements run; not timed.</summary>
    public async Task BuildAsync(CancellationToken ct)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Root };
        // No build servers: they would outlive the harness as processes it started.
        foreach (var argument in (string[])["build", "-c", "Release", WebProject, "--nologo", "--disable-build-servers", "-v", "q"])
        {
            info.ArgumentList.Add(argument);
        }

        (await Command.RunAsync(info, ct)).EnsureSuccess();
        if (!File.Exists(WebDll))
        {
            throw new BenchmarkException($"The build succeeded but {WebDll} is not there.");
        }
    }

    /// <summary>
    /// <c>dotnet EventSourced.Web.dll</c> with the given arguments, never pointed at a configured
    /// server: the application starts its own cluster on 127.0.0.1 and talks to nothing else.
    /// </summary>
    public ProcessStartInfo AppStartInfo(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = ContentRoot };
        info.ArgumentList.Add(WebDll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["ConnectionStrings__Marten"] = string.Empty;
        return info;
    }

    /// <summary>Stops the cluster in <paramref name="dataDirectory"/> if something left it running.</summary>
    public static async Task StopClusterIfRunningAsync(string dataDirectory)
    {
        if (!File.Exists(Path.Combine(dataDirectory, "postmaster.pid")) || EmbeddedPostgres.FindBinaries() is not { } binaries)
        {
            return;
        }

        string[] stop = [Path.Combine(binaries, "pg_ctl"), "-D", dataDirectory, "-m", "fast", "-w", "stop"];
        // PostgreSQL refuses root; as root the application ran it as postgres, and so do we.
        var result = Environment.IsPrivilegedProcess
            ? await Command.RunAsync("runuser", ["-u", "postgres", "--", .. stop])
            : await Command.RunAsync(stop[0], stop[1..]);
        if (result.ExitCode != 0 && File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
        {
            await Console.Error.WriteLineAsync($"warning: could not stop the cluster in {dataDirectory}: {result.Tail(5)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataDirectory in (string[])[SmallDataDirectory, CityDataDirectory])
        {
            await StopClusterIfRunningAsync(dataDirectory);
        }

        try
        {
            Directory.Delete(Temporary, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"warning: could not delete {Temporary}: {e.Message}");
        }
    }

    private static string? FindRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EventSourced.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
