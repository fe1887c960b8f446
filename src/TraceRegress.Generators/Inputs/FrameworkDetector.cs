using Microsoft.CodeAnalysis;
using TraceRegress.Generators.Models;

namespace TraceRegress.Generators.Inputs;

/// <summary>Which test frameworks the compilation references: the only thing the generator needs from it.</summary>
/// <param name="HasXunit"><c>Xunit.FactAttribute</c> is visible.</param>
/// <param name="HasNUnit"><c>NUnit.Framework.TestAttribute</c> is visible.</param>
/// <param name="HasXunitAdapter"><c>TraceRegress.Xunit.CorpusTraces</c> is visible (breaks a tie when several frameworks are referenced).</param>
/// <param name="HasNUnitAdapter"><c>TraceRegress.NUnit.CorpusTraces</c> is visible.</param>
/// <param name="HasXunitV3"><c>Xunit.TestContext</c> is visible too: xUnit v3.</param>
/// <param name="HasMSTest"><c>Microsoft.VisualStudio.TestTools.UnitTesting.TestMethodAttribute</c> is visible.</param>
/// <param name="HasMSTestAdapter"><c>TraceRegress.MSTest.CorpusTraces</c> is visible.</param>
internal sealed record FrameworkReferences(
    bool HasXunit, bool HasNUnit, bool HasXunitAdapter, bool HasNUnitAdapter,
    bool HasXunitV3 = false, bool HasMSTest = false, bool HasMSTestAdapter = false);

/// <summary>Finds the test framework from the compilation, or from <c>TraceRegress_Framework</c> when it is set.</summary>
internal static class FrameworkDetector
{
    /// <summary>The values <c>TraceRegress_Framework</c> (or <c>TraceRegressFramework</c>) understands.</summary>
    public const string Settings = "auto, xunit, xunit2, xunit3, nunit or mstest";

    /// <summary>Looks the marker types up; the result compares by value so edits to code do not re-run later stages.</summary>
    public static FrameworkReferences Find(Compilation compilation) => new(
        compilation.GetTypeByMetadataName("Xunit.FactAttribute") is not null,
        compilation.GetTypeByMetadataName("NUnit.Framework.TestAttribute") is not null,
        compilation.GetTypeByMetadataName("TraceRegress.Xunit.CorpusTraces") is not null,
        compilation.GetTypeByMetadataName("TraceRegress.NUnit.CorpusTraces") is not null,
        compilation.GetTypeByMetadataName("Xunit.TestContext") is not null,
        compilation.GetTypeByMetadataName("Microsoft.VisualStudio.TestTools.UnitTesting.TestMethodAttribute") is not null,
        compilation.GetTypeByMetadataName("TraceRegress.MSTest.CorpusTraces") is not null);

    /// <summary>The framework to emit for, and why there is none when there is none.</summary>
    public static (TestFramework Framework, string? Problem) Choose(string setting, FrameworkReferences references)
    {
        switch (setting)
        {
            case "xunit":
                // The xUnit adapters share one namespace; the shape follows the xUnit the project references.
                return (references.HasXunitV3 ? TestFramework.XunitV3 : TestFramework.Xunit, null);
            case "xunit2":
                return (TestFramework.Xunit, null);
            case "xunit3":
            case "xunitv3":
            case "xunit.v3":
                return (TestFramework.XunitV3, null);
            case "nunit":
                return (TestFramework.NUnit, null);
            case "mstest":
                return (TestFramework.MSTest, null);
            case "auto":
            case "":
                break;
            default:
                return (TestFramework.None, $"TraceRegress_Framework is '{setting}'; expected {Settings}");
        }

        var xunit = references.HasXunitV3 ? TestFramework.XunitV3 : TestFramework.Xunit;
        var found = (references.HasXunit ? 1 : 0) + (references.HasNUnit ? 1 : 0) + (references.HasMSTest ? 1 : 0);
        if (found > 1)
        {
            // Several referenced: the adapter the project references decides; xUnit, then NUnit, when that does not.
            if (references.HasXunit && references.HasXunitAdapter) return (xunit, null);
            if (references.HasNUnit && references.HasNUnitAdapter) return (TestFramework.NUnit, null);
            if (references.HasMSTest && references.HasMSTestAdapter) return (TestFramework.MSTest, null);
        }

        if (references.HasXunit) return (xunit, null);
        if (references.HasNUnit) return (TestFramework.NUnit, null);
        if (references.HasMSTest) return (TestFramework.MSTest, null);
        return (TestFramework.None, "no test framework is referenced (xUnit: Xunit.FactAttribute, NUnit: NUnit.Framework.TestAttribute, MSTest: Microsoft.VisualStudio.TestTools.UnitTesting.TestMethodAttribute); reference TraceRegress.Xunit, TraceRegress.Xunit.v3, TraceRegress.NUnit or TraceRegress.MSTest, or set TraceRegress_Framework");
    }
}
