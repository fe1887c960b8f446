using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.Formats;

/// <summary>
/// LangSmith runs: a run tree <c>{id, name, run_type, start_time, end_time, parent_run_id, trace_id, dotted_order,
/// inputs, outputs, error, extra:{metadata, invocation_params}, events, tags, child_runs:[…]}</c>, an array of runs
/// linked by <c>parent_run_id</c>, or <c>{"runs":[…]}</c>, or JSON Lines of runs (one <c>list_runs</c> result per line). Times are ISO 8601 (UTC when no offset is given) or,
/// as the JS SDK writes them, epoch milliseconds. The trace id is
/// <c>trace_id</c>, else the root of <c>dotted_order</c>, else the root run's id. The SDKs' batch ingest body
/// <c>{"post": [...], "patch": [...]}</c> is read too, a run created then completed merged into one. <c>inputs</c>/<c>outputs</c>
/// are kept as JSON text (<c>langsmith.inputs</c>/<c>langsmith.outputs</c>) beside the gen-ai semconv attributes.
/// </summary>
internal sealed class LangSmithReader : ITraceReader
{
    public TraceFormat Format => TraceFormat.LangSmith;

    public int Score(FormatProbe probe)
    {
        var score = 0;
        foreach (var prefix in (string[])["", "/runs", "/post", "/patch"])
        {
            if (!probe.Has(prefix + "/run_type")) continue;
            var own = probe.Has(prefix + "/id") && (probe.Has(prefix + "/inputs") || probe.Has(prefix + "/parent_run_id")
                                                    || probe.Has(prefix + "/child_runs") || probe.Has(prefix + "/dotted_order"));
            score = Math.Max(score, own ? 80 : 45);
        }

        return score;
    }

    public void Read(TraceInput input, List<SpanData> spans, List<TraceWarning> warnings)
    {
        if (ExportJson.IsJsonLines(input.Utf8.Span))
        {
            // list_runs written one run per line (a dataset export, or `for run in client.list_runs(...)` dumped as JSON).
            input.ReadLines(spans, "a LangSmith run object", (TraceInput line, ref Utf8JsonReader r) => ReadRun(line, ref r, spans));
            AssignTraceIds(spans);
            NameGraphAgents(spans);
            GenAiSemconv.LinkToolCalls(spans);
            return;
        }

        var reader = input.CreateReader();
        input.Next(ref reader);
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            ReadRunArray(input, ref reader, spans, null);
        }
        else
        {
            input.Expect(ref reader, JsonTokenType.StartObject, "a LangSmith run object, an array of runs, {\"runs\": [...]} or {\"post\": [...], \"patch\": [...]}");
            if (input.HasProperty(reader, "post", "patch") && !input.HasProperty(reader, "run_type"))
            {
                ReadBatch(input, ref reader, spans);
            }
            else if (input.HasProperty(reader, "runs") && !input.HasProperty(reader, "run_type"))
            {
                input.Next(ref reader);
                while (reader.TokenType != JsonTokenType.EndObject)
                {
                    var isRuns = reader.ValueTextEquals("runs"u8);
                    input.Next(ref reader);
                    if (isRuns)
                    {
                        input.Expect(ref reader, JsonTokenType.StartArray, "an array of runs for \"runs\"");
                        ReadRunArray(input, ref reader, spans, null);
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
                ReadRun(input, ref reader, spans);
            }
        }

        input.ExpectEnd(ref reader);
        AssignTraceIds(spans);
        NameGraphAgents(spans);
        GenAiSemconv.LinkToolCalls(spans);
    }

    /// <summary>
    /// The SDKs' batch ingest body (<c>POST /runs/batch</c>): <c>{"post": [runs created], "patch": [runs completed]}</c>.
    /// A run created and then completed appears in both; the two are merged by id, the patch's non-null fields over the
    /// post's (end time, outputs, error). A run only patched takes its start from its dotted order.
    /// </summary>
    private static void ReadBatch(TraceInput input, ref Utf8JsonReader reader, List<SpanData> spans)
    {
        var runs = new List<(string Id, List<KeyValuePair<string, AttributeValue>> Fields, long Offset)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var part = reader.GetString()!;
            input.Next(ref reader);
            if (part is "post" or "patch")
            {
                input.ReadArray(ref reader, $"an array of runs for \"{part}\"", (ref Utf8JsonReader r) =>
                {
                    input.Expect(ref r, JsonTokenType.StartObject, $"a run object in \"{part}\"");
                    var offset = r.TokenStartIndex;
                    var run = input.ReadPlainValue(ref r);
                    var id = run.GetText("id") ?? throw input.Error(offset, "expected a run with a non-empty \"id\"");
                    if (!index.TryGetValue(id, out var at))
                    {
                        index[id] = runs.Count;
                        runs.Add((id, [.. run.Entries], offset));
                        return;
                    }

                    var fields = runs[at].Fields;
                    foreach (var (key, value) in run.Entries)
                    {
                        if (value.Kind == AttributeValueKind.Null) continue;
                        var existing = fields.FindIndex(f => f.Key == key);
                        if (existing >= 0) fields[existing] = new(key, value);
                        else fields.Add(new(key, value));
                    }
                });
            }
            else
            {
                input.SkipValue(ref reader);
            }

            input.Next(ref reader);
        }

        foreach (var (id, fields, offset) in runs)
        {
            if (!fields.Any(f => f.Key == "start_time" && f.Value.Kind != AttributeValueKind.Null)
                && fields.FirstOrDefault(f => f.Key == "dotted_order").Value?.AsString is { } dotted && StartOfDottedOrder(dotted, id) is { } start)
            {
                fields.Add(new("start_time", start));
            }

            // The merged run is read like any run; an error in it is reported where the run starts in the file.
            var merged = new TraceInput(System.Text.Encoding.UTF8.GetBytes(AttributeValue.FromMap(fields).ToJson()), input.SourceName);
            var first = spans.Count;
            try
            {
                var runReader = merged.CreateReader();
                merged.Next(ref runReader);
                ReadRun(merged, ref runReader, spans);
            }
            catch (TraceFormatException e)
            {
                throw input.Error(offset, e.Reason);
            }

            for (var i = first; i < spans.Count; i++) spans[i].SourceLine = input.LineAt(offset);
        }
    }

    /// <summary>The start time in the last segment of a dotted order (<c>20240501T101500123456Z&lt;run id&gt;</c>) when it names the run.</summary>
    private static string? StartOfDottedOrder(string dottedOrder, string runId)
    {
        var last = dottedOrder[(dottedOrder.LastIndexOf('.') + 1)..];
        var z = last.IndexOf('Z', StringComparison.Ordinal);
        if (z < 0 || !string.Equals(last[(z + 1)..], runId, StringComparison.OrdinalIgnoreCase)) return null;
        var stamp = last[..z];
        string[] formats = ["yyyyMMdd'T'HHmmssffffff", "yyyyMMdd'T'HHmmssfff"];
        return DateTime.TryParseExact(stamp, formats, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    private readonly record struct NestedRun(SpanData Span, string? DeclaredParent, long DeclaredParentOffset);

    private static void ReadRunArray(TraceInput input, ref Utf8JsonReader reader, List<SpanData> spans, List<NestedRun>? children)
    {
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            input.Expect(ref reader, JsonTokenType.StartObject, "a run object");
            var run = ReadRun(input, ref reader, spans);
            children?.Add(run);
            input.Next(ref reader);
        }
    }

    /// <summary>
    /// Reads one run and, recursively, its <c>child_runs</c>. Recursion follows JSON nesting, which the
    /// reader bounds at <see cref="TraceInput.MaxDepth"/>.
    /// </summary>
    private static NestedRun ReadRun(TraceInput input, ref Utf8JsonReader reader, List<SpanData> spans)
    {
        var span = new SpanData { SourceLine = input.LineAt(reader.TokenStartIndex) };
        spans.Add(span);
        var objectStart = reader.TokenStartIndex;
        string? runType = null, error = null, dottedOrder = null, status = null;
        AttributeValue? inputs = null, outputs = null, extra = null;
        long? endNanos = null, promptTokens = null, completionTokens = null;
        long parentOffset = -1;
        var hasStart = false;
        var children = new List<NestedRun>();
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            input.Next(ref reader);
            switch (name)
            {
                case "id": span.SpanId = input.ReadId(ref reader, "id") ?? ""; break;
                case "name": span.Name = input.ReadString(ref reader, name) ?? ""; break;
                case "run_type": runType = input.ReadString(ref reader, name); break;
                case "start_time":
                    span.StartTimeUnixNano = ReadTime(input, ref reader, name);
                    hasStart = true;
                    break;
                case "end_time": endNanos = reader.TokenType == JsonTokenType.Null ? null : ReadTime(input, ref reader, name); break;
                case "parent_run_id":
                    parentOffset = reader.TokenStartIndex;
                    span.ParentSpanId = input.ReadId(ref reader, name);
                    break;
                case "trace_id": span.TraceId = input.ReadId(ref reader, name) ?? ""; break;
                case "dotted_order": dottedOrder = input.ReadString(ref reader, name); break;
                case "status":
                    status = input.ReadString(ref reader, name);
                    if (status is not null) span.Add("langsmith.status", status);
                    break;
                case "inputs": inputs = input.ReadPlainValue(ref reader); break;
                case "outputs": outputs = input.ReadPlainValue(ref reader); break;
                case "error": error = reader.TokenType == JsonTokenType.String ? reader.GetString() : NonNullText(input.ReadPlainValue(ref reader)); break;
                case "extra": extra = input.ReadPlainValue(ref reader); break;
                case "events": ReadEvents(input, ref reader, span); break;
                case "prompt_tokens": promptTokens = reader.TokenType == JsonTokenType.Null ? null : input.ReadInt64(ref reader, name); break;
                case "completion_tokens": completionTokens = reader.TokenType == JsonTokenType.Null ? null : input.ReadInt64(ref reader, name); break;
                case "child_runs":
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        input.Expect(ref reader, JsonTokenType.StartArray, "an array for \"child_runs\"");
                        ReadRunArray(input, ref reader, spans, children);
                    }

                    break;
                default:
                    {
                        var value = input.ReadPlainValue(ref reader);
                        if (value.Kind != AttributeValueKind.Null) span.Add("langsmith." + name, value);
                        break;
                    }
            }

            input.Next(ref reader);
        }

        if (span.SpanId.Length == 0) throw input.Error(objectStart, "expected a run with a non-empty \"id\"");
        if (!hasStart) throw input.Error(objectStart, $"expected \"start_time\" on run '{span.SpanId}'");
        foreach (var child in children)
        {
            if (child.DeclaredParent is { } declared && !string.Equals(declared, span.SpanId, StringComparison.OrdinalIgnoreCase))
            {
                throw input.Error(child.DeclaredParentOffset,
                    $"run '{child.Span.SpanId}' is nested in the child_runs of '{span.SpanId}' but its \"parent_run_id\" names '{declared}'");
            }

            child.Span.ParentSpanId = span.SpanId;
        }

        if (span.Name.Length == 0) span.Name = runType ?? "run";
        span.DurationNanos = endNanos is { } end ? end - span.StartTimeUnixNano : 0;
        if (span.TraceId.Length == 0 && dottedOrder is not null && RootOfDottedOrder(dottedOrder) is { } root) span.TraceId = root;

        if (runType is not null) span.Add("langsmith.run_type", runType);
        if (dottedOrder is not null) span.Add("langsmith.dotted_order", dottedOrder);
        if (inputs is { Kind: not AttributeValueKind.Null }) span.Add("langsmith.inputs", inputs.ToJson());
        if (outputs is { Kind: not AttributeValueKind.Null }) span.Add("langsmith.outputs", outputs.ToJson());
        if (error is not null) span.Add("langsmith.error", error);
        var metadata = extra?.Get("metadata");
        var invocation = extra?.Get("invocation_params");
        if (metadata is { Kind: AttributeValueKind.Map }) span.Add("langsmith.metadata", metadata);
        if (invocation is { Kind: AttributeValueKind.Map }) span.Add("langsmith.invocation_params", invocation);
        if (extra is { Kind: AttributeValueKind.Map })
        {
            foreach (var (key, value) in extra.Entries)
            {
                if (key is not ("metadata" or "invocation_params")) span.Add("langsmith.extra." + key, value);
            }
        }

        var facts = new GenAiSemconv();
        switch (runType)
        {
            case "llm" or "chat_model":
                facts.Operation = GenAiSemconv.Chat;
                MapLlm(inputs, outputs, metadata, invocation, facts);
                facts.InputTokenCount ??= promptTokens;
                facts.OutputTokenCount ??= completionTokens;
                break;
            case "tool":
                facts.Operation = GenAiSemconv.ExecuteTool;
                MapTool(span, inputs, outputs, metadata, facts);
                break;
            case "embedding":
                facts.Operation = GenAiSemconv.Embeddings;
                facts.RequestModelName = invocation?.GetText("model", "model_name") ?? metadata?.GetText("ls_model_name");
                facts.Provider = metadata?.GetText("ls_provider");
                break;
            case "chain" when outputs?.Get("messages") is { Kind: AttributeValueKind.Array } state:
                MapGraphState(inputs, state, facts);
                break;
        }

        facts.ApplyTo(span);
        var endTime = JsonValues.FromUnixNanos(span.StartTimeUnixNano + span.DurationNanos);
        if (!string.IsNullOrWhiteSpace(error))
        {
            GenAiSemconv.SetError(span, error, endTime);
        }
        else if (runType == "tool" && ToolMessageError(outputs) is { } toolError)
        {
            // A tool error handled by LangChain comes back as a ToolMessage with status "error", not as the run's error.
            GenAiSemconv.SetError(span, toolError, endTime);
        }
        else if (string.Equals(status, "error", StringComparison.OrdinalIgnoreCase))
        {
            GenAiSemconv.SetError(span, null, endTime);
        }

        return new NestedRun(span, span.ParentSpanId, parentOffset);
    }

    /// <summary>
    /// Run times are ISO 8601 text (UTC when no offset is given) in exports and the Python SDK, and
    /// epoch milliseconds in the JS SDK's run trees; both are read.
    /// </summary>
    private static long ReadTime(TraceInput input, ref Utf8JsonReader reader, string property)
    {
        if (reader.TokenType != JsonTokenType.Number) return input.ReadIsoTime(ref reader, property);
        // Whole milliseconds are scaled exactly; fractions keep microseconds, which a double holds exactly at this scale.
        const double Limit = 9.2e12;
        if (reader.TryGetInt64(out var whole) && Math.Abs(whole) <= Limit) return whole * 1_000_000;
        var milliseconds = input.ReadDouble(ref reader, property);
        if (!double.IsFinite(milliseconds) || Math.Abs(milliseconds) > Limit)
        {
            throw input.Error(reader, $"expected epoch milliseconds for \"{property}\", found {milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        return (long)Math.Round(milliseconds * 1_000) * 1_000;
    }

    private static string? ToolMessageError(AttributeValue? outputs)
    {
        var output = outputs?.Get("output") ?? outputs;
        var message = output?.Get("kwargs") is { Kind: AttributeValueKind.Map } kwargs ? kwargs : output;
        if (message?.GetText("status") != "error" || message.GetText("tool_call_id") is null) return null;
        return message.Get("content") is { Kind: not AttributeValueKind.Null } content ? ExportJson.Text(content) : "tool error";
    }

    private static string? NonNullText(AttributeValue value) => value.Kind == AttributeValueKind.Null ? null : value.ToString();

    /// <summary>The root run id in a dotted order (<c>20240501T101500123456Z&lt;uuid&gt;.…</c>).</summary>
    private static string? RootOfDottedOrder(string dottedOrder)
    {
        var first = dottedOrder.Split('.')[0];
        var z = first.IndexOf('Z', StringComparison.Ordinal);
        return z >= 0 && z < first.Length - 1 ? first[(z + 1)..] : null;
    }

    /// <summary>
    /// Runs without a trace id take their root's: the nearest ancestor's <c>trace_id</c>, else the id of the
    /// run at the top of the parent chain. Walks are iterative and stop at cycles and missing parents.
    /// </summary>
    private static void AssignTraceIds(List<SpanData> spans)
    {
        var byId = new Dictionary<string, SpanData>(StringComparer.Ordinal);
        foreach (var span in spans) byId.TryAdd(span.SpanId, span);
        var walk = new List<SpanData>();
        var seen = new HashSet<SpanData>(ReferenceEqualityComparer.Instance);
        foreach (var span in spans)
        {
            if (span.TraceId.Length > 0) continue;
            walk.Clear();
            seen.Clear();
            var current = span;
            string? traceId = null;
            while (seen.Add(current))
            {
                walk.Add(current);
                if (current.TraceId.Length > 0)
                {
                    traceId = current.TraceId;
                    break;
                }

                if (current.ParentSpanId is not { } parentId || !byId.TryGetValue(parentId, out var parent)) break;
                current = parent;
            }

            traceId ??= walk[^1].SpanId;
            foreach (var member in walk)
            {
                if (member.TraceId.Length == 0) member.TraceId = traceId;
            }
        }
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
            DateTimeOffset? time = null;
            var attributes = new List<KeyValuePair<string, AttributeValue>>();
            input.Next(ref reader);
            while (reader.TokenType != JsonTokenType.EndObject)
            {
                var property = reader.GetString()!;
                input.Next(ref reader);
                switch (property)
                {
                    case "name": name = input.ReadString(ref reader, "events[].name") ?? ""; break;
                    case "time" or "timestamp":
                        time = reader.TokenType == JsonTokenType.Null ? null : JsonValues.FromUnixNanos(ReadTime(input, ref reader, "events[]." + property));
                        break;
                    case "kwargs": input.ReadPlainObject(ref reader, attributes, "events[].kwargs"); break;
                    default: attributes.Add(new(property, input.ReadPlainValue(ref reader))); break;
                }

                input.Next(ref reader);
            }

            span.Events.Add(new SpanEvent(name, time, AttributeSet.Create(attributes)));
            input.Next(ref reader);
        }
    }

    internal static void MapLlm(AttributeValue? inputs, AttributeValue? outputs, AttributeValue? metadata, AttributeValue? invocation, GenAiSemconv facts)
    {
        facts.Provider = metadata?.GetText("ls_provider");
        facts.RequestModelName = invocation?.GetText("model", "model_name") ?? metadata?.GetText("ls_model_name");
        // Chat models record their parameters as invocation_params; wrap_openai's runs have the request body as their inputs.
        facts.RequestParameters = invocation is { Kind: AttributeValueKind.Map, Entries.Count: > 0 } || inputs?.Get("model") is null ? invocation : inputs;
        if (invocation?.Get("tools") is { Kind: AttributeValueKind.Array } tools)
        {
            foreach (var tool in tools.Items) facts.Tools.Add(GenAiMessages.ToolDefinition(tool));
        }

        // wrap_openai and @traceable(run_type="llm") record the request's own body as the inputs (messages, model, tools)
        // and the provider's response as the outputs (an OpenAI chat completion with choices and usage).
        facts.RequestModelName ??= inputs?.GetText("model");
        if (facts.Tools.Count == 0 && inputs?.Get("tools") is { Kind: AttributeValueKind.Array } requestTools)
        {
            foreach (var tool in requestTools.Items) facts.Tools.Add(GenAiMessages.ToolDefinition(tool));
        }

        var usage = metadata?.Get("usage_metadata") ?? outputs?.Get("usage_metadata");
        var tokenUsage = outputs?.Get("llm_output")?.Get("token_usage") ?? outputs?.Get("usage");
        facts.InputTokenCount = usage?.GetInt("input_tokens") ?? tokenUsage?.GetInt("prompt_tokens", "input_tokens");
        facts.OutputTokenCount = usage?.GetInt("output_tokens") ?? tokenUsage?.GetInt("completion_tokens", "output_tokens");
        facts.ResponseModelName = outputs?.Get("llm_output")?.GetText("model_name", "model") ?? (outputs?.Get("choices") is not null ? outputs.GetText("model") : null);

        if (inputs?.Get("messages") is { Kind: AttributeValueKind.Array } messages)
        {
            facts.Input.AddRange(GenAiMessages.FromList(messages, "user"));
        }
        else if (inputs?.Get("instructions") is { Kind: AttributeValueKind.String } instructions && inputs.Get("input") is { } responsesInput)
        {
            // The Responses API's request: instructions are the system message, input the conversation.
            facts.Input.Add(GenAiMessages.Message("system", [GenAiMessages.TextPart(instructions.AsString!)], null, null));
            facts.Input.AddRange(GenAiMessages.FromList(responsesInput, "user"));
        }
        else if (inputs?.Get("prompts") is { Kind: AttributeValueKind.Array } prompts)
        {
            foreach (var prompt in prompts.Items)
            {
                facts.Input.Add(GenAiMessages.Message("user", [GenAiMessages.TextPart(prompt.ToString())], null, null));
            }
        }
        else if (inputs?.GetAny("input", "prompt") is { } single)
        {
            facts.Input.AddRange(GenAiMessages.FromList(single, "user"));
        }

        if (outputs?.Get("generations") is { Kind: AttributeValueKind.Array } generations)
        {
            foreach (var item in generations.Items)
            {
                foreach (var generation in item.Kind == AttributeValueKind.Array ? item.Items : [item])
                {
                    AddGeneration(generation, facts);
                }
            }
        }
        else if (outputs?.Get("choices") is { Kind: AttributeValueKind.Array } choices)
        {
            foreach (var choice in choices.Items)
            {
                if (choice.Get("message") is { } message && GenAiMessages.FromMessage(message, "assistant") is { } m)
                {
                    facts.Output.Add(choice.GetText("finish_reason") is { } reason ? GenAiMessages.WithFinishReason(m, reason) : m);
                }
            }
        }
        else if (outputs is { Kind: AttributeValueKind.Map } && (outputs.Get("kwargs") is not null || outputs.Get("content") is not null || outputs.Get("role") is not null))
        {
            // Newer chat model runs record the AI message itself as the outputs.
            if (GenAiMessages.FromMessage(outputs, "assistant") is { } message) facts.Output.Add(message);
        }
        else if (outputs?.GetAny("output", "text") is { } output)
        {
            facts.Output.AddRange(GenAiMessages.FromList(output, "assistant"));
        }

        foreach (var message in facts.Output)
        {
            if (message.GetText("finish_reason") is { } reason) facts.FinishReasonList.Add(reason);
        }

        // A Responses API answer cut short says why in incomplete_details (max_output_tokens, content_filter).
        if (outputs?.GetText("object") == "response" && outputs.Get("incomplete_details")?.GetText("reason") is { } incomplete)
        {
            facts.FinishReasonList.Add(incomplete);
        }

        facts.ResponseModelName ??= outputs?.GetText("object") == "response" ? outputs.GetText("model") : null;
    }

    private static void AddGeneration(AttributeValue generation, GenAiSemconv facts)
    {
        var reason = generation.Get("generation_info")?.GetText("finish_reason", "stop_reason");
        AttributeValue? message = null;
        if (generation.Get("message") is { Kind: AttributeValueKind.Map } raw)
        {
            message = GenAiMessages.FromMessage(raw, "assistant");
            var body = raw.Get("kwargs") ?? raw.Get("data") ?? raw;
            facts.ResponseModelName ??= body.Get("response_metadata")?.GetText("model_name", "model");
            if (body.Get("usage_metadata") is { Kind: AttributeValueKind.Map } usage)
            {
                facts.InputTokenCount ??= usage.GetInt("input_tokens");
                facts.OutputTokenCount ??= usage.GetInt("output_tokens");
            }
        }
        else if (generation.GetText("text") is { } text)
        {
            message = GenAiMessages.Message("assistant", [GenAiMessages.TextPart(text)], null, null);
        }

        if (message is null) return;
        facts.Output.Add(reason is null ? message : GenAiMessages.WithFinishReason(message, reason));
    }

    /// <summary>
    /// A LangGraph node or graph run: its outputs are the graph's state, whose <c>messages</c> are the messages the node
    /// added (the whole conversation for the graph itself). What the run said is its AI messages' text; the human input and
    /// the tool messages (each recorded by its own tool run) are not its words, nor are the message ids and response
    /// metadata beside them.
    /// </summary>
    private static void MapGraphState(AttributeValue? inputs, AttributeValue state, GenAiSemconv facts)
    {
        // A step of the agent graph, as an invoke_agent span of the gen-ai conventions is a step of an agent.
        facts.Operation = GenAiSemconv.InvokeAgent;
        if (inputs?.Get("messages") is { Kind: AttributeValueKind.Array } given) facts.Input.AddRange(GenAiMessages.FromList(given, "user"));
        foreach (var message in GenAiMessages.FromList(state, "assistant"))
        {
            if (message.GetText("role") == "assistant") facts.Output.Add(message);
        }

        // A node that only ran tools (a react agent's "tools" node) added tool messages and said nothing itself.
        if (facts.Output.Count == 0) facts.Output.Add(GenAiMessages.Message("assistant", [], null, null));
    }

    /// <summary>
    /// The agent of each run of a LangGraph multi-agent graph: a graph node that is itself a graph (a worker or supervisor
    /// built as an agent, whose inner runs' <c>langgraph_checkpoint_ns</c> is nested: <c>research_expert:…|agent:…</c>) is an
    /// agent, and every run inside it is that agent's. A flat graph (one agent's <c>agent</c> and <c>tools</c> nodes) names none.
    /// </summary>
    private static void NameGraphAgents(List<SpanData> spans)
    {
        HashSet<string>? agents = null;
        foreach (var span in spans)
        {
            if (Namespace(span) is { } ns && ns.IndexOf('|', StringComparison.Ordinal) > 0) (agents ??= new(StringComparer.Ordinal)).Add(TopNode(ns));
        }

        if (agents is null) return;
        foreach (var span in spans)
        {
            if (Namespace(span) is { } ns && agents.Contains(TopNode(ns))) span.AddIfAbsent(GenAiSemconv.AgentName, AttributeValue.FromString(TopNode(ns)));
        }

        static string TopNode(string ns)
        {
            var end = ns.AsSpan().IndexOfAny(':', '|');
            return end < 0 ? ns : ns[..end];
        }
    }

    private static string? Namespace(SpanData span)
    {
        foreach (var (key, value) in span.Attributes)
        {
            if (key == "langsmith.metadata" && value.Kind == AttributeValueKind.Map) return value.GetText("langgraph_checkpoint_ns", "checkpoint_ns") is { Length: > 0 } ns ? ns : null;
        }

        return null;
    }

    private static void MapTool(SpanData span, AttributeValue? inputs, AttributeValue? outputs, AttributeValue? metadata, GenAiSemconv facts)
    {
        facts.Tool = span.Name;
        var arguments = inputs?.Get("input") ?? inputs;
        if (arguments is { Kind: AttributeValueKind.Map } && ReferenceEquals(arguments, inputs) && inputs.Get("tool_call_id") is not null)
        {
            // The call id travels beside the arguments, not among them.
            arguments = AttributeValue.FromMap(inputs.Entries.Where(e => e.Key != "tool_call_id"));
        }

        if (arguments is { Kind: not AttributeValueKind.Null }) facts.Arguments = ExportJson.Text(arguments);
        facts.CallId = inputs?.GetText("tool_call_id") ?? metadata?.GetText("tool_call_id");

        var output = outputs?.Get("output") ?? outputs;
        if (output is null or { Kind: AttributeValueKind.Null }) return;
        var message = output.Get("kwargs") is { Kind: AttributeValueKind.Map } kwargs ? kwargs : output;
        if (message.GetText("tool_call_id") is { } callId && message.Get("content") is { } content)
        {
            // A ToolMessage: the result is its content, and it names the call it answers.
            facts.CallId ??= callId;
            facts.Result = ExportJson.Text(content);
        }
        else
        {
            facts.Result = ExportJson.Text(output);
        }
    }
}
