namespace TraceRegress.Xunit;

/// <summary>
/// xUnit v3's <c>Assert</c> with <c>Attributes</c>, <c>DoesNotAttribute</c> and <c>NoFailure</c> added. The package
/// makes it the project's <c>Assert</c> (<c>global using Assert = TraceRegress.Xunit.Assert;</c>), so
/// <c>Assert.Equal</c> and <c>Assert.Attributes</c> sit side by side in one file.
/// </summary>
// global:: because inside this namespace "Xunit" would bind to TraceRegress.Xunit.
public partial class Assert : global::Xunit.Assert
{
    /// <summary>Not instantiated; the asserts are static.</summary>
    protected Assert()
    {
    }
}
