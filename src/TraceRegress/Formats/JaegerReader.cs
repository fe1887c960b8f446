using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.Formats;

/// <summary>
/// The Jaeger UI's JSON export (the query API's shape): <c>{"data":[{"traceID", "spans":[{traceID, spanID,
/// operationName, references:[{refType, traceID, spanID}], startTime µs, duration µs, tags:[{key, type, value}],
/// logs:[{timestamp µs, fields:[…]}], processID, warnings}], "processes":{"p1":{serviceName, tags}}}]}</c>.
/// The first <c>CHILD_OF</c> reference is the parent (else, as Jaeger's UI has it, a <c>FOLLOWS_FROM</c> one to a span of
/// the same trace), other references become links. The tags the OpenTelemetry
/// exporter writes for what Jaeger lacks (<c>otel.status_code</c>, <c>error</c>, <c>span.kind</c>,
/// <c>otel.scope.name</c>) become the span's status, kind and scope; logs become events named by their
/// <c>event</c> field.
/// </summary>
internal sealed class JaegerReader : ITraceReader
{
    public TraceFormat Format => TraceFormat.Jaeger;

    public int Score(FormatProbe probe)
    {
        if (probe.Root == JsonTokenType.StartObject)
        {
            // The query API's {"data": [trace]}.
            if (probe.Has("/data/spans/spanID"))
            {
                return probe.Has("/data/spans/references") || probe.Has("/data/processes") || probe.Has("/data/spans/operationName") ? 90 : 60;
            }

            // A bare trace {"traceID", "spans", "processes"}, as the UI and its tests pass it around.
            if (probe.Has("/spans/spanID") && (probe.Has("/processes") || probe.Has("/traceID") || probe.Has("/spans/operationName"))) return 90;

            // One span on its own.
            if (probe.Has("/spanID") && probe.Has("/traceID") && probe.Has("/operationName")) return 85;
            return 0;
        }

        // An array of bare spans (or of bare traces).
        if (probe.Root == JsonTokenType.StartArray && probe.Has("/spanID") && probe.Has("/traceID") && probe.Has("/operationName")) return 85;
        if (probe.Root == JsonTokenType.StartArray && probe.Has("/spans/spanID") && probe.Has("/traceID")) return 85;
        return 0;
    }

    public void Read(TraceInput input, List<SpanData> spans, List<TraceWarning> warnings)
    {
        ReadDocument(input, spans);
        AdoptFollowsFromParents(spans);
        OpenInferenceReader.MapForeignSpans(spans);
    }

    /// <summary>
    /// A span whose only tie to its trace is a <c>FOLLOWS_FROM</c> reference (OpenTracing's asynchronous child: a
    /// queued job, a fire-and-forget call) hangs under the span it follows, as Jaeger's UI draws it, instead of
    /// becoming a second root. The reference must name a span of the same trace in the file; the span keeps
    /// <c>jaeger.parent_ref_type</c> = <c>FOLLOWS_FROM</c> to say so. Other references stay links.
    /// </summary>
    private static void AdoptFollowsFromParents(List<SpanData> spans)
    {
        HashSet<(string TraceId, string SpanId)>? ids = null;
        foreach (var span in spans)
        {
            if (span.ParentSpanId is not null || span.Links.Count == 0) continue;
            ids ??= spans.Select(s => (s.TraceId, s.SpanId)).ToHashSet();
            var index = span.Links.FindIndex(l => l.TraceId == span.TraceId && l.SpanId != span.SpanId && ids.Contains((l.TraceId, l.SpanId))
                                                  && l.Attributes.GetString("jaeger.ref_type") == "FOLLOWS_FROM");
            if (index < 0) continue;
            span.ParentSpanId = span.Links[index].SpanId;
            span.Links.RemoveAt(index);
            span.Add("jaeger.parent_ref_type", "FOLLOWS_FROM");
        }
    }

    private static void ReadDocument(TraceInput input, List<SpanData> spans)
    {
        var reader = input.CreateReader();
        input.Next(ref reader);
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            // Bare spans, or bare traces, one after another.
            input.Next(ref reader);
            while (reader.TokenType != JsonTokenType.EndArray)
            {
                input.Expect(ref reader, JsonTokenType.StartObject, "a Jaeger span or trace object");
                if (input.HasProperty(reader, "spans")) ReadTrace(input, ref reader, spans);
                else ReadBareSpan(input, ref reader, spans);
                input.Next(ref reader);
            }

            input.ExpectEnd(ref reader);
            return;
        }

        input.Expect(ref reader, JsonTokenType.StartObject, "a Jaeger export {\"data\": [...]}, a trace {\"traceID\", \"spans\", \"processes\"} or an array of spans");
        if (input.HasProperty(reader, "spans"))
        {
            ReadTrace(input, ref reader, spans);
            input.ExpectEnd(ref reader);
            return;
        }

        if (!input.HasProperty(reader, "data"))
        {
            ReadBareSpan(input, ref reader, spans);
            input.ExpectEnd(ref reader);
            return;
        }

        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var isData = reader.ValueTextEquals("data"u8);
            input.Next(ref reader);
            if (isData)
            {
                input.Expect(ref reader, JsonTokenType.StartArray, "an array of traces for \"data\"");
                input.Next(ref reader);
                while (reader.TokenType != JsonTokenType.EndArray)
                {
                    ReadTrace(input, ref reader, spans);
                    input.Next(ref reader);
                }
            }
            else
            {
                // total, limit, offset, errors: paging of the query API.
                input.SkipValue(ref reader);
            }

            input.Next(ref reader);
        }

        input.ExpectEnd(ref reader);
    }

    /// <summary>A span outside a trace object: its process, if any, is inline (<c>"process": {serviceName, tags}</c>).</summary>
    private static void ReadBareSpan(TraceInput input, ref Utf8JsonReader reader, List<SpanData> spans)
    {
        var span = ReadSpan(input, ref reader, out var processId, out var inlineProcess);
        // A process id without the trace's process table names nothing that can be resolved: the span keeps no resource.
        if (inlineProcess is not null) span.Resource = inlineProcess;
        spans.Add(span);
    }

    private static void ReadTrace(TraceInput input, ref Utf8JsonReader reader, List<SpanData> spans)
    {
        input.Expect(ref reader, JsonTokenType.StartObject, "a trace object {\"traceID\", \"spans\", \"processes\"}");
        // processes usually follow the spans: each span's process is resolved once the trace is read.
        var pending = new List<(SpanData Span, string? ProcessId, long Offset)>();
        var processes = new Dictionary<string, TraceResource>(StringComparer.Ordinal);
        var traceId = "";
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            input.Next(ref reader);
            switch (name)
            {
                case "traceID": traceId = TraceIds.Pad(input.ReadId(ref reader, name) ?? "", TraceIds.TraceIdHexLength); break;
                case "spans":
                    input.Expect(ref reader, JsonTokenType.StartArray, "an array for \"spans\"");
                    input.Next(ref reader);
                    while (reader.TokenType != JsonTokenType.EndArray)
                    {
                        var offset = reader.TokenStartIndex;
                        var span = ReadSpan(input, ref reader, out var processId, out var inlineProcess, traceIdOptional: true);
                        if (inlineProcess is not null) span.Resource = inlineProcess;
                        pending.Add((span, inlineProcess is null ? processId : null, offset));
                        input.Next(ref reader);
                    }

                    break;
                case "processes":
                    if (reader.TokenType == JsonTokenType.Null) break;
                    input.Expect(ref reader, JsonTokenType.StartObject, "an object of processes for \"processes\"");
                    input.Next(ref reader);
                    while (reader.TokenType != JsonTokenType.EndObject)
                    {
                        var id = reader.GetString()!;
                        input.Next(ref reader);
                        processes[id] = ReadProcess(input, ref reader, "processes." + id);
                        input.Next(ref reader);
                    }

                    break;
                default:
                    input.SkipValue(ref reader);
                    break;
            }

            input.Next(ref reader);
        }

        foreach (var (span, processId, offset) in pending)
        {
            // A span may leave its trace id to the trace that holds it.
            if (span.TraceId.Length == 0) span.TraceId = traceId.Length > 0 ? traceId : throw input.Error(offset, $"expected \"traceID\" on span '{span.SpanId}'");
            if (processId is null) continue;
            if (!processes.TryGetValue(processId, out var resource))
            {
                throw input.Error(offset, $"span '{span.SpanId}' names process \"{processId}\", which is not in the trace's \"processes\"");
            }

            span.Resource = resource;
        }

        spans.AddRange(pending.Select(p => p.Span));
    }

    private static TraceResource ReadProcess(TraceInput input, ref Utf8JsonReader reader, string property)
    {
        input.Expect(ref reader, JsonTokenType.StartObject, $"a process object {{\"serviceName\", \"tags\"}} for \"{property}\"");
        var attributes = new List<KeyValuePair<string, AttributeValue>>();
        string? service = null;
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            input.Next(ref reader);
            switch (name)
            {
                case "serviceName": service = input.ReadString(ref reader, property + ".serviceName"); break;
                case "tags": ReadTags(input, ref reader, attributes, property + ".tags"); break;
                case "tag": ReadTagMap(input, ref reader, attributes, property + ".tag"); break;
                default: input.SkipValue(ref reader); break;
            }

            input.Next(ref reader);
        }

        if (!string.IsNullOrEmpty(service) && !attributes.Any(a => a.Key == "service.name")) attributes.Insert(0, new("service.name", service));
        return new TraceResource(AttributeSet.Create(attributes));
    }

    private static SpanData ReadSpan(TraceInput input, ref Utf8JsonReader reader, out string? processId, out TraceResource? inlineProcess, bool traceIdOptional = false)
    {
        input.Expect(ref reader, JsonTokenType.StartObject, "a span object");
        var span = new SpanData { SourceLine = input.LineAt(reader.TokenStartIndex) };
        var objectStart = reader.TokenStartIndex;
        processId = null;
        inlineProcess = null;
        string? parentSpanId = null;
        var tags = new List<KeyValuePair<string, AttributeValue>>();
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            input.Next(ref reader);
            switch (name)
            {
                case "traceID": span.TraceId = TraceIds.Pad(input.ReadId(ref reader, name) ?? "", TraceIds.TraceIdHexLength); break;
                case "spanID": span.SpanId = TraceIds.Pad(input.ReadId(ref reader, name) ?? "", TraceIds.SpanIdHexLength); break;
                case "parentSpanID":
                    var parent = input.ReadId(ref reader, name);
                    parentSpanId = string.IsNullOrEmpty(parent) ? null : TraceIds.Pad(parent, TraceIds.SpanIdHexLength);
                    break;
                case "operationName": span.Name = input.ReadString(ref reader, name) ?? ""; break;
                case "references": ReadReferences(input, ref reader, span); break;
                case "startTime": span.StartTimeUnixNano = Micros(input, ref reader, name); break;
                case "duration": span.DurationNanos = Micros(input, ref reader, name); break;
                case "tags": ReadTags(input, ref reader, tags, "tags"); break;
                case "tag": ReadTagMap(input, ref reader, tags, "tag"); break;
                case "logs": ReadLogs(input, ref reader, span.Events); break;
                case "processID": processId = input.ReadString(ref reader, name); break;
                case "process": inlineProcess = ReadProcess(input, ref reader, "process"); break;
                case "warnings":
                    if (reader.TokenType == JsonTokenType.StartArray && ReadStrings(input, ref reader, name) is { Count: > 0 } list)
                    {
                        tags.Add(new("jaeger.warnings", AttributeValue.FromArray(list.Select(AttributeValue.FromString))));
                    }
                    else
                    {
                        input.SkipValue(ref reader);
                    }

                    break;
                default:
                    // flags, logs' dropped counts: not part of the model.
                    input.SkipValue(ref reader);
                    break;
            }

            input.Next(ref reader);
        }

        if (span.SpanId.Length == 0) throw input.Error(objectStart, "expected a span with a non-empty \"spanID\"");
        if (span.TraceId.Length == 0 && !traceIdOptional) throw input.Error(objectStart, $"expected \"traceID\" on span '{span.SpanId}'");
        span.ParentSpanId ??= parentSpanId;
        ApplyTags(span, tags);
        return span;
    }

    private static long Micros(TraceInput input, ref Utf8JsonReader reader, string property)
    {
        var micros = input.ReadInt64(ref reader, property);
        if (micros < 0 || micros > long.MaxValue / 1000) throw input.Error(reader, $"expected microseconds for \"{property}\", found {micros}");
        return micros * 1000;
    }

    private static void ReadReferences(TraceInput input, ref Utf8JsonReader reader, SpanData span)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        input.Expect(ref reader, JsonTokenType.StartArray, "an array for \"references\"");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            input.Expect(ref reader, JsonTokenType.StartObject, "a reference object {\"refType\", \"traceID\", \"spanID\"}");
            var start = reader.TokenStartIndex;
            string? type = null, traceId = null, spanId = null;
            input.Next(ref reader);
            while (reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString()!;
                input.Next(ref reader);
                switch (name)
                {
                    case "refType": type = input.ReadString(ref reader, "references[].refType"); break;
                    case "traceID": traceId = input.ReadId(ref reader, "references[].traceID"); break;
                    case "spanID": spanId = input.ReadId(ref reader, "references[].spanID"); break;
                    default: input.SkipValue(ref reader); break;
                }

                input.Next(ref reader);
            }

            if (string.IsNullOrEmpty(spanId)) throw input.Error(start, "expected a reference with a non-empty \"spanID\"");
            spanId = TraceIds.Pad(spanId, TraceIds.SpanIdHexLength);
            traceId = TraceIds.Pad(traceId ?? "", TraceIds.TraceIdHexLength);
            if (span.ParentSpanId is null && string.Equals(type, "CHILD_OF", StringComparison.OrdinalIgnoreCase))
            {
                span.ParentSpanId = spanId;
            }
            else
            {
                span.Links.Add(new SpanLink(traceId, spanId, AttributeSet.Create([new("jaeger.ref_type", (type ?? "").ToUpperInvariant())])));
            }

            input.Next(ref reader);
        }
    }

    private static List<string> ReadStrings(TraceInput input, ref Utf8JsonReader reader, string property)
    {
        var list = new List<string>();
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            if (input.ReadString(ref reader, property + "[]") is { } text) list.Add(text);
            input.Next(ref reader);
        }

        return list;
    }

    /// <summary>Reads <c>[{"key", "type", "value"}]</c>; the type says how to read the value (int64, float64, bool, binary, string).</summary>
    private static void ReadTags(TraceInput input, ref Utf8JsonReader reader, List<KeyValuePair<string, AttributeValue>> into, string property)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        input.Expect(ref reader, JsonTokenType.StartArray, $"an array of {{\"key\", \"type\", \"value\"}} for \"{property}\"");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            input.Expect(ref reader, JsonTokenType.StartObject, $"a tag object {{\"key\", \"type\", \"value\"}} in \"{property}\"");
            var start = reader.TokenStartIndex;
            string? key = null, type = null;
            AttributeValue? value = null;
            long valueOffset = start;
            input.Next(ref reader);
            while (reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString()!;
                input.Next(ref reader);
                switch (name)
                {
                    case "key": key = input.ReadString(ref reader, property + "[].key"); break;
                    case "type": type = input.ReadString(ref reader, property + "[].type"); break;
                    case "value":
                        valueOffset = reader.TokenStartIndex;
                        value = input.ReadPlainValue(ref reader);
                        break;
                    default: input.SkipValue(ref reader); break;
                }

                input.Next(ref reader);
            }

            if (string.IsNullOrEmpty(key)) throw input.Error(start, $"expected a non-empty \"key\" in \"{property}\"");
            into.Add(new(key, Typed(input, valueOffset, key, type, value ?? AttributeValue.Null)));
            input.Next(ref reader);
        }
    }

    /// <summary>
    /// Jaeger's Elasticsearch documents keep tags as a map too (<c>"tag": {"http@status_code": 200}</c>), with the dots
    /// of a key stored as <c>@</c>.
    /// </summary>
    private static void ReadTagMap(TraceInput input, ref Utf8JsonReader reader, List<KeyValuePair<string, AttributeValue>> into, string property)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        var map = new List<KeyValuePair<string, AttributeValue>>();
        input.ReadPlainObject(ref reader, map, property);
        foreach (var (key, value) in map)
        {
            var name = key.Replace('@', '.');
            if (!into.Any(t => t.Key == name)) into.Add(new(name, value));
        }
    }

    private static AttributeValue Typed(TraceInput input, long offset, string key, string? type, AttributeValue value)
    {
        switch (type?.ToLowerInvariant())
        {
            case "int64":
                if (value.TryGetInt64(out var i)) return AttributeValue.FromInt(i);
                break;
            case "float64":
                if (value.TryGetDouble(out var d)) return AttributeValue.FromDouble(d);
                break;
            case "bool":
                if (value.AsBool is { } b) return AttributeValue.FromBool(b);
                if (value.AsString is "true" or "false") return AttributeValue.FromBool(value.AsString == "true");
                break;
            case "binary":
                if (value.AsString is { } base64)
                {
                    try
                    {
                        return AttributeValue.FromBytes(Convert.FromBase64String(base64));
                    }
                    catch (FormatException)
                    {
                        break;
                    }
                }

                break;
            default:
                // "string", or no type: the value as given.
                return value;
        }

        throw input.Error(offset, $"expected a {type} value for tag \"{key}\", found {value.ToJson()}");
    }

    private static void ReadLogs(TraceInput input, ref Utf8JsonReader reader, List<SpanEvent> events)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        input.Expect(ref reader, JsonTokenType.StartArray, "an array for \"logs\"");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            input.Expect(ref reader, JsonTokenType.StartObject, "a log object {\"timestamp\", \"fields\"}");
            DateTimeOffset? time = null;
            var fields = new List<KeyValuePair<string, AttributeValue>>();
            input.Next(ref reader);
            while (reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString()!;
                input.Next(ref reader);
                switch (name)
                {
                    case "timestamp": time = JsonValues.FromUnixNanos(Micros(input, ref reader, "logs[].timestamp")); break;
                    case "fields": ReadTags(input, ref reader, fields, "logs[].fields"); break;
                    default: input.SkipValue(ref reader); break;
                }

                input.Next(ref reader);
            }

            // OpenTelemetry's exporter names the event in the "event" field; plain Jaeger clients log free-form fields.
            var eventField = fields.FindIndex(f => f.Key == "event");
            var eventName = "log";
            if (eventField >= 0)
            {
                eventName = fields[eventField].Value.ToString();
                fields.RemoveAt(eventField);
            }

            if (eventName == "error") AddExceptionFields(fields, ref eventName);
            events.Add(new SpanEvent(eventName, time, AttributeSet.Create(fields)));
            input.Next(ref reader);
        }
    }

    /// <summary>
    /// OpenTracing logs an error as <c>event=error</c> with <c>error.kind</c>, <c>error.object</c>, <c>message</c> and
    /// <c>stack</c>: that is an exception, and it becomes one (the original fields stay beside the exception's).
    /// </summary>
    private static void AddExceptionFields(List<KeyValuePair<string, AttributeValue>> fields, ref string eventName)
    {
        string? Field(string key) => fields.FirstOrDefault(f => f.Key == key).Value?.ToString() is { Length: > 0 } text ? text : null;
        var type = Field("error.kind");
        var message = Field("message") ?? Field("error.object");
        var stack = Field("stack");
        if (type is null && message is null) return;
        eventName = "exception";
        if (type is not null && !fields.Any(f => f.Key == "exception.type")) fields.Add(new("exception.type", type));
        if (message is not null && !fields.Any(f => f.Key == "exception.message")) fields.Add(new("exception.message", message));
        if (stack is not null && !fields.Any(f => f.Key == "exception.stacktrace")) fields.Add(new("exception.stacktrace", stack));
    }

    /// <summary>Turns the tags that carry OpenTelemetry fields into status, kind and scope; keeps every other tag as an attribute.</summary>
    private static void ApplyTags(SpanData span, List<KeyValuePair<string, AttributeValue>> tags)
    {
        string? statusCode = null, statusMessage = null;
        var errorFlag = false;
        foreach (var (key, value) in tags)
        {
            switch (key)
            {
                case "otel.status_code": statusCode = value.ToString(); break;
                case "otel.status_description": statusMessage = value.ToString(); break;
                case "error" when value.AsBool is not null || value.AsString is "true" or "false" or "":
                    // An empty error tag (what Zipkin instrumentation writes for a failure without a description) marks the span failed too.
                    errorFlag = value.AsBool ?? value.AsString != "false";
                    break;
                case "span.kind": span.Kind = JsonValues.ParseKind(value.ToString()); break;
                case "otel.scope.name" or "otel.library.name": span.ScopeName = value.ToString(); break;
                case "otel.scope.version" or "otel.library.version": break;
                default: span.Add(key, value); break;
            }
        }

        var code = JsonValues.ParseStatusCode(statusCode);
        if (code == SpanStatusCode.Unset && errorFlag) code = SpanStatusCode.Error;
        span.Status = new SpanStatus(code, string.IsNullOrEmpty(statusMessage) ? null : statusMessage);
    }
}
