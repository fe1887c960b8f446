using System.Text;
using TraceRegress.Formats;
using TraceRegress.Model;

namespace TraceRegress.Tests.Formats;

public class OtlpJsonReaderTests
{
    [Theory]
    [InlineData("agent-tool-calls.json")]
    [InlineData("old-semconv-events.json")]
    [InlineData("collector-file-export.jsonl")]
    [InlineData("base64-ids.json")]
    public void Detects_otlp_from_content(string file)
    {
        var input = new TraceInput(File.ReadAllBytes(Fixture.Path("otlp", file)), file);

        Assert.IsType<OtlpJsonReader>(TraceReaders.Detect(input, out _));
        // The file name plays no part: the same bytes under a misleading name read the same.
        Assert.Equal(TraceFormat.Otlp, AgentTrace.Parse(File.ReadAllBytes(Fixture.Path("otlp", file)), "export.zipkin.txt").Format);
    }

    [Fact]
    public void Reads_a_gen_ai_agent_trace_with_tool_calls()
    {
        var trace = Fixture.Load("otlp", "agent-tool-calls.json");

        Assert.Empty(trace.Warnings);
        // Upper-case hex ids are normalised; an empty parentSpanId means a root.
        Assert.Equal("5b8aa5a2d2c872e8321cf37308d69df2", trace.TraceId);
        Assert.Equal(
            [
                "invoke_agent travel-planner",
                "invoke_agent travel-planner/chat gpt-4.1[1]",
                "invoke_agent travel-planner/execute_tool search_flights",
                "invoke_agent travel-planner/chat gpt-4.1[2]",
            ],
            trace.Spans.Select(s => s.Path));

        var root = trace.Roots.Single();
        Assert.Null(root.ParentSpanId);
        Assert.Equal(SpanKindCode.Internal, root.Kind);
        Assert.Equal(new SpanStatus(SpanStatusCode.Error, "flight search failed"), root.Status);
        Assert.Equal(TimeSpan.FromMilliseconds(6412), root.Duration);
        Assert.Equal(new DateTimeOffset(2025, 5, 20, 10, 0, 0, TimeSpan.Zero), root.StartTime);
        Assert.Equal("travel-agent", root.Resource.ServiceName);
        Assert.Equal(8, root.Resource.Attributes.GetInt64("host.cpu.count"));
        Assert.Equal("Experimental.Microsoft.Extensions.AI", root.ScopeName);

        var chat = trace.Select("chat gpt-4.1[1]");
        Assert.Equal(SpanKindCode.Client, chat.Kind);
        Assert.Equal(SpanStatusCode.Unset, chat.Status.Code);
        Assert.Equal(AttributeValue.FromInt(412), chat.Attributes["gen_ai.usage.input_tokens"]);
        Assert.Equal(AttributeValue.FromInt(38), chat.Attributes["gen_ai.usage.output_tokens"]);
        Assert.Equal(AttributeValue.FromDouble(0.2), chat.Attributes["gen_ai.request.temperature"]);
        Assert.Equal(AttributeValue.FromArray([AttributeValue.FromString("tool_calls")]), chat.Attributes["gen_ai.response.finish_reasons"]);
        Assert.Equal(AttributeValue.FromBytes("req_7f3a9c1"u8.ToArray()), chat.Attributes["http.response.header.x-request-id"]);
        var call = Assert.Single(GenAiAssert.Parts(GenAiAssert.Messages(chat, "gen_ai.output.messages"), "tool_call"));
        Assert.Equal("call_VSPygqKTWdrhaFErNvMV18Yl", call.Part.GetProperty("id").GetString());

        var tool = trace.Select("execute_tool search_flights");
        Assert.Equal(new SpanStatus(SpanStatusCode.Error, "503 Service Unavailable"), tool.Status);
        Assert.Equal(AttributeValue.FromBool(true), tool.Attributes["travel.search.retry"]);
        var parameters = tool.Attributes["travel.search.params"];
        Assert.Equal(AttributeValueKind.Map, parameters.Kind);
        Assert.Equal(["cabin", "passengers", "flex_days"], parameters.Entries.Select(e => e.Key));
        Assert.Equal(AttributeValue.FromArray([AttributeValue.FromInt(-1), AttributeValue.FromInt(0), AttributeValue.FromInt(1)]), parameters.Entries[2].Value);
        var exception = Assert.Single(tool.Events);
        Assert.Equal("exception", exception.Name);
        Assert.Equal("System.Net.Http.HttpRequestException", exception.Attributes.GetString("exception.type"));
        Assert.Equal(new DateTimeOffset(2025, 5, 20, 10, 0, 4, 850, TimeSpan.Zero), exception.Timestamp);
        var link = Assert.Single(tool.Links);
        Assert.Equal(("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"), (link.TraceId, link.SpanId));
        Assert.Equal("retry-of", link.Attributes.GetString("link.reason"));

        Assert.Equal(SpanKindCode.Client, trace.Select("chat gpt-4.1[2]").Kind);
    }

    [Fact]
    public void Reads_old_semconv_with_legacy_instrumentation_library_spans_and_number_times()
    {
        var trace = Fixture.Load("otlp", "old-semconv-events.json");

        var chat = Assert.Single(trace.Spans);
        // Its parent was not exported: kept as a root and reported.
        Assert.Contains(trace.Warnings, w => w.Kind == TraceWarningKind.OrphanSpan && w.SpanId == "e3b0c44298fc1c14");
        Assert.Equal("openai", chat.Attributes.GetString("gen_ai.system"));
        Assert.Equal("incident-summariser", chat.Resource.ServiceName);
        Assert.Equal("opentelemetry.instrumentation.openai_v2", chat.ScopeName);
        Assert.Equal(SpanKindCode.Client, chat.Kind);
        Assert.Equal(SpanStatusCode.Unset, chat.Status.Code);
        Assert.Equal(TimeSpan.FromMilliseconds(1864), chat.Duration);
        Assert.Equal(["gen_ai.system.message", "gen_ai.user.message", "gen_ai.choice"], chat.Events.Select(e => e.Name));
        Assert.Contains("\"finish_reason\": \"length\"", chat.Events[2].Attributes.GetString("gen_ai.event.content"));
        Assert.Equal(8, chat.SourceLine);
    }

    [Fact]
    public void Reads_the_collectors_json_lines_as_one_trace()
    {
        var trace = Fixture.Load("otlp", "collector-file-export.jsonl");

        Assert.Empty(trace.Warnings);
        Assert.Equal(
            [
                "invoke_agent support-bot",
                "invoke_agent support-bot/chat claude-sonnet-4[1]",
                "invoke_agent support-bot/execute_tool lookup_order",
                "invoke_agent support-bot/chat claude-sonnet-4[2]",
            ],
            trace.Spans.Select(s => s.Path));
        // Each span knows the line of the document it came from.
        Assert.Equal(3, trace.Roots.Single().SourceLine);
        Assert.Equal(1, trace.Select("execute_tool lookup_order").SourceLine);
        Assert.Equal(2, trace.Select("chat claude-sonnet-4[2]").SourceLine);
        Assert.Equal(new SpanStatus(SpanStatusCode.Error, "order not found"), trace.Select("execute_tool lookup_order").Status);
        Assert.Equal(SpanStatusCode.Ok, trace.Select("chat claude-sonnet-4[2]").Status.Code);
    }

    [Fact]
    public void Accepts_base64_ids_from_the_protobuf_json_mapping()
    {
        var trace = Fixture.Load("otlp", "base64-ids.json");

        Assert.Empty(trace.Warnings);
        Assert.Equal("5b8aa5a2d2c872e8321cf37308d69df2", trace.TraceId);
        Assert.Equal(["051581bf3cb55c13", "5fb397be34d26b51"], trace.Spans.Select(s => s.SpanId));
        Assert.Equal("retrieve documents/vector.search", trace.Spans[1].Path);
        Assert.Equal(SpanStatusCode.Ok, trace.Spans[0].Status.Code);
    }

    [Fact]
    public void Span_order_in_the_file_does_not_change_the_trace()
    {
        var original = Fixture.Load("otlp", "collector-file-export.jsonl");
        var lines = File.ReadAllLines(Fixture.Path("otlp", "collector-file-export.jsonl")).Reverse();

        var reversed = AgentTrace.Parse(Encoding.UTF8.GetBytes(string.Join('\n', lines)), "reversed.jsonl");

        Assert.Equal(original.Spans.Select(s => (s.Path, s.SpanId)), reversed.Spans.Select(s => (s.Path, s.SpanId)));
    }

    [Fact]
    public void A_truncated_document_is_reported_at_its_end()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("otlp", "truncated.json"));

        Assert.EndsWith("truncated.json", e.Source);
        Assert.Equal(File.ReadAllLines(Fixture.Path("otlp", "truncated.json")).Length, e.Line);
        Assert.True(e.Column > 0);
    }

    [Fact]
    public void A_truncated_json_line_is_reported_at_that_line()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("otlp", "truncated-line.jsonl"));

        Assert.Equal(2, e.Line);
        Assert.True(e.Column > 1);
        Assert.Contains("JSON Lines", e.Reason);
    }

    [Fact]
    public void A_boolean_int_value_is_an_error_at_the_value()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("otlp", "int-value-wrong-type.json"));

        Assert.Equal(17, e.Line);
        Assert.Equal(78, e.Column);
        Assert.Contains("expected an integer", e.Reason);
        Assert.Contains("gen_ai.usage.input_tokens", e.Reason);
    }

    [Fact]
    public void Attributes_as_a_plain_object_are_an_error_naming_the_expected_shape()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("otlp", "attributes-not-array.json"));

        Assert.Equal(13, e.Line);
        Assert.Contains("expected an array of {\"key\", \"value\"} for \"attributes\", found an object", e.Reason);
    }

    [Fact]
    public void A_span_without_an_id_is_an_error_at_the_span()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("otlp", "missing-span-id.json"));

        Assert.Equal((7, 13), (e.Line, e.Column));
        Assert.Contains("spanId", e.Reason);
    }

    [Fact]
    public void An_unknown_any_value_type_is_an_error()
    {
        var json = """{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"x","attributes":[{"key":"k","value":{"uintValue":"3"}}]}]}]}]}""";

        var e = Assert.Throws<TraceFormatException>(() => AgentTrace.Parse(Encoding.UTF8.GetBytes(json), "unknown-any.json"));

        Assert.Contains("\"uintValue\"", e.Reason);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_an_error_not_a_crash()
    {
        // kvlistValue inside kvlistValue, far deeper than TraceInput.MaxDepth.
        var sb = new StringBuilder("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"x","attributes":[""");
        const int levels = 400;
        for (var i = 0; i < levels; i++) sb.Append("""{"key":"k","value":{"kvlistValue":{"values":[""");
        for (var i = 0; i < levels; i++) sb.Append("]}}}");
        sb.Append("]}]}]}]}");

        var e = Assert.Throws<TraceFormatException>(() => AgentTrace.Parse(Encoding.UTF8.GetBytes(sb.ToString()), "deep.json"));

        Assert.Contains("depth", e.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void A_document_of_only_resource_spans_without_spans_holds_no_spans()
    {
        var e = Assert.Throws<TraceFormatException>(() => AgentTrace.Parse("""{"resourceSpans":[]}"""u8.ToArray(), "empty.json"));

        Assert.Contains("holds no spans", e.Reason);
    }

    [Fact]
    public void Json_lines_with_crlf_and_blank_lines_read_the_same()
    {
        var lines = File.ReadAllLines(Fixture.Path("otlp", "collector-file-export.jsonl"));
        var text = "\r\n" + string.Join("\r\n\r\n", lines) + "\r\n";

        var trace = AgentTrace.Parse(Encoding.UTF8.GetBytes(text), "crlf.jsonl");

        Assert.Equal(Fixture.Load("otlp", "collector-file-export.jsonl").Spans.Select(s => s.Path), trace.Spans.Select(s => s.Path));
        Assert.Equal(6, trace.Roots.Single().SourceLine);
    }

    [Fact]
    public void A_json_line_that_is_not_a_document_is_an_error_at_that_line()
    {
        var lines = File.ReadAllLines(Fixture.Path("otlp", "collector-file-export.jsonl")).ToList();
        lines.Insert(2, "[\"not\", \"a document\"]");

        var e = Assert.Throws<TraceFormatException>(() => AgentTrace.Parse(Encoding.UTF8.GetBytes(string.Join('\n', lines)), "mixed.jsonl"));

        Assert.Equal((3, 1), (e.Line, e.Column));
        Assert.Contains("expected an OTLP/JSON document", e.Reason);
    }

    [Fact]
    public void Pretty_printed_documents_back_to_back_are_one_trace()
    {
        var text = File.ReadAllText(Fixture.Path("otlp", "agent-tool-calls.json")) + File.ReadAllText(Fixture.Path("otlp", "old-semconv-events.json"));

        var trace = AgentTrace.Parse(Encoding.UTF8.GetBytes(text), "two.json");

        Assert.Equal(5, trace.Spans.Count);
        Assert.Contains(trace.Warnings, w => w.Kind == TraceWarningKind.MultipleTraceIds);
        Assert.Equal(125 + 8, trace.Spans.Single(s => s.Name == "chat gpt-4o-mini").SourceLine);
    }
}
