using System.Text;
using TraceRegress.Approval;
using TraceRegress.Model;

namespace TraceRegress.Tests.Approval;

public class VerifiedAttributionTests
{
    [Fact]
    public void Reads_the_file_the_engine_writes()
    {
        var verified = VerifiedAttribution.Load(Fixture.Path("approval", "inventory-timeout.verified.json"));

        Assert.Equal("checkout-agent.run/execute_tool inventory.lookup", verified.Expectation.Span);
        Assert.False(verified.Expectation.PinsId);
        Assert.Equal("a100000000000003", verified.SpanId);
        Assert.Equal([3], verified.Expectation.Category!.ComparedLevels);
        Assert.Equal("Timeout Issues (l4)", verified.Expectation.Category.Describe());
        Assert.Equal(2, verified.Evidence.Count);
        Assert.Equal(0.8, verified.Confidence);
        Assert.Equal(["a100000000000003", "a100000000000001"], verified.Chain);
    }

    [Fact]
    public void Round_trips_an_attribution()
    {
        var trace = Fixture.Load("approval", "rate-limited.json");
        var attribution = new StatusCodeEngine().Attribute(trace);

        var verified = VerifiedAttribution.Parse(Encoding.UTF8.GetBytes(attribution.ToJson()), "x.verified.json");

        Assert.Equal(attribution.Cited!.Path, verified.Expectation.Span);
        Assert.True(verified.Expectation.Category!.Matches(attribution.Category));
        Assert.Equal(attribution.Evidence, verified.Evidence);
    }

    [Fact]
    public void Coarse_levels_are_compared_alone()
    {
        var verified = Parse("""{ "cited": { "path": "a/b" }, "category": { "l1": "environment", "l2": "System Execution Errors" } }""");

        var category = verified.Expectation.Category!;
        Assert.Equal([0, 1], category.ComparedLevels);
        Assert.True(category.Matches(new FailureCategory("environment", "System Execution Errors", "API Issues", "Rate Limiting")));
        Assert.False(category.Matches(new FailureCategory("agent", "System Execution Errors", "API Issues", "Rate Limiting")));
    }

    [Fact]
    public void Cited_null_expects_no_failure()
    {
        var verified = Parse("""{ "traceId": "t", "cited": null, "category": null, "evidence": [] }""");
        Assert.True(verified.Expectation.ExpectsNoFailure);
        Assert.Equal("no failure found", verified.Describe());
    }

    [Fact]
    public void An_id_path_pins_the_span()
    {
        var verified = Parse("""{ "cited": { "path": "id:c300000000000002" }, "category": { "l4": "Rate Limiting" } }""");
        Assert.True(verified.Expectation.PinsId);
    }

    [Theory]
    [InlineData("[]", "expected a JSON object")]
    [InlineData("""{ "category": { "l4": "x" } }""", "expected a \"cited\" property")]
    [InlineData("""{ "cited": { "spanId": "1" }, "category": { "l4": "x" } }""", "\"cited.path\" must name the span")]
    [InlineData("""{ "cited": { "path": "a" } }""", "expected a \"category\" object")]
    [InlineData("""{ "cited": { "path": "a" }, "category": {} }""", "\"category\" gives no level")]
    [InlineData("""{ "cited": { "path": 7 }, "category": { "l4": "x" } }""", "\"path\" must be a string, not number")]
    [InlineData("""{ "cited": "a/b", "category": { "l4": "x" } }""", "\"cited\" must be an object")]
    public void A_malformed_file_says_what_was_expected(string json, string reason)
    {
        var error = Assert.Throws<TraceFormatException>(() => Parse(json));
        Assert.Contains(reason, error.Reason);
        Assert.Equal("t.verified.json", error.Source);
        Assert.True(error.Line >= 1);
    }

    [Fact]
    public void Invalid_json_names_line_and_column()
    {
        var error = Assert.Throws<TraceFormatException>(() => Parse("{\n  \"cited\": {\n    \"path\": \"a\"\n  \"category\": 1\n}"));
        Assert.Equal(4, error.Line);
        Assert.StartsWith("t.verified.json(4,", error.Message);
        Assert.Contains("not valid JSON", error.Reason);
    }

    [Fact]
    public void A_shape_error_points_at_the_property()
    {
        var error = Assert.Throws<TraceFormatException>(() => Parse("{\n  \"traceId\": \"t\",\n  \"cited\": {\n    \"path\": \"a\"\n  },\n  \"category\": {}\n}"));
        Assert.Equal(6, error.Line);
        Assert.Equal(3, error.Column);
    }

    private static VerifiedAttribution Parse(string json) => VerifiedAttribution.Parse(Encoding.UTF8.GetBytes(json), "t.verified.json");
}
