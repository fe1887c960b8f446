using TraceRegress.Approval;

namespace TraceRegress.Reliability.Tests.Approval;

/// <summary>A throwaway corpus folder holding copies of the approval fixtures.</summary>
internal sealed class ApprovalFolder : IDisposable
{
    public ApprovalFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "traceregress-reliability", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Copies a fixture of tests/TraceRegress.Tests/Fixtures/approval into the folder.</summary>
    public string Copy(string fixture, string? name = null)
    {
        var target = Path.Combine(Root, name ?? fixture);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "approval", fixture), target, overwrite: true);
        return target;
    }

    /// <summary>The attribution JSON of a trace by the default engine: the content of a good verified file.</summary>
    public static string AttributionOf(string tracePath) => AttributionEngine.Default.Attribute(AgentTrace.Load(tracePath)).ToJson();

    public static ApprovalEnvironment Environment(bool accept) =>
        new(name => accept && name == ApprovalEnvironment.AcceptVariable ? "1" : null);

    /// <summary>Temporary files of the atomic write left in the folder.</summary>
    public string[] TemporaryFiles() => Directory.GetFiles(Root, "*" + AtomicFile.TempSuffix);

    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(Root)) File.SetAttributes(file, FileAttributes.Normal);
        Directory.Delete(Root, recursive: true);
    }
}
