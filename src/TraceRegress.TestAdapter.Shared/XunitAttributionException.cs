#if TRACEREGRESS_XUNIT
// The same in both xUnit adapters (v2 and v3), each compiling it against its own xUnit.
global using FrameworkAssert = global::Xunit.Assert;

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
#endif
