namespace TraceRegress;

/// <summary>
/// The attribution engine used by <c>Assert.Attributes</c>, the generated corpus tests and the CLI:
/// <see cref="AttributionEngine.Default"/> unless replaced. Replace it once for the whole test project,
/// before any test runs, for example in a module initializer:
/// <code>
/// [System.Runtime.CompilerServices.ModuleInitializer]
/// internal static void UseMyEngine() => AttributionSettings.Engine = new MyEngine();
/// </code>
/// <see cref="AttributionEngine.Configure(IAttributionEngine)"/> and
/// <see cref="AttributionEngine.Configure(System.Action{AttributionOptions})"/> set the same engine.
/// </summary>
public static class AttributionSettings
{
    private static volatile IAttributionEngine? _engine;

    /// <summary>The engine in use: the one set last, else <see cref="AttributionEngine.Default"/>.</summary>
    /// <exception cref="ArgumentNullException">Set to null; use <see cref="Reset"/> to return to the default.</exception>
    public static IAttributionEngine Engine
    {
        get => _engine ?? AttributionEngine.Default;
        set => _engine = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>True when an engine other than the default was set.</summary>
    public static bool IsConfigured => _engine is not null;

    /// <summary>Returns to the default engine.</summary>
    public static void Reset() => _engine = null;
}
