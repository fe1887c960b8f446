using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.Formats;

/// <summary>
/// Zipkin v2 JSON: an array of spans <c>{traceId, id, parentId, name, kind, timestamp µs, duration µs,
/// localEndpoint{serviceName}, remoteEndpoint, tags{}, annotations[{timestamp, value}]}</c>, or the
/// <c>/api/v2/traces</c> answer, an array of such arrays, or one span object. A client and a server span that share
/// one id (v1-style instrumentation, <c>shared: true</c>) become a pair, the server the client's child. The local service becomes the resource; the tags the
/// OpenTelemetry exporter writes for what Zipkin lacks (<c>otel.status_code</c>, <c>error</c>,
/// <c>otel.scope.name</c>) become the span's status and scope; annotations become events, with the
/// exporter's <c>"name": {attributes}</c> value split back apart.
/// </summary>
internal sealed class ZipkinReader : ITraceReader
{
    public TraceFormat Format => TraceFormat.Zipkin;

    public int Score(FormatProbe probe)
    {
        if (!probe.Has("/traceId") || !probe.Has("/id")) return 0;
        var zipkinOnly = probe.Has("/localEndpoint") || probe.Has("/remoteEndpoint") || probe.Has("/annotations");
        if (probe.Root == JsonTokenType.StartArray) return zipkinOnly || probe.Has("/timestamp") ? 70 : 40;
        // One span on its own, as the UI's span detail and most Zipkin tests write it.
        return probe.Root == JsonTokenType.StartObject && zipkinOnly ? 70 : 0;
    }

    public void Read(TraceInput input, List<SpanData> spans, List<TraceWarning> warnings)
    {
        var reader = input.CreateReader();
        var shared = new HashSet<SpanData>(ReferenceEqualityComparer.Instance);
        input.Next(ref reader);
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            spans.Add(ReadSpan(input, ref reader, shared));
            input.ExpectEnd(ref reader);
            return;
        }

        input.Expect(ref reader, JsonTokenType.StartArray, "a Zipkin v2 array of spans or one span object");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                // /api/v2/traces: one array per trace.
                input.Next(ref reader);
                while (reader.TokenType != JsonTokenType.EndArray)
                {
                    spans.Add(ReadSpan(input, ref reader, shared));
                    input.Next(ref reader);
                }
            }
            else
            {
                spans.Add(ReadSpan(input, ref reader, shared));
            }

            input.Next(ref reader);
        }

        input.ExpectEnd(ref reader);
        JoinNarrowTraceIds(spans);
        PairSharedSpans(spans, shared);
    }

    /// <summary>
    /// A service that propagates 64-bit trace ids reports the low half of the 128-bit id the others of its trace report
    /// (Brave's <c>traceId128Bit</c> rolled out one service at a time); Zipkin's default, non-strict trace id matching
    /// treats them as one trace. A 64-bit id whose low half matches exactly one 128-bit id of the file joins that trace.
    /// </summary>
    private static void JoinNarrowTraceIds(List<SpanData> spans)
    {
        const string zeroHigh = "0000000000000000";
        var wide = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var span in spans)
        {
            if (span.TraceId.Length != TraceIds.TraceIdHexLength || span.TraceId.StartsWith(zeroHigh, StringComparison.Ordinal)) continue;
            var low = span.TraceId[16..];
            // Two 128-bit traces with the same low half: a 64-bit id cannot say which it belongs to.
            wide[low] = wide.TryGetValue(low, out var known) && known != span.TraceId ? null : span.TraceId;
        }

        if (wide.Count == 0) return;
        foreach (var span in spans)
        {
            var low = span.TraceId.Length == TraceIds.SpanIdHexLength ? span.TraceId
                : span.TraceId.Length == TraceIds.TraceIdHexLength && span.TraceId.StartsWith(zeroHigh, StringComparison.Ordinal) ? span.TraceId[16..]
                : null;
            if (low is not null && wide.TryGetValue(low, out var full) && full is not null) span.TraceId = full;
        }
    }

    /// <summary>Suffix of the id given to the client half of a client/server pair that shares one span id.</summary>
    public const string ClientHalfSuffix = "-client";

    /// <summary>
    /// In Zipkin's v1-style (B3 "shared span") instrumentation the client and the server of one RPC report the same
    /// span id: the client with <c>kind: CLIENT</c>, the server with <c>kind: SERVER</c> (and <c>shared: true</c>). That is
    /// two spans, not a duplicate: the server runs inside the client's call. The server keeps the id (the spans it
    /// started name it as their parent) and becomes the client's child; the client's id gets
    /// <see cref="ClientHalfSuffix"/>. Any other repeated id is left alone for the tree to report.
    /// </summary>
    private static void PairSharedSpans(List<SpanData> spans, HashSet<SpanData> shared)
    {
        var byId = new Dictionary<(string, string), List<SpanData>>();
        foreach (var span in spans)
        {
            if (!byId.TryGetValue((span.TraceId, span.SpanId), out var list)) byId[(span.TraceId, span.SpanId)] = list = [];
            list.Add(span);
        }

        foreach (var group in byId.Values)
        {
            if (group.Count != 2) continue;
            var server = group.FirstOrDefault(s => s.Kind == SpanKindCode.Server || shared.Contains(s));
            var client = group.FirstOrDefault(s => !ReferenceEquals(s, server) && s.Kind != SpanKindCode.Server && !shared.Contains(s));
            if (server is null || client is null) continue;
            client.SpanId += ClientHalfSuffix;
            client.ParentSpanId ??= server.ParentSpanId;
            server.ParentSpanId = client.SpanId;
        }
    }

    private static SpanData ReadSpan(TraceInput input, ref Utf8JsonReader reader, HashSet<SpanData> shared)
    {
        input.Expect(ref reader, JsonTokenType.StartObject, "a Zipkin span object {\"traceId\", \"id\", \"name\", …}");
        var span = new SpanData { SourceLine = input.LineAt(reader.TokenStartIndex) };
        var objectStart = reader.TokenStartIndex;
        var tags = new List<KeyValuePair<string, AttributeValue>>();
        var peer = new List<KeyValuePair<string, AttributeValue>>();
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            input.Next(ref reader);
            switch (name)
            {
                case "traceId": span.TraceId = TraceIds.Pad(input.ReadId(ref reader, name) ?? "", TraceIds.TraceIdHexLength); break;
                case "id": span.SpanId = TraceIds.Pad(input.ReadId(ref reader, name) ?? "", TraceIds.SpanIdHexLength); break;
                case "parentId":
                    var parent = input.ReadId(ref reader, name);
                    span.ParentSpanId = string.IsNullOrEmpty(parent) ? null : TraceIds.Pad(parent, TraceIds.SpanIdHexLength);
                    break;
                case "name": span.Name = input.ReadString(ref reader, name) ?? ""; break;
                case "kind": span.Kind = JsonValues.ParseKind(input.ReadString(ref reader, name)); break;
                case "timestamp": span.StartTimeUnixNano = Micros(input, ref reader, name); break;
                case "duration": span.DurationNanos = Micros(input, ref reader, name); break;
                case "localEndpoint":
                    var local = ReadEndpoint(input, ref reader, name);
                    if (local.Count > 0) span.Resource = new TraceResource(AttributeSet.Create(local));
                    break;
                case "remoteEndpoint":
                    foreach (var (key, value) in ReadEndpoint(input, ref reader, name))
                    {
                        peer.Add(new(key == "service.name" ? "peer.service" : key, value));
                    }

                    break;
                case "tags": ReadTags(input, ref reader, tags); break;
                case "annotations": ReadAnnotations(input, ref reader, span.Events); break;
                case "shared":
                    if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null))
                    {
                        throw input.Error(reader, $"expected a boolean for \"shared\", found {JsonValues.Describe(reader.TokenType)}");
                    }

                    if (reader.TokenType == JsonTokenType.True) shared.Add(span);
                    break;
                default:
                    // debug: sampling bookkeeping, not part of the model.
                    input.SkipValue(ref reader);
                    break;
            }

            input.Next(ref reader);
        }

        if (span.SpanId.Length == 0) throw input.Error(objectStart, "expected a span with a non-empty \"id\"");
        if (span.TraceId.Length == 0) throw input.Error(objectStart, $"expected \"traceId\" on span '{span.SpanId}'");
        ApplyTags(span, tags);
        foreach (var entry in peer)
        {
            span.AddIfAbsent(entry.Key, entry.Value);
        }

        return span;
    }

    private static long Micros(TraceInput input, ref Utf8JsonReader reader, string property)
    {
        var micros = input.ReadInt64(ref reader, property);
        if (micros < 0 || micros > long.MaxValue / 1000) throw input.Error(reader, $"expected microseconds for \"{property}\", found {micros}");
        return micros * 1000;
    }

    /// <summary>An endpoint as OpenTelemetry attributes: <c>service.name</c>, <c>network.peer.address</c>, <c>network.peer.port</c>.</summary>
    private static List<KeyValuePair<string, AttributeValue>> ReadEndpoint(TraceInput input, ref Utf8JsonReader reader, string property)
    {
        var attributes = new List<KeyValuePair<string, AttributeValue>>();
        if (reader.TokenType == JsonTokenType.Null) return attributes;
        input.Expect(ref reader, JsonTokenType.StartObject, $"an endpoint object {{\"serviceName\", \"ipv4\", \"port\"}} for \"{property}\"");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            input.Next(ref reader);
            switch (name)
            {
                case "serviceName":
                    if (input.ReadString(ref reader, property + ".serviceName") is { Length: > 0 } service) attributes.Add(new("service.name", service));
                    break;
                case "ipv4" or "ipv6":
                    if (input.ReadString(ref reader, property + "." + name) is { Length: > 0 } address) attributes.Add(new("network.peer.address", address));
                    break;
                case "port":
                    attributes.Add(new("network.peer.port", input.ReadInt64(ref reader, property + ".port")));
                    break;
                default:
                    input.SkipValue(ref reader);
                    break;
            }

            input.Next(ref reader);
        }

        return attributes;
    }

    /// <summary>Zipkin tags are a string map; numbers and booleans some clients write are kept as they are.</summary>
    private static void ReadTags(TraceInput input, ref Utf8JsonReader reader, List<KeyValuePair<string, AttributeValue>> into)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        input.Expect(ref reader, JsonTokenType.StartObject, "an object of string tags for \"tags\"");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            input.Next(ref reader);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                throw input.Error(reader, $"expected a string value for tag \"{key}\", found {JsonValues.Describe(reader.TokenType)}");
            }

            into.Add(new(key, input.ReadPlainValue(ref reader)));
            input.Next(ref reader);
        }
    }

    private static void ReadAnnotations(TraceInput input, ref Utf8JsonReader reader, List<SpanEvent> events)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        input.Expect(ref reader, JsonTokenType.StartArray, "an array for \"annotations\"");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            input.Expect(ref reader, JsonTokenType.StartObject, "an annotation object {\"timestamp\", \"value\"}");
            DateTimeOffset? time = null;
            var value = "";
            input.Next(ref reader);
            while (reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString()!;
                input.Next(ref reader);
                switch (name)
                {
                    case "timestamp": time = JsonValues.FromUnixNanos(Micros(input, ref reader, "annotations[].timestamp")); break;
                    case "value": value = input.ReadString(ref reader, "annotations[].value") ?? ""; break;
                    default: input.SkipValue(ref reader); break;
                }

                input.Next(ref reader);
            }

            events.Add(ToEvent(value, time));
            input.Next(ref reader);
        }
    }

    /// <summary>
    /// OpenTelemetry's Zipkin exporters write an event with attributes as <c>"name":{"key":value,…}</c> (Java, .NET)
    /// or as one JSON object <c>{"name":{"key":value,…}}</c> (Python); the name and the attributes are split back
    /// apart. Any other value is the event's name.
    /// </summary>
    private static SpanEvent ToEvent(string value, DateTimeOffset? time)
    {
        if (value.StartsWith('{') && ExportJson.TryParse(value, out var wrapped) && wrapped.Kind == AttributeValueKind.Map
            && wrapped.Entries.Count == 1 && wrapped.Entries[0].Value.Kind == AttributeValueKind.Map)
        {
            return new SpanEvent(wrapped.Entries[0].Key, time, AttributeSet.Create(wrapped.Entries[0].Value.Entries));
        }

        if (value.StartsWith('"'))
        {
            var close = value.IndexOf("\":", 1, StringComparison.Ordinal);
            if (close > 0 && ExportJson.TryParse(value[(close + 2)..], out var attributes) && attributes.Kind == AttributeValueKind.Map)
            {
                return new SpanEvent(value[1..close], time, AttributeSet.Create(attributes.Entries));
            }
        }

        return new SpanEvent(value, time, AttributeSet.Empty);
    }

    private static void ApplyTags(SpanData span, List<KeyValuePair<string, AttributeValue>> tags)
    {
        string? statusCode = null, statusMessage = null, errorText = null;
        foreach (var (key, value) in tags)
        {
            switch (key)
            {
                case "otel.status_code": statusCode = value.ToString(); break;
                case "otel.status_description": statusMessage = value.ToString(); break;
                // Zipkin marks a failed span with an "error" tag whose value is the message (often empty).
                case "error": errorText = value.ToString(); break;
                case "otel.scope.name" or "otel.library.name": span.ScopeName = value.ToString(); break;
                case "otel.scope.version" or "otel.library.version": break;
                default: span.Add(key, value); break;
            }
        }

        // The error tag's presence marks the span failed; its value is the description, and an empty value means the
        // instrumentation gave none. The span is then ERROR with no message: like a bare ERROR status anywhere else, it
        // is a symptom the chain can end at, not evidence of its own (the engine cites payloads, not status flags).
        var code = JsonValues.ParseStatusCode(statusCode);
        if (code == SpanStatusCode.Unset && errorText is not null && !string.Equals(errorText, "false", StringComparison.OrdinalIgnoreCase)) code = SpanStatusCode.Error;
        var message = !string.IsNullOrEmpty(statusMessage) ? statusMessage
            : code == SpanStatusCode.Error && !string.IsNullOrEmpty(errorText) && !string.Equals(errorText, "true", StringComparison.OrdinalIgnoreCase) ? errorText
            : null;
        span.Status = new SpanStatus(code, message);
    }
}
