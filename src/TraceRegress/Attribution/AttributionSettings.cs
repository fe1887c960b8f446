namespace TraceRegress;

/// <summary>
/// The attribution engine used by <c>Assert.Attributes</c> and by the generated corpus tests. Replace it
/// once for the whole test project, before any test runs, for example in a module initializer:
/// <code>
/// [System.Runtime.CompilerServices.ModuleInitializer]
/// internal static void UseMyEngine() => AttributionSettings.Engine = new MyEngine();
/// </code>
/// </summary>
public static class AttributionSettings
{
    private static volatile IAttributionEngine? _engine;

    /// <summary>The engine in use.</summary>
    /// <exception cref="InvalidOperationException">Read before any engine was configured.</exception>
    /// <exception cref="ArgumentNullException">Set to null; use <see cref="Reset"/> to return to the default.</exception>
    public static IAttributionEngine Engine
    {
        get => _engine ?? throw new InvalidOperationException(
            "no attribution engine is configured: set TraceRegress.AttributionSettings.Engine before the tests run");
        set => _engine = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Returns to the default engine.</summary>
    public static void Reset() => _engine = null;
}
