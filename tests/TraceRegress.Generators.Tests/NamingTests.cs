using TraceRegress.Generators.Emit;

namespace TraceRegress.Generators.Tests;

/// <summary>File and folder names made into identifiers that compile, stay readable and never collide.</summary>
public class NamingTests
{
    [Theory]
    [InlineData("timeout-0519.json", "timeout_0519")]
    [InlineData("0519-timeout.json", "_0519_timeout")]
    [InlineData("rate.limit.v2.json", "rate_limit_v2")]
    [InlineData("class.json", "@class")]
    [InlineData("var.json", "var")]
    [InlineData("ToString.json", "ToString_")]
    [InlineData("café-crème.json", "café_crème")]
    [InlineData("日本語のトレース.json", "日本語のトレース")]
    [InlineData("emoji-🔥.json", "emoji___")]
    [InlineData("it's \"quoted\".json", "it_s__quoted_")]
    [InlineData(".json", "_json")]
    [InlineData("---.json", "___")]
    [InlineData("collector.jsonl", "collector")]
    public void Method_names(string fileName, string expected) => Assert.Equal(expected, TestNames.MethodName(fileName));

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
        Assert.Equal("CheckoutTraces.class.g.cs", TestNames.HintName("CheckoutTraces", "@class"));
        Assert.Equal("RootTraces.caf-u00E9.g.cs", TestNames.HintName("RootTraces", "café"));
        Assert.NotEqual(TestNames.HintName("RootTraces", "café"), TestNames.HintName("RootTraces", "caf_u00E9"));
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

        // Names that sanitise alike only number their sources (each test case is named by its path): no warning.
        Assert.Empty(outcome.Diagnostics);
        Assert.Equal(12, GeneratedSourceTests.TestCases(outcome.Compilation).Count);
        Assert.Empty(outcome.CompilationProblems());
        Approval.Verify("Naming.xunit", outcome.AllSources());
    }
}
