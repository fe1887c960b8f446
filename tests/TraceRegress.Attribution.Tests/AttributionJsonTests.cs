using System.Text;
using System.Text.Json;

namespace TraceRegress.AttributionTests;

/// <summary>The Attribution JSON is the <c>.verified.json</c> and <c>--json</c> contract: pinned byte for byte.</summary>
public class AttributionJsonTests
{
    [Fact]
    public void The_seed_span_serialises_to_the_documented_shape_byte_for_byte()
    {
        const string expected = """
            {
              "traceId": "7f2c9a4d1e8b3f6c9d2e5a8b1f4c7d0e",
              "cited": {
                "spanId": "3a5f8c2d9b1e4f7a",
                "path": "gen_ai.chat",
                "name": "gen_ai.chat",
                "agent": null
              },
              "category": {
                "l1": "environment",
                "l2": "System Execution Errors",
                "l3": "API Issues",
                "l4": "Service Errors"
              },
              "evidence": [
                {
                  "spanId": "3a5f8c2d9b1e4f7a",
                  "source": "events[0] gen_ai.event.content $.error",
                  "quote": "index out of range"
                }
              ],
              "chain": [
                "3a5f8c2d9b1e4f7a"
              ],
              "confidence": 0.85,
              "basis": "error-evidence",
              "summary": "The search_codebase tool returned an error although the span's status is not ERROR: \"index out of range\".",
              "detector": "tool-error-payload",
              "warnings": [
                "line 1: span 'gen_ai.chat' (3a5f8c2d9b1e4f7a) names parent '1c4e7a0d3f6b9c2e', which is not in the trace; it is kept as a root"
              ],
              "otherFindings": []
            }

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), Fixture.Attribute("seed", "seed-gen-ai-chat.json").ToJson());
    }

    [Fact]
    public void No_failure_serialises_with_null_cited_and_category_and_no_detector()
    {
        const string expected = """
            {
              "traceId": "4bf92f3577b34da6a3ce929d0e0e4736",
              "cited": null,
              "category": null,
              "evidence": [],
              "chain": [],
              "confidence": 0,
              "summary": "no failure found",
              "warnings": [
                "line 1: span 'api.search' (00f067aa0ba902b7) names parent '00f067aa0ba902b6', which is not in the trace; it is kept as a root"
              ],
              "otherFindings": []
            }

            """;
        var a = AttributionEngine.Default.Attribute(Fixture.Load("seed", "seed-api-search.json"), new AttributionRequest { PassingRun = true });
        Assert.Equal(expected.ReplaceLineEndings("\n"), a.ToJson());
    }

    [Theory]
    [MemberData(nameof(DeterminismTests.Traces), MemberType = typeof(DeterminismTests))]
    public void Every_attribution_has_the_documented_properties_in_the_documented_order(string file)
    {
        var json = Fixture.Attribute(file.Split('/')).ToJson();
        Assert.DoesNotContain("\r", json, StringComparison.Ordinal);
        Assert.EndsWith("}\n", json, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var found = root.GetProperty("cited").ValueKind != JsonValueKind.Null;
        var warnings = root.TryGetProperty("warnings", out _) ? (string[])["warnings"] : [];
        Assert.Equal(
            found
                ? ["traceId", "cited", "category", "evidence", "chain", "confidence", "basis", "summary", "detector", .. warnings, "otherFindings"]
                : ["traceId", "cited", "category", "evidence", "chain", "confidence", "summary", .. warnings, "otherFindings"],
            Names(root));
        if (found) Assert.Contains(root.GetProperty("basis").GetString(), (string[])["error-evidence", "ungrounded-content", "expected-answer", "inference"]);
        if (found)
        {
            AssertCited(root.GetProperty("cited"));
            AssertCategory(root.GetProperty("category"));
            Assert.Equal(root.GetProperty("cited").GetProperty("spanId").GetString(), root.GetProperty("chain")[0].GetString());
        }

        AssertEvidence(root.GetProperty("evidence"));
        AssertConfidence(root.GetProperty("confidence"));
        foreach (var other in root.GetProperty("otherFindings").EnumerateArray())
        {
            Assert.Equal(["cited", "category", "evidence", "confidence", "basis", "summary", "detector"], Names(other));
            AssertCited(other.GetProperty("cited"));
            AssertCategory(other.GetProperty("category"));
            AssertEvidence(other.GetProperty("evidence"));
            AssertConfidence(other.GetProperty("confidence"));
        }
    }

    [Fact]
    public void The_json_is_utf8_without_byte_order_mark_and_keeps_non_ascii_text_readable()
    {
        var a = new Attribution("t1", new CitedSpan("s1", "agent/chat", "chat"), Taxonomy.Default.Find("Service Errors"),
            [new Evidence("s1", "attributes[\"gen_ai.tool.call.result\"] $.error", "Zeitüberschreitung <beim> Abruf & „Kunde“")], ["s1"], 0.876, "x");
        var json = a.ToJson();
        Assert.Contains("\"quote\": \"Zeitüberschreitung <beim> Abruf & „Kunde“\"", json, StringComparison.Ordinal);
        Assert.Contains("\"confidence\": 0.88,", json, StringComparison.Ordinal);
        Assert.False(Encoding.UTF8.GetBytes(json).AsSpan().StartsWith(Encoding.UTF8.Preamble));
    }

    private static string[] Names(JsonElement obj) => obj.EnumerateObject().Select(p => p.Name).ToArray();

    private static void AssertCited(JsonElement cited)
    {
        Assert.Equal(["spanId", "path", "name", "agent"], Names(cited));
        Assert.All(cited.EnumerateObject().Where(p => p.Name != "agent"), p => Assert.False(string.IsNullOrEmpty(p.Value.GetString())));
        var agent = cited.GetProperty("agent");
        Assert.True(agent.ValueKind == JsonValueKind.Null || agent.GetString()!.Length > 0);
    }

    private static void AssertCategory(JsonElement category)
    {
        Assert.Equal(["l1", "l2", "l3", "l4"], Names(category));
        var leaf = Taxonomy.Default.Find(category.GetProperty("l4").GetString()!);
        Assert.NotNull(leaf);
        Assert.Equal(leaf.L1, category.GetProperty("l1").GetString());
        Assert.Equal(leaf.L2, category.GetProperty("l2").GetString());
        Assert.Equal(leaf.L3, category.GetProperty("l3").GetString());
    }

    private static void AssertEvidence(JsonElement evidence)
    {
        foreach (var e in evidence.EnumerateArray()) Assert.Equal(["spanId", "source", "quote"], Names(e));
    }

    private static void AssertConfidence(JsonElement confidence)
    {
        var value = confidence.GetDouble();
        Assert.InRange(value, 0, 1);
        Assert.Equal(Math.Round(value, 2), value);
    }
}
