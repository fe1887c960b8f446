using System.Runtime.CompilerServices;

namespace TravelAgent.NUnitTests;

/// <summary>How this project configures the attribution engine, once, before any test runs.</summary>
internal static class TravelAgentEngine
{
    /// <summary>
    /// The planner runs on a fine-tuned gpt-4o-mini. The engine knows the context windows of public models by
    /// name, not of fine-tunes, so the window is stated here: without it, a full context would read as an
    /// output limit.
    /// </summary>
    public const string PlannerModel = "ft:gpt-4o-mini-2024-07-18:contoso-travel:wayfarer";

    [ModuleInitializer]
    internal static void Configure() =>
        AttributionEngine.Configure(options => options.ContextWindows[PlannerModel] = 128_000);
}
