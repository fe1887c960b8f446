using TraceRegress.Generators.Parsing;

namespace TraceRegress.Generators.Tests;

/// <summary>
/// The build-time check recognises every trace the core reads. A shape a reader learns but the check does not would
/// fail the build of any corpus holding such a trace ("unknown format"), so every trace file of the repository the core
/// reads is put through the check, and both must name the same format.
/// </summary>
public class CoreFormatAgreementTests
{
    private static readonly string[] Sidecars = [".verified.json", ".received.json", ".expected.json", ".label.json", ".judge.json"];

    private static string Repository()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TraceRegress.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (TraceRegress.sln) was not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Every_trace_the_core_reads_passes_the_build_time_check_as_the_same_format()
    {
        var root = Repository();
        var folders = new[] { "tests/TraceRegress.Tests/Fixtures", "tests/TraceRegress.Attribution.Tests/Fixtures", "tests/TraceRegress.Generators.Tests/Fixtures", "examples/traces" };
        var read = 0;
        var disagreements = new List<string>();
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (!(file.EndsWith(".json", StringComparison.Ordinal) || file.EndsWith(".jsonl", StringComparison.Ordinal))) continue;
                if (Array.Exists(Sidecars, s => file.EndsWith(s, StringComparison.Ordinal))) continue;
                var bytes = File.ReadAllBytes(file);
                TraceFormat core;
                try
                {
                    core = AgentTrace.Parse(bytes, Path.GetFileName(file)).Format;
                }
                catch (TraceFormatException)
                {
                    continue;
                }

                read++;
                var check = TraceValidator.Validate(bytes);
                if (check.Error is not null || check.Format.ToString() != core.ToString())
                    disagreements.Add($"{Path.GetRelativePath(root, file)}: core reads {core}, the check says {check.Format} {check.Error}");
            }
        }

        Assert.True(read > 300, $"only {read} traces were read: the fixture folders moved?");
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {read} traces:\n" + string.Join("\n", disagreements));
    }
}
