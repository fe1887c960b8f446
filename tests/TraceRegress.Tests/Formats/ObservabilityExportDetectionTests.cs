using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using TraceRegress.Formats;

namespace TraceRegress.Tests.Formats;

/// <summary>Detection and determinism across the OpenInference, Langfuse and LangSmith readers.</summary>
public class ObservabilityExportDetectionTests
{
    public static TheoryData<string, string, TraceFormat> Fixtures => new()
    {
        { "openinference", "rag-hallucination.json", TraceFormat.OpenInference },
        { "openinference", "agent-tool-error-payload.json", TraceFormat.OpenInference },
        { "openinference", "nested-tool-rate-limited.json", TraceFormat.OpenInference },
        { "langfuse", "rag-hallucination.json", TraceFormat.Langfuse },
        { "langfuse", "agent-tool-rate-limited.json", TraceFormat.Langfuse },
        { "langfuse", "manual-spans-orphan-cycle.json", TraceFormat.Langfuse },
        { "langsmith", "agent-tool-message.json", TraceFormat.LangSmith },
        { "langsmith", "flat-runs-tool-rate-limited.json", TraceFormat.LangSmith },
        { "langsmith", "runs-wrapper-js-sdk.json", TraceFormat.LangSmith },
        { "langsmith", "langgraph-tool-error-message.json", TraceFormat.LangSmith },
        { "flat", "five-hop.json", TraceFormat.FlatSpans },
        { "flat", "seed-gen-ai-chat.json", TraceFormat.FlatSpans },
        { "mlflow", "mlflow3-fx-rate-429.json", TraceFormat.Mlflow },
        { "mlflow", "mlflow2-fx-rate-429.json", TraceFormat.Mlflow },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Only_the_right_reader_claims_each_export(string folder, string file, TraceFormat expected)
    {
        var probe = FormatProbe.Create(File.ReadAllBytes(Fixture.Path(folder, file)));

        foreach (var reader in TraceReaders.All)
        {
            var score = reader.Score(probe);
            if (reader.Format == expected) Assert.True(score > 0, $"{reader.Format} does not claim {folder}/{file}");
            else if (reader.Format is TraceFormat.OpenInference or TraceFormat.Langfuse or TraceFormat.LangSmith or TraceFormat.Mlflow) Assert.Equal(0, score);
        }

        Assert.Equal(expected, Fixture.Load(folder, file).Format);
    }

    [Theory]
    [InlineData("openinference", "agent-tool-error-payload.json", "")]
    [InlineData("langsmith", "flat-runs-tool-rate-limited.json", "")]
    [InlineData("openinference", "rag-hallucination.json", "data")]
    [InlineData("langsmith", "runs-wrapper-js-sdk.json", "runs")]
    public void Span_order_in_the_file_changes_nothing(string folder, string file, string wrapper)
    {
        var original = Fixture.Load(folder, file);
        var document = JsonNode.Parse(File.ReadAllText(Fixture.Path(folder, file)))!;
        var list = (wrapper.Length == 0 ? document : document[wrapper])!.AsArray();
        var reversed = list.Reverse().Select(n => n!.DeepClone()).ToArray();
        list.Clear();
        foreach (var item in reversed) list.Add(item);

        var shuffled = AgentTrace.Parse(Encoding.UTF8.GetBytes(document.ToJsonString()), file);

        Assert.Equal(Describe(original), Describe(shuffled));
    }

    [Fact]
    public void Culture_changes_nothing()
    {
        var invariant = Describe(Fixture.Load("langfuse", "rag-hallucination.json"));
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal(invariant, Describe(Fixture.Load("langfuse", "rag-hallucination.json")));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void A_payload_nested_deeper_than_the_limit_is_a_positioned_error()
    {
        var payload = new string('[', 300) + new string(']', 300);
        var json = "{\n  \"id\": \"t1\",\n  \"timestamp\": \"2026-05-20T16:30:00.000Z\",\n  \"observations\": [\n    { \"id\": \"o1\", \"type\": \"SPAN\", \"parentObservationId\": null, \"startTime\": \"2026-05-20T16:30:01.000Z\",\n      \"input\": "
                   + payload + " }\n  ]\n}";

        var e = Assert.Throws<TraceFormatException>(() => AgentTrace.Parse(Encoding.UTF8.GetBytes(json), "deep-payload.json"));

        Assert.Equal(6, e.Line);
        Assert.True(e.Column > 250, $"column {e.Column}");
    }

    private static string[] Describe(AgentTrace trace) =>
        trace.Spans.Select(s => $"{s.Path} {s.SpanId} {s.TraceId} {s.StartTimeUnixNano} {s.DurationNanos} {s.Status} "
                                + string.Join(";", s.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + a.Value.ToJson()))
                                + " " + string.Join(";", s.Events.Select(e => e.Name + string.Join(",", e.Attributes.Select(a => a.Key + "=" + a.Value)))))
            .Concat(trace.Warnings.Select(w => w.Message))
            .ToArray();

    [Theory]
    [InlineData("datadog-trace-payload.json", "a JSON array")]
    [InlineData("langfuse-trace-list-page.json", "a JSON object with top-level keys data, meta")]
    public void An_unsupported_shape_is_refused_naming_what_was_found_and_the_shapes_that_are_read(string file, string found)
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("unsupported", file));

        Assert.Contains("unknown trace format: found " + found, e.Reason);
        foreach (var shape in (string[])["resourceSpans", "Jaeger", "Zipkin", "OpenInference", "_spanContext", "{trace, observations}", "{post, patch}"])
        {
            Assert.Contains(shape, e.Reason);
        }
    }
}
