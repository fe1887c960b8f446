using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.Formats;

/// <summary>
/// A Langfuse trace: the public API's trace object <c>{id, name, timestamp, input, output, metadata, userId, sessionId,
/// tags, observations:[{id, traceId, type, name, startTime, endTime, parentObservationId, level, statusMessage, input,
/// output, model, modelParameters, usageDetails, costDetails, metadata}]}</c>, <c>{"data":[trace…]}</c>, or the trace
/// view's download <c>{"trace":{…}, "observations":[…]}</c> (observations beside the trace, under it, or both).
/// The trace becomes the root span (its span id is the trace id); observations without a parent hang under it.
/// GENERATION, TOOL, AGENT and EMBEDDING observations get the gen-ai operation they stand for; EVENT observations
/// are zero-duration spans; CHAIN, RETRIEVER, EVALUATOR, GUARDRAIL and SPAN are plain steps. Level ERROR marks the
/// span failed with the status message (and an <c>exception</c> event); other levels and their messages stay attributes
/// (<c>langfuse.level</c>, <c>langfuse.status_message</c>): a warning is not a failure. Usage and cost details are kept as attributes (<c>langfuse.usage_details</c>, <c>langfuse.cost_details</c>,
/// <c>langfuse.cost.total</c>) beside the gen-ai token counts.
/// </summary>
internal sealed class LangfuseReader : ITraceReader
{
    public TraceFormat Format => TraceFormat.Langfuse;

    public int Score(FormatProbe probe)
    {
        var score = 0;
        foreach (var prefix in (string[])["", "/data", "/trace"])
        {
            if (!probe.Has(prefix + "/observations")) continue;
            var own = probe.Has(prefix + "/observations/parentObservationId") || probe.Has(prefix + "/observations/traceId")
                      || (probe.Has(prefix + "/observations/type") && probe.Has(prefix + "/observations/startTime"));
            score = Math.Max(score, own ? 80 : probe.Has(prefix + "/id") ? 45 : 0);
        }

        // Observations without their trace: the observations API's page {"data": [...], "meta": {...}}, a bare array of
        // observations, or JSON Lines of them (the UI's batch export of the observations table).
        foreach (var prefix in (string[])["", "/data"])
        {
            if (probe.Has(prefix + "/startTime") && probe.Has(prefix + "/traceId") && probe.Has(prefix + "/type") && !probe.Has(prefix + "/spanId")
                && (probe.Has(prefix + "/parentObservationId") || probe.Has(prefix + "/statusMessage") || probe.Has(prefix + "/level")))
            {
                score = Math.Max(score, 75);
            }
        }

        // The UI's "download trace" button writes {"trace": {...}, "observations": [...]}: the trace one level down
        // (the observation list may be empty).
        if (probe.Root == JsonTokenType.StartObject && probe.Has("/trace/id") && probe.Has("/trace/timestamp")
            && (probe.Has("/observations") || probe.Has("/trace/observations")))
        {
            score = Math.Max(score, 85);
        }

        return score;
    }

    public void Read(TraceInput input, List<SpanData> spans, List<TraceWarning> warnings)
    {
        var loose = new List<SpanData>();
        if (ExportJson.IsJsonLines(input.Utf8.Span))
        {
            // One trace or one observation per line.
            input.ReadLines(spans, "a Langfuse trace or observation object", (TraceInput line, ref Utf8JsonReader r) =>
            {
                if (IsObservation(line, r))
                {
                    // Listed among the spans for now so that the line it came from is recorded on it.
                    var observation = ReadObservation(line, ref r);
                    loose.Add(observation);
                    spans.Add(observation);
                }
                else
                {
                    ReadTrace(line, ref r).AddTo(spans, []);
                }
            });
            var listed = new HashSet<SpanData>(loose, ReferenceEqualityComparer.Instance);
            spans.RemoveAll(listed.Contains);
            AddLooseObservations(loose, spans);
            GenAiSemconv.PromoteToolSteps(spans, "langfuse.input", "langfuse.output");
            GenAiSemconv.LinkToolCalls(spans);
            return;
        }

        var reader = input.CreateReader();
        input.Next(ref reader);
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            ReadTraceArray(input, ref reader, spans, loose);
        }
        else
        {
            input.Expect(ref reader, JsonTokenType.StartObject, "a Langfuse trace object, {\"trace\": {...}, \"observations\": [...]} or {\"data\": [trace]}");
            if (input.HasProperty(reader, "trace"))
            {
                ReadDownload(input, ref reader, spans);
            }
            else if (input.HasProperty(reader, "data") && !input.HasProperty(reader, "observations"))
            {
                input.Next(ref reader);
                while (reader.TokenType != JsonTokenType.EndObject)
                {
                    var isData = reader.ValueTextEquals("data"u8);
                    input.Next(ref reader);
                    if (isData)
                    {
                        input.Expect(ref reader, JsonTokenType.StartArray, "an array of traces or observations for \"data\"");
                        ReadTraceArray(input, ref reader, spans, loose);
                    }
                    else
                    {
                        input.SkipValue(ref reader);
                    }

                    input.Next(ref reader);
                }
            }
            else if (IsObservation(input, reader))
            {
                loose.Add(ReadObservation(input, ref reader));
            }
            else
            {
                ReadTrace(input, ref reader).AddTo(spans, []);
            }
        }

        input.ExpectEnd(ref reader);
        AddLooseObservations(loose, spans);
        GenAiSemconv.PromoteToolSteps(spans, "langfuse.input", "langfuse.output");
        GenAiSemconv.LinkToolCalls(spans);
    }

    /// <summary>
    /// The trace view's download: <c>{"trace": {…}, "observations": […]}</c>. The observations sit beside the trace,
    /// under it (as the public API nests them), or both; an observation listed in both places is read once.
    /// </summary>
    private static void ReadDownload(TraceInput input, ref Utf8JsonReader reader, List<SpanData> spans)
    {
        var start = reader.TokenStartIndex;
        ParsedTrace? trace = null;
        var beside = new List<SpanData>();
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            input.Next(ref reader);
            switch (name)
            {
                case "trace":
                    input.Expect(ref reader, JsonTokenType.StartObject, "a Langfuse trace object for \"trace\"");
                    trace = ReadTrace(input, ref reader, observationIdsAllowed: true);
                    break;
                case "observations":
                    ReadObservations(input, ref reader, beside, idsAllowed: false);
                    break;
                default:
                    // scores, exportedAt and other companions of the download.
                    input.SkipValue(ref reader);
                    break;
            }

            input.Next(ref reader);
        }

        if (trace is null) throw input.Error(start, "expected \"trace\" to be a Langfuse trace object");
        trace.AddTo(spans, beside);
    }

    /// <summary>An array of traces (the traces API's page, several downloads in one file) or of observations (the observations API's page).</summary>
    private static void ReadTraceArray(TraceInput input, ref Utf8JsonReader reader, List<SpanData> spans, List<SpanData> loose)
    {
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            input.Expect(ref reader, JsonTokenType.StartObject, "a Langfuse trace or observation object");
            if (IsObservation(input, reader)) loose.Add(ReadObservation(input, ref reader));
            else ReadTrace(input, ref reader).AddTo(spans, []);
            input.Next(ref reader);
        }
    }

    /// <summary>
    /// An observation object rather than a trace: it has a <c>startTime</c> (a trace has a <c>timestamp</c>) and a
    /// <c>type</c>, and no observations of its own.
    /// </summary>
    private static bool IsObservation(TraceInput input, Utf8JsonReader reader) =>
        input.HasProperty(reader, "startTime") && input.HasProperty(reader, "type") && !input.HasProperty(reader, "timestamp", "observations");

    /// <summary>
    /// Observations listed without their trace (the observations API, the observations table's export). They are
    /// grouped by <c>traceId</c>. A trace whose observations have one top-level observation is rooted there; one with
    /// several (a v2 SDK hangs every step on the trace itself) gets the trace as its root, as a span named <c>trace</c>
    /// whose id is the trace id, since its name and input are not in the file. Observations listed twice are read once.
    /// </summary>
    private static void AddLooseObservations(List<SpanData> loose, List<SpanData> spans)
    {
        if (loose.Count == 0) return;
        var known = new Dictionary<string, SpanData>(StringComparer.Ordinal);
        foreach (var span in spans) known.TryAdd(span.SpanId, span);
        var traces = new Dictionary<string, List<SpanData>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var observation in loose)
        {
            // Read already: listed twice (pages that overlap), or under a trace in the same file. Two different
            // observations that share an id are both kept, for the tree to report.
            if (known.TryGetValue(observation.SpanId, out var seen) && IsSameObservation(seen, observation)) continue;
            known.TryAdd(observation.SpanId, observation);
            if (!traces.TryGetValue(observation.TraceId, out var list))
            {
                traces[observation.TraceId] = list = [];
                order.Add(observation.TraceId);
            }

            list.Add(observation);
        }

        foreach (var traceId in order)
        {
            var observations = traces[traceId];
            var ids = new HashSet<string>(observations.Select(o => o.SpanId), StringComparer.Ordinal);
            var tops = observations.Count(o => o.ParentSpanId is null);
            if (traceId.Length > 0 && tops > 1 && !ids.Contains(traceId) && !spans.Any(s => s.SpanId == traceId))
            {
                var start = observations.Min(o => o.StartTimeUnixNano);
                var end = observations.Max(o => o.StartTimeUnixNano + Math.Max(0, o.DurationNanos));
                var root = new SpanData { SpanId = traceId, TraceId = traceId, Name = "trace", StartTimeUnixNano = start, DurationNanos = end - start, SourceLine = observations[0].SourceLine };
                spans.Add(root);
                foreach (var observation in observations) observation.ParentSpanId ??= traceId;
            }

            spans.AddRange(observations);
        }
    }

    private static bool IsSameObservation(SpanData a, SpanData b) =>
        (a.TraceId.Length == 0 || b.TraceId.Length == 0 || a.TraceId == b.TraceId) && a.Name == b.Name
        && a.StartTimeUnixNano == b.StartTimeUnixNano && a.DurationNanos == b.DurationNanos;

    /// <summary>A trace object read, waiting for observations that may follow it in the document.</summary>
    private sealed class ParsedTrace(TraceInput input, SpanData root, long objectStart)
    {
        public List<SpanData> Observations { get; } = [];
        public long? Timestamp { get; set; }
        public double? LatencySeconds { get; set; }
        /// <summary>Where the trace lists observation ids only (the list API's shape), when it does.</summary>
        public long? IdsOnlyAt { get; set; }

        public void AddTo(List<SpanData> spans, List<SpanData> beside)
        {
            if (root.SpanId.Length == 0) throw input.Error(objectStart, "expected a Langfuse trace with a non-empty \"id\"");
            var observations = new List<SpanData>(beside);
            var seen = new HashSet<string>(beside.Select(o => o.SpanId), StringComparer.Ordinal);
            foreach (var nested in Observations)
            {
                if (seen.Add(nested.SpanId)) observations.Add(nested);
            }

            if (IdsOnlyAt is { } at && beside.Count == 0)
            {
                throw input.Error(at, "expected an observation object, found an observation id: this export lists ids only; export the full trace (GET /api/public/traces/{traceId})");
            }

            root.TraceId = root.SpanId;
            root.StartTimeUnixNano = Timestamp ?? (observations.Count > 0 ? observations.Min(o => o.StartTimeUnixNano) : 0);
            if (LatencySeconds is { } seconds && double.IsFinite(seconds) && seconds >= 0 && seconds < 1e9)
            {
                root.DurationNanos = (long)Math.Round(seconds * 1e9);
            }
            else if (observations.Count > 0)
            {
                var end = observations.Max(o => o.StartTimeUnixNano + Math.Max(0, o.DurationNanos));
                root.DurationNanos = Math.Max(0, end - root.StartTimeUnixNano);
            }

            spans.Add(root);
            foreach (var observation in observations)
            {
                if (observation.TraceId.Length == 0) observation.TraceId = root.TraceId;
                observation.ParentSpanId ??= root.SpanId;
                spans.Add(observation);
            }
        }
    }

    private static ParsedTrace ReadTrace(TraceInput input, ref Utf8JsonReader reader, bool observationIdsAllowed = false)
    {
        var root = new SpanData { SourceLine = input.LineAt(reader.TokenStartIndex), Name = "trace" };
        var trace = new ParsedTrace(input, root, reader.TokenStartIndex);
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            input.Next(ref reader);
            switch (name)
            {
                case "id": root.SpanId = input.ReadId(ref reader, "id") ?? ""; break;
                case "name": root.Name = input.ReadString(ref reader, name) ?? "trace"; break;
                case "timestamp": trace.Timestamp = reader.TokenType == JsonTokenType.Null ? null : input.ReadIsoTime(ref reader, name); break;
                case "latency": trace.LatencySeconds = reader.TokenType == JsonTokenType.Null ? null : input.ReadDouble(ref reader, name); break;
                case "input" or "output":
                    {
                        var value = input.ReadPlainValue(ref reader);
                        if (value.Kind != AttributeValueKind.Null) root.Add("langfuse." + name, ExportJson.Text(value));
                        break;
                    }

                case "userId": AddPlain(input, ref reader, root, "langfuse.user.id"); break;
                case "sessionId": AddPlain(input, ref reader, root, "langfuse.session.id"); break;
                case "observations":
                    if (ReadObservations(input, ref reader, trace.Observations, observationIdsAllowed) is { } idsAt) trace.IdsOnlyAt = idsAt;
                    break;
                default: AddPlain(input, ref reader, root, "langfuse." + name); break;
            }

            input.Next(ref reader);
        }

        return trace;
    }

    /// <summary>
    /// Reads an array of observation objects. A list of ids (what the trace list API gives) is an error unless
    /// <paramref name="idsAllowed"/>, when the full observations may follow beside the trace; then the offset of the
    /// first id is returned.
    /// </summary>
    private static long? ReadObservations(TraceInput input, ref Utf8JsonReader reader, List<SpanData> into, bool idsAllowed)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        input.Expect(ref reader, JsonTokenType.StartArray, "an array of observation objects for \"observations\"");
        long? idsAt = null;
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                if (!idsAllowed)
                {
                    throw input.Error(reader, "expected an observation object, found an observation id: this export lists ids only; export the full trace (GET /api/public/traces/{traceId})");
                }

                idsAt ??= reader.TokenStartIndex;
            }
            else
            {
                input.Expect(ref reader, JsonTokenType.StartObject, "an observation object");
                into.Add(ReadObservation(input, ref reader));
            }

            input.Next(ref reader);
        }

        return idsAt;
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
        AttributeValue? inputValue = null, outputValue = null, metadata = null, parameters = null, usage = null, usageDetails = null, costDetails = null;
        long? endNanos = null, promptTokens = null, completionTokens = null;
        double? totalCost = null;
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
                case "type": type = input.ReadString(ref reader, "observations[].type")?.ToUpperInvariant(); break;
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
                case "level": level = input.ReadString(ref reader, "observations[].level")?.ToUpperInvariant(); break;
                case "statusMessage": statusMessage = input.ReadString(ref reader, "observations[].statusMessage"); break;
                case "model": model = input.ReadString(ref reader, "observations[].model") ?? model; break;
                case "providedModelName": model ??= input.ReadString(ref reader, "observations[].providedModelName"); break;
                case "input": inputValue = input.ReadPlainValue(ref reader); break;
                case "output": outputValue = input.ReadPlainValue(ref reader); break;
                case "metadata": metadata = input.ReadPlainValue(ref reader); break;
                case "modelParameters": parameters = input.ReadPlainValue(ref reader); break;
                case "usage": usage = input.ReadPlainValue(ref reader); break;
                case "usageDetails": usageDetails = input.ReadPlainValue(ref reader); break;
                case "costDetails": costDetails = input.ReadPlainValue(ref reader); break;
                case "totalCost" or "calculatedTotalCost":
                    if (reader.TokenType != JsonTokenType.Null) totalCost ??= input.ReadDouble(ref reader, "observations[]." + name);
                    break;
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
        span.DurationNanos = type == "EVENT" || endNanos is null ? 0 : Math.Max(0, endNanos.Value - span.StartTimeUnixNano);

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
        if (costDetails is { Kind: not AttributeValueKind.Null }) span.Add("langfuse.cost_details", costDetails);
        if ((costDetails?.Get("total") is { } total && total.TryGetDouble(out var sum) ? sum : totalCost) is { } cost) span.Add("langfuse.cost.total", cost);

        // The UI and some SDKs hand payloads over as JSON text; the mapping reads the JSON inside.
        var parsedInput = Parsed(inputValue);
        var parsedOutput = Parsed(outputValue);
        var parsedMetadata = Parsed(metadata);
        var usageSource = Parsed(usageDetails) ?? Parsed(usage);
        var facts = new GenAiSemconv();
        switch (type)
        {
            case "GENERATION":
                facts.Operation = GenAiSemconv.Chat;
                facts.RequestModelName = model;
                facts.ResponseModelName = model;
                facts.Provider = parsedMetadata?.GetText("ls_provider", "provider");
                facts.RequestParameters = Parsed(parameters);
                facts.InputTokenCount = usageSource?.GetInt("input", "prompt_tokens", "input_tokens", "promptTokens") ?? promptTokens;
                facts.OutputTokenCount = usageSource?.GetInt("output", "completion_tokens", "output_tokens", "completionTokens") ?? completionTokens;
                MapGeneration(parsedInput, parsedOutput, facts);
                break;
            case "TOOL":
                facts.Operation = GenAiSemconv.ExecuteTool;
                MapTool(span, parsedInput, parsedOutput, parsedMetadata, facts);
                break;
            case "SPAN" when LooksLikeToolCall(parsedInput, parsedMetadata):
                facts.Operation = GenAiSemconv.ExecuteTool;
                MapTool(span, parsedInput, parsedOutput, parsedMetadata, facts);
                break;
            case "AGENT":
                facts.Operation = GenAiSemconv.InvokeAgent;
                facts.Agent = span.Name;
                break;
            case "EMBEDDING":
                facts.Operation = GenAiSemconv.Embeddings;
                facts.RequestModelName = model;
                facts.InputTokenCount = usageSource?.GetInt("input", "prompt_tokens", "input_tokens") ?? promptTokens;
                break;
            // CHAIN, RETRIEVER, EVALUATOR, GUARDRAIL, SPAN and EVENT are steps without a gen-ai operation of their own.
        }

        facts.ApplyTo(span);
        var endTime = JsonValues.FromUnixNanos(span.StartTimeUnixNano + span.DurationNanos);
        // Level ERROR is a failure; DEBUG, DEFAULT and WARNING stay on the span as langfuse.level and langfuse.status_message.
        if (level == "ERROR") GenAiSemconv.SetError(span, statusMessage, endTime);

        return span;
    }

    /// <summary>A payload given as JSON text, parsed; any other value as it is.</summary>
    private static AttributeValue? Parsed(AttributeValue? value) =>
        value is { Kind: AttributeValueKind.String } && ExportJson.TryParse(value.AsString, out var json) ? json : value;

    private static void MapGeneration(AttributeValue? input, AttributeValue? output, GenAiSemconv facts)
    {
        if (input is { Kind: not AttributeValueKind.Null })
        {
            facts.Input.AddRange(GenAiMessages.FromList(input, "user"));
            // The tools the call offered: beside the messages, or among the keyword arguments @observe recorded.
            if ((input.Get("tools") ?? input.Get("kwargs")?.Get("tools")) is { Kind: AttributeValueKind.Array } tools)
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
