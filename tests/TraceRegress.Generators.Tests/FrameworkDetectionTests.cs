namespace TraceRegress.Generators.Tests;

/// <summary>Which framework the tests are written for: found from the references, or forced by TraceRegress_Framework.</summary>
public class FrameworkDetectionTests
{
    private static GeneratorHarness OneTrace(References references) =>
        new GeneratorHarness { References = references }.AddFixture("corpus/checkout/timeout-0519.json", "timeout-0519.json");

    [Theory]
    [InlineData(References.Xunit, "[global::TraceRegress.Xunit.CorpusTheory]")]
    [InlineData(References.NUnit, "[global::NUnit.Framework.TestCaseSource(nameof(Rows))]")]
    [InlineData(References.XunitV3, "[global::Xunit.Theory]")]
    [InlineData(References.MSTest, "[global::Microsoft.VisualStudio.TestTools.UnitTesting.DynamicData(nameof(Rows))]")]
    public void The_referenced_framework_is_used(References references, string expected)
    {
        var outcome = OneTrace(references).Run();

        Assert.Contains(expected, outcome.AllSources(), StringComparison.Ordinal);
        Assert.Empty(outcome.CompilationProblems());
    }

    [Fact]
    public void Xunit_v3_is_told_from_xunit_2_by_its_test_context()
    {
        var v2 = OneTrace(References.Xunit).Run().AllSources();
        var v3 = OneTrace(References.XunitV3).Run().AllSources();

        Assert.Contains("[global::TraceRegress.Xunit.CorpusTheory]", v2, StringComparison.Ordinal);
        Assert.DoesNotContain("TheoryDataRow<string>", v2, StringComparison.Ordinal);
        Assert.Contains("TheoryDataRow<string>", v3, StringComparison.Ordinal);
        Assert.DoesNotContain("CorpusTheory", v3, StringComparison.Ordinal);
        Assert.Contains("global::TraceRegress.Xunit.CorpusTraces.Verify(", v3, StringComparison.Ordinal);
    }

    [Fact]
    public void MSTest_classes_are_declared_test_classes_once_with_one_data_driven_method()
    {
        var outcome = new GeneratorHarness { References = References.MSTest }
            .AddFixture("corpus/checkout/timeout-0519.json", "checkout/a.json")
            .AddFixture("corpus/checkout/timeout-0519.json", "checkout/b.json")
            .AddFixture("corpus/checkout/timeout-0519.json", "root.json")
            .Run();

        var all = outcome.AllSources();
        Assert.Equal(2, all.Split("UnitTesting.TestClass]").Length - 1);
        Assert.Equal(2, all.Split("UnitTesting.TestMethod]").Length - 1);
        Assert.Equal(3, GeneratedSourceTests.TestCases(outcome.Compilation).Count);
        Assert.Empty(outcome.CompilationProblems());
    }

    [Theory]
    [InlineData("xunit3", References.Xunit, "TheoryDataRow<string>")]
    [InlineData("xunit", References.XunitV3, "TheoryDataRow<string>")]
    [InlineData("xunit2", References.XunitV3, "[global::TraceRegress.Xunit.CorpusTheory]")]
    [InlineData("mstest", References.Both, "global::TraceRegress.MSTest.CorpusTraces.Verify(")]
    [InlineData("MSTest", References.Both, "UnitTesting.TestClass]")]
    public void The_property_can_force_any_framework(string setting, References references, string expected)
    {
        var outcome = OneTrace(references).WithProperty("TraceRegress_Framework", setting).Run();

        Assert.Empty(outcome.Diagnostics);
        Assert.Contains(expected, outcome.AllSources(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_short_property_name_forces_the_framework_too()
    {
        var outcome = OneTrace(References.Both).WithProperty("TraceRegressFramework", "nunit").Run();

        Assert.Contains("global::TraceRegress.NUnit.CorpusTraces.Verify(", outcome.AllSources(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nunit", "global::TraceRegress.NUnit.CorpusTraces.Verify(")]
    [InlineData("NUnit", "global::TraceRegress.NUnit.CorpusTraces.Verify(")]
    [InlineData("xunit", "global::TraceRegress.Xunit.CorpusTraces.Verify(")]
    [InlineData("auto", "global::TraceRegress.Xunit.CorpusTraces.Verify(")]
    public void The_property_can_force_the_framework(string setting, string expected)
    {
        var outcome = OneTrace(References.Both).WithProperty("TraceRegress_Framework", setting).Run();

        Assert.Contains(expected, GeneratedSourceTests.ClassSource(outcome), StringComparison.Ordinal);
        Assert.Empty(outcome.CompilationProblems());
    }

    [Fact]
    public void A_setting_that_is_not_understood_is_reported()
    {
        var outcome = OneTrace(References.Xunit).WithProperty("TraceRegress_Framework", "junit").Run();

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("TRG005", diagnostic.Id);
        Assert.Contains("'junit'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("xunit3", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("mstest", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Neither_framework_is_reported()
    {
        var outcome = OneTrace(References.None).Run();

        Assert.Equal("TRG005", Assert.Single(outcome.Diagnostics).Id);
        Assert.Empty(outcome.Sources);
    }

    [Theory]
    [InlineData(References.None)]
    [InlineData(References.Xunit)]
    [InlineData(References.NUnit)]
    [InlineData(References.Both)]
    [InlineData(References.XunitV3)]
    [InlineData(References.MSTest)]
    public void The_frameworks_read_from_the_assembly_names_are_those_the_marker_types_show(References references)
    {
        var compilation = new GeneratorHarness { References = references }.CreateCompilation();
        var byName = Inputs.FrameworkDetector.Find(compilation);
        var byType = Inputs.FrameworkDetector.FindByType(compilation);

        Assert.Equal((byType.HasXunit, byType.HasXunitV3, byType.HasNUnit, byType.HasMSTest), (byName.HasXunit, byName.HasXunitV3, byName.HasNUnit, byName.HasMSTest));
        Assert.Equal(Inputs.FrameworkDetector.Choose("auto", byType), Inputs.FrameworkDetector.Choose("auto", byName));
    }

    [Fact]
    public void A_framework_compiled_with_the_project_is_found_by_its_marker_type()
    {
        var compilation = new GeneratorHarness { References = References.None }.CreateCompilation()
            .AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("namespace NUnit.Framework { public sealed class TestAttribute : System.Attribute { } }"));

        Assert.Equal(Models.TestFramework.NUnit, Inputs.FrameworkDetector.Choose("auto", Inputs.FrameworkDetector.Find(compilation)).Framework);
    }
}
