// The framework's own Assert, which the shared extension (Assert.Attributes without the alias) extends.
global using FrameworkAssert = global::NUnit.Framework.Assert;

using TraceRegress.Testing;

namespace TraceRegress.NUnit;

/// <summary>Turns a check result into NUnit's terms: a failure is NUnit's own assertion failure, a pass with news goes to the test output.</summary>
internal static class AttributionFailure
{
    public static void Report(CheckResult result)
    {
        // Assert.Fail throws NUnit's AssertionException, or records the failure inside Assert.Multiple.
        if (!result.Passed) global::NUnit.Framework.Assert.Fail(result.Message ?? "the attribution does not match");
        else if (result.Message is not null) global::NUnit.Framework.TestContext.Out.WriteLine(result.Message);
    }
}
