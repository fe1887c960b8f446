namespace TraceRegress.Generators.Models;

/// <summary>The test framework the corpus tests are emitted for.</summary>
internal enum TestFramework
{
    /// <summary>Neither xUnit nor NUnit was found (or the setting was not understood).</summary>
    None,
    /// <summary>xUnit (<c>Xunit.FactAttribute</c>).</summary>
    Xunit,
    /// <summary>NUnit (<c>NUnit.Framework.TestAttribute</c>).</summary>
    NUnit,
}
