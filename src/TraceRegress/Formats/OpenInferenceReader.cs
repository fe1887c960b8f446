using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.Formats;

/// <summary>
/// OpenInference / Arize Phoenix span JSON: <c>{name, context:{trace_id, span_id}, parent_id, span_kind,
/// start_time, end_time, status_code, status_message, attributes, events, child_spans}</c>; one span, an array,
/// <c>{"spans":[…]}</c>, <c>{"data":[…]}</c> (the REST API's page) or JSON Lines of spans. Phoenix's spans dataframe
/// written as records is read too: one top-level key per attribute (<c>attributes.llm.input_messages</c>), nulls for the
/// attributes a span lacks. Spans nested in <c>child_spans</c> take the enclosing span as
/// parent. Attributes, flattened (<c>llm.input_messages.0.message.role</c>) or nested (<c>{"llm":{…}}</c>), are
/// kept as dotted keys, and the gen-ai semconv attributes are added beside them. Spans of OpenInference JS are read
/// as the JS SDK's ReadableSpan serialises them: <c>_spanContext</c>/<c>spanContext</c> <c>{traceId, spanId}</c>,
/// <c>parentSpanId</c> or <c>parentSpanContext</c>, times as <c>[seconds, nanoseconds]</c>, numeric kind and status code,
/// <c>events[].time</c>, <c>resource._attributes</c>/<c>_rawAttributes</c>, the SDK's private fields skipped. OpenTelemetry
/// Python's ConsoleSpanExporter output (spans one after another, ids as <c>0x</c>-prefixed hex) is read too.
/// </summary>
internal sealed partial class OpenInferenceReader : ITraceReader
{
    public TraceFormat Format => TraceFormat.OpenInference;

    public int Score(FormatProbe probe)
    {
        var score = 0;
        foreach (var prefix in (string[])["", "/spans", "/data"])
        {
            if (probe.Has(prefix + "/context/span_id") || probe.Has(prefix + "/context.span_id"))
            {
                // OpenTelemetry's Python console exporter writes context.span_id too; the span kind,
                // OpenInference's attribute or nested child spans make it Phoenix's shape.
                var own = probe.Has(prefix + "/span_kind") || probe.Has(prefix + "/child_spans")
                          || probe.Has(prefix + "/attributes/openinference.span.kind") || probe.Has(prefix + "/attributes/openinference/span/kind")
                          || probe.Has(prefix + "/attributes.openinference.span.kind");
                score = Math.Max(score, own ? 80 : 45);
            }

            // The JS SDK's ReadableSpan as JSON.stringify writes it: _spanContext (or spanContext) with camel-case ids.
            if (probe.Has(prefix + "/_spanContext/spanId") || probe.Has(prefix + "/spanContext/spanId"))
            {
                var own = probe.Has(prefix + "/attributes/openinference.span.kind");
                score = Math.Max(score, own ? 80 : 60);
            }
        }

        // Phoenix's spans dataframe written by pandas' to_json() in its default "columns" orient, or with orient="index".
        if (PandasSpanFrame.Detect(probe) != PandasSpanFrame.Orient.None) score = Math.Max(score, 80);
        return score;
    }

    public void Read(TraceInput input, List<SpanData> spans, List<TraceWarning> warnings)
    {
        if (ExportJson.IsJsonLines(input.Utf8.Span))
        {
            // One span per line: the spans dataframe written with to_json(orient="records", lines=True), or a span exporter's file.
            input.ReadLines(spans, "a span object", (TraceInput line, ref Utf8JsonReader r) => ReadSpan(line, ref r, spans, null));
            InheritTraceIds(spans);
            GenAiSemconv.LinkToolCalls(spans);
            return;
        }

        if (PandasSpanFrame.ToRecords(input) is { } records)
        {
            var recordReader = records.CreateReader();
            records.Next(ref recordReader);
            ReadSpanArray(records, ref recordReader, spans, null);
            InheritTraceIds(spans);
            GenAiSemconv.LinkToolCalls(spans);
            return;
        }

        // OpenTelemetry Python's ConsoleSpanExporter writes one pretty-printed span after another, with no array around
        // them: each top-level value is read in turn.
        var reader = input.CreateReader(multipleValues: true);
        input.Next(ref reader);
        ReadValue(input, ref reader, spans);
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

            ReadValue(input, ref reader, spans);
        }

        InheritTraceIds(spans);
        GenAiSemconv.LinkToolCalls(spans);
    }

    private static void ReadValue(TraceInput input, ref Utf8JsonReader reader, List<SpanData> spans)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            ReadSpanArray(input, ref reader, spans, null);
        }
        else
        {
            input.Expect(ref reader, JsonTokenType.StartObject, "a span object, an array of spans, {\"spans\": [...]} or {\"data\": [...]}");
            if (input.HasProperty(reader, "spans", "data"))
            {
                input.Next(ref reader);
                while (reader.TokenType != JsonTokenType.EndObject)
                {
                    var isSpans = reader.ValueTextEquals("spans"u8) || reader.ValueTextEquals("data"u8);
                    input.Next(ref reader);
                    if (isSpans)
                    {
                        input.Expect(ref reader, JsonTokenType.StartArray, "an array of spans");
                        ReadSpanArray(input, ref reader, spans, null);
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
                ReadSpan(input, ref reader, spans, null);
            }
        }
    }

    /// <summary>
    /// Nested spans may leave out their trace id. Spans are listed parent first, so one pass hands each
    /// the id of its enclosing span.
    /// </summary>
    private static void InheritTraceIds(List<SpanData> spans)
    {
        var traceOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var span in spans)
        {
            if (span.TraceId.Length == 0 && span.ParentSpanId is { } parent && traceOf.TryGetValue(parent, out var traceId)) span.TraceId = traceId;
            traceOf.TryAdd(span.SpanId, span.TraceId);
        }
    }

    private static void ReadSpanArray(TraceInput input, ref Utf8JsonReader reader, List<SpanData> spans, List<NestedSpan>? children)
    {
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            input.Expect(ref reader, JsonTokenType.StartObject, "a span object");
            var nested = ReadSpan(input, ref reader, spans, children is null ? null : "child_spans");
            children?.Add(nested);
            input.Next(ref reader);
        }
    }

    private readonly record struct NestedSpan(SpanData Span, string? DeclaredParent, long DeclaredParentOffset);

    /// <summary>
    /// Reads one span and, recursively, its <c>child_spans</c>. Recursion follows JSON nesting, which the
    /// reader bounds at <see cref="TraceInput.MaxDepth"/>, so a hostile file fails with a positioned error.
    /// </summary>
    private static NestedSpan ReadSpan(TraceInput input, ref Utf8JsonReader reader, List<SpanData> spans, string? nestedIn)
    {
        var span = new SpanData { SourceLine = input.LineAt(reader.TokenStartIndex) };
        spans.Add(span);
        var objectStart = reader.TokenStartIndex;
        long? endNanos = null, jsDuration = null;
        long parentOffset = -1;
        var hasStart = false;
        string? spanKind = null, statusCode = null, statusMessage = null;
        // Phoenix's spans dataframe written by pandas' to_json has one key per column ("context.span_id") and, unless
        // date_format="iso" is asked for, its times as epoch milliseconds. Only such a record may give a number.
        (long Nanos, long Offset)? epochStart = null, epochEnd = null;
        var dataframeRecord = false;
        var raw = new List<KeyValuePair<string, AttributeValue>>();
        var children = new List<NestedSpan>();
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            input.Next(ref reader);
            switch (name)
            {
                case "name": span.Name = input.ReadString(ref reader, name) ?? ""; break;
                case "context": ReadContext(input, ref reader, span); break;
                case "_spanContext" or "spanContext": ReadContext(input, ref reader, span, name); break;
                case "parentSpanId":
                    parentOffset = reader.TokenStartIndex;
                    span.ParentSpanId = input.ReadId(ref reader, name) is { Length: > 0 } parentId ? parentId : null;
                    break;
                case "parentSpanContext":
                    if (reader.TokenType == JsonTokenType.Null) break;
                    parentOffset = reader.TokenStartIndex;
                    var parentContext = new SpanData();
                    ReadContext(input, ref reader, parentContext, name);
                    if (parentContext.SpanId.Length > 0) span.ParentSpanId = parentContext.SpanId;
                    break;
                case "startTime":
                    span.StartTimeUnixNano = ReadJsTime(input, ref reader, name);
                    hasStart = true;
                    break;
                case "endTime": endNanos = reader.TokenType == JsonTokenType.Null ? null : ReadJsTime(input, ref reader, name); break;
                case "duration" or "_duration":
                    if (reader.TokenType == JsonTokenType.StartArray) jsDuration = HrTime(input, ref reader, name);
                    else input.SkipValue(ref reader);
                    break;
                case "instrumentationLibrary" or "instrumentationScope":
                    if (input.ReadPlainValue(ref reader).GetText("name") is { } scope) span.ScopeName = scope;
                    break;
                case "links" or "ended" or "droppedAttributesCount" or "droppedEventsCount" or "droppedLinksCount":
                    // ReadableSpan bookkeeping, not content.
                    input.SkipValue(ref reader);
                    break;
                case var _ when name.StartsWith('_'):
                    // The SDK's private fields (_ended, _spanLimits, _spanProcessor, _performanceStartTime…).
                    input.SkipValue(ref reader);
                    break;
                case "context.span_id" or "span_id":
                    dataframeRecord |= name == "context.span_id";
                    span.SpanId = input.ReadId(ref reader, name) ?? "";
                    break;
                case "context.trace_id" or "trace_id":
                    dataframeRecord |= name == "context.trace_id";
                    span.TraceId = input.ReadId(ref reader, name) ?? "";
                    break;
                case "parent_id" or "parent_span_id":
                    parentOffset = reader.TokenStartIndex;
                    span.ParentSpanId = input.ReadId(ref reader, name);
                    break;
                case "span_kind": spanKind = input.ReadString(ref reader, name); break;
                case "kind":
                    span.Kind = reader.TokenType == JsonTokenType.Number
                        ? JsKind(input.ReadInt64(ref reader, name))
                        : JsonValues.ParseKind(input.ReadString(ref reader, name)?.Replace("SpanKindCode.", "", StringComparison.Ordinal).Replace("SpanKind.", "", StringComparison.Ordinal));
                    break;
                case "start_time" when reader.TokenType == JsonTokenType.Number:
                    epochStart = (ReadEpochMilliseconds(input, ref reader, name), reader.TokenStartIndex);
                    hasStart = true;
                    break;
                case "start_time":
                    span.StartTimeUnixNano = input.ReadIsoTime(ref reader, name);
                    hasStart = true;
                    break;
                case "end_time" when reader.TokenType == JsonTokenType.Number:
                    epochEnd = (ReadEpochMilliseconds(input, ref reader, name), reader.TokenStartIndex);
                    break;
                case "end_time": endNanos = reader.TokenType == JsonTokenType.Null ? null : input.ReadIsoTime(ref reader, name); break;
                case "status_code": statusCode = input.ReadId(ref reader, name); break;
                case "status_message": statusMessage = input.ReadString(ref reader, name); break;
                case "status": (statusCode, statusMessage) = ReadStatus(input, ref reader, statusCode, statusMessage); break;
                case "attributes":
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        input.Expect(ref reader, JsonTokenType.StartObject, "an object for \"attributes\"");
                        Flatten("", input.ReadPlainValue(ref reader), raw);
                    }

                    break;
                case "events": ReadEvents(input, ref reader, span); break;
                case "resource": span.Resource = ReadResource(input, ref reader); break;
                case "child_spans":
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        input.Expect(ref reader, JsonTokenType.StartArray, "an array for \"child_spans\"");
                        ReadSpanArray(input, ref reader, spans, children);
                    }

                    break;
                case var _ when name.StartsWith("attributes.", StringComparison.Ordinal):
                    {
                        // Phoenix's spans dataframe (get_spans_dataframe / query_spans) as records: one column per attribute,
                        // "attributes.llm.input_messages" holding [{"message.role": …}]. A column the span does not have is null.
                        var value = input.ReadPlainValue(ref reader);
                        if (value.Kind != AttributeValueKind.Null) Flatten(name["attributes.".Length..], value, raw);
                        break;
                    }

                default:
                    // Other top-level fields (conversation, span_kind aliases, exporter extras) are kept as attributes.
                    raw.Add(new(name, input.ReadPlainValue(ref reader)));
                    break;
            }

            input.Next(ref reader);
        }

        // OpenTelemetry Python's console exporter writes ids as 0x-prefixed hex.
        span.SpanId = WithoutHexPrefix(span.SpanId)!;
        span.TraceId = WithoutHexPrefix(span.TraceId)!;
        span.ParentSpanId = WithoutHexPrefix(span.ParentSpanId);
        foreach (var (epoch, property) in (ReadOnlySpan<((long Nanos, long Offset)?, string)>)[(epochStart, "start_time"), (epochEnd, "end_time")])
        {
            if (epoch is not { } e) continue;
            if (!dataframeRecord) throw input.Error(e.Offset, $"expected an ISO 8601 timestamp string for \"{property}\", found a number (epoch milliseconds are read only in a spans dataframe record, keyed \"context.span_id\")");
            if (property == "start_time") span.StartTimeUnixNano = e.Nanos;
            else endNanos = e.Nanos;
        }

        if (span.SpanId.Length == 0) throw input.Error(objectStart, "expected a span with a non-empty \"context.span_id\"");
        if (!hasStart) throw input.Error(objectStart, $"expected \"start_time\" on span '{span.SpanId}'");
        foreach (var child in children)
        {
            if (child.DeclaredParent is { } declared && !string.Equals(declared, span.SpanId, StringComparison.OrdinalIgnoreCase))
            {
                throw input.Error(child.DeclaredParentOffset,
                    $"span '{child.Span.SpanId}' is nested in the child_spans of '{span.SpanId}' but its \"parent_id\" names '{declared}'");
            }

            child.Span.ParentSpanId = span.SpanId;
        }

        if (span.TraceId.Length == 0 && nestedIn is null)
        {
            throw input.Error(objectStart, $"expected \"context.trace_id\" on span '{span.SpanId}'");
        }

        span.DurationNanos = endNanos is { } end ? end - span.StartTimeUnixNano : jsDuration ?? 0;
        span.Attributes.AddRange(raw);
        Map(span, spanKind, raw);
        var code = JsonValues.ParseStatusCode(statusCode);
        if (code == SpanStatusCode.Error)
        {
            GenAiSemconv.SetError(span, statusMessage, JsonValues.FromUnixNanos(span.StartTimeUnixNano + span.DurationNanos));
        }
        else
        {
            span.Status = new SpanStatus(code, string.IsNullOrEmpty(statusMessage) ? null : statusMessage);
        }

        // Children were read before their parent's id was necessarily known; they must still agree once it is.
        return new NestedSpan(span, span.ParentSpanId, parentOffset);
    }

    private static void ReadContext(TraceInput input, ref Utf8JsonReader reader, SpanData span, string property = "context")
    {
        input.Expect(ref reader, JsonTokenType.StartObject, $"an object for \"{property}\" with the trace and span ids");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            input.Next(ref reader);
            switch (name)
            {
                case "span_id" or "spanId": span.SpanId = input.ReadId(ref reader, property + "." + name) ?? ""; break;
                case "trace_id" or "traceId": span.TraceId = input.ReadId(ref reader, property + "." + name) ?? ""; break;
                default: input.SkipValue(ref reader); break;
            }

            input.Next(ref reader);
        }
    }

    /// <summary>OpenTelemetry JS numbers span kinds from 0: INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER.</summary>
    private static SpanKindCode JsKind(long kind) => kind switch
    {
        0 => SpanKindCode.Internal,
        1 => SpanKindCode.Server,
        2 => SpanKindCode.Client,
        3 => SpanKindCode.Producer,
        4 => SpanKindCode.Consumer,
        _ => SpanKindCode.Unspecified,
    };

    /// <summary>A time as the JS SDK keeps it (<c>[seconds, nanoseconds]</c>), epoch milliseconds, or ISO 8601 text.</summary>
    private static long ReadJsTime(TraceInput input, ref Utf8JsonReader reader, string property)
    {
        if (reader.TokenType == JsonTokenType.StartArray) return HrTime(input, ref reader, property);
        if (reader.TokenType != JsonTokenType.Number) return input.ReadIsoTime(ref reader, property);
        var milliseconds = input.ReadDouble(ref reader, property);
        if (!double.IsFinite(milliseconds) || milliseconds < 0 || milliseconds > 9.2e12) throw input.Error(reader, $"expected epoch milliseconds for \"{property}\"");
        return (long)Math.Round(milliseconds * 1_000) * 1_000;
    }

    private static string? WithoutHexPrefix(string? id) =>
        id is { Length: > 2 } && id[0] == '0' && id[1] is 'x' or 'X' && id.AsSpan(2).ContainsAnyExcept(HexDigits) is false ? id[2..] : id;

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Epoch milliseconds as pandas writes a datetime column (whole numbers; fractions kept to the microsecond).</summary>
    private static long ReadEpochMilliseconds(TraceInput input, ref Utf8JsonReader reader, string property)
    {
        var milliseconds = input.ReadDouble(ref reader, property);
        if (!double.IsFinite(milliseconds) || milliseconds < 0 || milliseconds > 9.2e12) throw input.Error(reader, $"expected epoch milliseconds for \"{property}\"");
        return (long)Math.Round(milliseconds * 1_000) * 1_000;
    }

    private static long HrTime(TraceInput input, ref Utf8JsonReader reader, string property)
    {
        var start = reader.TokenStartIndex;
        input.Expect(ref reader, JsonTokenType.StartArray, $"[seconds, nanoseconds] for \"{property}\"");
        input.Next(ref reader);
        var seconds = input.ReadInt64(ref reader, property + "[0]");
        input.Next(ref reader);
        var nanos = input.ReadInt64(ref reader, property + "[1]");
        input.Next(ref reader);
        if (reader.TokenType != JsonTokenType.EndArray || seconds < 0 || seconds > 9_000_000_000 || nanos < 0 || nanos >= 1_000_000_000)
        {
            throw input.Error(start, $"expected [seconds, nanoseconds] for \"{property}\"");
        }

        return seconds * 1_000_000_000 + nanos;
    }

    private static (string? Code, string? Message) ReadStatus(TraceInput input, ref Utf8JsonReader reader, string? code, string? message)
    {
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number) return (input.ReadId(ref reader, "status"), message);
        if (reader.TokenType == JsonTokenType.Null) return (code, message);
        input.Expect(ref reader, JsonTokenType.StartObject, "an object or a code for \"status\"");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            input.Next(ref reader);
            switch (name)
            {
                case "status_code" or "code": code = input.ReadId(ref reader, "status." + name)?.Replace("StatusCode.", "", StringComparison.Ordinal); break;
                case "description" or "message": message = input.ReadString(ref reader, "status." + name); break;
                default: input.SkipValue(ref reader); break;
            }

            input.Next(ref reader);
        }

        return (code, message);
    }

    private static TraceResource ReadResource(TraceInput input, ref Utf8JsonReader reader)
    {
        var value = input.ReadPlainValue(ref reader);
        var attributes = new List<KeyValuePair<string, AttributeValue>>();
        // The JS SDK's Resource serialises its attributes as _attributes (1.x) or _rawAttributes, [key, value] pairs (2.x).
        if (value.GetAny("attributes", "_attributes", "_syncAttributes", "_memoizedAttributes") is { Kind: AttributeValueKind.Map } inner)
        {
            Flatten("", inner, attributes);
        }
        else if (value.Get("_rawAttributes") is { Kind: AttributeValueKind.Array } pairs)
        {
            foreach (var pair in pairs.Items)
            {
                if (pair is { Kind: AttributeValueKind.Array, Items.Count: 2 } && pair.Items[0].AsString is { } key) Flatten(key, pair.Items[1], attributes);
            }
        }
        else if (value.Kind == AttributeValueKind.Map && !value.Entries.Any(e => e.Key.StartsWith('_')))
        {
            Flatten("", value, attributes);
        }

        return new TraceResource(AttributeSet.Create(attributes));
    }

    private static void ReadEvents(TraceInput input, ref Utf8JsonReader reader, SpanData span)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        input.Expect(ref reader, JsonTokenType.StartArray, "an array for \"events\"");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            input.Expect(ref reader, JsonTokenType.StartObject, "an event object");
            var name = "";
            DateTimeOffset? timestamp = null;
            var attributes = new List<KeyValuePair<string, AttributeValue>>();
            input.Next(ref reader);
            while (reader.TokenType != JsonTokenType.EndObject)
            {
                var property = reader.GetString()!;
                input.Next(ref reader);
                switch (property)
                {
                    case "name": name = input.ReadString(ref reader, "events[].name") ?? ""; break;
                    case "timestamp" or "time":
                        timestamp = reader.TokenType == JsonTokenType.Null ? null : JsonValues.FromUnixNanos(ReadJsTime(input, ref reader, "events[]." + property));
                        break;
                    case "droppedAttributesCount":
                        input.SkipValue(ref reader);
                        break;
                    case "attributes":
                        if (reader.TokenType != JsonTokenType.Null)
                        {
                            input.Expect(ref reader, JsonTokenType.StartObject, "an object for \"events[].attributes\"");
                            Flatten("", input.ReadPlainValue(ref reader), attributes);
                        }

                        break;
                    default: attributes.Add(new(property, input.ReadPlainValue(ref reader))); break;
                }

                input.Next(ref reader);
            }

            span.Events.Add(new SpanEvent(name, timestamp, AttributeSet.Create(attributes)));
            input.Next(ref reader);
        }
    }

    /// <summary>
    /// Turns nested attribute objects into OpenInference's dotted keys; arrays of objects get their index
    /// (<c>llm.input_messages.0.message.role</c>) so nested and flattened exports read the same. Values that
    /// OpenInference defines as JSON strings stay whole, as JSON text. Depth is bounded by the JSON reader.
    /// </summary>
    internal static void Flatten(string prefix, AttributeValue value, List<KeyValuePair<string, AttributeValue>> into)
    {
        if (value.Kind == AttributeValueKind.Map && prefix.Length > 0 && IsJsonValued(prefix))
        {
            into.Add(new(prefix, value.ToJson()));
        }
        else if (value.Kind == AttributeValueKind.Map && value.Entries.Count > 0)
        {
            foreach (var (key, item) in value.Entries)
            {
                Flatten(prefix.Length == 0 ? key : prefix + "." + key, item, into);
            }
        }
        else if (value.Kind == AttributeValueKind.Array && prefix.Length > 0 && !IsJsonValued(prefix) && value.Items.Any(i => i.Kind == AttributeValueKind.Map))
        {
            for (var i = 0; i < value.Items.Count; i++)
            {
                Flatten(prefix + "." + i.ToString(System.Globalization.CultureInfo.InvariantCulture), value.Items[i], into);
            }
        }
        else if (prefix.Length > 0)
        {
            into.Add(new(prefix, value));
        }
    }

    private static bool IsJsonValued(string key) =>
        key is "metadata" or "input.value" or "output.value" or "tool.parameters" or "llm.invocation_parameters" or "llm.prompt_template.variables"
        || key.EndsWith(".json_schema", StringComparison.Ordinal)
        || key.EndsWith("function.arguments", StringComparison.Ordinal)
        || key.EndsWith("arguments_json", StringComparison.Ordinal);

    /// <summary>
    /// OpenInference instrumentations export through any OpenTelemetry pipeline (the Collector's file exporter, Phoenix's
    /// otlpv1 page, Jaeger, Tempo): a span of another format that carries <c>openinference.span.kind</c> and no gen-ai
    /// operation of its own gets the same gen-ai attributes as a span read from Phoenix's own export.
    /// </summary>
    internal static void MapForeignSpans(List<SpanData> spans)
    {
        var mapped = false;
        foreach (var span in spans)
        {
            string? kind = null;
            var declared = false;
            foreach (var (key, value) in span.Attributes)
            {
                if (key == "openinference.span.kind") kind = value.AsString;
                else if (key == "gen_ai.operation.name") declared = true;
            }

            if (kind is null || declared) continue;
            Map(span, null, [.. span.Attributes]);
            mapped = true;
        }

        // Only a trace that has such spans: the links of every other trace stay as its own reader made them.
        if (mapped) GenAiSemconv.LinkToolCalls(spans);
    }

    /// <summary>Adds the gen-ai semconv attributes for what the span kind says the span is.</summary>
    private static void Map(SpanData span, string? spanKind, List<KeyValuePair<string, AttributeValue>> raw)
    {
        var attributes = AttributeSet.Create(raw);
        var kindText = attributes.GetString("openinference.span.kind") ?? spanKind;
        if (spanKind is not null) span.AddIfAbsent("openinference.span.kind", spanKind);
        var facts = new GenAiSemconv();
        switch (kindText?.ToUpperInvariant())
        {
            case "LLM":
                facts.Operation = GenAiSemconv.Chat;
                MapLlm(span, attributes, raw, facts);
                break;
            case "TOOL":
                facts.Operation = GenAiSemconv.ExecuteTool;
                MapTool(span, attributes, facts);
                break;
            case "AGENT":
                facts.Operation = GenAiSemconv.InvokeAgent;
                // graph.node.id names the agent's node in a multi-agent graph (CrewAI sets it to the agent's role on each
                // task span, whose own name is "<role>._execute_core"); the span's name is the last resort.
                facts.Agent = attributes.GetString("agent.name", "graph.node.id") ?? span.Name;
                break;
            case "EMBEDDING":
                facts.Operation = GenAiSemconv.Embeddings;
                facts.RequestModelName = attributes.GetString("embedding.model_name");
                facts.Provider = attributes.GetString("llm.provider");
                facts.SystemName = attributes.GetString("llm.system");
                break;
        }

        facts.ApplyTo(span);
    }

    private static void MapLlm(SpanData span, AttributeSet attributes, List<KeyValuePair<string, AttributeValue>> raw, GenAiSemconv facts)
    {
        facts.Provider = attributes.GetString("llm.provider");
        facts.SystemName = attributes.GetString("llm.system");
        facts.ResponseModelName = attributes.GetString("llm.model_name");
        if (ExportJson.TryParse(attributes.GetString("llm.invocation_parameters"), out var parameters))
        {
            facts.RequestParameters = parameters;
            facts.RequestModelName = parameters.GetText("model", "model_name");
        }

        facts.InputTokenCount = attributes.GetInt64("llm.token_count.prompt");
        facts.OutputTokenCount = attributes.GetInt64("llm.token_count.completion");

        facts.Input.AddRange(GenAiMessages.FromOpenInference(raw, "llm.input_messages.", "user"));
        if (facts.Input.Count == 0)
        {
            foreach (var (key, value) in raw)
            {
                if (key.StartsWith("llm.prompts.", StringComparison.Ordinal) && value.Kind == AttributeValueKind.String)
                {
                    facts.Input.Add(GenAiMessages.Message("user", [GenAiMessages.TextPart(value.AsString!)], null, null));
                }
            }
        }

        if (facts.Input.Count == 0 && attributes.GetString("input.value") is { } inputText)
        {
            facts.Input.AddRange(ExportJson.TryParse(inputText, out var json) ? GenAiMessages.FromList(json, "user") : [GenAiMessages.Message("user", [GenAiMessages.TextPart(inputText)], null, null)]);
        }

        facts.Output.AddRange(GenAiMessages.FromOpenInference(raw, "llm.output_messages.", "assistant"));
        if (attributes.GetString("output.value") is { } outputText && ExportJson.TryParse(outputText, out var response)
            && response.Get("choices") is { Kind: AttributeValueKind.Array } choices)
        {
            // The raw provider response names the finish reasons the flattened messages lack.
            foreach (var choice in choices.Items)
            {
                if (choice.GetText("finish_reason") is { } reason) facts.FinishReasonList.Add(reason);
                if (facts.Output.Count < choices.Items.Count && choice.Get("message") is { } message && GenAiMessages.FromMessage(message, "assistant") is { } m)
                {
                    facts.Output.Add(m);
                }
            }

            facts.ResponseModelName ??= response.GetText("model");
        }
        else if (facts.Output.Count == 0 && attributes.GetString("output.value") is { } text)
        {
            facts.Output.Add(GenAiMessages.Message("assistant", [GenAiMessages.TextPart(text)], null, null));
        }

        foreach (var (key, value) in raw)
        {
            if (key.StartsWith("llm.tools.", StringComparison.Ordinal) && key.EndsWith(".tool.json_schema", StringComparison.Ordinal))
            {
                facts.Tools.Add(GenAiMessages.ToolDefinition(value));
            }
        }
    }

    private static void MapTool(SpanData span, AttributeSet attributes, GenAiSemconv facts)
    {
        facts.Tool = attributes.GetString("tool.name", "tool_call.function.name") ?? span.Name;
        facts.ToolDescriptionText = attributes.GetString("tool.description");
        facts.CallId = attributes.GetString("tool_call.id", "tool.id");
        facts.Arguments = attributes.GetString("tool_call.function.arguments", "input.value");
        if (facts.Arguments is null && attributes.GetString("tool.parameters") is { } parameters
            && !(ExportJson.TryParse(parameters, out var schema) && (schema.Get("properties") is not null || schema.GetText("type") == "object")))
        {
            // tool.parameters is the tool's parameter schema in OpenInference; some instrumentations put the
            // call's arguments there instead. Only arguments (not a schema) are taken as such.
            facts.Arguments = parameters;
        }

        facts.Result = attributes.GetString("output.value");

        // CrewAI's delegation tools run the coworker named in their arguments: the model calls inside the tool span are
        // that agent's, not the delegating manager's.
        if (facts.Tool is "Delegate work to coworker" or "Ask question to coworker" && attributes.GetString("input.value") is { } input
            && Coworker().Match(input) is { Success: true } coworker)
        {
            facts.Agent = coworker.Groups["name"].Value.Trim();
        }
    }

    // "coworker": "Fare Researcher" in the Action Input JSON, or 'coworker': 'Fare Researcher' in the tool call's repr.
    [System.Text.RegularExpressions.GeneratedRegex(@"\\?[""']coworker\\?[""']\s*:\s*\\?[""'](?<name>[^""'\\]{1,80})\\?[""']", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Coworker();
}
