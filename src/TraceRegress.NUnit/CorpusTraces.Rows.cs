using NUnit.Framework;
using TraceRegress.Testing;

namespace TraceRegress.NUnit;

public static partial class CorpusTraces
{
    /// <summary>
    /// The test cases of a generated corpus test class: one per trace declared for it (<see cref="CorpusTraceAttribute"/>),
    /// in ordinal order of the relative path, each named by that path and in the category <c>shard-N</c> of its shard.
    /// The generated <c>[TestCaseSource]</c> reads them.
    /// </summary>
    /// <param name="testClass">The generated test class.</param>
    /// <returns>The test cases; none when no trace is declared for the class.</returns>
    public static IEnumerable<TestCaseData> Rows(Type testClass) =>
        CorpusTraceRows.Of(testClass).Select(static row =>
            new TestCaseData(row.RelativePath)
                .SetName(row.RelativePath)
                .SetCategory("shard-" + row.Shard.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
