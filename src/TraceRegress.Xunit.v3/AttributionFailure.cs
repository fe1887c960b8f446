// The framework's own Assert, which the shared extension (Assert.Attributes without the alias) extends.
global using FrameworkAssert = global::Xunit.Assert;

using TraceRegress.Testing;
using Xunit.Sdk;

namespace TraceRegress.Xunit;

/// <summary>An attribution did not match what the test expects; the message shows expected and actual span and category, the span tree and the evidence.</summary>
public class AttributionException : XunitException
{
    /// <summary>Creates the exception with the full, readable message.</summary>
    public AttributionException(string message)
        : base(message)
    {
    }
}

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
