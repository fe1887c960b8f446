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

    /// <summary>
    /// Reads the frameworks from the names of the referenced assemblies (xunit.core, xunit.v3.core, nunit.framework,
    /// MSTest.TestFramework), which costs nothing; the adapters' marker types are looked up only when several frameworks
    /// are referenced, where they break the tie. With no framework assembly known by name (one compiled with the project,
    /// an unusual packaging) every marker type is looked up, which binds the references' namespaces: a fifth of a second
    /// in a test project's build. The result compares by value so edits to code do not re-run later stages.
    /// </summary>
    public static FrameworkReferences Find(Compilation compilation)
    {
        bool xunit = false, xunitV3 = false, nunit = false, mstest = false;
        foreach (var identity in compilation.ReferencedAssemblyNames)
        {
            switch (identity.Name)
            {
                case "xunit.core":
                    xunit = true;
                    break;
                case "xunit.v3.core":
                    xunit = xunitV3 = true;
                    break;
                case "nunit.framework":
                    nunit = true;
                    break;
                case "MSTest.TestFramework" or "Microsoft.VisualStudio.TestPlatform.TestFramework":
                    mstest = true;
                    break;
            }
        }

        if (!xunit && !nunit && !mstest) return FindByType(compilation);
        var several = (xunit ? 1 : 0) + (nunit ? 1 : 0) + (mstest ? 1 : 0) > 1;
        return new FrameworkReferences(
            xunit, nunit,
            several && compilation.GetTypeByMetadataName("TraceRegress.Xunit.CorpusTraces") is not null,
            several && compilation.GetTypeByMetadataName("TraceRegress.NUnit.CorpusTraces") is not null,
            xunitV3, mstest,
            several && compilation.GetTypeByMetadataName("TraceRegress.MSTest.CorpusTraces") is not null);
    }

    /// <summary>Looks every marker type up.</summary>
    internal static FrameworkReferences FindByType(Compilation compilation) => new(
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
