using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.Formats;

/// <summary>
/// An MLflow trace as <c>Trace.to_json()</c> writes it (and the UI's and REST API's trace download):
/// <c>{"info": {trace_id | request_id, …}, "data": {"spans": […]}}</c>, or the bare <c>{"spans": […]}</c> data. A span
/// is read in each of the dictionary shapes MLflow has written:
/// <list type="bullet">
/// <item>MLflow 2: <c>{name, context: {span_id, trace_id}, parent_id, start_time, end_time (ns), status_code, status_message, attributes, events: [{name, timestamp, attributes}]}</c>, ids <c>0x</c>-prefixed hex;</item>
/// <item>MLflow 3: the OTLP span as protobuf's JSON mapping, <c>{trace_id, span_id, parent_span_id, name, start_time_unix_nano, end_time_unix_nano, attributes, status: {code: "STATUS_CODE_OK", message}, events: [{time_unix_nano, name, attributes}]}</c>, ids in base64;</item>
/// <item>later MLflow 3 releases: the same keys with hex ids, status codes <c>OK</c> / <c>ERROR</c> / <c>UNSET</c> and the OpenTelemetry trace id in <c>otel_trace_id</c>.</item>
/// </list>
/// Attribute values are JSON-encoded (<c>"mlflow.spanType": "\"TOOL\""</c>) and are decoded. The span type maps to the
/// gen-ai operation (<c>LLM</c> / <c>CHAT_MODEL</c> chat, <c>TOOL</c> execute_tool, <c>AGENT</c> invoke_agent), and
/// <c>mlflow.spanInputs</c> / <c>mlflow.spanOutputs</c> to messages (an OpenAI-style request and response) or to a
/// tool's arguments and result; the source attributes stay beside them.
/// </summary>
internal sealed class MlflowReader : ITraceReader
{
    public TraceFormat Format => TraceFormat.Mlflow;

    public int Score(FormatProbe probe)
    {
        foreach (var prefix in (string[])["/data/spans", "/spans"])
        {
            var mlflowAttributes = probe.Has(prefix + "/attributes/mlflow.spanType") || probe.Has(prefix + "/attributes/mlflow.traceRequestId")
                                   || probe.Has(prefix + "/attributes/mlflow.spanInputs");
            if (!mlflowAttributes) continue;
            // Above Jaeger's data[].spans and the flat reader's {"spans": [...]}: these keys are MLflow's own.
            return prefix == "/data/spans" && (probe.Has("/info") || probe.Has("/data")) ? 90 : 85;
        }

        return 0;
    }

    public void Read(TraceInput input, List<SpanData> spans, List<TraceWarning> warnings)
    {
        var reader = input.CreateReader();
        input.Next(ref reader);
        input.Expect(ref reader, JsonTokenType.StartObject, "an MLflow trace object {\"info\": {...}, \"data\": {\"spans\": [...]}}");
        string? traceId = null;
        var sawSpans = false;
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            input.Next(ref reader);
            switch (name)
            {
                case "info":
                    traceId = ReadInfo(input, ref reader);
                    break;
                case "data":
                    input.Expect(ref reader, JsonTokenType.StartObject, "an object {\"spans\": [...]} for \"data\"");
                    input.Next(ref reader);
                    while (reader.TokenType != JsonTokenType.EndObject)
                    {
                        var isSpans = reader.ValueTextEquals("spans"u8);
                        input.Next(ref reader);
                        if (isSpans)
                        {
                            ReadSpans(input, ref reader, spans);
                            sawSpans = true;
                        }
                        else
                        {
                            // MLflow 2 also keeps the request and response previews here.
                            input.SkipValue(ref reader);
                        }

                        input.Next(ref reader);
                    }

                    break;
                case "spans":
                    ReadSpans(input, ref reader, spans);
                    sawSpans = true;
                    break;
                default:
                    input.SkipValue(ref reader);
                    break;
            }

            input.Next(ref reader);
        }

        input.ExpectEnd(ref reader);
        if (!sawSpans) throw new TraceFormatException(input.SourceName, 1, 1, "expected \"data\": {\"spans\": [...]} in the MLflow trace");
        foreach (var span in spans)
        {
            // A span that records no trace id of its own (MLflow 2 writes it on every span; the others may not) takes the trace's.
            if (span.TraceId.Length == 0) span.TraceId = traceId ?? "mlflow-trace";
        }

        GenAiSemconv.LinkToolCalls(spans);
    }

    /// <summary>The trace's id from <c>info</c>: <c>trace_id</c> (MLflow 3, <c>tr-…</c>) or <c>request_id</c> (MLflow 2).</summary>
    private static string? ReadInfo(TraceInput input, ref Utf8JsonReader reader)
    {
        input.Expect(ref reader, JsonTokenType.StartObject, "an object for \"info\"");
        string? id = null;
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            input.Next(ref reader);
            if (name is "trace_id" or "request_id" && reader.TokenType == JsonTokenType.String) id ??= reader.GetString();
            else input.SkipValue(ref reader);
            input.Next(ref reader);
        }

        return id is null ? null : OtelTraceId(id);
    }

    /// <summary>MLflow's trace ids are <c>tr-</c> and the OpenTelemetry trace id in hex; older ones a bare hex id.</summary>
    private static string OtelTraceId(string id) => id.StartsWith("tr-", StringComparison.Ordinal) ? id[3..] : id;

    private static void ReadSpans(TraceInput input, ref Utf8JsonReader reader, List<SpanData> spans)
    {
        input.Expect(ref reader, JsonTokenType.StartArray, "an array of spans for \"spans\"");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            spans.Add(ReadSpan(input, ref reader));
            input.Next(ref reader);
        }
    }

    private static SpanData ReadSpan(TraceInput input, ref Utf8JsonReader reader)
    {
        input.Expect(ref reader, JsonTokenType.StartObject, "an MLflow span object");
        var span = new SpanData { SourceLine = input.LineAt(reader.TokenStartIndex) };
        var objectStart = reader.TokenStartIndex;
        long? start = null, end = null;
        string? otelTraceId = null, statusCode = null, statusMessage = null;
        var attributes = new List<KeyValuePair<string, AttributeValue>>();
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            input.Next(ref reader);
            switch (name)
            {
                case "name": span.Name = input.ReadString(ref reader, name) ?? ""; break;
                case "span_id": span.SpanId = SpanId(input.ReadId(ref reader, name)); break;
                case "trace_id": span.TraceId = TraceIdOf(input.ReadId(ref reader, name)); break;
                case "otel_trace_id": otelTraceId = input.ReadId(ref reader, name); break;
                case "parent_span_id" or "parent_id":
                    var parent = reader.TokenType == JsonTokenType.Null ? null : input.ReadId(ref reader, name);
                    span.ParentSpanId = string.IsNullOrEmpty(parent) ? null : SpanId(parent);
                    break;
                case "context": ReadContext(input, ref reader, span); break;
                case "start_time_unix_nano" or "start_time": start = input.ReadInt64(ref reader, name); break;
                case "end_time_unix_nano" or "end_time": end = reader.TokenType == JsonTokenType.Null ? null : input.ReadInt64(ref reader, name); break;
                case "status_code": statusCode = reader.TokenType == JsonTokenType.Null ? null : input.ReadString(ref reader, name); break;
                case "status_message": statusMessage = reader.TokenType == JsonTokenType.Null ? null : input.ReadString(ref reader, name); break;
                case "status": ReadStatus(input, ref reader, ref statusCode, ref statusMessage); break;
                case "attributes":
                    if (reader.TokenType != JsonTokenType.Null) ReadAttributes(input, ref reader, attributes);
                    break;
                case "events": ReadEvents(input, ref reader, span); break;
                default:
                    // trace_state, kind, mlflow.span_dict_version: nothing the model keeps.
                    input.SkipValue(ref reader);
                    break;
            }

            input.Next(ref reader);
        }

        if (span.SpanId.Length == 0) throw input.Error(objectStart, "expected a span with a non-empty \"span_id\" (or \"context\": {\"span_id\"})");
        if (start is null) throw input.Error(objectStart, $"expected \"start_time_unix_nano\" (or \"start_time\") on span '{span.SpanId}'");
        if (otelTraceId is not null) span.TraceId = TraceIdOf(otelTraceId);
        if (span.TraceId.Length == 0 && attributes.FirstOrDefault(a => a.Key == "mlflow.traceRequestId").Value is { Kind: AttributeValueKind.String } request)
        {
            span.TraceId = OtelTraceId(request.AsString!);
        }

        span.StartTimeUnixNano = start.Value;
        span.DurationNanos = end is { } e && e >= start ? e - start.Value : 0;
        span.Status = new SpanStatus(ParseStatus(statusCode), string.IsNullOrEmpty(statusMessage) ? null : statusMessage);
        foreach (var attribute in attributes) span.Add(attribute.Key, attribute.Value);
        Map(span, attributes);
        return span;
    }

    private static string SpanId(string? id) => id is null ? "" : TraceIds.Normalize(id.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? id[2..] : id, 8);

    private static string TraceIdOf(string? id) => id is null ? "" : TraceIds.Normalize(OtelTraceId(id.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? id[2..] : id), 16);

    private static SpanStatusCode ParseStatus(string? code) => code?.Trim().ToUpperInvariant() switch
    {
        "OK" or "STATUS_CODE_OK" or "1" => SpanStatusCode.Ok,
        "ERROR" or "STATUS_CODE_ERROR" or "2" => SpanStatusCode.Error,
        _ => SpanStatusCode.Unset,
    };

    private static void ReadContext(TraceInput input, ref Utf8JsonReader reader, SpanData span)
    {
        input.Expect(ref reader, JsonTokenType.StartObject, "an object {\"span_id\", \"trace_id\"} for \"context\"");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            input.Next(ref reader);
            switch (name)
            {
                case "span_id": span.SpanId = SpanId(input.ReadId(ref reader, "context.span_id")); break;
                case "trace_id": span.TraceId = TraceIdOf(input.ReadId(ref reader, "context.trace_id")); break;
                default: input.SkipValue(ref reader); break;
            }

            input.Next(ref reader);
        }
    }

    private static void ReadStatus(TraceInput input, ref Utf8JsonReader reader, ref string? code, ref string? message)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            code = reader.GetString();
            return;
        }

        input.Expect(ref reader, JsonTokenType.StartObject, "an object {\"code\", \"message\"} or a status code for \"status\"");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            input.Next(ref reader);
            switch (name)
            {
                case "code" or "status_code":
                    code = reader.TokenType == JsonTokenType.Number ? input.ReadInt64(ref reader, "status.code").ToString(System.Globalization.CultureInfo.InvariantCulture)
                        : input.ReadString(ref reader, "status.code");
                    break;
                case "message" or "description": message = reader.TokenType == JsonTokenType.Null ? null : input.ReadString(ref reader, "status.message"); break;
                default: input.SkipValue(ref reader); break;
            }

            input.Next(ref reader);
        }
    }

    /// <summary>Attributes: a map whose values MLflow writes JSON-encoded (a string value is <c>"\"text\""</c>); each is decoded once.</summary>
    private static void ReadAttributes(TraceInput input, ref Utf8JsonReader reader, List<KeyValuePair<string, AttributeValue>> into)
    {
        input.Expect(ref reader, JsonTokenType.StartObject, "an object of attributes for \"attributes\"");
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            input.Next(ref reader);
            var value = input.ReadPlainValue(ref reader);
            into.Add(new(key, Decode(value)));
            input.Next(ref reader);
        }
    }

    private static AttributeValue Decode(AttributeValue value)
    {
        // Objects and arrays stay JSON text, as OTLP exporters write them; a JSON-encoded string, number or boolean
        // becomes the value. Anything that does not read as one JSON value is kept as it was written.
        if (value.Kind != AttributeValueKind.String || value.AsString!.Length == 0) return value;
        var text = value.AsString;
        var first = text[0];
        if (first is '{' or '[' || !(first is '"' or '-' or 't' or 'f' || char.IsAsciiDigit(first))) return value;
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(utf8);
        try
        {
            if (!reader.Read()) return value;
            AttributeValue decoded;
            switch (reader.TokenType)
            {
                case JsonTokenType.String: decoded = AttributeValue.FromString(reader.GetString()!); break;
                case JsonTokenType.Number:
                    decoded = reader.TryGetInt64(out var n) ? AttributeValue.FromInt(n) : AttributeValue.FromDouble(reader.GetDouble());
                    break;
                case JsonTokenType.True or JsonTokenType.False: decoded = AttributeValue.FromBool(reader.GetBoolean()); break;
                default: return value;
            }

            return reader.Read() ? value : decoded;
        }
        catch (JsonException)
        {
            return value;
        }
    }

    private static void ReadEvents(TraceInput input, ref Utf8JsonReader reader, SpanData span)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        input.ReadArray(ref reader, "an array of events for \"events\"", (ref Utf8JsonReader r) =>
        {
            input.Expect(ref r, JsonTokenType.StartObject, "an event object {\"name\", \"time_unix_nano\" | \"timestamp\", \"attributes\"}");
            string? name = null;
            long? at = null;
            var attributes = new List<KeyValuePair<string, AttributeValue>>();
            input.Next(ref r);
            while (r.TokenType != JsonTokenType.EndObject)
            {
                var key = r.GetString()!;
                input.Next(ref r);
                switch (key)
                {
                    case "name": name = input.ReadString(ref r, "events[].name"); break;
                    case "time_unix_nano" or "timestamp": at = input.ReadInt64(ref r, "events[]." + key); break;
                    case "attributes":
                        if (r.TokenType != JsonTokenType.Null) ReadAttributes(input, ref r, attributes);
                        break;
                    default: input.SkipValue(ref r); break;
                }

                input.Next(ref r);
            }

            span.Events.Add(new SpanEvent(name ?? "event", at is { } nanos ? JsonValues.FromUnixNanos(nanos) : null, AttributeSet.Create(attributes)));
        });
    }

    /// <summary>The gen-ai reading of an MLflow span: its type, and its inputs and outputs as messages or a tool call.</summary>
    private static void Map(SpanData span, List<KeyValuePair<string, AttributeValue>> attributes)
    {
        string? Text(string key) => attributes.LastOrDefault(a => a.Key == key).Value is { Kind: AttributeValueKind.String } v ? v.AsString : null;
        AttributeValue? Json(string key) =>
            attributes.LastOrDefault(a => a.Key == key).Value is { } v && !(v.Kind == AttributeValueKind.String && v.AsString == "null")
                ? (v.Kind == AttributeValueKind.String && ExportJson.TryParse(v.AsString, out var parsed) ? parsed : v)
                : null;

        var type = Text("mlflow.spanType");
        var inputs = Json("mlflow.spanInputs");
        var outputs = Json("mlflow.spanOutputs");
        var facts = new GenAiSemconv();
        switch (type)
        {
            case "LLM" or "CHAT_MODEL":
                facts.Operation = GenAiSemconv.Chat;
                // An OpenAI-style request ({"messages", "model", "tools", …}) and response ({"choices", "usage"}), or
                // a LangChain chat model's messages and generations: read as LangSmith's llm runs are.
                LangSmithReader.MapLlm(inputs, outputs, null, null, facts);
                if (facts.Input.Count == 0 && Json("mlflow.chat.messages") is { Kind: AttributeValueKind.Array } chat)
                {
                    // The conversation MLflow recorded in the OpenAI format, the answer last.
                    var all = GenAiMessages.FromList(chat, "user");
                    var answer = all.Count > 0 && all[^1].GetText("role") == "assistant" ? 1 : 0;
                    facts.Input.AddRange(all.Take(all.Count - answer));
                    if (facts.Output.Count == 0 && answer == 1) facts.Output.Add(all[^1]);
                }

                if (facts.Tools.Count == 0 && Json("mlflow.chat.tools") is { Kind: AttributeValueKind.Array } tools)
                {
                    foreach (var tool in tools.Items) facts.Tools.Add(GenAiMessages.ToolDefinition(tool));
                }

                break;
            case "TOOL":
                facts.Operation = GenAiSemconv.ExecuteTool;
                facts.Tool = span.Name;
                if (inputs is not null and not { Kind: AttributeValueKind.Null }) facts.Arguments = ExportJson.Text(inputs);
                if (outputs is not null and not { Kind: AttributeValueKind.Null }) facts.Result = ExportJson.Text(outputs);
                break;
            case "AGENT":
                facts.Operation = GenAiSemconv.InvokeAgent;
                facts.Agent = span.Name;
                break;
            case "EMBEDDING":
                facts.Operation = GenAiSemconv.Embeddings;
                break;
        }

        facts.ApplyTo(span);
    }
}
