using TraceRegress.Generators.Emit;

namespace TraceRegress.Generators.Tests;

/// <summary>Folder names made into identifiers that compile, stay readable and never collide; trace names kept as they are.</summary>
public class NamingTests
{
    [Theory]
    [InlineData("", "RootTraces")]
    [InlineData("checkout", "CheckoutTraces")]
    [InlineData("checkout/payments", "Checkout_PaymentsTraces")]
    [InlineData("2024-q1/night run", "_2024_q1_Night_runTraces")]
    [InlineData("class", "ClassTraces")]
    [InlineData("équipe", "ÉquipeTraces")]
    public void Class_names(string folder, string expected) => Assert.Equal(expected, TestNames.ClassName(folder));

    [Theory]
    [InlineData("MyAgent.Tests.Corpus", "MyAgent.Tests.Corpus")]
    [InlineData("My-Agent.Tests..Corpus", "My_Agent.Tests.Corpus")]
    [InlineData("Agent.class", "Agent.@class")]
    [InlineData("", "TraceRegress.Corpus")]
    public void Namespaces(string value, string expected) => Assert.Equal(expected, TestNames.Namespace(value));

    [Fact]
    public void Hint_names_are_ascii_and_keep_distinct_names_distinct()
    {
        Assert.Equal("CheckoutTraces.g.cs", TestNames.HintName("CheckoutTraces"));
        Assert.Equal("-u00C9quipeTraces.g.cs", TestNames.HintName("ÉquipeTraces"));
        Assert.NotEqual(TestNames.HintName("CaféTraces"), TestNames.HintName("Caf_u00E9Traces"));
    }

    [Fact]
    public void Edge_case_names_compile_and_match_the_approved_source()
    {
        var harness = new GeneratorHarness();
        foreach (var path in new[]
                 {
                     "0519-timeout.json", "class.json", "ToString.json", "café-crème.json", "日本語のトレース.json",
                     "it's \"quoted\".json", "RootTraces.json", "2024-q1/night run.json", "2024-q1/night-run.json",
                     "checkout/payments/a.b.json", "checkout/payments/a-b.json", "checkout/payments/A_B.json",
                 })
        {
            harness.AddFixture("corpus/search/zipkin-404.json", path);
        }

        var outcome = harness.Run();

        // Trace names that sanitise alike are rows named by their own paths: nothing is renamed, no warning.
        Assert.Empty(outcome.Diagnostics);
        Assert.Equal(12, GeneratedSourceTests.TestCases(outcome.Compilation).Count);
        Assert.Empty(outcome.CompilationProblems());
        Approval.Verify("Naming.xunit", outcome.AllSources());
    }
}
