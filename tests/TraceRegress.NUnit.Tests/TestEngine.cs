using System.Runtime.CompilerServices;
using TraceRegress.Tests.Approval;

namespace TraceRegress.NUnit.Tests;

internal static class TestEngine
{
    // The project-wide engine, set the way users replace it: once, before any test runs. A child run started by the
    // runner tests may break it for one trace (BreakableEngine); otherwise it is the fixed StatusCodeEngine.
    [ModuleInitializer]
    internal static void Configure() => AttributionEngine.Configure(new TraceRegress.TestSupport.BreakableEngine(new StatusCodeEngine()));
}
