using TraceRegress.Approval;

namespace TraceRegress.NUnit;

/// <summary>Turns an approval outcome into NUnit's terms: a failure is NUnit's own assertion failure, a pass with news goes to the test output.</summary>
internal static class AttributionFailure
{
    public static void Report(ApprovalOutcome outcome)
    {
        // Assert.Fail throws NUnit's AssertionException, or records the failure inside Assert.Multiple.
        if (!outcome.Passed) global::NUnit.Framework.Assert.Fail(outcome.Message ?? "the attribution does not match");
        else if (outcome.Message is not null) global::NUnit.Framework.TestContext.Out.WriteLine(outcome.Message);
    }
}
