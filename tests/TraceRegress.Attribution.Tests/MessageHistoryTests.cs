using System.Text;
using System.Text.Json;
using TraceRegress.GenAi;

namespace TraceRegress.AttributionTests;

/// <summary>
/// The content view reads a conversation history repeated in every call once: the same message at the same place is
/// shared between calls, and what is read never differs from reading each call on its own.
/// </summary>
public class MessageHistoryTests
{
    private static AgentTrace Trace(params string[] inputMessages)
    {
        var spans = inputMessages.Select((messages, i) => new Dictionary<string, object>
        {
            ["traceId"] = "4bf92f3577b34da6a3ce929d0e0e4736",
            ["spanId"] = $"00f067aa0ba902b{i}",
            ["operationName"] = "chat gpt-4.1",
            ["startTime"] = $"2026-01-01T00:00:0{i}Z",
            ["duration"] = 10,
            ["attributes"] = new Dictionary<string, object> { ["gen_ai.operation.name"] = "chat", ["gen_ai.input.messages"] = messages },
        }).ToArray();
        return AgentTrace.Parse(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(spans)), "history.json");
    }

    private const string System = """{"role":"system","parts":[{"type":"text","content":"You book trips."}]}""";
    private const string User = """{"role":"user","parts":[{"type":"text","content":"Fly me to Lisbon on 3 May 2026."}]}""";
    private const string Assistant = """{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"search_flights","arguments":{"to":"LIS"}}]}""";
    private const string Tool = """{"role":"tool","parts":[{"type":"tool_call_response","id":"call_1","response":"TP 1351, \u20ac212"}]}""";

    [Fact]
    public void Repeated_history_is_read_once_and_shared()
    {
        var history = $"[{System},{User},{Assistant},{Tool}]";
        var trace = Trace($"[{System},{User}]", history, history, history);
        var calls = trace.View.Spans.Select(g => g.InputMessages).ToArray();

        Assert.Equal(2, calls[0].Count);
        Assert.All(calls[1..], messages => Assert.Equal(4, messages.Count));
        // A message seen once is only remembered; from its second reading on, every call shares one object.
        Assert.Same(calls[1][0], calls[2][0]);
        Assert.Same(calls[1][0], calls[3][0]);
        Assert.Same(calls[2][3], calls[3][3]);
        foreach (var messages in calls)
        {
            Assert.Equal("You book trips.", messages[0].Text);
            Assert.Equal("attributes[\"gen_ai.input.messages\"] $[1].parts[0]", messages[1].Parts[0].Source);
        }

        Assert.Equal("TP 1351, €212", calls[3][3].Parts[0].Content);
        Assert.Equal(PartKind.ToolCallResponse, calls[3][3].Parts[0].Kind);
        Assert.Equal("call_1", calls[3][3].Parts[0].Id);
        Assert.Equal("attributes[\"gen_ai.input.messages\"] $[3].parts[0].response", calls[3][3].Parts[0].Source);
        Assert.Equal(PartKind.ToolCall, calls[3][2].Parts[0].Kind);
        Assert.Equal("""{"to":"LIS"}""", calls[3][2].Parts[0].Arguments);
    }

    [Fact]
    public void The_same_message_at_another_place_is_read_with_its_own_source()
    {
        var trace = Trace($"[{User}]", $"[{System},{User}]");
        var a = trace.View.Spans[0].InputMessages[0];
        var b = trace.View.Spans[1].InputMessages[1];

        Assert.NotSame(a, b);
        Assert.Equal(a.Parts[0].Content, b.Parts[0].Content);
        Assert.Equal("attributes[\"gen_ai.input.messages\"] $[0].parts[0]", a.Parts[0].Source);
        Assert.Equal("attributes[\"gen_ai.input.messages\"] $[1].parts[0]", b.Parts[0].Source);
    }

    [Theory]
    [InlineData("\u00a0[{\"role\":\"user\",\"content\":\"hi\"}]")]
    [InlineData("[{\"role\":\"user\",\"content\":\"hi\"}] trailing")]
    [InlineData("[{\"role\":\"user\",\"content\":\"hi\"}")]
    public void A_list_that_is_not_valid_json_is_one_text_message(string messages)
    {
        var trace = Trace(messages, messages);
        foreach (var g in trace.View.Spans)
        {
            var message = Assert.Single(g.InputMessages);
            Assert.Equal(messages, Assert.Single(message.Parts).Content);
        }
    }

    [Fact]
    public void String_items_and_other_values_keep_their_positions()
    {
        var trace = Trace($"[\"plain text\",42,[1,2],{User}]", $"[\"plain text\",42,[1,2],{User}]");
        foreach (var g in trace.View.Spans)
        {
            Assert.Equal(2, g.InputMessages.Count);
            Assert.Equal("plain text", g.InputMessages[0].Parts[0].Content);
            Assert.Equal("attributes[\"gen_ai.input.messages\"] $[3].parts[0]", g.InputMessages[1].Parts[0].Source);
        }
    }
}
