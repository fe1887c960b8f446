using System.Text;
using TraceRegress.Formats;
using TraceRegress.Model;

namespace TraceRegress.Tests.Formats;

/// <summary>
/// Export shapes read through a conversion: Phoenix's spans dataframe as pandas' <c>to_json</c> writes it in the
/// "columns" (default) and "index" orients, and Phoenix's otlpv1 span page (OTLP spans in snake_case, every AnyValue
/// member written). Bad input in them fails with the file's own line and column.
/// </summary>
public class ExportPageReaderTests
{
    private static AgentTrace Parse(string json, string name) => AgentTrace.Parse(Encoding.UTF8.GetBytes(json), name);

    [Fact]
    public void A_spans_dataframe_in_the_index_orient_reads_each_span_from_its_record()
    {
        var input = new TraceInput(File.ReadAllBytes(Fixture.Path("openinference", "spans-dataframe-index-orient.json")), "frame.json");
        Assert.IsType<OpenInferenceReader>(TraceReaders.Detect(input, out _));

        var trace = Fixture.Load("openinference", "spans-dataframe-index-orient.json");

        Assert.Empty(trace.Warnings);
        Assert.Equal("b51e0a3f9c2d47e8a1f6c3d9e2b7a405", trace.TraceId);
        Assert.Equal(["inventory_agent", "inventory_agent/ChatCompletion[1]", "inventory_agent/check_stock", "inventory_agent/ChatCompletion[2]"], trace.Spans.Select(s => s.Path));
        var tool = trace.Select("inventory_agent/check_stock");
        Assert.Equal("3c9e1a5b7d2f4b80", tool.SpanId);
        Assert.Equal(SpanStatusCode.Error, tool.Status.Code);
        Assert.Equal(TimeSpan.FromMilliseconds(360), tool.Duration);
        Assert.Equal("execute_tool", tool.Attributes.GetString("gen_ai.operation.name"));
        Assert.Equal("chat", trace.Select("inventory_agent/ChatCompletion[2]").Attributes.GetString("gen_ai.operation.name"));
    }

    [Fact]
    public void A_spans_dataframe_in_the_columns_orient_reads_rows_by_span_id()
    {
        const string json = """
            {"name": {"aa00000000000001": "agent", "aa00000000000002": "lookup"},
             "span_kind": {"aa00000000000001": "AGENT", "aa00000000000002": "TOOL"},
             "parent_id": {"aa00000000000001": null, "aa00000000000002": "aa00000000000001"},
             "start_time": {"aa00000000000001": 1779181200000, "aa00000000000002": 1779181200100},
             "end_time": {"aa00000000000001": 1779181201000, "aa00000000000002": 1779181200400},
             "status_code": {"aa00000000000001": "OK", "aa00000000000002": "OK"},
             "context.trace_id": {"aa00000000000001": "0123456789abcdef0123456789abcdef", "aa00000000000002": "0123456789abcdef0123456789abcdef"},
             "attributes.tool.name": {"aa00000000000001": null, "aa00000000000002": "lookup"},
             "attributes.output.value": {"aa00000000000001": "done", "aa00000000000002": "{\"status\": 404}"}}
            """;

        var trace = Parse(json, "frame.json");

        Assert.Equal(TraceFormat.OpenInference, trace.Format);
        Assert.Equal(["agent", "agent/lookup"], trace.Spans.Select(s => s.Path));
        var tool = trace.Select("agent/lookup");
        Assert.Equal(TimeSpan.FromMilliseconds(300), tool.Duration);
        Assert.Equal("lookup", tool.Attributes.GetString("gen_ai.tool.name"));
        // A span's line is where its first cell (its id under the first column) is.
        Assert.Equal(1, tool.SourceLine);
    }

    [Fact]
    public void A_dataframe_column_that_is_not_an_object_of_span_ids_is_a_positioned_error()
    {
        const string json = """
            {"span_kind": {"aa00000000000001": "AGENT"},
             "context.trace_id": {"aa00000000000001": "0123456789abcdef0123456789abcdef"},
             "start_time": [1779181200000]}
            """;

        var e = Assert.Throws<TraceFormatException>(() => Parse(json, "frame.json"));

        Assert.Equal(3, e.Line);
        Assert.Equal(16, e.Column);
        Assert.Contains("\"start_time\"", e.Reason);
        Assert.Contains("orient \"columns\"", e.Reason);
    }

    [Fact]
    public void A_wrong_value_in_a_dataframe_cell_is_reported_where_the_file_holds_it()
    {
        const string json = """
            {"span_kind": {"aa00000000000001": "AGENT"},
             "context.trace_id": {"aa00000000000001": "0123456789abcdef0123456789abcdef"},
             "start_time": {"aa00000000000001": true}}
            """;

        var e = Assert.Throws<TraceFormatException>(() => Parse(json, "frame.json"));

        Assert.Equal(3, e.Line);
        Assert.Equal(37, e.Column);
        Assert.Contains("start_time", e.Reason);
    }

    [Fact]
    public void A_dataframe_entry_in_the_index_orient_that_is_not_a_record_is_a_positioned_error()
    {
        const string json = """
            {"aa00000000000001": {"span_kind": "AGENT", "context.trace_id": "0123456789abcdef0123456789abcdef", "start_time": 1779181200000},
             "aa00000000000002": "TOOL"}
            """;

        var e = Assert.Throws<TraceFormatException>(() => Parse(json, "frame.json"));

        Assert.Equal(2, e.Line);
        Assert.Equal(22, e.Column);
        Assert.Contains("aa00000000000002", e.Reason);
        Assert.Contains("orient \"index\"", e.Reason);
    }

    [Fact]
    public void A_truncated_dataframe_is_a_positioned_error()
    {
        const string json = """
            {"span_kind": {"aa00000000000001": "AGENT"},
             "context.trace_id": {"aa00000000000001": "0123456789abcdef0123456789abcdef"},
             "start_time": {"aa00000000000001": 17791
            """;

        var e = Assert.Throws<TraceFormatException>(() => Parse(json, "frame.json"));

        Assert.True(e.Line >= 3, e.Message);
    }

    [Fact]
    public void An_otlpv1_span_page_reads_spans_whose_unused_value_members_are_null()
    {
        const string json = """
            {"next_cursor": null, "data": [
              {"attributes": [{"key": "tokens", "value": {"array_value": null, "bool_value": null, "int_value": 42, "string_value": null}},
                              {"key": "note", "value": {"array_value": null, "int_value": null, "string_value": "ok"}}],
               "dropped_attributes_count": null, "events": null, "flags": null, "kind": "SPAN_KIND_INTERNAL", "links": null, "name": "step",
               "parent_span_id": null, "span_id": "aa00000000000001", "start_time_unix_nano": 1779181200000000000,
               "end_time_unix_nano": 1779181201000000000, "status": {"code": 2, "message": "boom"}, "trace_id": "0123456789abcdef0123456789abcdef", "trace_state": null}]}
            """;

        var trace = Parse(json, "page.json");

        Assert.Equal(TraceFormat.Otlp, trace.Format);
        var span = Assert.Single(trace.Spans);
        Assert.Equal(42, span.Attributes.GetInt64("tokens"));
        Assert.Equal("ok", span.Attributes.GetString("note"));
        Assert.Equal(SpanStatusCode.Error, span.Status.Code);
        Assert.Equal(TimeSpan.FromSeconds(1), span.Duration);
    }

    [Fact]
    public void A_span_page_span_without_an_id_is_a_positioned_error()
    {
        const string json = """
            {"data": [
              {"span_id": "", "trace_id": "0123456789abcdef0123456789abcdef", "name": "step", "start_time_unix_nano": 1779181200000000000}]}
            """;

        var e = Assert.Throws<TraceFormatException>(() => Parse(json, "page.json"));

        Assert.Equal(2, e.Line);
        Assert.Equal(3, e.Column);
        Assert.Contains("spanId", e.Reason);
    }

    [Fact]
    public void A_span_page_whose_data_is_not_an_array_is_a_positioned_error()
    {
        const string json = """
            {"next_cursor": null,
             "data": {"span_id": "aa00000000000001", "start_time_unix_nano": 1779181200000000000}}
            """;

        var e = Assert.Throws<TraceFormatException>(() => Parse(json, "page.json"));

        Assert.Equal(1, e.Line);
        Assert.Equal(1, e.Column);
        Assert.Contains("\"data\" array of spans", e.Reason);
    }

    [Fact]
    public void A_value_member_of_the_wrong_type_is_still_an_error_beside_null_ones()
    {
        const string json = """
            {"data": [
              {"span_id": "aa00000000000001", "trace_id": "0123456789abcdef0123456789abcdef", "name": "step", "start_time_unix_nano": 1779181200000000000,
               "attributes": [{"key": "flag", "value": {"array_value": null, "bool_value": "yes"}}]}]}
            """;

        var e = Assert.Throws<TraceFormatException>(() => Parse(json, "page.json"));

        Assert.Equal(3, e.Line);
        Assert.Contains("flag", e.Reason);
    }

    [Fact]
    public void Otlp_times_as_low_and_high_halves_without_one_half_are_a_positioned_error()
    {
        const string json = """
            {"resourceSpans": [{"scopeSpans": [{"spans": [
              {"traceId": "0123456789abcdef0123456789abcdef", "spanId": "aa00000000000001", "name": "step",
               "startTimeUnixNano": {"low": -1013133952}}]}]}]}
            """;

        var e = Assert.Throws<TraceFormatException>(() => Parse(json, "long.json"));

        Assert.Equal(3, e.Line);
        Assert.Equal(25, e.Column);
        Assert.Contains("\"low\", \"high\"", e.Reason);
    }
}
