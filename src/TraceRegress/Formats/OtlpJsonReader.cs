using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.Formats;

/// <summary>
/// OTLP/JSON, the JSON encoding of the OpenTelemetry protocol:
/// <c>{"resourceSpans":[{"resource":{attributes},"scopeSpans":[{"scope":{name, version},"spans":[…]}]}]}</c>
/// (older exporters write <c>instrumentationLibrarySpans</c> / <c>instrumentationLibrary</c>). Ids in hex (base64
/// from protobuf's own JSON mapping is accepted), times as decimal-string or number nanoseconds, typed
/// attribute values, status codes and span kinds as numbers or enum names, events and links. Also JSON Lines
/// of such documents, as the Collector's file exporter writes them; errors then name the line of the document.
/// Log records in the same file (<c>resourceLogs</c>, one exporter shared by the traces and logs pipelines) become
/// events of the spans they name: that is where OpenTelemetry's gen-ai instrumentations put message content.
/// The same document as backends answer it is read too: Jaeger v2's <c>{"result": {…}}</c>, Grafana Tempo's
/// <c>{"batches": […]}</c> (<c>/api/traces/{id}</c>) and <c>{"trace": {"resourceSpans": […]}}</c> (<c>/api/v2/traces/{id}</c>).
/// Attributes are kept as the instrumentation wrote them: the gen-ai semconv versions are read by the engine.
/// </summary>
internal sealed class OtlpJsonReader : ITraceReader
{
    public TraceFormat Format => TraceFormat.Otlp;

    public int Score(FormatProbe probe)
    {
        if (probe.Root != JsonTokenType.StartObject) return 0;
        if (probe.Has("/resourceSpans") || probe.Has("/resource_spans")) return 100;
        // Jaeger v2's query API (/api/v3/traces/{id}) wraps the OTLP document: {"result": {"resourceSpans": [...]}}.
        if (probe.Has("/result/resourceSpans")) return 100;
        // Grafana Tempo: /api/traces/{id} answers {"batches": [ResourceSpans…]}, /api/v2/traces/{id} {"trace": {"resourceSpans": […]}}.
        if (probe.Has("/batches/scopeSpans") || probe.Has("/batches/instrumentationLibrarySpans") || probe.Has("/trace/resourceSpans")) return 100;
        // A file exporter shared with the logs pipeline may start with many log lines before the first spans.
        if (probe.Has("/resourceLogs") || probe.Has("/resource_logs")) return 90;
        // Phoenix's /v1/projects/{id}/spans/otlpv1: a page of OTLP spans without their resource, {"data": [...], "next_cursor"}.
        if ((probe.Has("/data/span_id") && probe.Has("/data/start_time_unix_nano")) || (probe.Has("/data/spanId") && probe.Has("/data/startTimeUnixNano"))) return 85;
        return 0;
    }

    public void Read(TraceInput input, List<SpanData> spans, List<TraceWarning> warnings)
    {
        var logs = new List<LogEvent>();
        ReadAll(input, spans, logs);
        AttachLogs(spans, logs);
        OpenInferenceReader.MapForeignSpans(spans);
    }

    private static void ReadAll(TraceInput input, List<SpanData> spans, List<LogEvent> logs)
    {
        if (IsJsonLines(input.Utf8.Span))
        {
            // Each line is a whole OTLP/JSON document; ReadDocument checks its shape.
            input.ReadLines(spans, null, (TraceInput line, ref Utf8JsonReader r) => ReadDocument(line, ref r, spans, logs), "document");
            return;
        }

        // One document, or several pretty-printed ones back to back.
        var reader = input.CreateReader(multipleValues: true);
        input.Next(ref reader);
        ReadDocument(input, ref reader, spans, logs);
        while (true)
        {
            try
            {
                if (!reader.Read()) break;
            }
            catch (JsonException e)
            {
                throw input.Error(e);
            }

            ReadDocument(input, ref reader, spans, logs);
        }
    }

    /// <summary>
    /// JSON Lines: the first non-blank line is a whole JSON value and more follows it. Each line is then read
    /// on its own, so a truncated line is reported at that line rather than where the next one begins.
    /// </summary>
    private static bool IsJsonLines(ReadOnlySpan<byte> utf8) => ExportJson.IsJsonLines(utf8);

    private static void ReadDocument(TraceInput input, ref Utf8JsonReader reader, List<SpanData> spans, List<LogEvent> logs)
    {
        input.Expect(ref reader, JsonTokenType.StartObject, "an OTLP/JSON document {\"resourceSpans\": [...]}");
        var start = reader.TokenStartIndex;
        var seen = false;
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var isResourceSpans = reader.ValueTextEquals("resourceSpans"u8) || reader.ValueTextEquals("resource_spans"u8) || reader.ValueTextEquals("batches"u8);
            var isResourceLogs = reader.ValueTextEquals("resourceLogs"u8) || reader.ValueTextEquals("resource_logs"u8);
            var isOtherSignal = reader.ValueTextEquals("resourceMetrics"u8) || reader.ValueTextEquals("resource_metrics"u8)
                                || reader.ValueTextEquals("resourceProfiles"u8);
            var isResult = reader.ValueTextEquals("result"u8) || reader.ValueTextEquals("trace"u8);
            var isSpanPage = reader.ValueTextEquals("data"u8);
            input.Next(ref reader);
            if (isResourceSpans)
            {
                seen = true;
                input.ReadArray(ref reader, "an array for \"resourceSpans\"", (ref Utf8JsonReader r) => ReadResourceSpans(input, ref r, spans));
            }
            else if (isResourceLogs)
            {
                // The Collector's file exporter shared by the traces and logs pipelines writes both to one file.
                seen = true;
                input.ReadArray(ref reader, "an array for \"resourceLogs\"", (ref Utf8JsonReader r) => ReadResourceLogs(input, ref r, logs));
            }
            else if (isOtherSignal)
            {
                // Metrics (or profiles) written to the same file: nothing of a trace in them.
                seen = true;
                input.SkipValue(ref reader);
            }
            else if (isResult && reader.TokenType == JsonTokenType.StartObject)
            {
                seen = true;
                ReadDocument(input, ref reader, spans, logs);
            }
            else if (isSpanPage && reader.TokenType == JsonTokenType.StartArray)
            {
                // Phoenix's otlpv1 span page: OTLP spans (snake_case, every AnyValue member written, null when unused)
                // listed without resource or scope.
                seen = true;
                input.ReadArray(ref reader, "an array of OTLP span objects for \"data\"", (ref Utf8JsonReader r) => spans.Add(ReadSpan(input, ref r)));
            }
            else
            {
                input.SkipValue(ref reader);
            }

            input.Next(ref reader);
        }

        if (!seen) throw input.Error(start, "expected \"resourceSpans\" (or \"resourceLogs\", or a \"data\" array of spans) in the OTLP/JSON document");
    }

    private static void ReadResourceSpans(TraceInput input, ref Utf8JsonReader reader, List<SpanData> spans)
    {
        input.Expect(ref reader, JsonTokenType.StartObject, "a ResourceSpans object {\"resource\", \"scopeSpans\"}");
        // The resource may follow the spans in the object: it is applied once the object is read.
        var first = spans.Count;
        var resource = TraceResource.Empty;
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = input.Strings.Get(ref reader)!;
            input.Next(ref reader);
            switch (name)
            {
                case "resource":
                    resource = ReadResource(input, ref reader);
                    break;
                case "scopeSpans" or "scope_spans" or "instrumentationLibrarySpans" or "instrumentation_library_spans":
                    input.ReadArray(ref reader, $"an array for \"{name}\"", (ref Utf8JsonReader r) => ReadScopeSpans(input, ref r, spans));
                    break;
                default:
                    input.SkipValue(ref reader);
                    break;
            }

            input.Next(ref reader);
        }

        for (var i = first; i < spans.Count; i++)
        {
            spans[i].Resource = resource;
        }
    }

    /// <summary>A log record tied to a span, to become one of its events once every span is read.</summary>
    private sealed record LogEvent(string TraceId, string SpanId, long TimeNanos, SpanEvent Event);

    /// <summary>The event name the newest gen-ai semconv gives the record holding a call's messages as attributes.</summary>
    private const string OperationDetails = "gen_ai.client.inference.operation.details";

    private static readonly string[] OperationDetailKeys =
        ["gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions", "gen_ai.tool.definitions"];

    /// <summary>
    /// Log records become events of the span they name (<c>spanId</c>, and <c>traceId</c> when given), in time order
    /// after the span's own events. OpenTelemetry's gen-ai instrumentations (openai-v2 and the other Python ones, by
    /// default) write message content only as log records: <c>gen_ai.user.message</c>, <c>gen_ai.choice</c>… with the
    /// message as the body, kept as the event's <c>body</c>. A <c>gen_ai.client.inference.operation.details</c> record
    /// carries the call's <c>gen_ai.input.messages</c>, <c>gen_ai.output.messages</c>, <c>gen_ai.system_instructions</c>
    /// and <c>gen_ai.tool.definitions</c>; the span gets those it lacks as attributes, as span-only capture writes them.
    /// Records tied to no span of the file (application logs) are not part of the trace.
    /// </summary>
    private static void AttachLogs(List<SpanData> spans, List<LogEvent> logs)
    {
        if (logs.Count == 0) return;
        var byId = new Dictionary<string, List<SpanData>>(StringComparer.Ordinal);
        foreach (var span in spans)
        {
            if (!byId.TryGetValue(span.SpanId, out var list)) byId[span.SpanId] = list = [];
            list.Add(span);
        }

        foreach (var log in logs.Select((l, i) => (l, i)).OrderBy(x => x.l.TimeNanos).ThenBy(x => x.i).Select(x => x.l))
        {
            if (!byId.TryGetValue(log.SpanId, out var candidates)) continue;
            var span = candidates.FirstOrDefault(s => log.TraceId.Length == 0 || s.TraceId == log.TraceId);
            if (span is null) continue;
            span.Events.Add(log.Event);
            if (log.Event.Name != OperationDetails) continue;
            foreach (var key in OperationDetailKeys)
            {
                if (span.Attributes.Any(a => a.Key == key) || !log.Event.Attributes.TryGetValue(key, out var value) || value.Kind == AttributeValueKind.Null) continue;
                span.Add(key, value.Kind == AttributeValueKind.String ? value : value.ToJson());
            }
        }
    }

    private static void ReadResourceLogs(TraceInput input, ref Utf8JsonReader reader, List<LogEvent> logs)
    {
        input.Expect(ref reader, JsonTokenType.StartObject, "a ResourceLogs object {\"resource\", \"scopeLogs\"}");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = input.Strings.Get(ref reader)!;
            input.Next(ref reader);
            if (name is "scopeLogs" or "scope_logs" or "instrumentationLibraryLogs")
            {
                input.ReadArray(ref reader, $"an array for \"{name}\"", (ref Utf8JsonReader r) =>
                {
                    input.Expect(ref r, JsonTokenType.StartObject, "a ScopeLogs object {\"scope\", \"logRecords\"}");
                    input.Next(ref r);
                    while (r.TokenType != JsonTokenType.EndObject)
                    {
                        var property = input.Strings.Get(ref r)!;
                        input.Next(ref r);
                        if (property is "logRecords" or "log_records") input.ReadArray(ref r, "an array for \"logRecords\"", (ref Utf8JsonReader l) => ReadLogRecord(input, ref l, logs));
                        else input.SkipValue(ref r);
                        input.Next(ref r);
                    }
                });
            }
            else
            {
                // The resource of a log names the same service as its spans'.
                input.SkipValue(ref reader);
            }

            input.Next(ref reader);
        }
    }

    private static void ReadLogRecord(TraceInput input, ref Utf8JsonReader reader, List<LogEvent> logs)
    {
        input.Expect(ref reader, JsonTokenType.StartObject, "a log record object {\"timeUnixNano\", \"body\", \"attributes\", \"spanId\"}");
        string traceId = "", spanId = "";
        string? eventName = null, severity = null;
        long time = 0, observed = 0;
        var body = AttributeValue.Null;
        var attributes = new List<KeyValuePair<string, AttributeValue>>();
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = input.Strings.Get(ref reader)!;
            input.Next(ref reader);
            switch (name)
            {
                case "traceId" or "trace_id": traceId = TraceIds.Normalize(input.ReadString(ref reader, "logRecords[]." + name) ?? "", 16); break;
                case "spanId" or "span_id": spanId = TraceIds.Normalize(input.ReadString(ref reader, "logRecords[]." + name) ?? "", 8); break;
                case "timeUnixNano" or "time_unix_nano": time = ReadNanos(input, ref reader, "logRecords[]." + name); break;
                case "observedTimeUnixNano" or "observed_time_unix_nano": observed = ReadNanos(input, ref reader, "logRecords[]." + name); break;
                case "eventName" or "event_name": eventName = input.ReadString(ref reader, "logRecords[]." + name); break;
                case "severityText" or "severity_text": severity = input.ReadString(ref reader, "logRecords[]." + name); break;
                case "body": body = ReadAnyValue(input, ref reader, "logRecords[].body"); break;
                case "attributes": ReadAttributes(input, ref reader, attributes, "logRecords[].attributes"); break;
                default: input.SkipValue(ref reader); break;
            }

            input.Next(ref reader);
        }

        if (spanId.Length == 0 || spanId.All(c => c == '0')) return;
        eventName = string.IsNullOrEmpty(eventName) ? attributes.FirstOrDefault(a => a.Key == "event.name").Value?.AsString ?? "log" : eventName;
        if (body.Kind != AttributeValueKind.Null) attributes.Add(new("body", body.Kind is AttributeValueKind.Map or AttributeValueKind.Array ? body.ToJson() : body));
        if (!string.IsNullOrEmpty(severity)) attributes.Add(new("log.severity", severity));
        var at = time != 0 ? time : observed;
        logs.Add(new LogEvent(traceId, spanId, at, new SpanEvent(eventName, at == 0 ? null : JsonValues.FromUnixNanos(at), AttributeSet.Create(attributes))));
    }

    private static TraceResource ReadResource(TraceInput input, ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return TraceResource.Empty;
        input.Expect(ref reader, JsonTokenType.StartObject, "an object for \"resource\"");
        var attributes = new List<KeyValuePair<string, AttributeValue>>();
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var isAttributes = reader.ValueTextEquals("attributes"u8);
            input.Next(ref reader);
            if (isAttributes) ReadAttributes(input, ref reader, attributes, "resource.attributes");
            else input.SkipValue(ref reader);
            input.Next(ref reader);
        }

        return attributes.Count == 0 ? TraceResource.Empty : new TraceResource(AttributeSet.Create(attributes));
    }

    private static void ReadScopeSpans(TraceInput input, ref Utf8JsonReader reader, List<SpanData> spans)
    {
        input.Expect(ref reader, JsonTokenType.StartObject, "a ScopeSpans object {\"scope\", \"spans\"}");
        var first = spans.Count;
        string? scopeName = null;
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = input.Strings.Get(ref reader)!;
            input.Next(ref reader);
            switch (name)
            {
                case "scope" or "instrumentationLibrary" or "instrumentation_library":
                    scopeName = ReadScopeName(input, ref reader, name);
                    break;
                case "spans":
                    input.ReadArray(ref reader, "an array for \"spans\"", (ref Utf8JsonReader r) => spans.Add(ReadSpan(input, ref r)));
                    break;
                default:
                    input.SkipValue(ref reader);
                    break;
            }

            input.Next(ref reader);
        }

        for (var i = first; i < spans.Count; i++)
        {
            spans[i].ScopeName = scopeName;
        }
    }

    private static string? ReadScopeName(TraceInput input, ref Utf8JsonReader reader, string property)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject) input.Expect(ref reader, JsonTokenType.StartObject, $"an object for \"{property}\"");
        string? name = null;
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var isName = reader.ValueTextEquals("name"u8);
            input.Next(ref reader);
            if (isName) name = input.ReadString(ref reader, property + ".name");
            else input.SkipValue(ref reader);
            input.Next(ref reader);
        }

        return string.IsNullOrEmpty(name) ? null : name;
    }

    private static SpanData ReadSpan(TraceInput input, ref Utf8JsonReader reader)
    {
        input.Expect(ref reader, JsonTokenType.StartObject, "a span object");
        var span = new SpanData { SourceLine = input.LineAt(reader.TokenStartIndex) };
        var objectStart = reader.TokenStartIndex;
        long? end = null;
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = input.Strings.Get(ref reader)!;
            input.Next(ref reader);
            switch (name)
            {
                case "traceId" or "trace_id":
                    span.TraceId = TraceIds.Normalize(input.ReadString(ref reader, name) ?? "", 16);
                    break;
                case "spanId" or "span_id":
                    span.SpanId = TraceIds.Normalize(input.ReadString(ref reader, name) ?? "", 8);
                    break;
                case "parentSpanId" or "parent_span_id":
                    var parent = input.ReadString(ref reader, name);
                    span.ParentSpanId = string.IsNullOrEmpty(parent) ? null : TraceIds.Normalize(parent, 8);
                    break;
                case "name":
                    span.Name = input.ReadString(ref reader, name) ?? "";
                    break;
                case "kind":
                    span.Kind = ReadKind(input, ref reader);
                    break;
                case "startTimeUnixNano" or "start_time_unix_nano":
                    span.StartTimeUnixNano = ReadNanos(input, ref reader, name);
                    break;
                case "endTimeUnixNano" or "end_time_unix_nano":
                    end = ReadNanos(input, ref reader, name);
                    break;
                case "attributes":
                    // Read into a reused list, then copy once at the exact size (no growth garbage per span).
                    input.Scratch.Clear();
                    ReadAttributes(input, ref reader, input.Scratch, "attributes");
                    span.Attributes.AddRange(input.Scratch);
                    input.Scratch.Clear();
                    break;
                case "events":
                    ReadEvents(input, ref reader, span.Events);
                    break;
                case "links":
                    ReadLinks(input, ref reader, span.Links);
                    break;
                case "status":
                    span.Status = ReadStatus(input, ref reader);
                    break;
                default:
                    // traceState, flags, dropped counts: not part of the model.
                    input.SkipValue(ref reader);
                    break;
            }

            input.Next(ref reader);
        }

        if (span.SpanId.Length == 0) throw input.Error(objectStart, "expected a span with a non-empty \"spanId\"");
        if (span.TraceId.Length == 0) throw input.Error(objectStart, $"expected \"traceId\" on span '{span.SpanId}'");
        span.DurationNanos = end is { } e && e > span.StartTimeUnixNano ? e - span.StartTimeUnixNano : 0;
        return span;
    }

    private static long ReadNanos(TraceInput input, ref Utf8JsonReader reader, string property)
    {
        var value = reader.TokenType == JsonTokenType.StartObject ? ReadLongBits(input, ref reader, property) : input.ReadInt64(ref reader, property);
        if (value < 0) throw input.Error(reader, $"expected non-negative nanoseconds since the Unix epoch for \"{property}\", found {value}");
        return value;
    }

    /// <summary>
    /// A fixed64 as protobuf.js's Long writes it, <c>{"low": int32, "high": int32}</c>: the OpenTelemetry JS exporters of
    /// 0.44.0 (@opentelemetry/otlp-transformer) sent times this way in OTLP/JSON.
    /// </summary>
    private static long ReadLongBits(TraceInput input, ref Utf8JsonReader reader, string property)
    {
        var start = reader.TokenStartIndex;
        long? low = null, high = null;
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = input.Strings.Get(ref reader)!;
            input.Next(ref reader);
            switch (name)
            {
                case "low": low = input.ReadInt64(ref reader, property + ".low"); break;
                case "high": high = input.ReadInt64(ref reader, property + ".high"); break;
                default: input.SkipValue(ref reader); break;
            }

            input.Next(ref reader);
        }

        if (low is not { } l || high is not { } h || l < int.MinValue || l > uint.MaxValue || h < int.MinValue || h > uint.MaxValue)
        {
            throw input.Error(start, $"expected nanoseconds since the Unix epoch for \"{property}\" as a decimal string, a number or {{\"low\", \"high\"}} 32-bit halves");
        }

        return (long)(((ulong)(uint)h << 32) | (uint)l);
    }

    private static SpanKindCode ReadKind(TraceInput input, ref Utf8JsonReader reader)
    {
        return reader.TokenType switch
        {
            JsonTokenType.Number => JsonValues.ParseKind(input.ReadInt64(ref reader, "kind").ToString(System.Globalization.CultureInfo.InvariantCulture)),
            JsonTokenType.String or JsonTokenType.Null => JsonValues.ParseKind(input.ReadString(ref reader, "kind")),
            _ => throw input.Error(reader, $"expected a span kind number or SPAN_KIND_* name for \"kind\", found {JsonValues.Describe(reader.TokenType)}"),
        };
    }

    private static SpanStatus ReadStatus(TraceInput input, ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return default;
        input.Expect(ref reader, JsonTokenType.StartObject, "an object for \"status\"");
        var code = SpanStatusCode.Unset;
        string? message = null;
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = input.Strings.Get(ref reader)!;
            input.Next(ref reader);
            switch (name)
            {
                case "code":
                    code = reader.TokenType switch
                    {
                        JsonTokenType.Number => input.ReadInt64(ref reader, "status.code") switch
                        {
                            1 => SpanStatusCode.Ok,
                            2 => SpanStatusCode.Error,
                            _ => SpanStatusCode.Unset,
                        },
                        JsonTokenType.String or JsonTokenType.Null => JsonValues.ParseStatusCode(input.ReadString(ref reader, "status.code")),
                        _ => throw input.Error(reader, $"expected a status code number or STATUS_CODE_* name for \"status.code\", found {JsonValues.Describe(reader.TokenType)}"),
                    };
                    break;
                case "message":
                    message = input.ReadString(ref reader, "status.message");
                    break;
                default:
                    input.SkipValue(ref reader);
                    break;
            }

            input.Next(ref reader);
        }

        return new SpanStatus(code, string.IsNullOrEmpty(message) ? null : message);
    }

    private static void ReadEvents(TraceInput input, ref Utf8JsonReader reader, List<SpanEvent> events)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        input.Expect(ref reader, JsonTokenType.StartArray, "an array for \"events\"");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            input.Expect(ref reader, JsonTokenType.StartObject, "an event object {\"timeUnixNano\", \"name\", \"attributes\"}");
            var name = "";
            DateTimeOffset? time = null;
            var attributes = new List<KeyValuePair<string, AttributeValue>>();
            input.Next(ref reader);
            while (reader.TokenType != JsonTokenType.EndObject)
            {
                var property = input.Strings.Get(ref reader)!;
                input.Next(ref reader);
                switch (property)
                {
                    case "name":
                        name = input.ReadString(ref reader, "events[].name") ?? "";
                        break;
                    case "timeUnixNano" or "time_unix_nano":
                        // Zero is protobuf's "not set".
                        var nanos = ReadNanos(input, ref reader, "events[]." + property);
                        time = nanos == 0 ? null : JsonValues.FromUnixNanos(nanos);
                        break;
                    case "attributes":
                        ReadAttributes(input, ref reader, attributes, "events[].attributes");
                        break;
                    default:
                        input.SkipValue(ref reader);
                        break;
                }

                input.Next(ref reader);
            }

            events.Add(new SpanEvent(name, time, AttributeSet.Create(attributes)));
            input.Next(ref reader);
        }
    }

    private static void ReadLinks(TraceInput input, ref Utf8JsonReader reader, List<SpanLink> links)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        input.Expect(ref reader, JsonTokenType.StartArray, "an array for \"links\"");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            input.Expect(ref reader, JsonTokenType.StartObject, "a link object {\"traceId\", \"spanId\", \"attributes\"}");
            var start = reader.TokenStartIndex;
            string traceId = "", spanId = "";
            var attributes = new List<KeyValuePair<string, AttributeValue>>();
            input.Next(ref reader);
            while (reader.TokenType != JsonTokenType.EndObject)
            {
                var property = input.Strings.Get(ref reader)!;
                input.Next(ref reader);
                switch (property)
                {
                    case "traceId" or "trace_id":
                        traceId = TraceIds.Normalize(input.ReadString(ref reader, "links[].traceId") ?? "", 16);
                        break;
                    case "spanId" or "span_id":
                        spanId = TraceIds.Normalize(input.ReadString(ref reader, "links[].spanId") ?? "", 8);
                        break;
                    case "attributes":
                        ReadAttributes(input, ref reader, attributes, "links[].attributes");
                        break;
                    default:
                        input.SkipValue(ref reader);
                        break;
                }

                input.Next(ref reader);
            }

            if (spanId.Length == 0) throw input.Error(start, "expected a link with a non-empty \"spanId\"");
            links.Add(new SpanLink(traceId, spanId, AttributeSet.Create(attributes)));
            input.Next(ref reader);
        }
    }

    /// <summary>Reads <c>[{"key": …, "value": AnyValue}, …]</c>.</summary>
    private static void ReadAttributes(TraceInput input, ref Utf8JsonReader reader, List<KeyValuePair<string, AttributeValue>> into, string property)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        if (reader.TokenType != JsonTokenType.StartArray) input.Expect(ref reader, JsonTokenType.StartArray, $"an array of {{\"key\", \"value\"}} for \"{property}\"");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            into.Add(ReadKeyValue(input, ref reader, property));
            input.Next(ref reader);
        }
    }

    private static KeyValuePair<string, AttributeValue> ReadKeyValue(TraceInput input, ref Utf8JsonReader reader, string property)
    {
        if (reader.TokenType != JsonTokenType.StartObject) input.Expect(ref reader, JsonTokenType.StartObject, $"a {{\"key\", \"value\"}} object in \"{property}\"");
        var start = reader.TokenStartIndex;
        string? key = null;
        var value = AttributeValue.Null;
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = input.Strings.Get(ref reader)!;
            input.Next(ref reader);
            switch (name)
            {
                case "key": key = reader.TokenType == JsonTokenType.String ? input.Strings.Get(ref reader) : input.ReadString(ref reader, property + "[].key"); break;
                case "value": value = ReadAnyValue(input, ref reader, key ?? property); break;
                default: input.SkipValue(ref reader); break;
            }

            input.Next(ref reader);
        }

        if (key is null) throw input.Error(start, $"expected a \"key\" in \"{property}\"");
        return new(key, value);
    }

    /// <summary>
    /// Reads an AnyValue (<c>stringValue</c>, <c>boolValue</c>, <c>intValue</c> as string or number, <c>doubleValue</c>,
    /// <c>arrayValue</c>, <c>kvlistValue</c>, <c>bytesValue</c> in base64; <c>{}</c> is an empty value).
    /// Recursion follows JSON nesting, which the reader bounds at <see cref="TraceInput.MaxDepth"/>.
    /// </summary>
    private static AttributeValue ReadAnyValue(TraceInput input, ref Utf8JsonReader reader, string key)
    {
        if (reader.TokenType == JsonTokenType.Null) return AttributeValue.Null;
        if (reader.TokenType != JsonTokenType.StartObject) input.Expect(ref reader, JsonTokenType.StartObject, $"an AnyValue object ({{\"stringValue\": …}}, {{\"intValue\": …}}, …) for \"{key}\"");
        var value = AttributeValue.Null;
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = input.Strings.Get(ref reader)!;
            input.Next(ref reader);
            if (reader.TokenType == JsonTokenType.Null)
            {
                // Serialisers that write every member of the oneof (Phoenix's otlpv1 spans) give the unused ones as null.
                input.Next(ref reader);
                continue;
            }

            switch (name)
            {
                case "stringValue" or "string_value":
                    value = reader.TokenType == JsonTokenType.Null ? AttributeValue.Null : AttributeValue.FromString(reader.TokenType == JsonTokenType.String ? input.Strings.Get(ref reader)! : input.ReadString(ref reader, key + " stringValue")!);
                    break;
                case "boolValue" or "bool_value":
                    value = reader.TokenType switch
                    {
                        JsonTokenType.True => AttributeValue.FromBool(true),
                        JsonTokenType.False => AttributeValue.FromBool(false),
                        _ => throw input.Error(reader, $"expected true or false for \"{key}\" boolValue, found {JsonValues.Describe(reader.TokenType)}"),
                    };
                    break;
                case "intValue" or "int_value":
                    value = AttributeValue.FromInt(reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number) ? number : input.ReadInt64(ref reader, key + " intValue"));
                    break;
                case "doubleValue" or "double_value":
                    value = AttributeValue.FromDouble(ReadDouble(input, ref reader, key));
                    break;
                case "bytesValue" or "bytes_value":
                    value = ReadBytes(input, ref reader, key);
                    break;
                case "arrayValue" or "array_value":
                    value = AttributeValue.FromArray(ReadValues(input, ref reader, key, "arrayValue", ReadAnyValue));
                    break;
                case "kvlistValue" or "kvlist_value":
                    value = AttributeValue.FromMap(ReadValues(input, ref reader, key, "kvlistValue", (TraceInput i, ref Utf8JsonReader r, string k) => ReadKeyValue(i, ref r, k)));
                    break;
                default:
                    throw input.Error(reader, $"expected one of stringValue, boolValue, intValue, doubleValue, arrayValue, kvlistValue, bytesValue for \"{key}\", found \"{name}\"");
            }

            input.Next(ref reader);
        }

        return value;
    }

    private delegate T ItemReader<T>(TraceInput input, ref Utf8JsonReader reader, string key);

    private static List<T> ReadValues<T>(TraceInput input, ref Utf8JsonReader reader, string key, string wrapper, ItemReader<T> item)
    {
        var items = new List<T>();
        if (reader.TokenType != JsonTokenType.StartObject) input.Expect(ref reader, JsonTokenType.StartObject, $"an object {{\"values\": [...]}} for \"{key}\" {wrapper}");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var isValues = reader.ValueTextEquals("values"u8);
            input.Next(ref reader);
            if (isValues && reader.TokenType != JsonTokenType.Null)
            {
                if (reader.TokenType != JsonTokenType.StartArray) input.Expect(ref reader, JsonTokenType.StartArray, $"an array for \"{key}\" {wrapper}.values");
                input.Next(ref reader);
                while (reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(item(input, ref reader, key));
                    input.Next(ref reader);
                }
            }
            else
            {
                input.SkipValue(ref reader);
            }

            input.Next(ref reader);
        }

        return items;
    }

    private static double ReadDouble(TraceInput input, ref Utf8JsonReader reader, string key)
    {
        // Protobuf's JSON mapping writes the special values as strings.
        if (reader.TokenType == JsonTokenType.String)
        {
            switch (input.Strings.Get(ref reader))
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }
        }

        return reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var d) ? d : input.ReadDouble(ref reader, key + " doubleValue");
    }

    private static AttributeValue ReadBytes(TraceInput input, ref Utf8JsonReader reader, string key)
    {
        var text = input.ReadString(ref reader, key + " bytesValue") ?? "";
        try
        {
            return AttributeValue.FromBytes(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            throw input.Error(reader, $"expected base64 for \"{key}\" bytesValue");
        }
    }
}
