using TraceRegress.Formats;
using TraceRegress.Model;

namespace TraceRegress.Tests.Formats;

public class JaegerReaderTests
{
    [Theory]
    [InlineData("agent-rate-limited.json")]
    [InlineData("legacy-client-64bit-ids.json")]
    public void Detects_the_jaeger_ui_export_from_content(string file)
    {
        var input = new TraceInput(File.ReadAllBytes(Fixture.Path("jaeger", file)), "trace.otlp.json");

        Assert.IsType<JaegerReader>(TraceReaders.Detect(input, out _));
        Assert.Equal(TraceFormat.Jaeger, Fixture.Load("jaeger", file).Format);
    }

    [Fact]
    public void Builds_the_tree_from_child_of_references_and_resolves_processes_given_after_the_spans()
    {
        var trace = Fixture.Load("jaeger", "agent-rate-limited.json");

        Assert.Empty(trace.Warnings);
        Assert.Equal("7f2c9a4d1e8b3f6c9d2e5a8b1f4c7d0e", trace.TraceId);
        Assert.Equal(
            [
                "invoke_agent fx-assistant",
                "invoke_agent fx-assistant/chat gpt-4o",
                "invoke_agent fx-assistant/execute_tool get_exchange_rate",
            ],
            trace.Spans.Select(s => s.Path));

        var chat = trace.Select("chat gpt-4o");
        Assert.Equal("fx-assistant", chat.Resource.ServiceName);
        Assert.Equal("fx-assistant-7d9c5-x2kq", chat.Resource.Attributes.GetString("host.name"));
        Assert.Equal(SpanKindCode.Client, chat.Kind);
        Assert.Equal(SpanStatusCode.Ok, chat.Status.Code);
        Assert.Equal("opentelemetry.instrumentation.openai_v2", chat.ScopeName);
        Assert.Equal(new DateTimeOffset(2025, 5, 20, 10, 0, 0, 120, TimeSpan.Zero), chat.StartTime);
        Assert.Equal(TimeSpan.FromMilliseconds(845), chat.Duration);
        Assert.Equal(AttributeValue.FromInt(1320), chat.Attributes["gen_ai.usage.input_tokens"]);
        Assert.Equal(AttributeValue.FromDouble(0.7), chat.Attributes["gen_ai.request.temperature"]);
        Assert.Equal("openai", chat.Attributes.GetString("gen_ai.system"));
        // The exporter's bookkeeping tags became fields of the span, not attributes.
        Assert.False(chat.Attributes.ContainsKey("otel.status_code"));
        Assert.False(chat.Attributes.ContainsKey("span.kind"));
        Assert.False(chat.Attributes.ContainsKey("otel.scope.name"));
    }

    [Fact]
    public void Maps_error_tags_logs_and_follows_from_references()
    {
        var tool = Fixture.Load("jaeger", "agent-rate-limited.json").Select("execute_tool get_exchange_rate");

        Assert.Equal(new SpanStatus(SpanStatusCode.Error, "429 Too Many Requests"), tool.Status);
        Assert.Equal("fx-tools", tool.Resource.ServiceName);
        Assert.Equal(AttributeValue.FromInt(429), tool.Attributes["http.response.status_code"]);
        // A typed tag whose value came as a string is read by its type.
        Assert.Equal(AttributeValue.FromInt(30), tool.Attributes["retry.after.seconds"]);
        Assert.Equal(AttributeValue.FromBool(false), tool.Attributes["cache.hit"]);
        Assert.False(tool.Attributes.ContainsKey("error"));
        Assert.Equal(AttributeValue.FromArray([AttributeValue.FromString("clock skew adjustment disabled")]), tool.Attributes["jaeger.warnings"]);

        var log = Assert.Single(tool.Events);
        Assert.Equal("exception", log.Name);
        Assert.Equal("httpx.HTTPStatusError", log.Attributes.GetString("exception.type"));
        Assert.False(log.Attributes.ContainsKey("event"));
        Assert.Equal(new DateTimeOffset(2025, 5, 20, 10, 0, 2, 185, TimeSpan.Zero), log.Timestamp);

        var link = Assert.Single(tool.Links);
        Assert.Equal("3a5f8c2d9b1e4f7a", link.SpanId);
        Assert.Equal("FOLLOWS_FROM", link.Attributes.GetString("jaeger.ref_type"));
    }

    [Fact]
    public void Pads_ids_without_leading_zeros_and_reads_plain_jaeger_logs()
    {
        var trace = Fixture.Load("jaeger", "legacy-client-64bit-ids.json");

        Assert.Empty(trace.Warnings);
        Assert.Equal("6e0c63257de34c92", trace.TraceId);
        var sql = trace.Select("SQL SELECT");
        Assert.Equal("00004e1f9a2d0b73", sql.SpanId);
        Assert.Equal("mysql", sql.Resource.ServiceName);
        Assert.Equal(SpanStatusCode.Error, sql.Status.Code);
        Assert.Equal(AttributeValue.FromBytes([0, 1, 2]), sql.Attributes["request.payload"]);
        var root = trace.Roots.Single();
        Assert.Equal(SpanKindCode.Server, root.Kind);
        Assert.Equal(SpanStatusCode.Unset, root.Status.Code);
        var log = Assert.Single(root.Events);
        Assert.Equal("log", log.Name);
        Assert.Equal("Getting customer", log.Attributes.GetString("message"));
    }

    [Fact]
    public void A_truncated_export_is_reported_where_it_stops()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("jaeger", "truncated.json"));

        Assert.Equal(File.ReadAllLines(Fixture.Path("jaeger", "truncated.json")).Length, e.Line);
        Assert.True(e.Column > 0);
        Assert.StartsWith("malformed JSON", e.Reason);
    }

    [Fact]
    public void A_tag_value_that_does_not_match_its_type_is_an_error_at_the_value()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("jaeger", "tag-wrong-type.json"));

        var line = Array.FindIndex(File.ReadAllLines(Fixture.Path("jaeger", "tag-wrong-type.json")), l => l.Contains("\"too many\"")) + 1;
        Assert.Equal(line, e.Line);
        Assert.Contains("expected a int64 value for tag \"http.response.status_code\"", e.Reason);
    }

    [Fact]
    public void A_span_naming_an_unknown_process_is_an_error_at_the_span()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("jaeger", "missing-process.json"));

        Assert.Contains("process \"p7\"", e.Reason);
        Assert.Equal(47, e.Line);
    }

    [Theory]
    [InlineData("bare-trace-error-logs.json", TraceFormat.Jaeger, 3)]
    [InlineData("bare-spans-array.json", TraceFormat.Jaeger, 4)]
    [InlineData("v3-api-result-otlp.json", TraceFormat.Otlp, 2)]
    public void Reads_the_bare_trace_bare_spans_and_the_v2_query_api_from_content(string file, TraceFormat format, int count)
    {
        // Detection never looks at the name.
        var trace = AgentTrace.Parse(File.ReadAllBytes(Fixture.Path("jaeger", file)), "download.json");

        Assert.Equal(format, trace.Format);
        Assert.Equal(count, trace.Spans.Count);
        Assert.Empty(trace.Warnings);
    }

    [Fact]
    public void A_bare_trace_resolves_its_processes_and_references()
    {
        var trace = Fixture.Load("jaeger", "bare-trace-error-logs.json");

        Assert.Equal(["POST /v1/summarize", "POST /v1/summarize/fetch_document", "POST /v1/summarize/render_error_page"], trace.Spans.Select(s => s.Path.Replace("\\/", "/")));
        Assert.All(trace.Spans, s => Assert.Equal("summarizer-api", s.Resource.ServiceName));
        Assert.Equal(SpanKindCode.Client, trace.Select("fetch_document").Kind);
    }

    [Fact]
    public void Error_true_with_an_OpenTracing_error_log_is_an_exception_the_attribution_quotes()
    {
        var trace = Fixture.Load("jaeger", "bare-trace-error-logs.json");
        var fetch = trace.Select("fetch_document");

        Assert.Equal(SpanStatusCode.Error, fetch.Status.Code);
        var exception = Assert.Single(fetch.Events);
        Assert.Equal("exception", exception.Name);
        Assert.Equal("PermissionError", exception.Attributes.GetString("exception.type"));
        Assert.Equal("403 Forbidden: service account summarizer@prod cannot read bucket contracts-eu", exception.Attributes.GetString("exception.message"));
        Assert.StartsWith("Traceback", exception.Attributes.GetString("exception.stacktrace"));
        Assert.Equal("PermissionError(13, 'Permission denied')", exception.Attributes.GetString("error.object"));
        // Other logs keep their own names.
        Assert.Equal("rendered", Assert.Single(trace.Select("render_error_page").Events).Name);

        var attribution = AttributionEngine.Default.Attribute(trace);
        Assert.Equal(fetch.SpanId, attribution.Cited?.SpanId);
        Assert.Equal("Authentication Errors", attribution.Category?.L4);
        Assert.Contains(attribution.Evidence, e => e.Quote == "403 Forbidden: service account summarizer@prod cannot read bucket contracts-eu");
    }

    [Fact]
    public void Bare_spans_take_their_inline_process_and_elasticsearch_tag_maps()
    {
        var trace = Fixture.Load("jaeger", "bare-spans-array.json");

        Assert.Equal(["frontend", "customer", "mysql", "redis"], trace.Spans.Select(s => s.Resource.ServiceName));
        var sql = trace.Select("SQL SELECT");
        Assert.Equal("HTTP GET /customer", sql.Parent?.Name.Replace("\\/", "/"));
        Assert.Equal(SpanKindCode.Client, sql.Kind);
        Assert.Equal("mysql", sql.Attributes.GetString("db.system"));
        Assert.Equal("10.0.3.12", sql.Resource.Attributes.GetString("ip"));
        // A healthy trace gives the engine nothing to cite.
        Assert.Empty(AttributionEngine.Default.Detect(trace));
    }

    [Fact]
    public void The_v2_query_apis_result_wrapper_is_read_as_OTLP()
    {
        var trace = Fixture.Load("jaeger", "v3-api-result-otlp.json");

        Assert.Equal("travel-agent", trace.Roots.Single().Resource.ServiceName);
        var attribution = AttributionEngine.Default.Attribute(trace);
        Assert.Equal("invoke_agent travel-agent/execute_tool book_hotel", attribution.Cited?.Path);
        Assert.Contains(attribution.Evidence, e => e.Quote.Contains("503 (Service Unavailable)", StringComparison.Ordinal));
    }

    [Fact]
    public void Spans_of_a_bare_trace_take_its_trace_id_and_an_empty_error_tag_fails_the_span_without_a_description()
    {
        var trace = Fixture.Load("jaeger", "zipkin-origin-empty-error.json");

        Assert.All(trace.Spans, s => Assert.Equal("1e223ff1f80f1c69", s.TraceId));
        var failed = trace.FindById("74280ae0c10d8062")!;
        Assert.Equal(SpanStatusCode.Error, failed.Status.Code);
        Assert.Null(failed.Status.Message);
        Assert.Empty(AttributionEngine.Default.Detect(trace));
    }
}
