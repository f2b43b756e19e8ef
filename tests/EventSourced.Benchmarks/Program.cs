using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using EventSourced.Benchmarks;
using EventSourced.Benchmarks.Reconciliation;

// dotnet run -c Release --project tests/EventSourced.Benchmarks [-- startup|tree|import|installs|seed|members|dashboard|library|rolls|reconcile|chain|roll|load|faults|sync|statistics|nodes ...]
// Builds the web project in Release, runs the benchmarks against real processes and a real
// PostgreSQL on 127.0.0.1, prints a table and rewrites docs/benchmarks.md.

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// Each benchmark in the order a full run takes them: tree reuses the cluster startup filled, members
// the city load seeded.
var benchmarks = new (string Name, Func<Workspace, CancellationToken, Task<BenchmarkResult>> Run)[]
{
    (StartupBenchmark.Name, StartupBenchmark.RunAsync),
    (TreeBenchmark.Name, TreeBenchmark.RunAsync),
    (ImportBenchmark.Name, ImportBenchmark.RunAsync),
    (InstallsBenchmark.Name, InstallsBenchmark.RunAsync),
    (SeedBenchmark.Name, SeedBenchmark.RunAsync),
    (LoadBenchmark.Name, LoadBenchmark.RunAsync),
    (MemberListBenchmark.Name, MemberListBenchmark.RunAsync),
    (DashboardBenchmark.Name, DashboardBenchmark.RunAsync),
    (LibraryBenchmark.Name, LibraryBenchmark.RunAsync),
    (RollsBenchmark.Name, RollsBenchmark.RunAsync),
    (ReconcileBenchmark.Name, ReconcileBenchmark.RunAsync),
    (ChainBenchmark.Name, ChainBenchmark.RunAsync),
    (RollAsOfBenchmark.Name, RollAsOfBenchmark.RunAsync),
    (FaultsBenchmark.Name, FaultsBenchmark.RunAsync),
    (SyncBenchmark.Name, SyncBenchmark.RunAsync),
    (StatisticsBenchmark.Name, StatisticsBenchmark.RunAsync),
    (NodesBenchmark.Name, NodesBenchmark.RunAsync),
};

if (args.Any(a => a is "-h" or "--help" or "help") || args.Except(benchmarks.Select(b => b.Name)).Any())
{
    Console.Error.WriteLine($"usage: {Report.DocumentCommand} [-- {string.Join(" | ", benchmarks.Select(b => b.Name))} ...]");
    return args.Any(a => a is "-h" or "--help" or "help") ? 0 : 2;
}

var selected = benchmarks.Where(b => args.Length == 0 || args.Contains(b.Name)).ToList();
var command = args.Length == 0 ? Report.DocumentCommand : $"{Report.DocumentCommand} -- {string.Join(' ', args)}";

// Ctrl+C or SIGTERM cancels the run; the finally blocks then stop what was started.
using var cancel = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);

try
{
    await using var workspace = Workspace.Create();
    var started = DateTimeOffset.UtcNow;
    var loadAtStart = Machine.LoadAverage();
    var machine = await Machine.DescribeAsync(cancel.Token);

    Console.WriteLine($"Building {workspace.WebProject} in Release (not timed)...");
    var build = Stopwatch.StartNew();
    await workspace.BuildAsync(cancel.Token);
    Console.WriteLine($"  built in {Format.Duration(build.Elapsed)}; temporary data in {workspace.Temporary}");

    var results = new List<BenchmarkResult>();
    foreach (var (name, run) in selected)
    {
        Console.WriteLine($"Running {name}...");
        results.Add(await run(workspace, cancel.Token));
    }

    Report.Print(results, machine);
    var document = Path.Combine(workspace.Root, "docs", "benchmarks.md");
    var notRun = benchmarks.Select(b => b.Name).Except(selected.Select(b => b.Name)).ToList();
    await Report.WriteAsync(document, results, machine, new Report.RunInfo(started, command, notRun, loadAtStart, Machine.LoadAverage()));
    Console.WriteLine($"Wrote {document}");
    return 0;
}
catch (Exception e) when (cancel.IsCancellationRequested && e is OperationCanceledException or BenchmarkException)
{
    // Ctrl+C reaches the application too, which may stop before the harness notices the signal.
    Console.Error.WriteLine("interrupted; stopped what the harness started and deleted its data.");
    return 130;
}
catch (BenchmarkException e)
{
    Console.Error.WriteLine($"benchmark failed: {e.Message}");
    return 1;
}

void Interrupt(PosixSignalContext context)
{
    // Keep the process alive until the finally blocks have stopped the application and its cluster.
    context.Cancel = true;
    cancel.Cancel();
}
