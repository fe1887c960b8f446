using Xunit;

namespace MyAgent.Tests;

// The common layout of a user's test file: `using Xunit;` at the top. The project-wide alias wins over
// the Assert that the using imports, so Assert.Equal and Assert.Attributes sit together with no CS0104.
public class FileLevelUsingTests
{
    [Fact]
    public void Assert_is_the_adapters_subclass_here() =>
        Assert.Same(typeof(TraceRegress.Xunit.Assert), typeof(Assert));

    [Fact]
    public void Framework_and_attribution_asserts_side_by_side()
    {
        var trace = AgentTrace.Load(Path.Combine(AppContext.BaseDirectory, "traces", "search", "docs-not-found.json"));
        Assert.Equal("0d9c8b7a6f5e4d3c2b1a09f8e7d6c5b4", trace.TraceId);
        Assert.Attributes(trace, span: "execute_tool docs.fetch/http.get", category: "Resource Not Found", evidence: "404");
        Assert.NotEmpty(trace.Roots);
    }
}
