using System.Text;
using TraceRegress.Formats;
using TraceRegress.Model;

namespace TraceRegress.Tests.Formats;

/// <summary>
/// Export shapes written by the tools themselves rather than by a trace view's download: the Langfuse observations API
/// page and observations exported one per line, LangSmith <c>list_runs</c> as JSON Lines, Phoenix's spans dataframe
/// as records, and Jaeger's FOLLOWS_FROM references. Detection, the tree they make, and positioned errors for their
/// broken variants. (The failures they carry are attributed in the attribution tests' RealExportShapeTests.)
/// </summary>
public class RealExportShapeReaderTests
{
    private static AgentTrace Parse(string json, string name = "export.json") => AgentTrace.Parse(Encoding.UTF8.GetBytes(json), name);

    private static ITraceReader Detect(string json) => TraceReaders.Detect(new TraceInput(Encoding.UTF8.GetBytes(json), "export.json"), out _);

    private const string Observation =
        """{"id":"{0}","traceId":"{1}","type":"{2}","name":"{3}","startTime":"2026-05-19T14:02:0{4}.000Z","endTime":"2026-05-19T14:02:0{5}.000Z","parentObservationId":{6},"level":"DEFAULT","statusMessage":null}""";

    private static string Obs(string id, string trace, string type, string name, int start, int end, string? parent) =>
        Observation.Replace("{0}", id).Replace("{1}", trace).Replace("{2}", type).Replace("{3}", name)
            .Replace("{4}", start.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Replace("{5}", end.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Replace("{6}", parent is null ? "null" : "\"" + parent + "\"");

    [Fact]
    public void Langfuse_observations_page_bare_array_and_json_lines_are_detected_as_langfuse()
    {
        var a = Obs("o1", "t1", "AGENT", "agent", 1, 5, null);
        var b = Obs("o2", "t1", "GENERATION", "ChatOpenAI", 2, 3, "o1");

        Assert.IsType<LangfuseReader>(Detect("{\"data\":[" + a + "," + b + "],\"meta\":{\"page\":1,\"limit\":50,\"totalItems\":2,\"totalPages\":1}}"));
        Assert.IsType<LangfuseReader>(Detect($"[{a},{b}]"));
        Assert.IsType<LangfuseReader>(Detect(a + "\n" + b + "\n"));
        foreach (var json in (string[])["{\"data\":[" + a + "," + b + "],\"meta\":{}}", $"[{a},{b}]", a + "\n" + b + "\n"])
        {
            var trace = Parse(json);
            Assert.Equal(TraceFormat.Langfuse, trace.Format);
            Assert.Empty(trace.Warnings);
            Assert.Equal(["agent", "agent/ChatOpenAI"], trace.Spans.Select(s => s.Path));
        }
    }

    [Fact]
    public void Langfuse_observations_of_several_traces_are_grouped_by_trace_and_an_overlapping_page_is_read_once()
    {
        var json = $$"""
            {"data":[
              {{Obs("o1", "t1", "SPAN", "fetch", 1, 2, null)}},
              {{Obs("o2", "t1", "GENERATION", "answer", 2, 3, null)}},
              {{Obs("o3", "t2", "AGENT", "other", 1, 4, null)}},
              {{Obs("o2", "t1", "GENERATION", "answer", 2, 3, null)}}
            ],"meta":{"page":1,"limit":50,"totalItems":4,"totalPages":1} }
            """;

        var trace = Parse(json);

        // t1 has two top-level observations and gets its trace as root; t2 is rooted at its agent. Two traces in one
        // file are reported as such, never merged silently.
        Assert.Equal(["other", "trace", "trace/answer", "trace/fetch"], trace.Spans.Select(s => s.Path).Order(StringComparer.Ordinal));
        Assert.Contains(trace.Warnings, w => w.Kind == TraceWarningKind.MultipleTraceIds);
        Assert.Single(trace.Spans, s => s.SpanId == "o2");
    }

    [Fact]
    public void Langfuse_two_different_observations_sharing_an_id_are_both_kept_and_reported()
    {
        var json = "[" + Obs("o1", "t1", "AGENT", "agent", 1, 5, null) + "," + Obs("o2", "t1", "TOOL", "search", 2, 3, "o1") + ","
                   + Obs("o2", "t1", "TOOL", "fetch", 3, 4, "o1") + "]";

        var trace = Parse(json);

        Assert.Equal(2, trace.Spans.Count(s => s.SpanId == "o2"));
        Assert.Contains(trace.Warnings, w => w.Kind == TraceWarningKind.DuplicateSpanId);
    }

    [Fact]
    public void Langfuse_observations_page_with_a_null_start_time_is_a_positioned_error()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("langfuse", "observations-page-start-null.json"));

        Assert.Equal(23, e.Line);
        Assert.Equal(20, e.Column);
        Assert.Contains("startTime", e.Reason);
        Assert.EndsWith("observations-page-start-null.json", e.Source);
    }

    [Fact]
    public void Langfuse_observations_json_lines_with_a_broken_line_is_an_error_at_that_line()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("langfuse", "observations-export-bad-line.jsonl"));

        Assert.Equal(2, e.Line);
        Assert.Equal(234, e.Column);
        Assert.Contains("JSON Lines record", e.Reason);
    }

    [Fact]
    public void LangSmith_runs_as_json_lines_are_detected_and_linked_by_parent_run_id()
    {
        const string root = """{"id":"r1","name":"AgentExecutor","run_type":"chain","start_time":"2026-05-21 10:00:00.000000","end_time":"2026-05-21 10:00:02.000000","parent_run_id":null,"trace_id":"r1","inputs":{"input":"hi"},"outputs":{"output":"hello"},"error":null}""";
        const string llm = """{"id":"r2","name":"ChatOpenAI","run_type":"llm","start_time":"2026-05-21 10:00:00.100000","end_time":"2026-05-21 10:00:01.900000","parent_run_id":"r1","trace_id":"r1","inputs":{"messages":[[{"type":"human","content":"hi"}]]},"outputs":{"generations":[[{"text":"hello","message":{"type":"ai","content":"hello"}}]]},"error":null}""";

        // list_runs gives the newest run first: the child before its parent.
        var json = llm + "\n" + root + "\n";
        Assert.IsType<LangSmithReader>(Detect(json));
        var trace = Parse(json);

        Assert.Empty(trace.Warnings);
        Assert.Equal(["AgentExecutor", "AgentExecutor/ChatOpenAI"], trace.Spans.Select(s => s.Path));
        Assert.Equal(2, trace.Select("AgentExecutor").SourceLine);
        Assert.Equal(1, trace.Select("AgentExecutor/ChatOpenAI").SourceLine);
        Assert.Contains("hello", trace.Select("AgentExecutor/ChatOpenAI").Attributes.GetString("gen_ai.output.messages"));
    }

    [Theory]
    [InlineData("list-runs-truncated-line.jsonl", 3, 141, "JSON Lines record")]
    [InlineData("list-runs-missing-start.jsonl", 2, 1, "start_time")]
    public void LangSmith_json_lines_with_a_broken_run_is_an_error_at_its_line(string file, int line, int column, string reason)
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("langsmith", file));

        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains(reason, e.Reason);
    }

    [Fact]
    public void Phoenix_dataframe_records_are_detected_and_their_attribute_columns_read_as_attributes()
    {
        const string json = """
            [{"name":"ChatCompletion","span_kind":"LLM","parent_id":null,"start_time":"2025-06-03T09:12:00.000Z","end_time":"2025-06-03T09:12:01.000Z","status_code":"OK","status_message":"","events":[],"context.span_id":"7c1f0e5a9b3d2e02","context.trace_id":"5a0c9e7b3d214f68a1b2c3d4e5f60718","attributes.llm.input_messages":[{"message.role":"user","message.content":"hi"}],"attributes.llm.output_messages":[{"message.role":"assistant","message.content":"hello"}],"attributes.tool.name":null}]
            """;

        Assert.IsType<OpenInferenceReader>(Detect(json));
        var span = Parse(json).Spans.Single();

        Assert.Equal("user", span.Attributes.GetString("llm.input_messages.0.message.role"));
        Assert.False(span.Attributes.ContainsKey("attributes.llm.input_messages"));
        Assert.False(span.Attributes.ContainsKey("tool.name"));
        Assert.Equal("chat", span.Attributes.GetString("gen_ai.operation.name"));
        Assert.Contains("hello", span.Attributes.GetString("gen_ai.output.messages"));
    }

    [Fact]
    public void Phoenix_dataframe_records_written_with_pandas_default_dates_read_epoch_milliseconds()
    {
        // df.to_json(orient="records", lines=True): datetime columns as epoch milliseconds.
        const string json = """
            {"name":"agent","span_kind":"AGENT","parent_id":null,"start_time":1748941920000,"end_time":1748941926250,"status_code":"OK","status_message":"","events":[],"context.span_id":"7c1f0e5a9b3d2e01","context.trace_id":"5a0c9e7b3d214f68a1b2c3d4e5f60718","attributes.openinference.span.kind":"AGENT"}
            {"name":"ChatCompletion","span_kind":"LLM","parent_id":"7c1f0e5a9b3d2e01","start_time":1748941920050,"end_time":null,"status_code":"OK","status_message":"","events":[],"context.span_id":"7c1f0e5a9b3d2e02","context.trace_id":"5a0c9e7b3d214f68a1b2c3d4e5f60718","attributes.openinference.span.kind":"LLM"}
            """;

        var trace = Parse(json, "spans.jsonl");

        var agent = trace.Select("agent");
        Assert.Equal(new DateTimeOffset(2025, 6, 3, 9, 12, 0, TimeSpan.Zero), agent.StartTime);
        Assert.Equal(TimeSpan.FromMilliseconds(6250), agent.Duration);
        Assert.Equal(new DateTimeOffset(2025, 6, 3, 9, 12, 0, 50, TimeSpan.Zero), trace.Select("agent/ChatCompletion").StartTime);
    }

    [Fact]
    public void Python_console_exporter_output_cut_inside_the_second_span_is_a_positioned_error()
    {
        const string json = """
            {
                "name": "a",
                "context": {"trace_id": "0x5b8efff798038103d269b633813fc60c", "span_id": "0xeee19b7ec3c1b173"},
                "kind": "SpanKind.INTERNAL",
                "parent_id": null,
                "start_time": "2025-05-23T10:00:00.000000Z",
                "end_time": "2025-05-23T10:00:01.000000Z",
                "status": {"status_code": "UNSET"},
                "attributes": {}
            }
            {
                "name": "b",
                "context": {"trace_id": "0x5b8efff798038103d269b633813fc60c", "span_id": 
            """;

        var e = Assert.Throws<TraceFormatException>(() => Parse(json, "console.txt"));

        Assert.Equal("console.txt", e.Source);
        Assert.True(e.Line >= 13, $"line {e.Line}");
    }

    [Fact]
    public void Phoenix_json_lines_with_a_span_that_lost_its_id_is_an_error_at_that_line()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("openinference", "spans-dataframe-missing-span-id.jsonl"));

        Assert.Equal(2, e.Line);
        Assert.Contains("context.span_id", e.Reason);
    }

    private static string JaegerSpan(string id, string op, string references) =>
        $$"""{"traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spanID":"{{id}}","operationName":"{{op}}","references":{{references}},"startTime":1748941920000000,"duration":1000,"tags":[],"logs":[],"processID":"p1"}""";

    private static string Ref(string type, string spanId, string traceId = "4bf92f3577b34da6a3ce929d0e0e4736") =>
        $$"""{"refType":"{{type}}","traceID":"{{traceId}}","spanID":"{{spanId}}"}""";

    private static AgentTrace Jaeger(params string[] spans) =>
        Parse("""{"data":[{"traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spans":[""" + string.Join(",", spans) + """],"processes":{"p1":{"serviceName":"svc","tags":[]}}}]}""");

    [Fact]
    public void Jaeger_follows_from_is_the_parent_only_when_no_child_of_names_one()
    {
        var trace = Jaeger(
            JaegerSpan("00000000000000a1", "root", "[]"),
            JaegerSpan("00000000000000a2", "enqueue", $"[{Ref("CHILD_OF", "00000000000000a1")}]"),
            // A CHILD_OF wins; the FOLLOWS_FROM stays a link.
            JaegerSpan("00000000000000a3", "both", $"[{Ref("FOLLOWS_FROM", "00000000000000a2")},{Ref("CHILD_OF", "00000000000000a1")}]"),
            // Only FOLLOWS_FROM: the span it follows is its parent.
            JaegerSpan("00000000000000a4", "worker", $"[{Ref("FOLLOWS_FROM", "00000000000000a2")}]"));

        Assert.Empty(trace.Warnings);
        Assert.Equal("00000000000000a1", trace.FindById("00000000000000a3")!.ParentSpanId);
        Assert.Equal("FOLLOWS_FROM", Assert.Single(trace.FindById("00000000000000a3")!.Links).Attributes.GetString("jaeger.ref_type"));
        Assert.Equal("root/enqueue/worker", trace.FindById("00000000000000a4")!.Path);
    }

    [Fact]
    public void Jaeger_follows_from_to_another_trace_or_a_span_not_in_the_file_stays_a_link()
    {
        var trace = Jaeger(
            JaegerSpan("00000000000000a1", "root", "[]"),
            JaegerSpan("00000000000000b1", "batch", $"[{Ref("FOLLOWS_FROM", "00000000000000c9", "0af7651916cd43dd8448eb211c80319c")}]"),
            JaegerSpan("00000000000000b2", "late", $"[{Ref("FOLLOWS_FROM", "00000000000000ff")}]"));

        Assert.Null(trace.FindById("00000000000000b1")!.ParentSpanId);
        Assert.Null(trace.FindById("00000000000000b2")!.ParentSpanId);
        Assert.Single(trace.FindById("00000000000000b2")!.Links);
        Assert.Contains(trace.Warnings, w => w.Kind == TraceWarningKind.MultipleRoots);
    }

    private const string OtlpSpans =
        """{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeSpans":[{"scope":{"name":"s"},"spans":[{"traceId":"8e3b1f6a2c4d4e5f9a0b1c2d3e4f5a6b","spanId":"1a2b3c4d5e6f7a82","name":"chat gpt-4o-mini","kind":3,"startTimeUnixNano":"1747994400000000000","endTimeUnixNano":"1747994401000000000","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}}]}]}]}]}""";

    private static string OtlpLog(string spanId, string eventName, string attributes, string body = """{"stringValue":"x"}""") =>
        """{"resourceLogs":[{"resource":{},"scopeLogs":[{"scope":{"name":"s"},"logRecords":[{"timeUnixNano":"1747994400500000000","eventName":""" + "\"" + eventName + "\"" +
        ""","body":""" + body + ""","attributes":""" + attributes + ""","traceId":"8e3b1f6a2c4d4e5f9a0b1c2d3e4f5a6b","spanId":""" + "\"" + spanId + "\"" + "}]}]}]}";

    [Fact]
    public void Otlp_operation_details_log_record_gives_the_span_the_messages_it_lacks()
    {
        const string attributes = """[{"key":"gen_ai.input.messages","value":{"arrayValue":{"values":[{"kvlistValue":{"values":[{"key":"role","value":{"stringValue":"user"}},{"key":"parts","value":{"arrayValue":{"values":[{"kvlistValue":{"values":[{"key":"type","value":{"stringValue":"text"}},{"key":"content","value":{"stringValue":"What is 2+2?"}}]}}]}}}]}}]}}},{"key":"gen_ai.output.messages","value":{"stringValue":"[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"5\"}]}]"}}]""";
        // A metrics line from the same exporter is skipped.
        var json = OtlpSpans + "\n" + """{"resourceMetrics":[{"resource":{},"scopeMetrics":[]}]}""" + "\n"
                   + OtlpLog("1a2b3c4d5e6f7a82", "gen_ai.client.inference.operation.details", attributes) + "\n";

        var trace = Parse(json, "otel.jsonl");
        var span = trace.Spans.Single();

        Assert.Equal(TraceFormat.Otlp, trace.Format);
        Assert.Equal("gen_ai.client.inference.operation.details", Assert.Single(span.Events).Name);
        Assert.Contains("What is 2+2?", span.Attributes.GetString("gen_ai.input.messages"));
        Assert.StartsWith("[{\"role\":\"user\"", span.Attributes.GetString("gen_ai.input.messages"));
        Assert.Contains("\"content\":\"5\"", span.Attributes.GetString("gen_ai.output.messages"));
    }

    [Fact]
    public void Tempo_v2_trace_wrapper_is_read_as_otlp()
    {
        var json = """{"trace":""" + OtlpSpans + ""","status":"complete"}""";

        Assert.IsType<OtlpJsonReader>(Detect(json));
        Assert.Equal("chat gpt-4o-mini", Parse(json).Spans.Single().Name);
    }

    [Fact]
    public void Otlp_file_starting_with_more_log_lines_than_detection_looks_at_is_still_otlp()
    {
        var appLog = OtlpLog("", "app.log", """[{"key":"code.function","value":{"stringValue":"send"}}]""", """{"stringValue":"GET /health 200"}""");
        var json = string.Concat(Enumerable.Repeat(appLog + "\n", 300_000 / appLog.Length + 1)) + OtlpSpans + "\n";

        Assert.IsType<OtlpJsonReader>(Detect(json));
        Assert.Equal("chat gpt-4o-mini", Parse(json, "otel.jsonl").Spans.Single().Name);
    }

    [Fact]
    public void Otlp_log_records_naming_no_span_of_the_file_are_left_out()
    {
        var json = OtlpLog("00000000000000ff", "gen_ai.user.message", "[]") + "\n" + OtlpLog("", "app.log", "[]") + "\n" + OtlpSpans + "\n";

        var span = Parse(json, "otel.jsonl").Spans.Single();

        Assert.Empty(span.Events);
    }

    [Fact]
    public void Otlp_log_record_with_a_bad_body_is_an_error_at_its_line()
    {
        var json = OtlpSpans + "\n" + OtlpLog("1a2b3c4d5e6f7a82", "gen_ai.user.message", "[]", """{"textValue":"hi"}""") + "\n";

        var e = Assert.Throws<TraceFormatException>(() => Parse(json, "otel.jsonl"));

        Assert.Equal(2, e.Line);
        Assert.Contains("logRecords[].body", e.Reason);
    }
}
