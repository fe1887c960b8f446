using Microsoft.CodeAnalysis;
using TraceRegress.Generators.Models;

namespace TraceRegress.Generators.Inputs;

/// <summary>Which test frameworks the compilation references: the only thing the generator needs from it.</summary>
/// <param name="HasXunit"><c>Xunit.FactAttribute</c> is visible.</param>
/// <param name="HasNUnit"><c>NUnit.Framework.TestAttribute</c> is visible.</param>
/// <param name="HasXunitAdapter"><c>TraceRegress.Xunit.CorpusTraces</c> is visible (breaks a tie when both frameworks are referenced).</param>
/// <param name="HasNUnitAdapter"><c>TraceRegress.NUnit.CorpusTraces</c> is visible.</param>
internal readonly record struct FrameworkReferences(bool HasXunit, bool HasNUnit, bool HasXunitAdapter, bool HasNUnitAdapter);

/// <summary>Finds the test framework from the compilation, or from <c>TraceRegress_Framework</c> when it is set.</summary>
internal static class FrameworkDetector
{
    /// <summary>Looks the marker types up; the result compares by value so edits to code do not re-run later stages.</summary>
    public static FrameworkReferences Find(Compilation compilation) => new(
        compilation.GetTypeByMetadataName("Xunit.FactAttribute") is not null,
        compilation.GetTypeByMetadataName("NUnit.Framework.TestAttribute") is not null,
        compilation.GetTypeByMetadataName("TraceRegress.Xunit.CorpusTraces") is not null,
        compilation.GetTypeByMetadataName("TraceRegress.NUnit.CorpusTraces") is not null);

    /// <summary>The framework to emit for, and why there is none when there is none.</summary>
    public static (TestFramework Framework, string? Problem) Choose(string setting, FrameworkReferences references)
    {
        switch (setting)
        {
            case "xunit":
                return (TestFramework.Xunit, null);
            case "nunit":
                return (TestFramework.NUnit, null);
            case "auto":
            case "":
                break;
            default:
                return (TestFramework.None, $"TraceRegress_Framework is '{setting}'; expected auto, xunit or nunit");
        }

        if (references.HasXunit && references.HasNUnit)
        {
            // Both referenced: the adapter the project references decides; xUnit when that does not.
            return references.HasNUnitAdapter && !references.HasXunitAdapter ? (TestFramework.NUnit, null) : (TestFramework.Xunit, null);
        }

        if (references.HasXunit) return (TestFramework.Xunit, null);
        if (references.HasNUnit) return (TestFramework.NUnit, null);
        return (TestFramework.None, "neither xUnit (Xunit.FactAttribute) nor NUnit (NUnit.Framework.TestAttribute) is referenced; reference TraceRegress.Xunit or TraceRegress.NUnit, or set TraceRegress_Framework");
    }
}
