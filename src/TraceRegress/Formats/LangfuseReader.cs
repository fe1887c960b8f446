using System.Text.Json;

namespace TraceRegress.Formats;

/// <summary>
/// A Langfuse trace export (the public API's trace object): <c>{id, name, timestamp, input, output, metadata,
/// userId, sessionId, tags, observations:[{id, traceId, type, name, startTime, endTime, parentObservationId,
/// level, statusMessage, input, output, model, modelParameters, usage, usageDetails, metadata}]}</c>, or
/// <c>{"data":[trace…]}</c>. The trace becomes the root span (its span id is the trace id); observations
/// without a parent hang under it; EVENT observations are zero-duration spans; level ERROR marks the span failed.
/// </summary>
internal sealed class LangfuseReader : ITraceReader
{
    public TraceFormat Format => TraceFormat.Langfuse;

    public int Score(FormatProbe probe)
    {
        var score = 0;
        foreach (var prefix in (string[])["", "/data"])
        {
            if (!probe.Has(prefix + "/observations")) continue;
            var own = probe.Has(prefix + "/observations/parentObservationId") || probe.Has(prefix + "/observations/traceId")
                      || (probe.Has(prefix + "/observations/type") && probe.Has(prefix + "/observations/startTime"));
            score = Math.Max(score, own ? 80 : probe.Has(prefix + "/id") ? 45 : 0);
        }

        return score;
    }

    public void Read(TraceInput input, List<SpanData> spans, List<TraceWarning> warnings)
    {
        var reader = input.CreateReader();
        input.Next(ref reader);
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            ReadTraceArray(input, ref reader, spans);
        }
        else
        {
            input.Expect(ref reader, JsonTokenType.StartObject, "a Langfuse trace object or {\"data\": [trace]}");
            if (input.HasProperty(reader, "data") && !input.HasProperty(reader, "observations"))
            {
                input.Next(ref reader);
                while (reader.TokenType != JsonTokenType.EndObject)
                {
                    var isData = reader.ValueTextEquals("data"u8);
                    input.Next(ref reader);
                    if (isData)
                    {
                        input.Expect(ref reader, JsonTokenType.StartArray, "an array of traces for \"data\"");
                        ReadTraceArray(input, ref reader, spans);
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
                ReadTrace(input, ref reader, spans);
            }
        }

        input.ExpectEnd(ref reader);
        GenAiSemconv.LinkToolCalls(spans);
    }

    private static void ReadTraceArray(TraceInput input, ref Utf8JsonReader reader, List<SpanData> spans)
    {
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            input.Expect(ref reader, JsonTokenType.StartObject, "a Langfuse trace object");
            ReadTrace(input, ref reader, spans);
            input.Next(ref reader);
        }
    }

    private static void ReadTrace(TraceInput input, ref Utf8JsonReader reader, List<SpanData> spans)
    {
        var root = new SpanData { SourceLine = input.LineAt(reader.TokenStartIndex), Name = "trace" };
        var objectStart = reader.TokenStartIndex;
        var observations = new List<SpanData>();
        long? timestamp = null;
        double? latencySeconds = null;
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            input.Next(ref reader);
            switch (name)
            {
                case "id": root.SpanId = input.ReadId(ref reader, "id") ?? ""; break;
                case "name": root.Name = input.ReadString(ref reader, name) ?? "trace"; break;
                case "timestamp": timestamp = input.ReadIsoTime(ref reader, name); break;
                case "latency": latencySeconds = reader.TokenType == JsonTokenType.Null ? null : input.ReadDouble(ref reader, name); break;
                case "input" or "output":
                    {
                        var value = input.ReadPlainValue(ref reader);
                        if (value.Kind != AttributeValueKind.Null) root.Add("langfuse." + name, ExportJson.Text(value));
                        break;
                    }

                case "userId": AddPlain(input, ref reader, root, "langfuse.user.id"); break;
                case "sessionId": AddPlain(input, ref reader, root, "langfuse.session.id"); break;
                case "observations":
                    input.Expect(ref reader, JsonTokenType.StartArray, "an array of observation objects for \"observations\"");
                    input.Next(ref reader);
                    while (reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            throw input.Error(reader, "expected an observation object, found an observation id: this export lists ids only; export the full trace (GET /api/public/traces/{traceId})");
                        }

                        input.Expect(ref reader, JsonTokenType.StartObject, "an observation object");
                        observations.Add(ReadObservation(input, ref reader));
                        input.Next(ref reader);
                    }

                    break;
                default: AddPlain(input, ref reader, root, "langfuse." + name); break;
            }

            input.Next(ref reader);
        }

        if (root.SpanId.Length == 0) throw input.Error(objectStart, "expected a Langfuse trace with a non-empty \"id\"");
        root.TraceId = root.SpanId;
        root.StartTimeUnixNano = timestamp ?? (observations.Count > 0 ? observations.Min(o => o.StartTimeUnixNano) : 0);
        var end = observations.Count > 0 ? observations.Max(o => o.StartTimeUnixNano + o.DurationNanos) : root.StartTimeUnixNano;
        root.DurationNanos = latencySeconds is { } seconds ? (long)Math.Round(seconds * 1e9) : Math.Max(0, end - root.StartTimeUnixNano);
        spans.Add(root);
        foreach (var observation in observations)
        {
            if (observation.TraceId.Length == 0) observation.TraceId = root.TraceId;
            observation.ParentSpanId ??= root.SpanId;
            spans.Add(observation);
        }
    }

    private static void AddPlain(TraceInput input, ref Utf8JsonReader reader, SpanData span, string key)
    {
        var value = input.ReadPlainValue(ref reader);
        if (value.Kind != AttributeValueKind.Null) span.Add(key, value);
    }

    private static SpanData ReadObservation(TraceInput input, ref Utf8JsonReader reader)
    {
        var span = new SpanData { SourceLine = input.LineAt(reader.TokenStartIndex) };
        var objectStart = reader.TokenStartIndex;
        string? type = null, level = null, statusMessage = null, model = null;
        AttributeValue? inputValue = null, outputValue = null, metadata = null, parameters = null, usage = null, usageDetails = null;
        long? endNanos = null, promptTokens = null, completionTokens = null;
        var hasStart = false;
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            input.Next(ref reader);
            switch (name)
            {
                case "id": span.SpanId = input.ReadId(ref reader, "observations[].id") ?? ""; break;
                case "traceId": span.TraceId = input.ReadId(ref reader, "observations[].traceId") ?? ""; break;
                case "parentObservationId": span.ParentSpanId = input.ReadId(ref reader, "observations[].parentObservationId"); break;
                case "type": type = input.ReadString(ref reader, "observations[].type"); break;
                case "name": span.Name = input.ReadString(ref reader, "observations[].name") ?? ""; break;
                case "startTime":
                    span.StartTimeUnixNano = input.ReadIsoTime(ref reader, "observations[].startTime");
                    hasStart = true;
                    break;
                case "endTime": endNanos = reader.TokenType == JsonTokenType.Null ? null : input.ReadIsoTime(ref reader, "observations[].endTime"); break;
                case "completionStartTime":
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        var first = input.ReadIsoTime(ref reader, "observations[].completionStartTime");
                        span.Add("langfuse.completion_start_time", JsonValues.FromUnixNanos(first).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                    }

                    break;
                case "level": level = input.ReadString(ref reader, "observations[].level"); break;
                case "statusMessage": statusMessage = input.ReadString(ref reader, "observations[].statusMessage"); break;
                case "model": model = input.ReadString(ref reader, "observations[].model"); break;
                case "input": inputValue = input.ReadPlainValue(ref reader); break;
                case "output": outputValue = input.ReadPlainValue(ref reader); break;
                case "metadata": metadata = input.ReadPlainValue(ref reader); break;
                case "modelParameters": parameters = input.ReadPlainValue(ref reader); break;
                case "usage": usage = input.ReadPlainValue(ref reader); break;
                case "usageDetails": usageDetails = input.ReadPlainValue(ref reader); break;
                case "promptTokens" or "inputUsage": promptTokens = reader.TokenType == JsonTokenType.Null ? null : input.ReadInt64(ref reader, "observations[]." + name); break;
                case "completionTokens" or "outputUsage": completionTokens = reader.TokenType == JsonTokenType.Null ? null : input.ReadInt64(ref reader, "observations[]." + name); break;
                default: AddPlain(input, ref reader, span, "langfuse." + name); break;
            }

            input.Next(ref reader);
        }

        if (span.SpanId.Length == 0) throw input.Error(objectStart, "expected an observation with a non-empty \"id\"");
        if (!hasStart) throw input.Error(objectStart, $"expected \"startTime\" on observation '{span.SpanId}'");
        if (span.Name.Length == 0) span.Name = (type ?? "observation").ToLowerInvariant();
        // EVENT observations are points in time.
        span.DurationNanos = type == "EVENT" || endNanos is null ? 0 : endNanos.Value - span.StartTimeUnixNano;

        if (type is not null) span.Add("langfuse.observation.type", type);
        if (level is not null) span.Add("langfuse.level", level);
        if (statusMessage is not null) span.Add("langfuse.status_message", statusMessage);
        if (model is not null) span.Add("langfuse.model", model);
        if (inputValue is { Kind: not AttributeValueKind.Null }) span.Add("langfuse.input", ExportJson.Text(inputValue));
        if (outputValue is { Kind: not AttributeValueKind.Null }) span.Add("langfuse.output", ExportJson.Text(outputValue));
        if (metadata is { Kind: not AttributeValueKind.Null }) span.Add("langfuse.metadata", metadata);
        if (parameters is { Kind: not AttributeValueKind.Null }) span.Add("langfuse.model_parameters", parameters);
        if (usage is { Kind: not AttributeValueKind.Null }) span.Add("langfuse.usage", usage);
        if (usageDetails is { Kind: not AttributeValueKind.Null }) span.Add("langfuse.usage_details", usageDetails);

        var facts = new GenAiSemconv();
        switch (type)
        {
            case "GENERATION":
                facts.Operation = GenAiSemconv.Chat;
                facts.RequestModelName = model;
                facts.ResponseModelName = model;
                facts.Provider = metadata?.GetText("ls_provider", "provider");
                facts.RequestParameters = parameters;
                facts.InputTokenCount = usageDetails?.GetInt("input", "prompt_tokens", "input_tokens") ?? usage?.GetInt("input", "promptTokens", "prompt_tokens") ?? promptTokens;
                facts.OutputTokenCount = usageDetails?.GetInt("output", "completion_tokens", "output_tokens") ?? usage?.GetInt("output", "completionTokens", "completion_tokens") ?? completionTokens;
                MapGeneration(inputValue, outputValue, facts);
                break;
            case "TOOL":
                facts.Operation = GenAiSemconv.ExecuteTool;
                MapTool(span, inputValue, outputValue, metadata, facts);
                break;
            case "SPAN" when LooksLikeToolCall(inputValue, metadata):
                facts.Operation = GenAiSemconv.ExecuteTool;
                MapTool(span, inputValue, outputValue, metadata, facts);
                break;
            case "AGENT":
                facts.Operation = GenAiSemconv.InvokeAgent;
                facts.Agent = span.Name;
                break;
            case "EMBEDDING":
                facts.Operation = GenAiSemconv.Embeddings;
                facts.RequestModelName = model;
                facts.InputTokenCount = usageDetails?.GetInt("input") ?? usage?.GetInt("input") ?? promptTokens;
                break;
        }

        facts.ApplyTo(span);
        if (string.Equals(level, "ERROR", StringComparison.OrdinalIgnoreCase))
        {
            GenAiSemconv.SetError(span, statusMessage, JsonValues.FromUnixNanos(span.StartTimeUnixNano + span.DurationNanos));
        }

        return span;
    }

    private static void MapGeneration(AttributeValue? input, AttributeValue? output, GenAiSemconv facts)
    {
        if (input is { Kind: not AttributeValueKind.Null })
        {
            facts.Input.AddRange(GenAiMessages.FromList(input, "user"));
            if (input.Get("tools") is { Kind: AttributeValueKind.Array } tools)
            {
                foreach (var tool in tools.Items) facts.Tools.Add(GenAiMessages.ToolDefinition(tool));
            }
        }

        if (output is null or { Kind: AttributeValueKind.Null }) return;
        if (output.Get("choices") is { Kind: AttributeValueKind.Array } choices)
        {
            foreach (var choice in choices.Items)
            {
                if (choice.Get("message") is { } message && GenAiMessages.FromMessage(message, "assistant") is { } m)
                {
                    facts.Output.Add(choice.GetText("finish_reason") is { } reason ? GenAiMessages.WithFinishReason(m, reason) : m);
                }
            }
        }
        else
        {
            facts.Output.AddRange(GenAiMessages.FromList(output, "assistant"));
        }
    }

    /// <summary>
    /// A SPAN recorded around a tool call by hand: its input names a tool call id, or a tool together
    /// with its arguments, or its metadata says it is a tool.
    /// </summary>
    private static bool LooksLikeToolCall(AttributeValue? input, AttributeValue? metadata)
    {
        if (metadata?.GetText("type", "observation_type", "kind") is { } kind && string.Equals(kind, "tool", StringComparison.OrdinalIgnoreCase)) return true;
        if (input is not { Kind: AttributeValueKind.Map }) return false;
        if (input.GetText("tool_call_id", "toolCallId") is not null) return true;
        return input.GetText("tool", "tool_name", "toolName") is not null && input.GetAny("arguments", "args", "tool_input", "input") is not null;
    }

    private static void MapTool(SpanData span, AttributeValue? input, AttributeValue? output, AttributeValue? metadata, GenAiSemconv facts)
    {
        facts.Tool = input?.GetText("tool", "tool_name", "toolName") ?? span.Name;
        facts.CallId = input?.GetText("tool_call_id", "toolCallId") ?? metadata?.GetText("tool_call_id", "toolCallId") ?? output?.GetText("tool_call_id");
        var arguments = input?.GetAny("arguments", "args", "tool_input") ?? input;
        if (arguments is { Kind: not AttributeValueKind.Null }) facts.Arguments = ExportJson.Text(arguments);
        // A LangChain ToolMessage as output carries the result as its content.
        var result = output?.GetAny("content") is { } content && output.GetText("tool_call_id") is not null ? content : output;
        if (result is { Kind: not AttributeValueKind.Null }) facts.Result = ExportJson.Text(result);
    }
}
