using TraceRegress.Formats;

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
        Assert.Equal(SpanKind.Client, chat.Kind);
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
        Assert.Equal(SpanKind.Server, root.Kind);
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
}
