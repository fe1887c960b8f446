using System.Text;
using System.Text.Json;
using TraceRegress.Formats;
using TraceRegress.Model;

namespace TraceRegress.Tests.Formats;

public class OtlpJsonWriterTests
{
    private static readonly string[] Folders = ["otlp", "flat", "jaeger", "zipkin", "openinference", "langfuse", "langsmith", "mlflow", "approval"];

    /// <summary>Every fixture trace that reads, in every format.</summary>
    public static TheoryData<string, string> ReadableFixtures()
    {
        var data = new TheoryData<string, string>();
        foreach (var folder in Folders)
        {
            foreach (var file in Directory.EnumerateFiles(Fixture.Path(folder)).Order(StringComparer.Ordinal))
            {
                if (file.EndsWith(".verified.json", StringComparison.Ordinal)) continue;
                try
                {
                    AgentTrace.Load(file);
                }
                catch (TraceFormatException)
                {
                    // Fixtures of bad input are tested by their readers.
                    continue;
                }

                data.Add(folder, Path.GetFileName(file));
            }
        }

        return data;
    }

    [Fact]
    public void Every_format_has_readable_fixtures_to_round_trip()
    {
        var formats = ReadableFixtures().Select(row => Fixture.Load((string)row[0], (string)row[1]).Format).ToHashSet();

        Assert.Equal(Enum.GetValues<TraceFormat>().ToHashSet(), formats);
    }

    [Theory]
    [MemberData(nameof(ReadableFixtures))]
    public void Round_trips_through_the_otlp_reader(string folder, string file)
    {
        var original = Fixture.Load(folder, file);

        var bytes = OtlpJsonWriter.Write(original);
        var copy = AgentTrace.Parse(bytes, file + ".otlp.json");

        Assert.Equal(TraceFormat.Otlp, copy.Format);
        Assert.Equal(OtlpJsonWriter.HexId(original.TraceId, 32), copy.TraceId);
        Assert.Equal(original.Spans.Select(s => s.Path), copy.Spans.Select(s => s.Path));
        Assert.Equal(original.Warnings.Select(w => w.Kind), copy.Warnings.Select(w => w.Kind));
        for (var i = 0; i < original.Spans.Count; i++)
        {
            var (a, b) = (original.Spans[i], copy.Spans[i]);
            Assert.Equal(OtlpJsonWriter.HexId(a.SpanId, 16), b.SpanId);
            Assert.Equal(a.ParentSpanId is null ? null : OtlpJsonWriter.HexId(a.ParentSpanId, 16), b.ParentSpanId);
            Assert.Equal(a.Name, b.Name);
            Assert.Equal(a.Kind, b.Kind);
            Assert.Equal(a.StartTimeUnixNano, b.StartTimeUnixNano);
            Assert.Equal(a.DurationNanos, b.DurationNanos);
            Assert.Equal(a.Status, b.Status);
            Assert.Equal(a.ScopeName, b.ScopeName);
            Assert.Equal(a.Attributes.ToArray(), b.Attributes.ToArray());
            Assert.Equal(a.Resource.Attributes.ToArray(), b.Resource.Attributes.ToArray());
            Assert.Equal(a.Events.Select(e => (e.Name, e.Timestamp, e.Attributes.ToArray().Length)), b.Events.Select(e => (e.Name, e.Timestamp, e.Attributes.ToArray().Length)));
            for (var j = 0; j < a.Events.Count; j++) Assert.Equal(a.Events[j].Attributes.ToArray(), b.Events[j].Attributes.ToArray());
            Assert.Equal(a.Links.Select(l => (OtlpJsonWriter.HexId(l.SpanId, 16), l.Attributes.Count)), b.Links.Select(l => (l.SpanId, l.Attributes.Count)));
        }

        // Writing the copy gives the same bytes: the output is a fixed point.
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(OtlpJsonWriter.Write(copy)));
    }

    [Fact]
    public void Output_does_not_depend_on_span_order_culture_or_time_zone()
    {
        var lines = File.ReadAllLines(Fixture.Path("otlp", "collector-file-export.jsonl"));
        var forward = OtlpJsonWriter.Write(AgentTrace.Parse(Encoding.UTF8.GetBytes(string.Join('\n', lines)), "a.jsonl"));

        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var backward = OtlpJsonWriter.Write(AgentTrace.Parse(Encoding.UTF8.GetBytes(string.Join('\n', lines.Reverse())), "b.jsonl"));
            Assert.Equal(forward, backward);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Writes_typed_values_hex_ids_and_string_nanoseconds()
    {
        var bytes = OtlpJsonWriter.Write(Fixture.Load("jaeger", "legacy-client-64bit-ids.json"));

        using var document = JsonDocument.Parse(bytes);
        var resourceSpans = document.RootElement.GetProperty("resourceSpans");
        Assert.Equal(2, resourceSpans.GetArrayLength());
        Assert.Equal("frontend", resourceSpans[0].GetProperty("resource").GetProperty("attributes")[0].GetProperty("value").GetProperty("stringValue").GetString());
        var root = resourceSpans[0].GetProperty("scopeSpans")[0].GetProperty("spans")[0];
        // Jaeger's 64-bit trace id is padded to OTLP's 128 bits.
        Assert.Equal("00000000000000006e0c63257de34c92", root.GetProperty("traceId").GetString());
        Assert.Equal("1610000000000000000", root.GetProperty("startTimeUnixNano").GetString());
        Assert.Equal(2, root.GetProperty("kind").GetInt32());
        var status = root.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("key").GetString() == "http.status_code");
        Assert.Equal("200", status.GetProperty("value").GetProperty("intValue").GetString());
        var sql = resourceSpans[1].GetProperty("scopeSpans")[0].GetProperty("spans")[0];
        Assert.Equal(2, sql.GetProperty("status").GetProperty("code").GetInt32());
        var payload = sql.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("key").GetString() == "request.payload");
        Assert.Equal("AAEC", payload.GetProperty("value").GetProperty("bytesValue").GetString());
    }

    [Fact]
    public void Ids_that_are_not_hex_become_stable_hex_ids()
    {
        var trace = Fixture.Load("langsmith", "agent-tool-message.json");

        using var document = JsonDocument.Parse(OtlpJsonWriter.Write(trace));
        var ids = document.RootElement.GetProperty("resourceSpans").EnumerateArray()
            .SelectMany(r => r.GetProperty("scopeSpans").EnumerateArray())
            .SelectMany(s => s.GetProperty("spans").EnumerateArray())
            .Select(s => (Trace: s.GetProperty("traceId").GetString()!, Span: s.GetProperty("spanId").GetString()!))
            .ToArray();
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id.Trace));
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{16}$", id.Span));
        Assert.Equal(ids.Length, ids.Select(i => i.Span).Distinct().Count());
    }

    [Fact]
    public void Values_nested_deeper_than_otlp_can_carry_are_kept_as_json_text()
    {
        // Flat span JSON allows an attribute nested 200 levels: as typed OTLP values it would pass the depth limit.
        var sb = new StringBuilder("""{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","operationName":"deep","startTime":"2025-05-20T10:00:00Z","duration":1,"attributes":{"payload":""");
        for (var i = 0; i < 200; i++) sb.Append("[");
        sb.Append('1');
        for (var i = 0; i < 200; i++) sb.Append("]");
        sb.Append("}}");
        var original = AgentTrace.Parse(Encoding.UTF8.GetBytes(sb.ToString()), "deep.json");

        var copy = AgentTrace.Parse(OtlpJsonWriter.Write(original), "deep.otlp.json");

        var payload = copy.Spans[0].Attributes["payload"];
        var depth = 0;
        while (payload.Kind == AttributeValueKind.Array)
        {
            payload = payload.Items[0];
            depth++;
        }

        Assert.Equal(AttributeValueKind.String, payload.Kind);
        Assert.Equal(new string('[', 200 - depth) + "1" + new string(']', 200 - depth), payload.AsString);
    }
}
