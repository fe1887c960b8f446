using TraceRegress.Testing;
using Xunit;

namespace TraceRegress.Xunit;

public static partial class CorpusTraces
{
    /// <summary>
    /// The theory rows of a generated corpus test class: one per trace declared for it (<see cref="CorpusTraceAttribute"/>),
    /// in ordinal order of the relative path, each shown by that path and carrying the trait <c>Shard=N</c> of its shard.
    /// The generated <c>[MemberData]</c> reads them.
    /// </summary>
    /// <param name="testClass">The generated test class.</param>
    /// <returns>The rows; none when no trace is declared for the class.</returns>
    public static IEnumerable<TheoryDataRow<string>> Rows(Type testClass) =>
        CorpusTraceRows.Of(testClass).Select(static row => new TheoryDataRow<string>(row.RelativePath)
            {
                // An empty label shows the display name alone, without the argument list appended to it.
                Label = string.Empty,
            }
            .WithTestDisplayName(row.RelativePath)
            .WithTrait("Shard", row.Shard.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
