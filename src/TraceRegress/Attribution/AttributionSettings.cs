namespace TraceRegress;

/// <summary>
/// Where the project-wide attribution engine is held. Users set it in one way only, through
/// <see cref="AttributionEngine.Configure(IAttributionEngine)"/> or
/// <see cref="AttributionEngine.Configure(System.Action{AttributionOptions})"/> (and
/// <see cref="AttributionEngine.ResetConfiguration"/>), and read it as <see cref="AttributionEngine.Current"/>.
/// </summary>
internal static class AttributionSettings
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
