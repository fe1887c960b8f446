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
