using System.Diagnostics;
using System.Globalization;
using TraceRegress;
using TraceRegress.Benchmarks;
using TraceRegress.Benchmarks.Load;
using TraceRegress.Benchmarks.Projects;
using TraceRegress.Benchmarks.Results;
using Trace = TraceRegress.AgentTrace;

// bench/run drives this program; see BENCHMARKS.md for what each number means.
if (args is [PeakMemory.ChildCommand, var file])
{
    PeakMemory.Child(file);
    return 0;
}

if (args is ["write-trace", var traceSpec, var traceFile])
{
    // Writes one of the benchmark's traces (kind:spans) to a file, e.g. to run memory-child on it by hand.
    var parts = traceSpec.Split(':');
    File.WriteAllBytes(traceFile, GeneratedTraces.Bytes(parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture)));
    return 0;
}

if (args is [MemoryPhases.Command, var phasesFile])
{
    MemoryPhases.Run(phasesFile);
    return 0;
}

if (args is ["profile-tests", var corpusFolder])
{
    TestPathProfile.Run(corpusFolder);
    return 0;
}

if (args is ["profile-load", var what, var times])
{
    // For a sampling profiler: loads (and with "attribute:", attributes) one trace over and over.
    var attribute = what.StartsWith("attribute:", StringComparison.Ordinal);
    var spec = attribute ? what["attribute:".Length..] : what;
    var bytes = GeneratedTraces.Bytes(spec.Split(':')[0], int.Parse(spec.Split(':')[1], CultureInfo.InvariantCulture));
    for (var i = 0; i < int.Parse(times, CultureInfo.InvariantCulture); i++)
    {
        var loaded = AgentTrace.Parse(bytes, "profile.json");
        if (attribute) new AttributionEngine().Attribute(loaded);
    }

    return 0;
}

if (args is [TraceRegress.Benchmarks.Redaction.RedactionBenchmark.ChildCommand, var redactFile])
{
    TraceRegress.Benchmarks.Redaction.RedactionBenchmark.Child(redactFile);
    return 0;
}

if (args is [TraceRegress.Benchmarks.Redaction.RedactionProfile.Command, .. var redactArgs])
{
    TraceRegress.Benchmarks.Redaction.RedactionProfile.Run(redactArgs);
    return 0;
}

if (args is ["profile-corpus", var phaseCorpus])
{
    TraceRegress.Benchmarks.Load.CorpusPhaseProfile.Run(phaseCorpus);
    return 0;
}

if (args is [ReadFloor.Command, .. var floorSizes])
{
    ReadFloor.Run(floorSizes);
    return 0;
}

if (args is [AllocationProfile.Command, .. var allocSizes])
{
    AllocationProfile.Run(allocSizes);
    return 0;
}

if (args is ["profile", .. var sizes])
{
    DetectorProfile.Run(sizes);
    return 0;
}

var quick = args.Contains("--quick");
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
var unknown = args.Where((a, i) => a is not "--quick" and not "--only" and not "--keep" && !(i > 0 && args[i - 1] == "--only")).ToArray();
if (unknown.Length > 0 || only is not (null or "load" or "memory" or "projects" or "redact"))
{
    Console.Error.WriteLine("usage: TraceRegress.Benchmarks [--quick] [--only load|memory|projects|redact] [--keep]");
    return 2;
}

var settings = new BenchSettings(quick);
var results = new ResultTable();
var repository = FindRepository();
var work = Path.Combine(Path.GetTempPath(), "traceregress-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(work);
Console.WriteLine($"[bench] {(quick ? "quick" : "full")} run; {Environment.ProcessorCount} cores; load average {LoadAverage()}; other dotnet processes: {OtherDotnetProcesses()}; work folder {work}");
var clock = Stopwatch.StartNew();
try
{
    if (only is null or "load") LoadRatios.Run(settings, results);
    if (only is null or "memory") PeakMemory.Run(settings, results, work);
    if (only is null or "projects") ProjectTimings.Run(settings, results, work, repository);
    if (only is null or "redact") TraceRegress.Benchmarks.Redaction.RedactionBenchmark.Run(settings, results, work);
}
finally
{
    if (!args.Contains("--keep")) Directory.Delete(work, recursive: true);
}

Console.WriteLine();
Console.WriteLine($"[bench] done in {clock.Elapsed.TotalMinutes:F1} min; load average {LoadAverage()}; other dotnet processes: {OtherDotnetProcesses()}");
Console.WriteLine();
Console.WriteLine(results.Render());
return 0;

static string FindRepository()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "TraceRegress.sln"))) return folder.FullName;
    }

    throw new InvalidOperationException("run the benchmarks from the repository's build output (TraceRegress.sln not found above it)");
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

// Other builds on a shared machine slow everything down; the report says whether there were any.
static int OtherDotnetProcesses()
{
    var self = Environment.ProcessId;
    return Process.GetProcessesByName("dotnet").Count(p => p.Id != self);
}
