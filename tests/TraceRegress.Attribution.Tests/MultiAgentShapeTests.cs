using System.Text.Json;
using System.Text.Json.Nodes;

namespace TraceRegress.AttributionTests;

/// <summary>
/// The same multi-agent run exported in other shapes must be attributed the same way: which step and which agent are
/// cited may follow what the agents said, never how an exporter happened to write it. Each labelled run of
/// <see cref="MultiAgentLabelTests"/> is rewritten into shapes real exporters use for an agent's message (the message
/// as a <c>gen_ai.choice</c> event, OpenLLMetry's indexed <c>gen_ai.completion.0.*</c> attributes, a
/// <c>role</c>/<c>content</c> message without parts, the agent named only in the span name as semconv's
/// <c>invoke_agent {name}</c>, spans listed in another order) and the citation is compared with the one on the
/// run as first written, in both modes.
/// </summary>
public class MultiAgentShapeTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in MultiAgentLabelTests.Runs())
        {
            foreach (var shape in Shapes.Keys) data.Add((string)row[0]!, shape);
        }

        return data;
    }

    private static readonly Dictionary<string, Action<JsonObject>> Shapes = new()
    {
        ["choice-event"] = span => MoveOutput(span, text => Event(span, "gen_ai.choice", "gen_ai.event.content",
            new JsonObject { ["index"] = 0, ["finish_reason"] = "stop", ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text } }.ToJsonString())),
        ["indexed-completion"] = span => MoveOutput(span, text =>
        {
            Attribute(span, "gen_ai.completion.0.role", "assistant");
            Attribute(span, "gen_ai.completion.0.content", text);
        }),
        ["role-content-message"] = span => MoveOutput(span, text =>
            Attribute(span, "gen_ai.output.messages", new JsonArray(new JsonObject { ["role"] = "assistant", ["content"] = text }).ToJsonString())),
        ["agent-in-span-name-only"] = span => RemoveAttribute(span, "gen_ai.agent.name"),
        // A code terminal logged as the tool it is: an execute_tool span whose result is what the code printed.
        ["terminal-as-tool"] = span =>
        {
            if (GetAttribute(span, "gen_ai.agent.name") is not { } agent || !agent.Contains("terminal", StringComparison.OrdinalIgnoreCase)) return;
            MoveOutput(span, text =>
            {
                RemoveAttribute(span, "gen_ai.operation.name");
                RemoveAttribute(span, "gen_ai.agent.name");
                Attribute(span, "gen_ai.operation.name", "execute_tool");
                Attribute(span, "gen_ai.tool.name", agent);
                Attribute(span, "gen_ai.tool.call.result", text);
                span[span.ContainsKey("operationName") ? "operationName" : "name"] = "execute_tool " + agent;
            });
        },
        // Each message logged as a model call of its agent rather than an agent invocation.
        ["chat-operation"] = span =>
        {
            if (GetAttribute(span, "gen_ai.output.messages") is null) return;
            RemoveAttribute(span, "gen_ai.operation.name");
            Attribute(span, "gen_ai.operation.name", "chat");
            span[span.ContainsKey("operationName") ? "operationName" : "name"] = "chat";
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_run_in_another_exporter_shape_is_attributed_the_same(string file, string shape)
    {
        foreach (var expected in new[] { null, MultiAgentLabelTests.ExpectedAnswer(file) })
        {
            var request = new AttributionRequest { ExpectedAnswer = expected };
            var original = AttributionEngine.Default.Attribute(Fixture.Load("multiagent", file), request);
            var reshaped = AttributionEngine.Default.Attribute(AgentTrace.Parse(Reshape(file, Shapes[shape]), file), request);
            var mode = expected is null ? "without the expected answer" : "with the expected answer";
            Assert.True(original.Cited?.SpanId == reshaped.Cited?.SpanId && original.Cited?.Agent == reshaped.Cited?.Agent,
                $"{file} as {shape} {mode}: first written, cited {original.Cited?.Path} ({original.Cited?.Agent}) by {original.Detector}; reshaped, cited {reshaped.Cited?.Path} ({reshaped.Cited?.Agent}) by {reshaped.Detector}: {reshaped.Summary}");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_run_whose_spans_are_listed_in_another_order_is_attributed_the_same(string file) =>
        AssertSameCitation(file, "with its spans in reverse order", root =>
        {
            foreach (var spans in SpanLists(root).ToList())
            {
                var reversed = spans.Select(s => s!.DeepClone()).Reverse().ToArray();
                spans.Clear();
                foreach (var s in reversed) spans.Add(s);
            }
        });

    [Theory]
    [MemberData(nameof(Files))]
    public void A_run_whose_steps_record_the_conversation_so_far_as_their_input_is_attributed_the_same(string file) =>
        // A chat-style export: each step's input is every message before it, as a model call's input messages are.
        AssertSameCitation(file, "with the conversation as input", root =>
        {
            var steps = SpanLists(root).SelectMany(l => l).Select(n => n!.AsObject())
                .Where(s => GetAttribute(s, "gen_ai.output.messages") is not null)
                .OrderBy(s => (string?)s["startTimeUnixNano"] ?? (string?)s["startTime"], StringComparer.Ordinal).ToList();
            var history = new JsonArray();
            foreach (var step in steps)
            {
                if (history.Count > 0) Attribute(step, "gen_ai.input.messages", history.ToJsonString());
                foreach (var message in JsonNode.Parse(GetAttribute(step, "gen_ai.output.messages")!)!.AsArray()) history.Add(message!.DeepClone());
            }
        });

    [Theory]
    [MemberData(nameof(Files))]
    public void A_run_exported_without_its_root_span_is_attributed_the_same(string file) =>
        // Some converters write only the messages: every step a root of its own, the run's span left out.
        AssertSameCitation(file, "without its root span", root =>
        {
            foreach (var spans in SpanLists(root).ToList())
            {
                var parents = spans.Select(s => (string?)s!["parentSpanId"]).Where(p => !string.IsNullOrEmpty(p)).ToHashSet();
                foreach (var run in spans.Where(s => parents.Contains((string?)s!["spanId"]) && string.IsNullOrEmpty((string?)s["parentSpanId"])).ToList()) spans.Remove(run);
                foreach (var span in spans) span!.AsObject().Remove("parentSpanId");
            }
        });

    // The run as first written and the run rewritten by `rewrite` must cite the same span and agent.
    private static void AssertSameCitation(string file, string what, Action<JsonObject> rewrite)
    {
        var original = AttributionEngine.Default.Attribute(Fixture.Load("multiagent", file));
        var root = JsonNode.Parse(File.ReadAllText(Fixture.Path("multiagent", file)))!.AsObject();
        rewrite(root);
        var rewritten = AttributionEngine.Default.Attribute(AgentTrace.Parse(System.Text.Encoding.UTF8.GetBytes(root.ToJsonString()), file));
        Assert.True(original.Cited?.SpanId == rewritten.Cited?.SpanId && original.Cited?.Agent == rewritten.Cited?.Agent,
            $"{file} {what}: first written, cited {original.Cited?.Path} ({original.Cited?.Agent}) by {original.Detector}; rewritten, cited {rewritten.Cited?.Path} ({rewritten.Cited?.Agent}) by {rewritten.Detector}: {rewritten.Summary}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void An_expected_answer_written_another_way_gives_the_same_citation(string file)
    {
        // People write the right answer as they like: 1,702,415 or 1702415, "trondheim." or "Trondheim".
        var answer = MultiAgentLabelTests.ExpectedAnswer(file);
        var written = decimal.TryParse(answer, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number.ToString(answer.Contains('.', StringComparison.Ordinal) ? "#,##0.##########" : "#,##0", System.Globalization.CultureInfo.InvariantCulture)
            : answer.ToLowerInvariant() + ".";
        var trace = Fixture.Load("multiagent", file);
        var original = AttributionEngine.Default.Attribute(trace, new AttributionRequest { ExpectedAnswer = answer });
        var other = AttributionEngine.Default.Attribute(trace, new AttributionRequest { ExpectedAnswer = written });
        Assert.True(original.Cited?.SpanId == other.Cited?.SpanId,
            $"{file}: with \"{answer}\" cited {original.Cited?.Path} by {original.Detector}; with \"{written}\" cited {other.Cited?.Path} by {other.Detector}: {other.Summary}");
    }

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var row in MultiAgentLabelTests.Runs()) data.Add((string)row[0]!);
        return data;
    }

    private static byte[] Reshape(string file, Action<JsonObject> reshape)
    {
        var root = JsonNode.Parse(File.ReadAllText(Fixture.Path("multiagent", file)))!.AsObject();
        foreach (var spans in SpanLists(root))
        {
            foreach (var span in spans) reshape(span!.AsObject());
        }

        return System.Text.Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    // The span arrays of an OTLP/JSON document (every scope of every resource) or of a flat-span document.
    private static IEnumerable<JsonArray> SpanLists(JsonObject root)
    {
        if (root["spans"] is JsonArray flat)
        {
            yield return flat;
            yield break;
        }

        foreach (var resource in root["resourceSpans"]!.AsArray())
        {
            foreach (var scope in resource!["scopeSpans"]!.AsArray()) yield return scope!["spans"]!.AsArray();
        }
    }

    // OTLP/JSON attributes are a list of {key, value: {stringValue}}; flat spans have a map of plain values.
    private static string? GetAttribute(JsonObject span, string key) => span["attributes"] switch
    {
        JsonArray list => (string?)list.FirstOrDefault(a => (string?)a!["key"] == key)?["value"]?["stringValue"],
        JsonObject map => map[key]?.GetValue<string>(),
        _ => null,
    };

    private static void RemoveAttribute(JsonObject span, string key)
    {
        switch (span["attributes"])
        {
            case JsonArray list:
                foreach (var a in list.Where(a => (string?)a!["key"] == key).ToList()) list.Remove(a);
                break;
            case JsonObject map:
                map.Remove(key);
                break;
        }
    }

    private static void Attribute(JsonObject span, string key, string value)
    {
        switch (span["attributes"])
        {
            case JsonArray list:
                list.Add(new JsonObject { ["key"] = key, ["value"] = new JsonObject { ["stringValue"] = value } });
                break;
            case JsonObject map:
                map[key] = value;
                break;
        }
    }

    // The span's output message (gen_ai.output.messages, parts of type text) as one text, removed from the span and
    // handed to the shape that writes it back another way. Spans without one are left as they are.
    private static void MoveOutput(JsonObject span, Action<string> write)
    {
        if (GetAttribute(span, "gen_ai.output.messages") is not { } json) return;
        using var messages = JsonDocument.Parse(json);
        var texts = new List<string>();
        foreach (var message in messages.RootElement.EnumerateArray())
        {
            foreach (var part in message.GetProperty("parts").EnumerateArray())
            {
                if (part.GetProperty("type").GetString() == "text") texts.Add(part.GetProperty("content").GetString()!);
            }
        }

        RemoveAttribute(span, "gen_ai.output.messages");
        write(string.Join("\n", texts));
    }

    private static void Event(JsonObject span, string name, string key, string value)
    {
        var events = span["events"] as JsonArray ?? (JsonArray)(span["events"] = new JsonArray());
        if (span["attributes"] is JsonObject)
        {
            events.Add(new JsonObject { ["name"] = name, ["timestamp"] = span["startTime"]!.DeepClone(), ["attributes"] = new JsonObject { [key] = value } });
            return;
        }

        events.Add(new JsonObject
        {
            ["timeUnixNano"] = span["endTimeUnixNano"]!.DeepClone(),
            ["name"] = name,
            ["attributes"] = new JsonArray(new JsonObject { ["key"] = key, ["value"] = new JsonObject { ["stringValue"] = value } }),
        });
    }
}
