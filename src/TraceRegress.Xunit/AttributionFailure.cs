// AttributionException and the FrameworkAssert alias are shared with the other xUnit adapter
// (TraceRegress.TestAdapter.Shared/XunitAttributionException.cs).
using TraceRegress.Testing;

namespace TraceRegress.Xunit;

/// <summary>Turns a check result into Xunit's terms: a failure throws, a pass with news writes it out.</summary>
internal static class AttributionFailure
{
    public static void Report(CheckResult result)
    {
        if (!result.Passed) throw new AttributionException(result.Message ?? "the attribution does not match");

        // Xunit 2 has no ambient test output; standard output reaches `dotnet test` logs with detailed verbosity.
        if (result.Message is not null) Console.Out.WriteLine(result.Message);
    }
}
