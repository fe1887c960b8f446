using Microsoft.VisualStudio.TestTools.UnitTesting;
using TraceRegress.Testing;

namespace TraceRegress.MSTest;

public static partial class CorpusTraces
{
    /// <summary>
    /// The data rows of a generated corpus test class: one per trace declared for it (<see cref="CorpusTraceAttribute"/>),
    /// in ordinal order of the relative path, each shown by that path and in the test category <c>shard-N</c> of its shard.
    /// The generated <c>[DynamicData]</c> reads them.
    /// </summary>
    /// <param name="testClass">The generated test class.</param>
    /// <returns>The rows; none when no trace is declared for the class.</returns>
    public static IEnumerable<TestDataRow<string>> Rows(Type testClass) =>
        CorpusTraceRows.Of(testClass).Select(static row => new TestDataRow<string>(row.RelativePath)
        {
            DisplayName = row.RelativePath,
            TestCategories = ["shard-" + row.Shard.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        });
}
