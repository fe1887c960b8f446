namespace TraceRegress.Generators.Models;

/// <summary>The test framework the corpus tests are emitted for.</summary>
internal enum TestFramework
{
    /// <summary>No supported framework was found (or the setting was not understood).</summary>
    None,
    /// <summary>xUnit 2 (<c>Xunit.FactAttribute</c> without <c>Xunit.TestContext</c>).</summary>
    Xunit,
    /// <summary>xUnit v3 (<c>Xunit.FactAttribute</c> and <c>Xunit.TestContext</c>).</summary>
    XunitV3,
    /// <summary>NUnit (<c>NUnit.Framework.TestAttribute</c>).</summary>
    NUnit,
    /// <summary>MSTest (<c>Microsoft.VisualStudio.TestTools.UnitTesting.TestMethodAttribute</c>).</summary>
    MSTest,
}
