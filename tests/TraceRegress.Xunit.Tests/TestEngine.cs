using System.Runtime.CompilerServices;
using TraceRegress.Tests.Approval;

namespace TraceRegress.Xunit.Tests;

internal static class TestEngine
{
    // The project-wide engine, set the way users replace it: once, before any test runs.
    [ModuleInitializer]
    internal static void Configure() => AttributionEngine.Configure(new StatusCodeEngine());
}
