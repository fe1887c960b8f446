namespace TraceRegress.Testing;

/// <summary>
/// Declares one trace of the corpus as a test case of a generated test class. The TraceRegress source generator emits
/// one of these per readable trace, in the source of the trace's folder beside its test class, so adding or removing a
/// trace changes only that folder's source and editing one changes none; the class's data-driven test reads its rows back with
/// <see cref="CorpusTraceRows.Of(System.Type)"/>. Written by the generator, not by hand.
/// </summary>
/// <example><c>[assembly: global::TraceRegress.Testing.CorpusTrace("MyAgent.Tests.CheckoutTraces", "checkout/timeout-0519.json", 3)]</c></example>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class CorpusTraceAttribute : Attribute
{
    /// <summary>Declares a corpus trace.</summary>
    /// <param name="testClass">The full name of the generated test class that runs the trace (<see cref="Type.FullName"/>: namespace and class, no <c>global::</c>).</param>
    /// <param name="relativePath">The trace's path inside the corpus folder, with <c>/</c>: the test's display name.</param>
    /// <param name="shard">The trace's shard, from 1 to the project's <c>TraceRegressShardCount</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="testClass"/> or <paramref name="relativePath"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shard"/> is less than 1.</exception>
    public CorpusTraceAttribute(string testClass, string relativePath, int shard)
    {
        if (string.IsNullOrEmpty(testClass)) throw new ArgumentException("The test class's full name is empty.", nameof(testClass));
        if (string.IsNullOrEmpty(relativePath)) throw new ArgumentException("The trace's relative path is empty.", nameof(relativePath));
        if (shard < 1) throw new ArgumentOutOfRangeException(nameof(shard), shard, "A shard is numbered from 1.");
        TestClass = testClass;
        RelativePath = relativePath;
        Shard = shard;
    }

    /// <summary>The full name of the test class that runs the trace.</summary>
    public string TestClass { get; }

    /// <summary>The trace's path inside the corpus folder, with <c>/</c>.</summary>
    public string RelativePath { get; }

    /// <summary>The trace's shard, from 1 to the project's <c>TraceRegressShardCount</c>.</summary>
    public int Shard { get; }
}
