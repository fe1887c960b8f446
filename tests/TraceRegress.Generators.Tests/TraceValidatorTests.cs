using System.Text;
using TraceRegress.Generators.Models;
using TraceRegress.Generators.Parsing;

namespace TraceRegress.Generators.Tests;

/// <summary>The build-time check: well-formed JSON and a recognised format, from content alone.</summary>
public class TraceValidatorTests
{
    [Theory]
    [InlineData("corpus/checkout/timeout-0519.json", nameof(TraceFormatKind.FlatSpans))]
    [InlineData("corpus/checkout/coupon-rate-limit.json", nameof(TraceFormatKind.Otlp))]
    [InlineData("corpus/search/langsmith-wrong-tool.json", nameof(TraceFormatKind.LangSmith))]
    [InlineData("corpus/search/zipkin-404.json", nameof(TraceFormatKind.Zipkin))]
    [InlineData("bad/unknown-format.json", nameof(TraceFormatKind.Unknown))]
    public void Detects_the_format_from_content(string fixture, string expected)
    {
        var validation = TraceValidator.Validate(Encoding.UTF8.GetBytes(Fixtures.Read(fixture)));

        Assert.Null(validation.Error);
        Assert.Equal(expected, validation.Format.ToString());
    }

    [Theory]
    // The Langfuse observations API's page, and the observations table exported as JSON Lines.
    [InlineData("""{"data":[{"id":"o1","traceId":"t1","type":"AGENT","name":"a","startTime":"2026-05-19T14:02:01.000Z","parentObservationId":null,"level":"DEFAULT"}],"meta":{"page":1}}""", nameof(TraceFormatKind.Langfuse))]
    [InlineData("{\"id\":\"o1\",\"traceId\":\"t1\",\"type\":\"SPAN\",\"startTime\":\"2026-05-19T14:02:01Z\",\"level\":\"DEFAULT\"}\n{\"id\":\"o2\",\"traceId\":\"t1\",\"type\":\"GENERATION\",\"startTime\":\"2026-05-19T14:02:02Z\",\"level\":\"DEFAULT\"}\n", nameof(TraceFormatKind.Langfuse))]
    // LangSmith list_runs one run per line.
    [InlineData("{\"id\":\"r1\",\"run_type\":\"chain\",\"start_time\":\"2026-05-21 10:00:00\",\"inputs\":{}}\n{\"id\":\"r2\",\"run_type\":\"llm\",\"start_time\":\"2026-05-21 10:00:01\",\"parent_run_id\":\"r1\",\"inputs\":{}}\n", nameof(TraceFormatKind.LangSmith))]
    // Phoenix's spans dataframe as JSON Lines records, and OpenTelemetry Python's console exporter (spans one after another).
    [InlineData("{\"name\":\"a\",\"span_kind\":\"LLM\",\"context.span_id\":\"01\",\"context.trace_id\":\"02\",\"start_time\":1748941920000}\n{\"name\":\"b\",\"span_kind\":\"TOOL\",\"context.span_id\":\"03\",\"context.trace_id\":\"02\",\"start_time\":1748941920001}\n", nameof(TraceFormatKind.OpenInference))]
    [InlineData("{\n  \"name\": \"a\",\n  \"context\": {\"trace_id\": \"0x02\", \"span_id\": \"0x01\"}\n}\n{\n  \"name\": \"b\",\n  \"context\": {\"trace_id\": \"0x02\", \"span_id\": \"0x03\"}\n}\n", nameof(TraceFormatKind.OpenInference))]
    // Grafana Tempo's answers.
    [InlineData("""{"batches":[{"resource":{},"scopeSpans":[{"spans":[]}]}]}""", nameof(TraceFormatKind.Otlp))]
    [InlineData("""{"trace":{"resourceSpans":[]}}""", nameof(TraceFormatKind.Otlp))]
    // MLflow's trace JSON: MLflow 3 (base64 ids, OTLP-like keys) and MLflow 2 (context, status_code), and its bare data.
    [InlineData("""{"info":{"trace_id":"tr-1"},"data":{"spans":[{"trace_id":"AAAAAAAAAAAAAAAAAAAAAQ==","span_id":"AAAAAAAAAAE=","parent_span_id":"","name":"a","start_time_unix_nano":"1","attributes":{"mlflow.spanType":"\"TOOL\""}}]}}""", nameof(TraceFormatKind.Mlflow))]
    [InlineData("""{"info":{"request_id":"tr-1"},"data":{"spans":[{"name":"a","context":{"span_id":"0x01","trace_id":"0x02"},"parent_id":null,"start_time":1,"status_code":"OK","attributes":{"mlflow.traceRequestId":"\"tr-1\""}}]}}""", nameof(TraceFormatKind.Mlflow))]
    [InlineData("""{"spans":[{"span_id":"0000000000000001","name":"a","start_time_unix_nano":1,"attributes":{"mlflow.spanInputs":"{}"}}]}""", nameof(TraceFormatKind.Mlflow))]
    public void Export_shapes_the_readers_take_are_not_build_errors(string json, string expected)
    {
        var validation = TraceValidator.Validate(Encoding.UTF8.GetBytes(json));

        Assert.Null(validation.Error);
        Assert.Equal(expected, validation.Format.ToString());
    }

    [Fact]
    public void Several_documents_of_a_one_document_format_are_still_an_error()
    {
        var jaeger = """{"data":[{"traceID":"a","spans":[{"traceID":"a","spanID":"b"}],"processes":{}}]}""";

        var validation = TraceValidator.Validate(Encoding.UTF8.GetBytes(jaeger + "\n" + jaeger + "\n"));

        Assert.Equal(TraceFormatKind.Jaeger, validation.Format);
        Assert.Contains("expected the end of the file", validation.Error);
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_stack_overflow()
    {
        var deep = "{\"spans\":" + new string('[', 100_000) + new string(']', 100_000) + "}";

        var validation = TraceValidator.Validate(Encoding.UTF8.GetBytes(deep));

        Assert.NotNull(validation.Error);
        Assert.Contains("depth", validation.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Comments_are_allowed_like_the_core_reader_allows_them()
    {
        var validation = TraceValidator.Validate(Encoding.UTF8.GetBytes("// exported by hand\n" + Fixtures.Read("corpus/checkout/timeout-0519.json")));

        Assert.Null(validation.Error);
        Assert.Equal(TraceFormatKind.FlatSpans, validation.Format);
    }

    [Fact]
    public void A_large_trace_is_read_in_one_pass()
    {
        var span = Fixtures.Read("corpus/checkout/timeout-0519.json");
        var inner = span[(span.IndexOf('[') + 1)..span.LastIndexOf(']')];
        var big = "{\"spans\":[" + string.Join(",", Enumerable.Repeat(inner, 20_000)) + "]}";

        var validation = TraceValidator.Validate(Encoding.UTF8.GetBytes(big));

        Assert.Null(validation.Error);
        Assert.Equal(TraceFormatKind.FlatSpans, validation.Format);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_compilers_text_and_the_files_bytes_get_the_same_verdict_and_error_offset(bool broken)
    {
        // Large enough to cross many chunks, with multi-byte characters (and a surrogate pair) cut at chunk edges.
        var span = Fixtures.Read("corpus/checkout/timeout-0519.json");
        var inner = span[(span.IndexOf('[') + 1)..span.LastIndexOf(']')].Replace("checkout-agent.run", "caf\u00e9 agent — réservé 🚀", StringComparison.Ordinal);
        var text = "{\"spans\":[" + string.Join(",", Enumerable.Repeat(inner, 3_000)) + (broken ? "},]}" : "]}");

        var fromText = TraceValidator.Validate(Microsoft.CodeAnalysis.Text.SourceText.From(text, Encoding.UTF8), CancellationToken.None);
        var fromBytes = TraceValidator.Validate(Encoding.UTF8.GetBytes(text));

        Assert.Equal(fromText.Format, fromBytes.Format);
        Assert.Equal(fromText.Error, fromBytes.Error);
        Assert.Equal(fromText.ErrorOffset, fromBytes.ErrorOffset);
        Assert.Equal(fromText.Shape.Paths.Order(StringComparer.Ordinal), fromBytes.Shape.Paths.Order(StringComparer.Ordinal));
        Assert.Equal(broken, fromText.Error is not null);
    }
}
