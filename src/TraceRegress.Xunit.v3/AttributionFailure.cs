// AttributionException and the FrameworkAssert alias are shared with the other xUnit adapter
// (TraceRegress.TestAdapter.Shared/XunitAttributionException.cs).
using TraceRegress.Testing;

namespace TraceRegress.Xunit;

/// <summary>Turns a check result into xUnit v3's terms: a failure throws, a pass with news goes to the test's output.</summary>
internal static class AttributionFailure
{
    public static void Report(CheckResult result)
    {
        if (!result.Passed) throw new AttributionException(result.Message ?? "the attribution does not match");
        if (result.Message is null) return;

        // xUnit v3 has an ambient test context: the news lands in the test's own output, shown with its result.
        var output = global::Xunit.TestContext.Current.TestOutputHelper;
        if (output is not null) output.WriteLine(result.Message);
        else Console.Out.WriteLine(result.Message);
    }
}
