using System.Collections;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace TraceRegress.Build.Tasks.Tests;

/// <summary>
/// A project folder in a temp directory with a corpus, and the task run over it as the props run it: every
/// AdditionalFiles item, the cache in obj/.
/// </summary>
public sealed class TaskHarness : IDisposable
{
    public TaskHarness()
    {
        Root = Directory.CreateTempSubdirectory("traceregress-task-").FullName;
        Directory.CreateDirectory(Corpus);
    }

    public string Root { get; }

    public string Corpus => Path.Combine(Root, "traces");

    public string CacheFile => Path.Combine(Root, "obj", "Debug", "net10.0", "traceregress.checks");

    /// <summary>The items passed to the task, in order.</summary>
    public List<ITaskItem> Items { get; } = [];

    /// <summary>What the last run logged.</summary>
    public List<string> Messages { get; } = [];

    /// <summary>Writes a corpus file and adds it as a marked AdditionalFiles item; its write time is set well in the past.</summary>
    public string AddTrace(string relative, string content, bool marked = true) => AddTrace(relative, System.Text.Encoding.UTF8.GetBytes(content), marked);

    public string AddTrace(string relative, byte[] content, bool marked = true)
    {
        var path = Write(relative, content);
        var item = new TaskItem(path);
        if (marked) item.SetMetadata("TraceRegressKind", "trace");
        Items.Add(item);
        return path;
    }

    /// <summary>Writes (or rewrites) a file of the corpus with a write time a minute older than each earlier one is not.</summary>
    public string Write(string relative, byte[] content)
    {
        var path = Path.Combine(Corpus, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        // Settled: older than the window in which a write time may still move.
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-5).AddSeconds(_writes++));
        return path;
    }

    private int _writes;

    public CheckCorpusTraces Run()
    {
        Messages.Clear();
        var engine = new RecordingEngine(Messages);
        var task = new CheckCorpusTraces { BuildEngine = engine, AdditionalFiles = [.. Items], CacheFile = CacheFile };
        Assert.True(task.Execute());
        Assert.Empty(engine.Errors);
        Assert.Empty(engine.Warnings);
        Assert.Equal(Items.Count, task.Result.Length);
        for (var i = 0; i < Items.Count; i++) Assert.Equal(Items[i].ItemSpec, task.Result[i].ItemSpec);
        return task;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class RecordingEngine(List<string> messages) : IBuildEngine
    {
        public List<string> Errors { get; } = [];

        public List<string> Warnings { get; } = [];

        public bool ContinueOnError => false;

        public int LineNumberOfTaskNode => 0;

        public int ColumnNumberOfTaskNode => 0;

        public string ProjectFileOfTaskNode => "test.csproj";

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => throw new NotSupportedException();

        public void LogCustomEvent(CustomBuildEventArgs e) => messages.Add(e.Message ?? "");

        public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e.Message ?? "");

        public void LogMessageEvent(BuildMessageEventArgs e) => messages.Add(e.Message ?? "");

        public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e.Message ?? "");
    }
}
