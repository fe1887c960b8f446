using System.Diagnostics;
using System.Globalization;
using TraceRegress.Benchmarks.Results;

namespace TraceRegress.Benchmarks.Projects;

/// <summary>
/// Times <c>dotnet build</c> and <c>dotnet test</c> of the generated projects: a corpus build against
/// the floor (the same trace files in the project with no generator), an incremental build after one
/// trace changes against the floor after the same edit, and <c>dotnet test</c> of the trace tests
/// against as many trivial tests.
/// </summary>
internal static class ProjectTimings
{
    public static void Run(BenchSettings settings, ResultTable results, string workFolder, string repository)
    {
        var projects = new CorpusProjects(Path.Combine(workFolder, "projects"), repository, settings.CorpusTraces);
        projects.Write();
        var all = new[] { projects.Empty, projects.Floor, projects.Corpus, projects.Trivial };

        // The adapter's props load the corpus check task from the repository's build of it in the project's own
        // configuration (Debug here) before any other: build that one now, or a stale task (older check version than the
        // Release generator) makes the generator distrust every stamp and read the whole corpus itself.
        Dotnet(Path.Combine(repository, "src", "TraceRegress.Build.Tasks"), "build", "-c", "Debug");

        // Restore and a first build are not measured: the question is the build a developer repeats.
        foreach (var project in all) Dotnet(project, "restore");
        foreach (var project in all) Dotnet(project, "build", "--no-restore");

        var emptyBuilds = new List<double>();
        var floorBuilds = new List<double>();
        var corpusBuilds = new List<double>();
        var floorEditBuilds = new List<double>();
        var editBuilds = new List<double>();
        // CPU seconds of each build's whole process tree: on a shared machine, far less sensitive to other load than wall time.
        var floorCpu = new List<double>();
        var corpusCpu = new List<double>();
        var floorEditCpu = new List<double>();
        var editCpu = new List<double>();
        // The same project with 1,000 one-line [Fact] methods and no traces: what compiling one test method per trace
        // costs by itself, whatever the generator does.
        var trivialBuilds = new List<double>();
        var trivialCpu = new List<double>();
        for (var round = 0; round < settings.Repetitions; round++)
        {
            // Touching a source file makes the compiler (and so the generator) run again, as any code edit does.
            // Floor and corpus builds alternate so that load from other processes falls on both alike.
            emptyBuilds.Add(TouchAndBuild(projects.Empty));
            floorBuilds.Add(TouchAndBuild(projects.Floor));
            floorCpu.Add(_lastCpuSeconds);
            corpusBuilds.Add(TouchAndBuild(projects.Corpus));
            corpusCpu.Add(_lastCpuSeconds);
            projects.EditOneTrace(projects.Floor, round);
            floorEditBuilds.Add(Dotnet(projects.Floor, "build", "--no-restore"));
            floorEditCpu.Add(_lastCpuSeconds);
            projects.EditOneTrace(projects.Corpus, round);
            editBuilds.Add(Dotnet(projects.Corpus, "build", "--no-restore"));
            editCpu.Add(_lastCpuSeconds);
            trivialBuilds.Add(TouchAndBuild(projects.Trivial));
            trivialCpu.Add(_lastCpuSeconds);
        }

        var empty = Median(emptyBuilds);
        var floor = Median(floorBuilds);
        var corpus = Median(corpusBuilds);
        var floorEdit = Median(floorEditBuilds);
        var edit = Median(editBuilds);
        var n = settings.CorpusTraces;
        results.Add($"floor: build with {n:N0} trace files and no generator / empty build", floor / empty, "×", null,
            Detail($"build after a code edit: no traces {Secs(empty)} s; the {n:N0} traces as AdditionalFiles, traces and verified files as content copied when newer, no generator: {Secs(floor)} s", emptyBuilds, floorBuilds));
        results.Add($"build of {n:N0} trivial test methods (no traces) / floor", Median(trivialBuilds) / floor, "×", null,
            Detail($"what one compiled test method per trace costs by itself: floor {Secs(floor)} s, {n:N0} one-line [Fact] methods {Secs(Median(trivialBuilds))} s; CPU {Secs(Median(floorCpu))} / {Secs(Median(trivialCpu))} s", floorBuilds, trivialBuilds));
        results.Add($"corpus build of {n:N0} traces / floor", corpus / floor, "×", 1.10,
            Detail($"build after a code edit: floor {Secs(floor)} s, with the generator and the adapter's props {Secs(corpus)} s", floorBuilds, corpusBuilds));
        results.Add($"build after editing one of {n:N0} traces / floor after the same edit", edit / floorEdit, "×", 1.10,
            Detail($"floor {Secs(floorEdit)} s, corpus {Secs(edit)} s ({edit / floor:F2}× the floor's code-edit build)", floorEditBuilds, editBuilds));
        results.Add($"CPU time: corpus build of {n:N0} traces / floor", Median(corpusCpu) / Median(floorCpu), "×", 1.10,
            Detail($"CPU seconds of the whole build (all processes): floor {Secs(Median(floorCpu))} s, corpus {Secs(Median(corpusCpu))} s", floorCpu, corpusCpu));
        results.Add($"CPU time: build after editing one trace / floor after the same edit", Median(editCpu) / Median(floorEditCpu), "×", 1.10,
            Detail($"CPU seconds of the whole build: floor {Secs(Median(floorEditCpu))} s, corpus {Secs(Median(editCpu))} s", floorEditCpu, editCpu));
        results.Add($"build overhead of {n:N0} traces (corpus build / empty build − 1)", (corpus / empty - 1) * 100, "%", null,
            Detail($"build after a code edit: no traces {Secs(empty)} s, {n:N0} traces {Secs(corpus)} s", emptyBuilds, corpusBuilds));

        // A leftover edit would make the corpus test of that trace differ from its verified file.
        if (settings.Repetitions % 2 == 1) projects.EditOneTrace(projects.Corpus, settings.Repetitions);
        Dotnet(projects.Corpus, "build", "--no-restore");

        var emptyRuns = new List<double>();
        var corpusRuns = new List<double>();
        var trivialRuns = new List<double>();
        var corpusRunCpu = new List<double>();
        var trivialRunCpu = new List<double>();
        for (var round = 0; round < settings.Repetitions; round++)
        {
            emptyRuns.Add(Dotnet(projects.Empty, "test", "--no-build", "--no-restore"));
            corpusRuns.Add(Dotnet(projects.Corpus, "test", "--no-build", "--no-restore"));
            corpusRunCpu.Add(_lastCpuSeconds);
            trivialRuns.Add(Dotnet(projects.Trivial, "test", "--no-build", "--no-restore"));
            trivialRunCpu.Add(_lastCpuSeconds);
        }

        var runEmpty = Median(emptyRuns);
        var perTrace = (Median(corpusRuns) - runEmpty) / n;
        var perTrivial = Math.Max(Median(trivialRuns) - runEmpty, 0) / n;
        var ownLoad = LoadAndAttributeTime(projects.TraceFiles);
        results.Add($"dotnet test of {n:N0} trace tests / {n:N0} trivial tests", Median(corpusRuns) / Median(trivialRuns), "×", 2,
            Detail(string.Create(CultureInfo.InvariantCulture,
                $"whole command, including host start-up and discovery: 1 test {Secs(runEmpty)} s, {n:N0} traces {Secs(Median(corpusRuns))} s, {n:N0} trivial {Secs(Median(trivialRuns))} s"),
                corpusRuns, trivialRuns));
        results.Add($"CPU time: dotnet test of {n:N0} trace tests / {n:N0} trivial tests", Median(corpusRunCpu) / Median(trivialRunCpu), "×", 2,
            Detail($"CPU seconds of the whole command (all processes): {n:N0} traces {Secs(Median(corpusRunCpu))} s, {n:N0} trivial {Secs(Median(trivialRunCpu))} s", corpusRunCpu, trivialRunCpu));
        // Where a trace test's time goes: the engine's own load + attribute, measured warm in this process.
        results.Add($"trace test cost / (2 × trivial test + own load + attribute)", perTrace / (2 * perTrivial + ownLoad), "×", null,
            Detail(string.Create(CultureInfo.InvariantCulture,
                $"per test: trace {perTrace * 1000:F2} ms, trivial {perTrivial * 1000:F2} ms, own load + attribute {ownLoad * 1000:F2} ms (warm, one thread)")));
    }

    /// <summary>Mean time to read and attribute one corpus trace, in this process, after a warm-up pass.</summary>
    private static double LoadAndAttributeTime(IEnumerable<string> files)
    {
        var paths = files.ToArray();
        foreach (var path in paths.Take(20)) new AttributionEngine().Attribute(AgentTrace.Load(path));
        var clock = Stopwatch.StartNew();
        foreach (var path in paths) new AttributionEngine().Attribute(AgentTrace.Load(path));
        return clock.Elapsed.TotalSeconds / paths.Length;
    }

    private static double TouchAndBuild(string project)
    {
        File.SetLastWriteTimeUtc(Path.Combine(project, "SmokeTests.cs"), DateTime.UtcNow);
        return Dotnet(project, "build", "--no-restore");
    }

    /// <summary>Runs one dotnet command in a project folder and returns its wall time in seconds; a failure stops the run.</summary>
    private static double Dotnet(string project, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("-nologo");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // A run of the corpus tests must never accept its own results.
        start.Environment.Remove("TRACEREGRESS_ACCEPT");
        var cpuBefore = ChildrenCpuSeconds();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var seconds = clock.Elapsed.TotalSeconds;
        _lastCpuSeconds = ChildrenCpuSeconds() - cpuBefore;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`dotnet {string.Join(' ', arguments)}` failed in {project} ({process.ExitCode}):\n{Tail(stdout)}\n{stderr.Result}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  dotnet {string.Join(' ', arguments)} {Path.GetFileName(project)}: {seconds:F2} s, CPU {_lastCpuSeconds:F2} s"));
        return seconds;
    }

    // CPU seconds of the last command's process tree (set by Dotnet).
    private static double _lastCpuSeconds;

    /// <summary>
    /// User + system CPU seconds of this process's finished children and everything they waited for
    /// (cutime + cstime in /proc/self/stat); 0 where there is no /proc.
    /// </summary>
    private static double ChildrenCpuSeconds()
    {
        if (!File.Exists("/proc/self/stat")) return 0;
        var stat = File.ReadAllText("/proc/self/stat");
        // Fields after the command name (which may hold spaces) start at field 3; cutime and cstime are fields 16 and 17.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        const double ticksPerSecond = 100;
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / ticksPerSecond;
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(40));

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Secs(double seconds) => seconds.ToString("F2", CultureInfo.InvariantCulture);

    private static string Detail(string text, params List<double>[] samples) =>
        samples.Length == 0 ? text : text + "; samples " + string.Join(" / ", samples.Select(s => string.Join(", ", s.Select(Secs))));
}
