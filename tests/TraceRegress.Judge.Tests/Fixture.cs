namespace TraceRegress.Judge.Tests;

/// <summary>Fixture files copied beside the test assembly, and scratch copies of them.</summary>
internal static class Fixture
{
    public const string WrongPolicy = "refund-window-wrong-policy.json";
    public const string RateLimited = "coupon-rate-limited.json";

    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static string Corpus => Path("corpus");

    /// <summary>A valid judge answer for the wrong-policy trace: the retrieval returned the US policy for an EU customer.</summary>
    public const string WrongPolicyAnswer = """
        {"spanId": "a100000000000003", "category": "Poor Information Retrieval", "evidence": ["\"region\": \"US\"", "US stores: items can be returned within 30 days of delivery"], "reasoning": "The policy search returned the US returns policy for a customer of the Berlin store, so the answer rests on the wrong document.", "confidence": 0.8}
        """;
}

/// <summary>A scratch folder holding copies of the fixture corpus, deleted afterwards.</summary>
internal sealed class TempCorpus : IDisposable
{
    public TempCorpus()
    {
        Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "traceregress-judge-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(Fixture.Corpus, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(Root, System.IO.Path.GetRelativePath(Fixture.Corpus, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public string Root { get; }

    public string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public string Support(string file) => Path("support", file);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder does not make a test wrong.
        }
    }
}

/// <summary>Environment variables for a test: none set unless given (so no build-server marker leaks in from the machine running the tests).</summary>
internal static class TestEnvironment
{
    public static Func<string, string?> Of(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.GetValueOrDefault(name);
    }

    public static Func<string, string?> Desktop { get; } = Of();
}
