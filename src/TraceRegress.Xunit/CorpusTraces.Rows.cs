using TraceRegress.Testing;

namespace TraceRegress.Xunit;

public static partial class CorpusTraces
{
    /// <summary>
    /// The theory rows of one shard of a generated corpus test class: the relative path of each trace declared for the
    /// class in that shard (<see cref="CorpusTraceAttribute"/>), in ordinal order. xUnit v2 has no per-row traits, so the
    /// generated class has one <see cref="CorpusTheoryAttribute"/> theory per shard, trait <c>Shard=N</c>, whose
    /// <c>[MemberData]</c> reads these rows; each row is a test case of its own, shown by its path.
    /// </summary>
    /// <param name="testClass">The generated test class.</param>
    /// <param name="shard">The shard, from 1.</param>
    /// <returns>The rows; none when the class has no trace in the shard.</returns>
    public static global::Xunit.TheoryData<string> Rows(Type testClass, int shard)
    {
        var rows = new global::Xunit.TheoryData<string>();
        foreach (var row in CorpusTraceRows.Of(testClass, shard)) rows.Add(row.RelativePath);
        return rows;
    }
}
