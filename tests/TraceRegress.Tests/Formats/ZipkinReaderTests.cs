using TraceRegress.Formats;
using TraceRegress.Model;

namespace TraceRegress.Tests.Formats;

public class ZipkinReaderTests
{
    [Theory]
    [InlineData("agent-tool-error.json")]
    [InlineData("traces-api-nested.json")]
    public void Detects_zipkin_v2_from_content(string file)
    {
        var input = new TraceInput(File.ReadAllBytes(Fixture.Path("zipkin", file)), "jaeger-export.json");

        Assert.IsType<ZipkinReader>(TraceReaders.Detect(input, out _));
        Assert.Equal(TraceFormat.Zipkin, Fixture.Load("zipkin", file).Format);
    }

    [Fact]
    public void Reads_an_agent_trace_whatever_the_span_order()
    {
        var trace = Fixture.Load("zipkin", "agent-tool-error.json");

        Assert.Empty(trace.Warnings);
        Assert.Equal(
            [
                @"POST \/chat",
                @"POST \/chat/chat gpt-4o-mini[1]",
                @"POST \/chat/execute_tool fetch_invoice",
                @"POST \/chat/chat gpt-4o-mini[2]",
            ],
            trace.Spans.Select(s => s.Path));
        var root = trace.Roots.Single();
        Assert.Equal(SpanKindCode.Server, root.Kind);
        Assert.Equal("billing-agent", root.Resource.ServiceName);
        Assert.Equal("10.1.4.22", root.Resource.Attributes.GetString("network.peer.address"));
        Assert.Equal(TimeSpan.FromMilliseconds(3120), root.Duration);
        Assert.Equal(new DateTimeOffset(2025, 5, 20, 10, 0, 0, TimeSpan.Zero), root.StartTime);
    }

    [Fact]
    public void Maps_the_error_tag_remote_endpoint_and_event_annotations()
    {
        var tool = Fixture.Load("zipkin", "agent-tool-error.json").Select("execute_tool fetch_invoice");

        Assert.Equal(new SpanStatus(SpanStatusCode.Error, "invoice INV-2291 does not exist"), tool.Status);
        Assert.Equal(SpanKindCode.Client, tool.Kind);
        Assert.Equal("billing_agent.tools", tool.ScopeName);
        Assert.Equal("invoice-api", tool.Attributes.GetString("peer.service"));
        Assert.Equal(8443, tool.Attributes.GetInt64("network.peer.port"));
        // Zipkin tags are strings; numbers stay readable as numbers.
        Assert.Equal(404, tool.Attributes.GetInt64("http.response.status_code"));
        Assert.Equal("call_b71Xz", tool.Attributes.GetString("gen_ai.tool.call.id"));
        Assert.False(tool.Attributes.ContainsKey("error"));
        Assert.False(tool.Attributes.ContainsKey("otel.status_code"));
        var exception = Assert.Single(tool.Events);
        Assert.Equal("exception", exception.Name);
        Assert.Equal("InvoiceNotFound", exception.Attributes.GetString("exception.type"));
        Assert.Equal(new DateTimeOffset(2025, 5, 20, 10, 0, 1, 611, TimeSpan.Zero), exception.Timestamp);
    }

    [Fact]
    public void Splits_gen_ai_event_annotations_into_name_and_attributes()
    {
        var chat = Fixture.Load("zipkin", "agent-tool-error.json").Select("chat gpt-4o-mini[1]");

        Assert.Equal(["gen_ai.user.message", "gen_ai.choice"], chat.Events.Select(e => e.Name));
        Assert.Equal("Why was I charged twice on invoice INV-2291?", chat.Events[0].Attributes.GetString("content"));
        Assert.Equal(0, chat.Events[1].Attributes.GetInt64("index"));
        Assert.Equal(SpanStatusCode.Ok, chat.Status.Code);
        Assert.Equal(734, chat.Attributes.GetInt64("gen_ai.usage.input_tokens"));
        Assert.Equal("api.openai.com", chat.Attributes.GetString("peer.service"));
    }

    [Fact]
    public void Reads_an_event_annotation_written_as_one_json_object()
    {
        // The Python exporter writes an event as {"name": {attributes}}; a plain annotation stays a name.
        const string json = """
            [{"traceId":"5af7183fb1d4cf5f5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","name":"chat claude-3-5-sonnet","timestamp":1718000000000000,"duration":1000,
              "annotations":[{"timestamp":1718000000000100,"value":"{\"gen_ai.content.prompt\": {\"gen_ai.prompt\": \"[{\\\"role\\\": \\\"user\\\", \\\"content\\\": \\\"Book me in\\\"}]\"}}"},
                             {"timestamp":1718000000000200,"value":"{not json"}]}]
            """;
        var chat = AgentTrace.Parse(System.Text.Encoding.UTF8.GetBytes(json), "python-zipkin.json").Select("chat claude-3-5-sonnet");

        Assert.Equal(["gen_ai.content.prompt", "{not json"], chat.Events.Select(e => e.Name));
        Assert.Equal("[{\"role\": \"user\", \"content\": \"Book me in\"}]", chat.Events[0].Attributes.GetString("gen_ai.prompt"));
    }

    [Fact]
    public void Reads_the_traces_api_array_of_arrays_and_pads_short_ids()
    {
        var trace = Fixture.Load("zipkin", "traces-api-nested.json");

        Assert.Empty(trace.Warnings);
        Assert.Equal("5af7183fb1d4cf5f", trace.TraceId);
        // A '/' inside a span name is escaped in paths.
        Assert.Equal([@"get \/api", @"get \/api/get", @"get \/api/get/get \/api"], trace.Spans.Select(s => s.Path));
        var backend = trace.Select(@"get/get \/api");
        Assert.Equal("0000a8c3f0b44c1d", backend.SpanId);
        Assert.Equal("backend", backend.Resource.ServiceName);
        var client = trace.Select("get");
        // An empty error tag still marks the span failed.
        Assert.Equal(new SpanStatus(SpanStatusCode.Error), client.Status);
        Assert.Equal(["ws", "wr"], client.Events.Select(e => e.Name));
        Assert.Equal(TimeSpan.FromTicks(10250), client.Duration);
    }

    [Fact]
    public void A_truncated_file_is_reported_where_it_stops()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("zipkin", "truncated.json"));

        Assert.Equal(File.ReadAllLines(Fixture.Path("zipkin", "truncated.json")).Length, e.Line);
        Assert.True(e.Column > 0);
        Assert.StartsWith("malformed JSON", e.Reason);
    }

    [Fact]
    public void Tags_that_are_not_an_object_are_an_error_at_the_tags()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("zipkin", "tags-not-object.json"));

        var line = Array.FindIndex(File.ReadAllLines(Fixture.Path("zipkin", "tags-not-object.json")), l => l.Contains("\"tags\": [")) + 1;
        Assert.Equal(line, e.Line);
        Assert.Contains("expected an object of string tags for \"tags\", found an array", e.Reason);
    }

    [Theory]
    [InlineData("[1, \"a\", null, {}]", "an array")]
    [InlineData("\"true\"", "a string")]
    [InlineData("{\"x\": 1}", "an object")]
    public void A_shared_flag_that_is_not_a_boolean_is_an_error_at_the_flag(string value, string found)
    {
        var text = "[\n  {\"traceId\": \"86154a4ba6e91385\", \"id\": \"4d1e00c0db9010db\", \"name\": \"post\",\n   \"shared\": " + value + ", \"timestamp\": 1767880800110000}\n]";

        var e = Assert.Throws<TraceFormatException>(() => AgentTrace.Parse(System.Text.Encoding.UTF8.GetBytes(text), "shared.json"));

        Assert.Equal("shared.json", e.Source);
        Assert.Equal(3, e.Line);
        Assert.Contains($"expected a boolean for \"shared\", found {found}", e.Reason);
    }

    [Fact]
    public void Reads_a_single_span_object_and_quotes_its_error_tag()
    {
        var trace = AgentTrace.Parse(File.ReadAllBytes(Fixture.Path("zipkin", "single-span-error-tag.json")), "span.json");

        Assert.Equal(TraceFormat.Zipkin, trace.Format);
        var span = Assert.Single(trace.Spans);
        Assert.Equal("352bff9a74ca9ad2", span.SpanId);
        Assert.Equal("support-bot", span.Resource.ServiceName);
        Assert.Equal(SpanStatusCode.Error, span.Status.Code);

        var attribution = AttributionEngine.Default.Attribute(trace);
        Assert.Equal(span.SpanId, attribution.Cited?.SpanId);
        Assert.Equal("Rate Limiting", attribution.Category?.L4);
        Assert.Contains(attribution.Evidence, e => e.Quote.StartsWith("Rate limit reached for gpt-4o", StringComparison.Ordinal));
    }

    [Fact]
    public void Client_and_server_spans_sharing_one_id_are_a_pair_the_server_under_the_client()
    {
        var trace = Fixture.Load("zipkin", "shared-span-rpc-pool-exhausted.json");

        Assert.Empty(trace.Warnings);
        var client = trace.FindById("4d1e00c0db9010db" + ZipkinReader.ClientHalfSuffix)!;
        var server = trace.FindById("4d1e00c0db9010db")!;
        Assert.Equal(SpanKindCode.Client, client.Kind);
        Assert.Equal(SpanKindCode.Server, server.Kind);
        Assert.Same(client, server.Parent);
        Assert.Equal("86154a4ba6e91385", client.Parent?.SpanId);
        // The server's own children stay under the server.
        Assert.Same(server, trace.FindById("a1b2c3d4e5f60718")!.Parent);
        Assert.Equal("inventory", server.Resource.ServiceName);
    }

    [Fact]
    public void The_chain_stays_on_the_failing_call_and_never_jumps_to_a_span_that_only_shares_a_value()
    {
        var trace = Fixture.Load("zipkin", "shared-span-rpc-pool-exhausted.json");
        var attribution = AttributionEngine.Default.Attribute(trace);

        Assert.Equal("a1b2c3d4e5f60718", attribution.Cited?.SpanId);
        Assert.Equal("Timeout Issues", attribution.Category?.L4);
        // Query → the inventory server that answered 503 → the frontend's client call; each id once.
        Assert.Equal(["a1b2c3d4e5f60718", "4d1e00c0db9010db", "4d1e00c0db9010db" + ZipkinReader.ClientHalfSuffix], attribution.Chain);
        Assert.Equal(attribution.Chain.Count, attribution.Chain.Distinct().Count());
        // The later recommendations call repeats the sku but did not fail: it is not where the failure shows.
        Assert.DoesNotContain(attribution.Chain, id => id.StartsWith("9f8e7d6c5b4a3928", StringComparison.Ordinal));
        Assert.EndsWith("It shows at get \\/checkout/post.", attribution.Summary);
    }

    [Fact]
    public void The_same_trace_in_any_span_order_pairs_and_attributes_the_same()
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Fixture.Path("zipkin", "shared-span-rpc-pool-exhausted.json")))!.AsArray();
        var reversed = new System.Text.Json.Nodes.JsonArray(document.Reverse().Select(n => n!.DeepClone()).ToArray());

        var original = AttributionEngine.Default.Attribute(Fixture.Load("zipkin", "shared-span-rpc-pool-exhausted.json"));
        var shuffled = AttributionEngine.Default.Attribute(AgentTrace.Parse(System.Text.Encoding.UTF8.GetBytes(reversed.ToJsonString()), "reversed.json"));

        Assert.Equal(original.Cited?.SpanId, shuffled.Cited?.SpanId);
        Assert.Equal(original.Chain, shuffled.Chain);
    }

    [Fact]
    public void An_empty_error_tag_marks_the_span_failed_without_a_description_and_is_no_evidence_by_itself()
    {
        // Zipkin's error tag means "failed"; its value is the description, and instrumentation that has none writes "".
        var trace = Fixture.Load("zipkin", "empty-error-tag.json");

        var failed = trace.FindById("74280ae0c10d8062")!;
        Assert.Equal(SpanStatusCode.Error, failed.Status.Code);
        Assert.Null(failed.Status.Message);
        // "false" is the one value that says the opposite.
        Assert.Equal(SpanStatusCode.Unset, trace.Select("render").Status.Code);
        // A flag with nothing to quote is not evidence: the engine cites payloads, as for any bare ERROR status.
        Assert.Empty(AttributionEngine.Default.Detect(trace));
    }

    [Fact]
    public void A_64_bit_trace_id_joins_the_one_128_bit_trace_whose_low_half_it_is()
    {
        const string json = """
            [{"traceId": "6f1e2d3c4b5a69788796a5b4c3d2e1f0", "id": "8796a5b4c3d2e1f0", "kind": "CLIENT", "name": "post", "timestamp": 1779199200000000, "duration": 900, "localEndpoint": {"serviceName": "app"}},
             {"traceId": "8796a5b4c3d2e1f0", "id": "8796a5b4c3d2e1f0", "kind": "SERVER", "name": "post /rates", "timestamp": 1779199200000100, "duration": 700, "localEndpoint": {"serviceName": "rates"}, "shared": true}]
            """;

        var trace = AgentTrace.Parse(System.Text.Encoding.UTF8.GetBytes(json), "mixed.json");

        Assert.Empty(trace.Warnings);
        Assert.All(trace.Spans, s => Assert.Equal("6f1e2d3c4b5a69788796a5b4c3d2e1f0", s.TraceId));
        Assert.Equal(["post", @"post/post \/rates"], trace.Spans.Select(s => s.Path));
    }

    [Fact]
    public void A_64_bit_trace_id_matching_two_128_bit_traces_stays_its_own()
    {
        const string json = """
            [{"traceId": "1111111111111111aaaaaaaaaaaaaaaa", "id": "0000000000000001", "name": "a", "timestamp": 1779199200000000, "duration": 900, "localEndpoint": {"serviceName": "app"}},
             {"traceId": "2222222222222222aaaaaaaaaaaaaaaa", "id": "0000000000000002", "name": "b", "timestamp": 1779199200000100, "duration": 900, "localEndpoint": {"serviceName": "app"}},
             {"traceId": "aaaaaaaaaaaaaaaa", "id": "0000000000000003", "name": "c", "timestamp": 1779199200000200, "duration": 900, "localEndpoint": {"serviceName": "old"}}]
            """;

        var trace = AgentTrace.Parse(System.Text.Encoding.UTF8.GetBytes(json), "ambiguous.json");

        Assert.Equal("aaaaaaaaaaaaaaaa", trace.Spans.Single(s => s.Name == "c").TraceId);
    }
}
