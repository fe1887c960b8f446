namespace TraceRegress.Generators.Tests;

/// <summary>Which framework the tests are written for: found from the references, or forced by TraceRegress_Framework.</summary>
public class FrameworkDetectionTests
{
    private static GeneratorHarness OneTrace(References references) =>
        new GeneratorHarness { References = references }.AddFixture("corpus/checkout/timeout-0519.json", "timeout-0519.json");

    [Theory]
    [InlineData(References.Xunit, "global::Xunit.Fact(")]
    [InlineData(References.NUnit, "global::NUnit.Framework.TestCase(")]
    public void The_referenced_framework_is_used(References references, string expected)
    {
        var outcome = OneTrace(references).Run();

        Assert.Contains(expected, outcome.Sources.Single().SourceText.ToString(), StringComparison.Ordinal);
        Assert.Empty(outcome.CompilationProblems());
    }

    [Theory]
    [InlineData("nunit", "global::TraceRegress.NUnit.CorpusTraces.Verify(")]
    [InlineData("NUnit", "global::TraceRegress.NUnit.CorpusTraces.Verify(")]
    [InlineData("xunit", "global::TraceRegress.Xunit.CorpusTraces.Verify(")]
    [InlineData("auto", "global::TraceRegress.Xunit.CorpusTraces.Verify(")]
    public void The_property_can_force_the_framework(string setting, string expected)
    {
        var outcome = OneTrace(References.Both).WithProperty("TraceRegress_Framework", setting).Run();

        Assert.Contains(expected, outcome.Sources.Single().SourceText.ToString(), StringComparison.Ordinal);
        Assert.Empty(outcome.CompilationProblems());
    }

    [Fact]
    public void A_setting_that_is_not_understood_is_reported()
    {
        var outcome = OneTrace(References.Xunit).WithProperty("TraceRegress_Framework", "mstest").Run();

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("TRG005", diagnostic.Id);
        Assert.Contains("'mstest'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Neither_framework_is_reported()
    {
        var outcome = OneTrace(References.None).Run();

        Assert.Equal("TRG005", Assert.Single(outcome.Diagnostics).Id);
        Assert.Empty(outcome.Sources);
    }
}
