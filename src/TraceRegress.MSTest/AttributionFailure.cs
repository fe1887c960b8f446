// The framework's own Assert, which the shared extension (Assert.Attributes) extends: it is sealed, so this is the only way.
global using FrameworkAssert = global::Microsoft.VisualStudio.TestTools.UnitTesting.Assert;

using Microsoft.VisualStudio.TestTools.UnitTesting;
using TraceRegress.Testing;

namespace TraceRegress.MSTest;

/// <summary>An attribution did not match what the test expects; the message shows expected and actual span and category, the span tree and the evidence.</summary>
public class AttributionException : AssertFailedException
{
    /// <summary>Creates the exception with the full, readable message.</summary>
    public AttributionException(string message)
        : base(message)
    {
    }
}

/// <summary>Turns a check result into MSTest's terms: a failure is an assertion failure, a pass with news goes to the test's output.</summary>
internal static class AttributionFailure
{
    public static void Report(CheckResult result)
    {
        if (!result.Passed) throw new AttributionException(result.Message ?? "the attribution does not match");

        // MSTest captures standard output per test and shows it with the test's result.
        if (result.Message is not null) Console.Out.WriteLine(result.Message);
    }
}
