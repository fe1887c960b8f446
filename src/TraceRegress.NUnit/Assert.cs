namespace TraceRegress.NUnit;

/// <summary>
/// NUnit's <c>Assert</c> with <c>Attributes</c>, <c>DoesNotAttribute</c> and <c>NoFailure</c> added. The package
/// makes it the project's <c>Assert</c> (<c>global using Assert = TraceRegress.NUnit.Assert;</c>), so
/// <c>Assert.That</c> and <c>Assert.Attributes</c> sit side by side in one file.
/// </summary>
// global:: because inside this namespace "NUnit" would bind to TraceRegress.NUnit.
public abstract partial class Assert : global::NUnit.Framework.Assert
{
    /// <summary>Not instantiated; the asserts are static.</summary>
    protected Assert()
    {
    }
}
