using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.Formats;

/// <summary>
/// The flat span JSON of the product's seed document: <c>traceId, spanId, parentSpanId, operationName,
/// startTime (ISO 8601), duration (ms), status {code}, attributes {…}, events […]</c>; one span, an array
/// of spans, or <c>{"spans":[…]}</c>. Spans without a trace id are one trace (a warning says so).
/// </summary>
internal sealed class FlatSpanReader : ITraceReader
{
    public TraceFormat Format => TraceFormat.FlatSpans;

    public int Score(FormatProbe probe)
    {
        var score = 0;
        foreach (var prefix in (string[])["", "/spans"])
        {
            if (probe.Has(prefix + "/spanId") && (probe.Has(prefix + "/operationName") || probe.Has(prefix + "/startTime")))
            {
                score = Math.Max(score, 50);
            }
        }

        // OTLP spans also have spanId but live under resourceSpans, and never carry operationName.
        return probe.Has("/resourceSpans") ? 0 : score;
    }

    public void Read(TraceInput input, List<SpanData> spans, List<TraceWarning> warnings)
    {
        var first = spans.Count;
        string? wrapperTraceId = null;
        ReadSpans(input, spans, ref wrapperTraceId);
        // A flat export of one run may leave the trace id out: its spans are one trace, named by the wrapper's traceId,
        // another span's, or else its root span's id. Said as a warning, so nothing is made up silently.
        var missing = spans.Skip(first).Where(s => s.TraceId.Length == 0).ToList();
        if (missing.Count == 0) return;
        // Chosen whatever order the spans are written in: the smallest trace id another span gives, else the smallest
        // root span id, else the smallest span id.
        var read = spans.Skip(first).ToList();
        var id = wrapperTraceId
                 ?? read.Select(s => s.TraceId).Where(t => t.Length > 0).Order(StringComparer.Ordinal).FirstOrDefault()
                 ?? read.Where(s => string.IsNullOrEmpty(s.ParentSpanId)).Select(s => s.SpanId).Order(StringComparer.Ordinal).FirstOrDefault()
                 ?? read.Select(s => s.SpanId).Order(StringComparer.Ordinal).First();
        foreach (var span in missing) span.TraceId = id;
        // About the file as a whole, so it reads the same whatever order the spans are written in.
        warnings.Add(new TraceWarning(TraceWarningKind.MissingTraceId, null,
            $"{missing.Count} span{(missing.Count == 1 ? "" : "s")} carry no \"traceId\"; read as trace '{id}'."));
    }

    private static void ReadSpans(TraceInput input, List<SpanData> spans, ref string? wrapperTraceId)
    {
        var reader = input.CreateReader();
        input.Next(ref reader);
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            ReadSpanArray(input, ref reader, spans);
        }
        else
        {
            input.Expect(ref reader, JsonTokenType.StartObject, "a span object, an array of spans or {\"spans\": [...]}");
            // Look ahead for a "spans" wrapper without building anything.
            var probe = reader;
            var isWrapper = false;
            input.Next(ref probe);
            while (probe.TokenType == JsonTokenType.PropertyName)
            {
                if (probe.ValueTextEquals("spans"u8))
                {
                    isWrapper = true;
                    break;
                }

                input.Next(ref probe);
                input.SkipValue(ref probe);
                input.Next(ref probe);
            }

            if (isWrapper)
            {
                input.Next(ref reader);
                while (reader.TokenType != JsonTokenType.EndObject)
                {
                    var isSpans = reader.ValueTextEquals("spans"u8);
                    var isTraceId = reader.ValueTextEquals("traceId"u8);
                    input.Next(ref reader);
                    if (isSpans)
                    {
                        input.Expect(ref reader, JsonTokenType.StartArray, "an array for \"spans\"");
                        ReadSpanArray(input, ref reader, spans);
                    }
                    else if (isTraceId && reader.TokenType == JsonTokenType.String)
                    {
                        wrapperTraceId = input.ReadId(ref reader, "traceId");
                    }
                    else
                    {
                        input.SkipValue(ref reader);
                    }

                    input.Next(ref reader);
                }
            }
            else
            {
                spans.Add(ReadSpan(input, ref reader));
            }

        }

        ExpectEnd(input, ref reader);
    }

    private static void ExpectEnd(TraceInput input, ref Utf8JsonReader reader)
    {
        try
        {
            if (reader.Read()) throw input.Error(reader, "expected the end of the document after the trace");
        }
        catch (JsonException e)
        {
            throw input.Error(e);
        }
    }

    private static void ReadSpanArray(TraceInput input, ref Utf8JsonReader reader, List<SpanData> spans)
    {
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            input.Expect(ref reader, JsonTokenType.StartObject, "a span object");
            spans.Add(ReadSpan(input, ref reader));
            input.Next(ref reader);
        }
    }

    private static SpanData ReadSpan(TraceInput input, ref Utf8JsonReader reader)
    {
        var span = new SpanData { SourceLine = input.LineAt(reader.TokenStartIndex) };
        var objectStart = reader.TokenStartIndex;
        bool hasId = false, hasTrace = false;
        double? durationMs = null;
        long? endNanos = null;
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = input.Strings.Get(ref reader)!;
            input.Next(ref reader);
            switch (name)
            {
                case "traceId": span.TraceId = input.ReadId(ref reader, name) ?? ""; hasTrace = true; break;
                case "spanId": span.SpanId = input.ReadId(ref reader, name) ?? ""; hasId = span.SpanId.Length > 0; break;
                case "parentSpanId": span.ParentSpanId = input.ReadId(ref reader, name); break;
                case "operationName" or "name": span.Name = input.ReadString(ref reader, name) ?? ""; break;
                case "kind": span.Kind = JsonValues.ParseKind(reader.TokenType == JsonTokenType.Number ? input.ReadInt64(ref reader, name).ToString(System.Globalization.CultureInfo.InvariantCulture) : input.ReadString(ref reader, name)); break;
                case "startTime": span.StartTimeUnixNano = input.ReadIsoTime(ref reader, name); break;
                case "endTime": endNanos = input.ReadIsoTime(ref reader, name); break;
                case "duration": durationMs = input.ReadDouble(ref reader, name); break;
                case "status": span.Status = ReadStatus(input, ref reader); break;
                case "attributes":
                    // Read into a reused list, then copy once at the exact size (no growth garbage per span).
                    input.Scratch.Clear();
                    input.ReadPlainObject(ref reader, input.Scratch, name);
                    span.Attributes.AddRange(input.Scratch);
                    input.Scratch.Clear();
                    break;
                case "resource":
                    {
                        var attributes = new List<KeyValuePair<string, AttributeValue>>();
                        input.ReadPlainObject(ref reader, attributes, name);
                        span.Resource = new TraceResource(AttributeSet.Create(attributes));
                        break;
                    }

                case "events": ReadEvents(input, ref reader, span); break;
                default:
                    // Unknown top-level fields are kept as attributes, so nothing is lost.
                    span.Add(name, input.ReadPlainValue(ref reader));
                    break;
            }

            input.Next(ref reader);
        }

        if (!hasId) throw input.Error(objectStart, "expected a span with a non-empty \"spanId\"");
        if (!hasTrace) span.TraceId = "";
        span.DurationNanos = durationMs is { } ms ? (long)Math.Round(ms * 1_000_000) : endNanos is { } end ? end - span.StartTimeUnixNano : 0;

        // The seed puts service.name among the span attributes; it is a resource attribute in OpenTelemetry.
        if (span.Resource.Attributes.Count == 0)
        {
            foreach (var service in span.Attributes)
            {
                if (service.Key != "service.name") continue;
                // One resource per service, as an exporter would write it, rather than one per span.
                if (service.Value.AsString is not { } serviceName)
                {
                    span.Resource = new TraceResource(AttributeSet.Create([service]));
                }
                else if (!input.ServiceResources.TryGetValue(serviceName, out var resource))
                {
                    input.ServiceResources[serviceName] = span.Resource = new TraceResource(AttributeSet.Create([service]));
                }
                else
                {
                    span.Resource = resource;
                }

                break;
            }
        }

        return span;
    }

    private static SpanStatus ReadStatus(TraceInput input, ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
        {
            return new SpanStatus(JsonValues.ParseStatusCode(input.ReadId(ref reader, "status")));
        }

        if (reader.TokenType == JsonTokenType.Null) return default;
        input.Expect(ref reader, JsonTokenType.StartObject, "an object for \"status\"");
        string? code = null, message = null;
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = input.Strings.Get(ref reader)!;
            input.Next(ref reader);
            switch (name)
            {
                case "code": code = input.ReadId(ref reader, "status.code"); break;
                case "message" or "description": message = input.ReadString(ref reader, "status." + name); break;
                default: input.SkipValue(ref reader); break;
            }

            input.Next(ref reader);
        }

        return new SpanStatus(JsonValues.ParseStatusCode(code), message);
    }

    private static void ReadEvents(TraceInput input, ref Utf8JsonReader reader, SpanData span)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        input.Expect(ref reader, JsonTokenType.StartArray, "an array for \"events\"");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            input.Expect(ref reader, JsonTokenType.StartObject, "an event object");
            string name = "";
            DateTimeOffset? timestamp = null;
            var attributes = new List<KeyValuePair<string, AttributeValue>>();
            input.Next(ref reader);
            while (reader.TokenType != JsonTokenType.EndObject)
            {
                var property = input.Strings.Get(ref reader)!;
                input.Next(ref reader);
                switch (property)
                {
                    case "name": name = input.ReadString(ref reader, "events[].name") ?? ""; break;
                    case "timestamp" or "time": timestamp = JsonValues.FromUnixNanos(input.ReadIsoTime(ref reader, "events[]." + property)); break;
                    case "attributes": input.ReadPlainObject(ref reader, attributes, "events[].attributes"); break;
                    default: attributes.Add(new(property, input.ReadPlainValue(ref reader))); break;
                }

                input.Next(ref reader);
            }

            span.Events.Add(new SpanEvent(name, timestamp, AttributeSet.Create(attributes)));
            input.Next(ref reader);
        }
    }
}
