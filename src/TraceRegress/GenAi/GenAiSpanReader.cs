using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Model;

namespace TraceRegress.GenAi;

/// <summary>
/// Normalises one span's gen-ai content across semantic-convention versions and vendors: the newest
/// semconv attributes (<c>gen_ai.input.messages</c>, <c>gen_ai.output.messages</c>, <c>gen_ai.system_instructions</c>),
/// the older events (<c>gen_ai.*.message</c>, <c>gen_ai.choice</c>), OpenLLMetry's indexed <c>gen_ai.prompt.N.*</c> /
/// <c>gen_ai.completion.N.*</c>, OpenInference's <c>llm.*_messages</c> and <c>input.value</c>/<c>output.value</c>,
/// and <c>execute_tool</c> spans' <c>gen_ai.tool.*</c> attributes.
/// </summary>
internal static partial class GenAiSpanReader
{
    // Documents parsed while reading one span: its messages are copied out into the view, so the documents are
    // disposed (their buffers go back to the pool) when the span is read.
    [ThreadStatic]
    private static List<JsonDocument>? t_documents;

    // The messages already read while building one trace's view: a conversation history repeated in every later call
    // is recognised message by message (same JSON, same place) and read once; the calls share the message objects.
    [ThreadStatic]
    private static MessageCache? t_messages;

    public static GenAiSpan Read(Span span) => Read(span, null);

    /// <summary>Reads a span, sharing messages read before through <paramref name="messages"/> (one cache per trace).</summary>
    internal static GenAiSpan Read(Span span, MessageCache? messages)
    {
        var outer = t_documents;
        var outerMessages = t_messages;
        var documents = t_documents = [];
        t_messages = messages;
        try
        {
            return ReadSpan(span);
        }
        finally
        {
            foreach (var d in documents) d.Dispose();
            t_documents = outer;
            t_messages = outerMessages;
        }
    }

    private static bool TryRead(AttributeValue value, out JsonElement root)
    {
        var document = JsonContent.ReadDocument(value);
        root = document?.RootElement ?? default;
        if (document is null) return false;
        (t_documents ??= []).Add(document);
        return true;
    }

    private static GenAiSpan ReadSpan(Span span)
    {
        var g = new GenAiSpan(span);
        var a = span.Attributes;
        g.Provider = a.GetString("gen_ai.provider.name", "gen_ai.system", "llm.provider", "llm.system", "llm.vendor");
        g.RequestModel = a.GetString("gen_ai.request.model", "llm.request.model", "llm.model_name") ?? HandRolledModel(a);
        g.ResponseModel = a.GetString("gen_ai.response.model", "llm.response.model");
        ReadTokens(g, a);
        ReadFinishReasons(g, a);
        ReadToolDefinitions(g, a);
        ReadOutputType(g, a);

        // A tool execution's own events (Strands Agents) hold its arguments and result, not a conversation.
        var declared = a.GetString("gen_ai.operation.name");
        var toolSpan = declared == GenAiOperation.ExecuteTool || (declared is null && span.Name.StartsWith("execute_tool ", StringComparison.Ordinal));
        ReadSemconvMessages(g, a);
        ReadEvents(g, span, toolSpan);
        if (g.InputMessages.Count == 0 && g.OutputMessages.Count == 0) ReadEventList(g, a);
        if (g.InputMessages.Count == 0 && g.OutputMessages.Count == 0) ReadAgentRun(g, span);
        if (g.InputMessages.Count == 0 && g.OutputMessages.Count == 0) ReadVertexAgent(g, a);
        if (g.InputMessages.Count == 0 && g.OutputMessages.Count == 0) ReadIndexedMessages(g, a);
        if (g.InputMessages.Count == 0 && g.OutputMessages.Count == 0) ReadFlatPrompt(g, a);
        if (g.InputMessages.Count == 0 && g.OutputMessages.Count == 0) ReadResponsesSpan(g, a);

        if (!g.ToolDefinitionsKnown && g.InputMessages.Count > 0) ReadPromptTools(g);

        var traceloopKind = a.GetString("traceloop.span.kind");
        g.ToolName = a.GetString("gen_ai.tool.name", "tool.name", "spring.ai.tool.definition.name") ?? (traceloopKind == "tool" ? a.GetString("traceloop.entity.name") : null);
        g.ToolCallId = a.GetString("gen_ai.tool.call.id", "tool_call.id");
        // Logfire's OpenAI Agents function span ("Function: {name}"): the tool's name, input and output.
        if (a.GetString("logfire.msg_template") == "Function: {name}" && a.GetString("name") is { Length: > 0 } function)
        {
            g.ToolName ??= function;
            if (Text(span, "input") is { } input) g.ToolCallArguments ??= input;
            if (Text(span, "output") is { } output) g.ToolCallResult ??= output;
        }

        // Pydantic AI's tool spans write tool_arguments / tool_response; Google ADK's the gcp.vertex.agent.tool_* pair.
        // Spring AI's tool_call spans write spring.ai.tool.call.arguments / spring.ai.tool.call.result.
        if (Text(span, "gen_ai.tool.call.arguments", "tool.parameters", "tool.input", "tool.arguments", "tool.args", "tool_arguments", "gcp.vertex.agent.tool_call_args", "spring.ai.tool.call.arguments") is { } args) g.ToolCallArguments ??= args;
        if (Text(span, "gen_ai.tool.call.result", "tool.output", "tool.result", "tool_response", "gcp.vertex.agent.tool_response", "spring.ai.tool.call.result") is { } result) g.ToolCallResult ??= result;

        // OpenLLMetry's LlamaIndex task around a tool object's call (FunctionTool, QueryEngineTool): the call's keyword
        // arguments in, the tool's output out.
        if (a.GetString("traceloop.span.kind") == "task" && LlamaIndexTool(a))
        {
            if (Text(span, "traceloop.entity.input") is { } input) g.ToolCallArguments ??= input;
            if (Text(span, "traceloop.entity.output") is { } output) g.ToolCallResult ??= output;
        }

        if (g.ToolName is null && g.RequestModel is null && g.InputMessages.Count == 0 && g.OutputMessages.Count == 0) ReadNamespacedTool(g, span);

        g.Operation = Operation(g, a, span.Name);
        // Google ADK writes the responses of calls the model made at once again on one "execute_tool (merged)" span, named
        // "(merged tools)": each call has its own execute_tool span, so this one names no call and repeats no result.
        if (g.ToolName == "(merged tools)")
        {
            g.ToolName = null;
            g.ToolCallId = null;
            g.ToolCallArguments = null;
            g.ToolCallResult = null;
        }
        else if (g.IsToolExecution)
        {
            // OpenInference TOOL spans carry the call in input.value and the result in output.value; OpenLLMetry's
            // @tool spans in traceloop.entity.input ({"args": [...], "kwargs": {...}}) and traceloop.entity.output.
            g.ToolCallArguments ??= Text(span, "input.value", "traceloop.entity.input");
            g.ToolCallResult ??= Text(span, "output.value", "traceloop.entity.output");
        }
        else if (g.IsModelCall && declared is not null && g.ToolName is { } requested && Text(span, "gen_ai.tool.args") is { } requestedArgs
                 && !g.OutputParts.Any(p => p.Kind == PartKind.ToolCall))
        {
            // OpenLIT records the call the model asked for as gen_ai.tool.name / gen_ai.tool.call.id / gen_ai.tool.args on the chat span.
            var part = new MessagePart(PartKind.ToolCall, requestedArgs.Source, null, g.ToolCallId, requested, requestedArgs.Text);
            g.OutputMessageList.Add(new GenAiMessage("assistant", [part], requestedArgs.Source));
        }
        else if (g.IsModelCall && g.InputMessages.Count == 0 && g.OutputMessages.Count == 0)
        {
            if (Text(span, "input.value") is { } input) g.InputMessageList.Add(new GenAiMessage("user", [new MessagePart(PartKind.Text, input.Source, input.Text)], input.Source));
            if (Text(span, "output.value") is { } output) g.OutputMessageList.Add(new GenAiMessage("assistant", [new MessagePart(PartKind.Text, output.Source, output.Text)], output.Source));
        }

        // A ReAct agent writes the tool it calls in its answer's text (LlamaIndex's ReActAgent, LangChain's ReAct agents:
        // "Action: transfer_enrolment\nAction Input: {...}"): that is its tool call.
        if (g.IsModelCall && g.OutputMessages.Count > 0 && !g.OutputParts.Any(p => p.Kind == PartKind.ToolCall)) ReadReActAction(g);
        // And it is given what the tool returned as a user message that opens with "Observation:": the tool's words, not the user's.
        if (g.IsModelCall && g.InputMessages.Count > 0) ReadReActObservations(g);

        foreach (var message in g.OutputMessages)
        {
            if (message.FinishReason is { } reason && !g.FinishReasons.Any(f => f.Text == reason))
            {
                g.FinishReasonList.Add(new SourcedText(span, MessageJson.Append(message.Source, "$.finish_reason"), reason));
            }
        }

        return g;
    }

    /// <summary>
    /// A hand-rolled tool span that writes the tool's fields under its application's own namespace (app.tool.name,
    /// app.tool.call_id, app.tool.arguments, app.tool.result): the name, call id, arguments and result of a tool call, read
    /// as the same fields under any other name.
    /// </summary>
    private static void ReadNamespacedTool(GenAiSpan g, Span span)
    {
        string? prefix = null;
        foreach (var key in span.Attributes.Keys)
        {
            if (key.EndsWith(".tool.name", StringComparison.Ordinal) && !key.StartsWith("gen_ai.", StringComparison.Ordinal))
            {
                prefix = key[..^"name".Length];
                break;
            }
        }

        if (prefix is null || span.Attributes.GetString(prefix + "name") is not { Length: > 0 } name) return;
        var args = Text(span, prefix + "arguments", prefix + "args", prefix + "input", prefix + "parameters");
        var result = Text(span, prefix + "result", prefix + "output", prefix + "response");
        var id = span.Attributes.GetString(prefix + "call_id", prefix + "call.id");
        if (args is null && result is null && id is null) return;
        g.ToolName = name;
        g.ToolCallId ??= id;
        g.ToolCallArguments ??= args;
        g.ToolCallResult ??= result;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[ \t]*Action:[ \t]*`?(?<name>[A-Za-z_][\w.\-]*)`?[ \t]*\r?\n[ \t]*Action Input:[ \t]*(?<args>\{[\s\S]*?\})[ \t]*(?=\r?\n[ \t]*(?:Observation|Thought)\b|\s*$)", System.Text.RegularExpressions.RegexOptions.Multiline | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ReActAction();

    private static void ReadReActAction(GenAiSpan g)
    {
        foreach (var message in g.OutputMessages)
        {
            foreach (var part in message.Parts)
            {
                if (part.Kind != PartKind.Text || part.Content is not { } text || !text.Contains("Action Input:", StringComparison.Ordinal)) continue;
                if (ReActAction().Match(text) is not { Success: true } m) continue;
                var call = new MessagePart(PartKind.ToolCall, part.Source, null, null, m.Groups["name"].Value, m.Groups["args"].Value);
                g.OutputMessageList.Add(new GenAiMessage("assistant", [call], part.Source));
                return;
            }
        }
    }

    private static void ReadReActObservations(GenAiSpan g)
    {
        var list = g.InputMessageList;
        for (var i = 0; i < list.Count; i++)
        {
            var m = list[i];
            if (m.Role is not ("user" or "human") || m.Parts.Count != 1 || m.Parts[0] is not { Kind: PartKind.Text, Content: { } text } part
                || !text.StartsWith("Observation:", StringComparison.Ordinal)) continue;
            list[i] = new GenAiMessage("tool", [new MessagePart(PartKind.ToolCallResponse, part.Source, text)], m.Source);
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> AttributeSources = new(StringComparer.Ordinal);

    /// <summary>Where an attribute is, as evidence names it (<c>attributes["gen_ai.tool.call.result"]</c>); shared for the keys every span repeats.</summary>
    internal static string AttributeSource(string key)
    {
        // ConcurrentDictionary.Count takes every lock: count additions ourselves.
        if (AttributeSources.TryGetValue(key, out var source)) return source;
        source = $"attributes[\"{key}\"]";
        if (Volatile.Read(ref _attributeSourceCount) < 1024 && AttributeSources.TryAdd(key, source)) Interlocked.Increment(ref _attributeSourceCount);
        return source;
    }

    private static int _attributeSourceCount;

    private static SourcedText? Text(Span span, params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            if (span.Attributes.TryGetValue(key, out var value) && value.Kind != AttributeValueKind.Null)
            {
                return new SourcedText(span, AttributeSource(key), value.ToString());
            }
        }

        return null;
    }

    private static string Operation(GenAiSpan g, AttributeSet a, string spanName)
    {
        // Spring AI marks its observations with spring.ai.kind (its gen_ai.operation.name is "framework" for a tool call).
        if (a.GetString("spring.ai.kind") == "tool_call") return GenAiOperation.ExecuteTool;
        var declared = a.GetString("gen_ai.operation.name");
        if (!string.IsNullOrEmpty(declared)) return Normalise(declared) ?? declared;
        switch (a.GetString("openinference.span.kind")?.ToUpperInvariant())
        {
            case "LLM": return GenAiOperation.Chat;
            case "TOOL": return GenAiOperation.ExecuteTool;
            case "AGENT": return GenAiOperation.InvokeAgent;
            case "EMBEDDING": return GenAiOperation.Embeddings;
        }

        // OpenLLMetry's decorators: @tool and @agent spans (workflows and tasks are plain steps).
        switch (a.GetString("traceloop.span.kind"))
        {
            case "tool": return GenAiOperation.ExecuteTool;
            case "agent": return GenAiOperation.InvokeAgent;
            case "task" when LlamaIndexTool(a): return GenAiOperation.ExecuteTool;
        }

        // Pydantic AI's agent run: the agent's name, and the run's messages or final result.
        if (a.GetString("agent_name") is not null && (a.TryGetValue("all_messages_events", out _) || a.TryGetValue("pydantic_ai.all_messages", out _) || a.TryGetValue("final_result", out _)))
        {
            return GenAiOperation.InvokeAgent;
        }

        // A Strands Agents event-loop cycle repeats the model's answer and the tools' results of the calls inside it.
        if (spanName == "execute_event_loop_cycle" && a.TryGetValue("event_loop.cycle_id", out _)) return GenAiOperation.Other;

        // "execute_tool get_weather", "chat gpt-4o", "gen_ai.chat", "invoke_agent planner".
        var first = spanName.Split(' ', 2)[0];
        var last = first[(first.LastIndexOf('.') + 1)..];
        if (Normalise(first) is { } byName) return byName;
        if (Normalise(last) is { } byLast) return byLast;
        if (g.ToolName is not null && g.RequestModel is null && (g.ToolCallArguments is not null || g.ToolCallResult is not null || g.ToolCallId is not null))
        {
            return GenAiOperation.ExecuteTool;
        }

        if (g.RequestModel is not null || g.ResponseModel is not null || g.OutputMessages.Count > 0) return GenAiOperation.Chat;
        return GenAiOperation.Other;
    }

    // CrewAI writes the tools an agent may use into its system prompt, one block each: "Tool Name: place_order\nTool
    // Arguments: {'customer_id': {'description': None, 'type': 'str'}, ...}\nTool Description: ...".
    [GeneratedRegex(@"^Tool Name: (?<name>[A-Za-z_][\w.\-]*)[ \t]*\r?\nTool Arguments: (?<args>\{.*\})[ \t]*\r?\nTool Description: (?<description>[^\r\n]*)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex CrewAiTool();

    [GeneratedRegex(@"'(?<name>[A-Za-z_]\w*)': \{'description'", RegexOptions.CultureInvariant)]
    private static partial Regex CrewAiArgument();

    // A system prompt that lists its tools under a heading, one a line with its parameters: "Tools you can call:\n-
    // get_order(order_id): order details, items, collection slot."
    [GeneratedRegex(@"^[ \t]*(?:Tools|Functions|Available tools|Available functions)(?: you can (?:call|use))?[ \t]*:[ \t]*\r?$", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ToolListHeading();

    [GeneratedRegex(@"\G\r?\n[ \t]*[-*•][ \t]*`?(?<name>[A-Za-z_][\w.]*)`?\((?<params>[^()\n]*)\)`?[ \t]*(?::|—|–|-)[ \t]*(?<description>[^\r\n]*)", RegexOptions.CultureInvariant)]
    private static partial Regex ListedTool();

    /// <summary>
    /// The tools a system prompt declares where the request records none: CrewAI's blocks, else a list under a heading.
    /// One walk over the instructions reads both; CrewAI's blocks, when there are any, are the declaration.
    /// </summary>
    private static void ReadPromptTools(GenAiSpan g)
    {
        List<ToolDefinition>? crew = null, listed = null;
        foreach (var message in g.InputMessages)
        {
            if (message.Role is not ("system" or "developer")) continue;
            foreach (var part in message.Parts)
            {
                if (part.Content is not { } text) continue;
                if (message.Role == "system" && text.Contains("Tool Name: ", StringComparison.Ordinal))
                {
                    foreach (Match m in CrewAiTool().Matches(text))
                    {
                        var parameters = CrewAiArgument().Matches(m.Groups["args"].Value).Select(p => p.Groups["name"].Value).Distinct(StringComparer.Ordinal).ToList();
                        (crew ??= []).Add(new ToolDefinition(m.Groups["name"].Value, [], parameters, part.Source) { Description = m.Groups["description"].Value.Trim() });
                    }
                }

                if (ToolListHeading().Match(text) is not { Success: true } heading) continue;
                var at = heading.Index + heading.Length;
                for (var m = ListedTool().Match(text, at); m.Success; m = ListedTool().Match(text, at))
                {
                    var parameters = m.Groups["params"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(p => p.Split([':', '=', ' '], 2)[0]).Where(p => p.Length > 0).ToList();
                    (listed ??= []).Add(new ToolDefinition(m.Groups["name"].Value, [], parameters, part.Source) { Description = m.Groups["description"].Value.Trim() });
                    at = m.Index + m.Length;
                }
            }
        }

        if ((crew ?? listed) is not { } declared) return;
        g.ToolDefinitionList.AddRange(declared);
        g.ToolDefinitionsKnown = true;
    }

    // LlamaIndex's tool classes end in "Tool" (FunctionTool, QueryEngineTool, RetrieverTool); OpenLLMetry names the task
    // around a call of one by its class.
    private static bool LlamaIndexTool(AttributeSet a) =>
        a.GetString("traceloop.entity.name") is { Length: > 4 } name && name.EndsWith("Tool", StringComparison.Ordinal) && char.IsUpper(name[0]);

    private static string? Normalise(string name) => name.ToLowerInvariant() switch
    {
        // Semantic Kernel (.NET and Python) writes chat.completions and text.completions.
        "chat" or "chat_completion" or "chat_completions" or "chat.completions" => GenAiOperation.Chat,
        "text_completion" or "completion" or "completions" or "text.completions" => GenAiOperation.TextCompletion,
        "generate_content" => GenAiOperation.GenerateContent,
        "execute_tool" or "tool_call" => GenAiOperation.ExecuteTool,
        "invoke_agent" => GenAiOperation.InvokeAgent,
        "create_agent" => GenAiOperation.CreateAgent,
        "embeddings" or "embedding" => GenAiOperation.Embeddings,
        _ => null,
    };

    private static void ReadTokens(GenAiSpan g, AttributeSet a)
    {
        foreach (var key in (string[])["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.usage.prompt_tokens", "llm.token_count.prompt", "llm.usage.input_tokens"])
        {
            if (a.TryGetValue(key, out var v) && v.TryGetInt64(out var n))
            {
                g.InputTokenCount = n;
                g.InputTokens = new SourcedText(g.Span, AttributeSource(key), n.ToString(CultureInfo.InvariantCulture));
                break;
            }
        }

        g.OutputTokenCount = a.GetInt64("gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", "llm.usage.completion_tokens", "llm.token_count.completion", "llm.usage.output_tokens");
    }

    private static void ReadFinishReasons(GenAiSpan g, AttributeSet a)
    {
        foreach (var key in (string[])["gen_ai.response.finish_reasons", "llm.response.finish_reason", "gen_ai.response.finish_reason", "llm.stop_reason"])
        {
            if (!a.TryGetValue(key, out var value)) continue;
            var source = AttributeSource(key);
            if (value.Kind == AttributeValueKind.Array)
            {
                for (var i = 0; i < value.Items.Count; i++) g.FinishReasonList.Add(new SourcedText(g.Span, $"{source} $[{i}]", value.Items[i].ToString()));
            }
            else if (value.Kind == AttributeValueKind.String && TryRead(value, out var json) && json.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in json.EnumerateArray()) g.FinishReasonList.Add(new SourcedText(g.Span, $"{source} $[{i++}]", JsonContent.Text(item)));
            }
            else if (value.ToString() is { Length: > 0 } text)
            {
                g.FinishReasonList.Add(new SourcedText(g.Span, source, text));
            }
        }
    }

    private static void ReadOutputType(GenAiSpan g, AttributeSet a)
    {
        foreach (var key in (string[])["gen_ai.output.type", "gen_ai.openai.request.response_format", "gen_ai.request.response_format", "llm.invocation_parameters", "gen_ai.request.response_format.type"])
        {
            if (!a.TryGetValue(key, out var value)) continue;
            var text = value.ToString();
            var isJson = key == "llm.invocation_parameters"
                ? text.Contains("\"json_object\"", StringComparison.Ordinal) || text.Contains("\"json_schema\"", StringComparison.Ordinal)
                : text.Contains("json", StringComparison.OrdinalIgnoreCase);
            if (isJson)
            {
                g.RequestedOutputType = new SourcedText(g.Span, AttributeSource(key), text);
                return;
            }
        }
    }

    private static void ReadToolDefinitions(GenAiSpan g, AttributeSet a)
    {
        // Semantic Kernel's agent spans declare the agent's tools as gen_ai.agent.tool_definitions.
        foreach (var key in (string[])["gen_ai.tool.definitions", "gen_ai.request.tools", "llm.request.tools", "gen_ai.agent.tool_definitions"])
        {
            if (!a.TryGetValue(key, out var value)) continue;
            if (!TryRead(value, out var json) || json.ValueKind != JsonValueKind.Array) continue;
            g.ToolDefinitionsKnown = true;
            var i = 0;
            foreach (var item in json.EnumerateArray())
            {
                if (ReadDefinition(item, $"{AttributeSource(key)} $[{i++}]") is { } d) g.ToolDefinitionList.Add(d);
                else g.ToolDefinitionsIncomplete = true;
            }
        }

        // Spring AI's chat client names the tools it was given (no schemas): ["searchKnowledgeBase","lookupAssetWarranty"];
        // so does a hand-rolled llm.tools list, or gives the tools whole.
        foreach (var namesKey in (ReadOnlySpan<string>)["spring.ai.chat.client.tool.names", "spring.ai.model.request.tool_names", "llm.tools"])
        {
            if (!a.TryGetValue(namesKey, out var listed) || !TryRead(listed, out var names) || names.ValueKind != JsonValueKind.Array) continue;
            var i = 0;
            foreach (var item in names.EnumerateArray())
            {
                var at = $"{AttributeSource(namesKey)} $[{(i++).ToString(CultureInfo.InvariantCulture)}]";
                if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } name)
                {
                    g.ToolDefinitionsKnown = true;
                    g.ToolDefinitionList.Add(Definition(name, default, at));
                }
                else if (item.ValueKind == JsonValueKind.Object && ReadDefinition(item, at) is { } declared)
                {
                    // A hand-rolled llm.tools that holds the request's whole tool objects.
                    g.ToolDefinitionsKnown = true;
                    g.ToolDefinitionList.Add(declared);
                }
            }
        }

        // Pydantic AI: model_request_parameters {"function_tools": [{name, parameters_json_schema}], "output_tools": [...]}
        // (an output tool, final_result, is one the model may call too).
        if (a.TryGetValue("model_request_parameters", out var requestParameters) && TryRead(requestParameters, out var request) && request.ValueKind == JsonValueKind.Object)
        {
            foreach (var list in (ReadOnlySpan<string>)["function_tools", "output_tools"])
            {
                if (!JsonContent.TryGet(request, list, out var tools) || tools.ValueKind != JsonValueKind.Array) continue;
                g.ToolDefinitionsKnown = true;
                var i = 0;
                foreach (var tool in tools.EnumerateArray())
                {
                    var at = $"{AttributeSource("model_request_parameters")} $.{list}[{(i++).ToString(CultureInfo.InvariantCulture)}]";
                    if (tool.ValueKind == JsonValueKind.Object && JsonContent.String(tool, "name") is { } name)
                    {
                        g.ToolDefinitionList.Add(Declared(name, tool, JsonContent.TryGet(tool, "parameters_json_schema", out var schema) ? schema : default, at));
                    }
                    else
                    {
                        g.ToolDefinitionsIncomplete = true;
                    }
                }
            }
        }

        // OpenLLMetry: llm.request.functions.N.name / .parameters; OpenInference: llm.tools.N.tool.json_schema.
        foreach (var (index, fields) in Indexed(a, "llm.request.functions."))
        {
            g.ToolDefinitionsKnown = true;
            if (fields.TryGetValue("name", out var name) && name.Value.ToString().Length > 0)
            {
                // The schema is written as .parameters (and by some instrumentations as .arguments); the description beside it.
                var parameters = (fields.TryGetValue("parameters", out var p) || fields.TryGetValue("arguments", out p)) && TryRead(p.Value, out var schema) ? schema : default;
                var definition = Definition(name.Value.ToString(), parameters, AttributeSource($"llm.request.functions.{index}.name"));
                var lines = new List<string>();
                if (fields.TryGetValue("description", out var described) && described.Value.ToString() is { Length: > 0 } text) lines.Add(text);
                if (parameters.ValueKind == JsonValueKind.Object && Description(default, parameters) is { } inner) lines.Add(inner);
                definition = definition with { ParameterRules = ParameterRules(parameters) };
                g.ToolDefinitionList.Add(lines.Count == 0 ? definition : definition with { Description = string.Join('\n', lines) });
            }
            else
            {
                g.ToolDefinitionsIncomplete = true;
            }
        }

        foreach (var (_, fields) in Indexed(a, "llm.tools."))
        {
            g.ToolDefinitionsKnown = true;
            if (fields.TryGetValue("tool.json_schema", out var schema) && TryRead(schema.Value, out var json)
                && ReadDefinition(json, AttributeSource(schema.Key)) is { } d)
            {
                g.ToolDefinitionList.Add(d);
            }
            else
            {
                // Phoenix writes "{}" for a tool whose schema it could not serialise: the tool exists, its name is unknown.
                g.ToolDefinitionsIncomplete = true;
            }
        }
    }

    private static ToolDefinition? ReadDefinition(JsonElement item, string source)
    {
        if (item.ValueKind != JsonValueKind.Object) return null;
        var fn = JsonContent.TryGet(item, "function", out var f) && f.ValueKind == JsonValueKind.Object ? f : item;
        var name = JsonContent.String(fn, "name");
        if (name is null) return null;
        var parameters = JsonContent.TryGet(fn, "parameters", out var p) ? p : JsonContent.TryGet(fn, "input_schema", out var s) ? s : default;
        return Declared(name, fn, parameters, source);
    }

    /// <summary>A declared tool with its description (the tool's and its parameters') and its parameters' form rules.</summary>
    private static ToolDefinition Declared(string name, JsonElement declaration, JsonElement schema, string source) =>
        Definition(name, schema, source) with { Description = Description(declaration, schema), ParameterRules = ParameterRules(schema), ParameterChoices = ParameterChoices(schema) };

    // The parameters that list the values they take: "plot_size": {"type": "string", "enum": ["half", "full"]}. Most
    // definitions have none, and share one empty map.
    private static IReadOnlyDictionary<string, IReadOnlyList<string>> ParameterChoices(JsonElement schema)
    {
        Dictionary<string, IReadOnlyList<string>>? choices = null;
        if (schema.ValueKind != JsonValueKind.Object || !JsonContent.TryGet(schema, "properties", out var props) || props.ValueKind != JsonValueKind.Object) return ToolDefinition.NoChoices;
        foreach (var prop in props.EnumerateObject())
        {
            if (prop.Value.ValueKind != JsonValueKind.Object || !JsonContent.TryGet(prop.Value, "enum", out var e) || e.ValueKind != JsonValueKind.Array) continue;
            var values = new List<string>();
            foreach (var v in e.EnumerateArray())
            {
                if (v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } text) values.Add(text);
            }

            if (values.Count > 0) (choices ??= new(StringComparer.Ordinal))[prop.Name] = values;
        }

        return (IReadOnlyDictionary<string, IReadOnlyList<string>>?)choices ?? ToolDefinition.NoChoices;
    }

    // The parameters whose definition constrains the form of their value: a pattern, or a description that asks for
    // digits only, no spaces, an ISO 8601 date, a fraction or a unit. Most definitions have none, and share one empty map.
    private static IReadOnlyDictionary<string, (string?, string?)> ParameterRules(JsonElement schema)
    {
        Dictionary<string, (string?, string?)>? rules = null;
        if (schema.ValueKind != JsonValueKind.Object || !JsonContent.TryGet(schema, "properties", out var props) || props.ValueKind != JsonValueKind.Object) return ToolDefinition.NoRules;
        foreach (var prop in props.EnumerateObject())
        {
            if (prop.Value.ValueKind != JsonValueKind.Object) continue;
            var pattern = JsonContent.TryGet(prop.Value, "pattern", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            // The description's raw bytes are looked at first: a string is made only for one that states a form.
            string? description = null;
            if (JsonContent.TryGet(prop.Value, "description", out var d) && d.ValueKind == JsonValueKind.String
                && FormRule(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(d))) description = d.GetString();
            if (pattern is { Length: > 0 } || description is not null) (rules ??= new(StringComparer.Ordinal))[prop.Name] = (description, pattern);
        }

        return (IReadOnlyDictionary<string, (string?, string?)>?)rules ?? ToolDefinition.NoRules;
    }

    private static bool FormRule(ReadOnlySpan<byte> description) =>
        description.IndexOf("igits"u8) >= 0 || description.IndexOf("umeric only"u8) >= 0 || description.IndexOf("umbers only"u8) >= 0 || description.IndexOf(" spaces"u8) >= 0
        || description.IndexOf("ISO 8601"u8) >= 0 || description.IndexOf("YYYY-MM-DD"u8) >= 0 || description.IndexOf("E.164"u8) >= 0 || description.IndexOf("fraction"u8) >= 0 || description.IndexOf("between 0 and 1"u8) >= 0 || UnitRule(description)
        // An example of a machine string in fields ("e.g. HOLD;SUB-10001;2025-01;2").
        || (description.IndexOf(";"u8) >= 0 && (description.IndexOf("e.g."u8) >= 0 || description.IndexOf("xample"u8) >= 0));

    // A description that gives the unit a number is in: "length in hours", "the amount in pence", "width in inches",
    // "volume in US gallons".
    private static bool UnitRule(ReadOnlySpan<byte> description) =>
        description.IndexOf("in hours"u8) >= 0 || description.IndexOf("in minutes"u8) >= 0 || description.IndexOf("in seconds"u8) >= 0 || description.IndexOf("in days"u8) >= 0
        || description.IndexOf("in weeks"u8) >= 0 || description.IndexOf("in pence"u8) >= 0 || description.IndexOf("in cents"u8) >= 0
        || description.IndexOf("in inches"u8) >= 0 || description.IndexOf("in centimet"u8) >= 0 || description.IndexOf("in millimet"u8) >= 0
        || description.IndexOf("in cm"u8) >= 0 || description.IndexOf("in mm"u8) >= 0 || description.IndexOf("in feet"u8) >= 0
        || description.IndexOf("in kilograms"u8) >= 0 || description.IndexOf("in kg"u8) >= 0 || description.IndexOf("in pounds"u8) >= 0 || description.IndexOf("in grams"u8) >= 0
        || description.IndexOf(" gallons"u8) >= 0 || description.IndexOf("in litres"u8) >= 0 || description.IndexOf("in liters"u8) >= 0 || description.IndexOf("in millilit"u8) >= 0
        || description.IndexOf("in ml"u8) >= 0 || description.IndexOf("in metres"u8) >= 0 || description.IndexOf("in meters"u8) >= 0;

    // The tool's description and its parameters' descriptions, each as written, one per line.
    private static string? Description(JsonElement fn, JsonElement schema)
    {
        var lines = new List<string>();
        if (fn.ValueKind == JsonValueKind.Object && JsonContent.String(fn, "description") is { Length: > 0 } d) lines.Add(d);
        if (schema.ValueKind == JsonValueKind.Object && JsonContent.TryGet(schema, "properties", out var props) && props.ValueKind == JsonValueKind.Object)
        {
            foreach (var prop in props.EnumerateObject())
            {
                if (prop.Value.ValueKind == JsonValueKind.Object && JsonContent.String(prop.Value, "description") is { Length: > 0 } pd) lines.Add(pd);
            }
        }

        return lines.Count == 0 ? null : string.Join('\n', lines);
    }

    private static ToolDefinition Definition(string name, JsonElement schema, string source)
    {
        var required = new List<string>();
        var all = new List<string>();
        if (schema.ValueKind == JsonValueKind.Object)
        {
            if (JsonContent.TryGet(schema, "required", out var r) && r.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in r.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String) required.Add(item.GetString()!);
                }
            }

            if (JsonContent.TryGet(schema, "properties", out var props) && props.ValueKind == JsonValueKind.Object)
            {
                foreach (var prop in props.EnumerateObject()) all.Add(prop.Name);
            }
        }

        return new ToolDefinition(name, required, all, source);
    }

    private static void ReadSemconvMessages(GenAiSpan g, AttributeSet a)
    {
        if (a.TryGetValue("gen_ai.system_instructions", out var instructions))
        {
            var source = AttributeSource("gen_ai.system_instructions");
            if (TryRead(instructions, out var json) && json.ValueKind == JsonValueKind.Array)
            {
                var parts = new List<MessagePart>();
                var i = 0;
                foreach (var part in json.EnumerateArray())
                {
                    if (MessageJson.ReadPart(part, $"{source} $[{i++}]", null) is { } p) parts.Add(p);
                }

                g.InputMessageList.Add(new GenAiMessage("system", parts, source));
            }
            else if (instructions.ToString() is { Length: > 0 } text)
            {
                g.InputMessageList.Add(new GenAiMessage("system", [new MessagePart(PartKind.Text, source, text)], source));
            }
        }

        ReadMessageList(g, a, "gen_ai.input.messages", "user", output: false);
        ReadMessageList(g, a, "gen_ai.output.messages", "assistant", output: true);
    }

    private static void ReadMessageList(GenAiSpan g, AttributeSet a, string key, string defaultRole, bool output)
    {
        if (!a.TryGetValue(key, out var value)) return;
        var into = output ? g.OutputMessageList : g.InputMessageList;
        var source = AttributeSource(key);
        if (t_messages is { } cache && cache.TryReadList(value, source, defaultRole, into)) return;
        if (TryRead(value, out var json))
        {
            if (json.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var message in json.EnumerateArray())
                {
                    var at = $"{source} $[{i++}]";
                    if (message.ValueKind == JsonValueKind.Object) into.Add(MessageJson.Read(message, at, defaultRole));
                    else if (message.ValueKind == JsonValueKind.String) into.Add(new GenAiMessage(defaultRole, [new MessagePart(PartKind.Text, at, message.GetString())], at));
                }
            }
            else if (json.ValueKind == JsonValueKind.Object)
            {
                into.Add(MessageJson.Read(json, $"{source} $", defaultRole));
            }
        }
        else if (value.ToString() is { Length: > 0 } text)
        {
            into.Add(new GenAiMessage(defaultRole, [new MessagePart(PartKind.Text, source, text)], source));
        }
    }

    private static void ReadEvents(GenAiSpan g, Span span, bool toolSpan)
    {
        for (var i = 0; i < span.Events.Count; i++)
        {
            var e = span.Events[i];
            if (toolSpan && ReadToolEvent(g, i, e)) continue;
            if (ReadLlamaIndexEvent(g, i, e)) continue;
            if (e.Name is "gen_ai.content.prompt" or "gen_ai.content.completion" && ReadRoleLines(g, e, i)) continue;
            var (role, output) = e.Name switch
            {
                "gen_ai.system.message" => ("system", false),
                "gen_ai.user.message" => ("user", false),
                "gen_ai.assistant.message" => ("assistant", false),
                "gen_ai.tool.message" => ("tool", false),
                "gen_ai.choice" => ("assistant", true),
                "gen_ai.content.prompt" => ("user", false),
                "gen_ai.content.completion" => ("assistant", true),
                _ => ("", false),
            };
            if (role.Length == 0) continue;

            var id = e.Attributes.GetString("gen_ai.tool.call.id", "id", "tool_call_id");
            var finish = e.Attributes.GetString("finish_reason", "gen_ai.response.finish_reason");
            role = e.Attributes.GetString("role", "gen_ai.message.role") ?? role;
            if (e.Name is "gen_ai.content.prompt" or "gen_ai.content.completion" && ReadMessageArrayEvent(g, e, i, role, output)) continue;
            var message = ReadEventBody(span, i, e, role, id, finish);
            if (message is null) continue;
            (output ? g.OutputMessageList : g.InputMessageList).Add(message);
        }
    }

    /// <summary>
    /// LlamaIndex's instrumentation events, exported as span events with the event's fields as attributes:
    /// <c>LLMChatStartEvent</c> / <c>LLMChatEndEvent</c> (<c>messages</c>, the ChatMessages sent; <c>response</c>, the
    /// ChatResponse whose <c>message</c> the model wrote) and <c>AgentToolCallEvent</c> (<c>tool.name</c> or a <c>tool</c>
    /// object, and <c>arguments</c>). False for any other event.
    /// </summary>
    private static bool ReadLlamaIndexEvent(GenAiSpan g, int index, SpanEvent e)
    {
        var at = $"events[{index.ToString(CultureInfo.InvariantCulture)}]";
        switch (e.Name)
        {
            case "LLMChatStartEvent" or "LLMChatEndEvent":
                // The end event repeats the messages the start event sent: they are read once.
                if (g.InputMessages.Count == 0 && e.Attributes.TryGetValue("messages", out var sent) && TryRead(sent, out var history) && history.ValueKind == JsonValueKind.Array)
                {
                    var i = 0;
                    foreach (var item in history.EnumerateArray())
                    {
                        var path = $"{at} messages $[{(i++).ToString(CultureInfo.InvariantCulture)}]";
                        if (MessageJson.LooksLikeMessage(item)) g.InputMessageList.Add(MessageJson.Read(item, path, "user"));
                    }
                }

                if (e.Name == "LLMChatEndEvent" && g.OutputMessages.Count == 0 && e.Attributes.TryGetValue("response", out var response) && TryRead(response, out var answer)
                    && answer.ValueKind == JsonValueKind.Object && JsonContent.TryGet(answer, "message", out var message) && message.ValueKind == JsonValueKind.Object)
                {
                    g.OutputMessageList.Add(MessageJson.Read(message, $"{at} response $.message", "assistant"));
                }

                return true;
            case "AgentToolCallEvent":
                var name = e.Attributes.GetString("tool.name");
                if (name is null && e.Attributes.TryGetValue("tool", out var tool) && TryRead(tool, out var described) && described.ValueKind == JsonValueKind.Object) name = JsonContent.String(described, "name");
                if (name is null) return false;
                g.ToolName ??= name;
                if (e.Attributes.TryGetValue("arguments", out var args) && args.Kind != AttributeValueKind.Null) g.ToolCallArguments ??= new SourcedText(g.Span, at + " arguments", args.ToString());
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A whole chat history as one JSON array of messages in a <c>gen_ai.content.prompt</c> or
    /// <c>gen_ai.content.completion</c> event (Semantic Kernel's <c>gen_ai.prompt</c> / <c>gen_ai.completion</c>):
    /// each message keeps its own role. False when the body is not such an array.
    /// </summary>
    private static bool ReadMessageArrayEvent(GenAiSpan g, SpanEvent e, int index, string role, bool output)
    {
        foreach (var key in (ReadOnlySpan<string>)["gen_ai.prompt", "gen_ai.completion"])
        {
            if (!e.Attributes.TryGetValue(key, out var value) || value.Kind != AttributeValueKind.String) continue;
            if (!TryRead(value, out var json) || json.ValueKind != JsonValueKind.Array || json.GetArrayLength() == 0) return false;
            var into = output ? g.OutputMessageList : g.InputMessageList;
            var i = 0;
            var source = $"events[{index.ToString(CultureInfo.InvariantCulture)}] {key}";
            // The messages' texts alone (Spring AI): each a message, its role read from how it is written; a completion's
            // strings are the model's.
            if (json.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String)
                && (output || SpringAi(g.Span) || json.EnumerateArray().Any(item => item.GetString()!.StartsWith("AssistantMessage [", StringComparison.Ordinal))
                    || json.EnumerateArray().All(item => RolePrefix(item.GetString()!) is not null)))
            {
                var before = into.Count;
                foreach (var item in json.EnumerateArray())
                {
                    var at = $"{source} $[{(i++).ToString(CultureInfo.InvariantCulture)}]";
                    into.Add(new GenAiMessage(role, [new MessagePart(PartKind.Text, at, item.GetString()!)], at));
                }

                if (output) ReadSpringAiAssistantTurns(into, before);
                else if (!SplitRolePrefixes(into, before)) SplitSpringAiMessages(into, before, SpringAi(g.Span));
                return true;
            }

            foreach (var item in json.EnumerateArray())
            {
                if (!MessageJson.LooksLikeMessage(item)) return false;
            }

            foreach (var item in json.EnumerateArray()) into.Add(MessageJson.Read(item, $"{source} $[{(i++).ToString(CultureInfo.InvariantCulture)}]", role));
            return true;
        }

        return false;
    }

    /// <summary>
    /// Strands Agents' tool span: a <c>gen_ai.tool.message</c> event whose content is the call's input, and a
    /// <c>gen_ai.choice</c> event whose message is the tool result's content blocks. Read as the tool's arguments and
    /// result, not as messages.
    /// </summary>
    private static bool ReadToolEvent(GenAiSpan g, int index, SpanEvent e)
    {
        var at = $"events[{index.ToString(CultureInfo.InvariantCulture)}]";
        switch (e.Name)
        {
            case "gen_ai.tool.message" when e.Attributes.TryGetValue("content", out var input) && input.Kind != AttributeValueKind.Null:
                g.ToolCallArguments ??= new SourcedText(g.Span, at + " content", input.ToString());
                g.ToolCallId ??= e.Attributes.GetString("id");
                return true;
            case "gen_ai.choice" when e.Attributes.TryGetValue("message", out var output) && output.Kind != AttributeValueKind.Null:
                if (g.ToolCallResult is null)
                {
                    var source = at + " message";
                    if (TryRead(output, out var json) && MessageJson.IsConverseBlocks(json))
                    {
                        var text = new List<string>();
                        string? only = null;
                        var i = 0;
                        foreach (var block in json.EnumerateArray())
                        {
                            if (JsonContent.TryGet(block, "text", out var t) && t.ValueKind == JsonValueKind.String)
                            {
                                text.Add(t.GetString()!);
                                only = only is null && text.Count == 1 ? $"{source} $[{i}].text" : null;
                            }

                            i++;
                        }

                        g.ToolCallResult = new SourcedText(g.Span, text.Count == 1 && only is not null ? only : source, text.Count > 0 ? string.Join('\n', text) : output.ToString());
                    }
                    else
                    {
                        g.ToolCallResult = new SourcedText(g.Span, source, output.ToString());
                    }
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A prompt or completion flattened to text one message a line, <c>role: content</c> (OpenLIT's
    /// <c>gen_ai.content.prompt</c> / <c>gen_ai.content.completion</c> events and <c>gen_ai.prompt</c> /
    /// <c>gen_ai.completion</c> attributes): split back into messages. False when the text is not so written.
    /// </summary>
    private static bool ReadRoleLines(GenAiSpan g, SpanEvent e, int index)
    {
        foreach (var key in (ReadOnlySpan<string>)["gen_ai.prompt", "gen_ai.completion"])
        {
            if (!e.Attributes.TryGetValue(key, out var value) || value.Kind != AttributeValueKind.String) continue;
            return AddRoleLines(g, value.AsString!, $"events[{index.ToString(CultureInfo.InvariantCulture)}] {key}", output: e.Name == "gen_ai.content.completion");
        }

        return false;
    }

    private static bool AddRoleLines(GenAiSpan g, string text, string source, bool output)
    {
        if (output || JsonContent.LooksStructured(text)) return false;
        var messages = RoleLines(text);
        if (messages is null) return false;
        foreach (var (role, content) in messages)
        {
            // "None" is how Python prints the content of an assistant message that only called tools.
            if (content.Length == 0 || content == "None") continue;
            var part = role == "tool" ? new MessagePart(PartKind.ToolCallResponse, source, content) : new MessagePart(PartKind.Text, source, content);
            g.InputMessageList.Add(new GenAiMessage(role, [part], source));
        }

        return true;
    }

    /// <summary>Splits <c>role: content</c> lines (a message's content may run over several lines) into messages; null when the text does not start with a role.</summary>
    internal static List<(string Role, string Content)>? RoleLines(string text)
    {
        List<(string Role, string Content)>? messages = null;
        var start = 0;
        string? role = null;
        var contentStart = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            var line = text.AsSpan(start, end - start);
            var colon = line.IndexOf(": ");
            var lineRole = colon > 0 ? LineRole(line[..colon]) : null;
            if (lineRole is null && line.EndsWith(":") && LineRole(line[..^1]) is { } bare) { lineRole = bare; colon = line.Length - 1; }
            if (lineRole is not null)
            {
                if (role is not null) (messages ??= []).Add((role, text[contentStart..Math.Max(contentStart, start - 1)].Trim()));
                role = lineRole;
                contentStart = Math.Min(text.Length, start + colon + 2);
            }
            else if (role is null)
            {
                return null;
            }

            start = end + 1;
        }

        if (role is not null) (messages ??= []).Add((role, contentStart < text.Length ? text[contentStart..].Trim() : ""));
        return messages;
    }

    private static string? LineRole(ReadOnlySpan<char> name) => name switch
    {
        "system" or "developer" => "system",
        "user" => "user",
        "assistant" => "assistant",
        "tool" or "function" => "tool",
        _ => null,
    };

    /// <summary>
    /// Pydantic AI (before its instrumentation version 2) keeps a chat span's message events in one attribute,
    /// <c>events</c>: a JSON array of the event bodies, each with its role (<c>{"role": "user", "content": …}</c>,
    /// a tool's <c>{"role": "tool", "id", "name", "content"}</c>) or, for the answer, <c>{"index", "message": {…}}</c>
    /// (<c>event.name</c> beside them in older releases).
    /// </summary>
    private static void ReadEventList(GenAiSpan g, AttributeSet a)
    {
        if (!a.TryGetValue("events", out var value) || value.Kind != AttributeValueKind.String || !TryRead(value, out var json) || json.ValueKind != JsonValueKind.Array) return;
        var source = AttributeSource("events");
        var i = 0;
        foreach (var item in json.EnumerateArray())
        {
            var at = $"{source} $[{(i++).ToString(CultureInfo.InvariantCulture)}]";
            if (item.ValueKind != JsonValueKind.Object) continue;
            var name = JsonContent.String(item, "event.name");
            var isChoice = name == "gen_ai.choice" || (name is null && JsonContent.TryGet(item, "message", out var m) && m.ValueKind == JsonValueKind.Object);
            var role = name switch
            {
                "gen_ai.system.message" => "system",
                "gen_ai.user.message" => "user",
                "gen_ai.assistant.message" or "gen_ai.choice" => "assistant",
                "gen_ai.tool.message" => "tool",
                _ => isChoice ? "assistant" : null,
            };
            if (role is null && JsonContent.String(item, "role") is null) continue;
            var message = MessageJson.Read(item, at, role ?? "user");
            (isChoice ? g.OutputMessageList : g.InputMessageList).Add(message);
        }
    }

    /// <summary>
    /// Pydantic AI's agent run span: the run's messages (<c>all_messages_events</c>, the event bodies above, or
    /// <c>pydantic_ai.all_messages</c> in the semconv message shape) and its <c>final_result</c>. The agent was given the
    /// system prompt and the user's messages before its first answer; what it answered is the final result.
    /// </summary>
    private static void ReadAgentRun(GenAiSpan g, Span span)
    {
        var a = span.Attributes;
        if (a.GetString("agent_name") is null) return;
        foreach (var key in (ReadOnlySpan<string>)["all_messages_events", "pydantic_ai.all_messages"])
        {
            if (!a.TryGetValue(key, out var value) || !TryRead(value, out var json) || json.ValueKind != JsonValueKind.Array) continue;
            var source = AttributeSource(key);
            var i = 0;
            foreach (var item in json.EnumerateArray())
            {
                var at = $"{source} $[{(i++).ToString(CultureInfo.InvariantCulture)}]";
                if (item.ValueKind != JsonValueKind.Object) continue;
                var message = MessageJson.Read(item, at, "user");
                if (message.Role is not ("system" or "user")) break;
                g.InputMessageList.Add(message);
            }

            break;
        }

        if (Text(span, "final_result") is { } result)
        {
            g.OutputMessageList.Add(new GenAiMessage("assistant", [new MessagePart(PartKind.Text, result.Source, result.Text)], result.Source));
        }
    }

    /// <summary>
    /// Logfire's OpenAI Agents model span ("Responses API with ..."): <c>raw_input</c> holds the request's input items (its
    /// messages, the <c>function_call</c>s the model made and their <c>function_call_output</c>s), <c>response</c> the
    /// Response object: its <c>instructions</c>, its <c>tools</c> and its <c>output</c> items (a message's
    /// <c>output_text</c>, a <c>function_call</c>).
    /// </summary>
    private static void ReadResponsesSpan(GenAiSpan g, AttributeSet a)
    {
        if (!a.TryGetValue("response", out var value) || !TryRead(value, out var response) || response.ValueKind != JsonValueKind.Object
            || JsonContent.String(response, "object") != "response" || !JsonContent.TryGet(response, "output", out var output) || output.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var source = AttributeSource("response");
        if (JsonContent.String(response, "instructions") is { Length: > 0 } instructions)
        {
            var at = MessageJson.Append(source, "$.instructions");
            g.InputMessageList.Add(new GenAiMessage("system", [new MessagePart(PartKind.Text, at, instructions)], at));
        }

        if (a.TryGetValue("raw_input", out var raw) && TryRead(raw, out var input))
        {
            var inputSource = AttributeSource("raw_input");
            if (input.ValueKind == JsonValueKind.String)
            {
                g.InputMessageList.Add(new GenAiMessage("user", [new MessagePart(PartKind.Text, inputSource, input.GetString())], inputSource));
            }
            else if (input.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in input.EnumerateArray())
                {
                    if (ResponsesItem(item, JsonContent.Index($"{inputSource} $", i++), "user") is { } message) g.InputMessageList.Add(message);
                }
            }
        }

        var k = 0;
        foreach (var item in output.EnumerateArray())
        {
            if (ResponsesItem(item, JsonContent.Index($"{source} $.output", k++), "assistant") is { } message) g.OutputMessageList.Add(message);
        }

        if (JsonContent.TryGet(response, "tools", out var tools) && tools.ValueKind == JsonValueKind.Array && !g.ToolDefinitionsKnown)
        {
            g.ToolDefinitionsKnown = true;
            var t = 0;
            foreach (var tool in tools.EnumerateArray())
            {
                if (ReadDefinition(tool, JsonContent.Index($"{source} $.tools", t++)) is { } d) g.ToolDefinitionList.Add(d);
                else g.ToolDefinitionsIncomplete = true;
            }
        }
    }

    // One item of a Responses API input or output: a message, a function call, a function call's output; a model's
    // reasoning summary is no message.
    private static GenAiMessage? ResponsesItem(JsonElement item, string path, string defaultRole)
    {
        if (item.ValueKind != JsonValueKind.Object) return null;
        switch (JsonContent.String(item, "type"))
        {
            case "function_call" or "custom_tool_call" when JsonContent.String(item, "role") is null:
                var arguments = JsonContent.TryGet(item, "arguments", out var args) || JsonContent.TryGet(item, "input", out args) ? JsonContent.Text(args) : null;
                return new GenAiMessage("assistant", [new MessagePart(PartKind.ToolCall, path, null, JsonContent.String(item, "call_id") ?? JsonContent.String(item, "id"), JsonContent.String(item, "name"), arguments)], path);
            case "function_call_output" or "custom_tool_call_output" when JsonContent.String(item, "role") is null:
                var result = JsonContent.TryGet(item, "output", out var o) ? JsonContent.Text(o) : "";
                var at = MessageJson.Append(path, "$.output");
                return new GenAiMessage("tool", [new MessagePart(PartKind.ToolCallResponse, at, result, JsonContent.String(item, "call_id"))], path);
            case "reasoning" when JsonContent.String(item, "role") is null:
                return null;
            default:
                return MessageJson.Read(item, path, defaultRole);
        }
    }

    /// <summary>
    /// Google ADK's <c>call_llm</c> span: <c>gcp.vertex.agent.llm_request</c> is the request
    /// (<c>{"model", "config": {"system_instruction", "tools": [{"function_declarations"}]}, "contents": [Gemini Content]}</c>)
    /// and <c>gcp.vertex.agent.llm_response</c> the response (<c>{"content", "finish_reason", "usage_metadata"}</c>).
    /// Tool spans set both to <c>{}</c>.
    /// </summary>
    private static void ReadVertexAgent(GenAiSpan g, AttributeSet a)
    {
        if (a.TryGetValue("gcp.vertex.agent.llm_request", out var request) && TryRead(request, out var req) && req.ValueKind == JsonValueKind.Object)
        {
            var source = AttributeSource("gcp.vertex.agent.llm_request");
            if (JsonContent.TryGet(req, "config", out var config) && config.ValueKind == JsonValueKind.Object)
            {
                if (JsonContent.TryGet(config, "system_instruction", out var instruction))
                {
                    var at = $"{source} $.config.system_instruction";
                    if (instruction.ValueKind == JsonValueKind.String) g.InputMessageList.Add(new GenAiMessage("system", [new MessagePart(PartKind.Text, at, instruction.GetString())], at));
                    else if (instruction.ValueKind == JsonValueKind.Object) g.InputMessageList.Add(MessageJson.Read(instruction, at, "system") with { Role = "system" });
                }

                if (JsonContent.TryGet(config, "tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
                {
                    var t = 0;
                    foreach (var tool in tools.EnumerateArray())
                    {
                        var declarations = tool.ValueKind == JsonValueKind.Object && JsonContent.TryGet(tool, "function_declarations", out var d) ? d : default;
                        if (declarations.ValueKind != JsonValueKind.Array)
                        {
                            // A built-in tool (google_search, code_execution): offered, with no name to call it by.
                            g.ToolDefinitionsIncomplete = true;
                            t++;
                            continue;
                        }

                        g.ToolDefinitionsKnown = true;
                        var f = 0;
                        foreach (var declaration in declarations.EnumerateArray())
                        {
                            if (ReadDefinition(declaration, $"{source} $.config.tools[{t}].function_declarations[{f++}]") is { } definition) g.ToolDefinitionList.Add(definition);
                            else g.ToolDefinitionsIncomplete = true;
                        }

                        t++;
                    }
                }
            }

            if (JsonContent.TryGet(req, "contents", out var contents) && contents.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var content in contents.EnumerateArray())
                {
                    var at = $"{source} $.contents[{(i++).ToString(CultureInfo.InvariantCulture)}]";
                    if (content.ValueKind == JsonValueKind.Object) g.InputMessageList.Add(MessageJson.Read(content, at, "user"));
                }
            }
        }

        if (a.TryGetValue("gcp.vertex.agent.llm_response", out var response) && TryRead(response, out var res) && res.ValueKind == JsonValueKind.Object
            && JsonContent.TryGet(res, "content", out var answer) && answer.ValueKind == JsonValueKind.Object)
        {
            var source = AttributeSource("gcp.vertex.agent.llm_response");
            var finish = JsonContent.String(res, "finish_reason");
            g.OutputMessageList.Add(MessageJson.Read(answer, $"{source} $.content", "assistant", null, finish) with { Role = "assistant" });
        }
    }

    /// <summary>
    /// A request body written whole as the prompt (Anthropic's Messages API: <c>{"system": …, "messages": […], "tools":
    /// […]}</c>): the system prompt, each message, and the tools it declared.
    /// </summary>
    private static void ReadRequestBody(GenAiSpan g, JsonElement body, JsonElement messages, string source)
    {
        if (JsonContent.TryGet(body, "system", out var system))
        {
            if (system.ValueKind == JsonValueKind.String && system.GetString() is { Length: > 0 } text)
            {
                g.InputMessageList.Add(new GenAiMessage("system", [new MessagePart(PartKind.Text, $"{source} $.system", text)], $"{source} $.system"));
            }
            else if (system.ValueKind == JsonValueKind.Array)
            {
                g.InputMessageList.Add(MessageJson.ReadBlocks(system, $"{source} $.system", "system"));
            }
        }

        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var at = $"{source} $.messages[{(i++).ToString(CultureInfo.InvariantCulture)}]";
            if (message.ValueKind == JsonValueKind.Object) g.InputMessageList.Add(MessageJson.Read(message, at, "user"));
        }

        if (!JsonContent.TryGet(body, "tools", out var tools) || tools.ValueKind != JsonValueKind.Array) return;
        g.ToolDefinitionsKnown = true;
        var t = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            if (ReadDefinition(tool, $"{source} $.tools[{(t++).ToString(CultureInfo.InvariantCulture)}]") is { } d) g.ToolDefinitionList.Add(d);
            else g.ToolDefinitionsIncomplete = true;
        }
    }

    // An array of content blocks ({"type": "text", …}, {"type": "tool_use", …}), none of them a message with a role.
    private static bool ContentBlocks(JsonElement array)
    {
        var any = false;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("type", out _) || item.TryGetProperty("role", out _)) return false;
            any = true;
        }

        return any;
    }

    /// <summary>OpenLIT's <c>gen_ai.prompt</c> / <c>gen_ai.completion</c> span attributes (<c>gen_ai.content.*</c> in its JS SDK).</summary>
    private static void ReadFlatPrompt(GenAiSpan g, AttributeSet a)
    {
        if (ReadLlmMessages(g, a)) return;

        foreach (var key in (ReadOnlySpan<string>)["gen_ai.prompt", "gen_ai.content.prompt"])
        {
            if (!a.TryGetValue(key, out var value) || value.Kind != AttributeValueKind.String || value.AsString!.Length == 0) continue;
            var source = AttributeSource(key);
            if (!AddRoleLines(g, value.AsString, source, output: false))
            {
                if (TryRead(value, out var json) && json.ValueKind == JsonValueKind.Object && JsonContent.TryGet(json, "messages", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    ReadRequestBody(g, json, list, source);
                }
                else if (json.ValueKind == JsonValueKind.Array)
                {
                    var before = g.InputMessageList.Count;
                    ReadMessageList(g, a, key, "user", output: false);
                    if (!SplitRolePrefixes(g.InputMessageList, before)) SplitSpringAiMessages(g.InputMessageList, before, SpringAi(g.Span));
                }
                else g.InputMessageList.Add(new GenAiMessage("user", [new MessagePart(PartKind.Text, source, value.AsString)], source));
            }

            break;
        }

        foreach (var key in (ReadOnlySpan<string>)["gen_ai.completion", "gen_ai.content.completion"])
        {
            if (!a.TryGetValue(key, out var value) || value.Kind != AttributeValueKind.String || value.AsString!.Length == 0) continue;
            var source = AttributeSource(key);
            if (TryRead(value, out var json) && json.ValueKind == JsonValueKind.Array && ContentBlocks(json))
            {
                // Anthropic's response content: the blocks of one assistant message (text, tool_use).
                g.OutputMessageList.Add(MessageJson.ReadBlocks(json, source, "assistant"));
            }
            else if (json.ValueKind == JsonValueKind.Array)
            {
                var before = g.OutputMessageList.Count;
                ReadMessageList(g, a, key, "assistant", output: true);
                ReadSpringAiAssistantTurns(g.OutputMessageList, before);
            }

            // One message object, its tool calls beside its content (Spring AI's completion).
            else if (json.ValueKind == JsonValueKind.Object && MessageJson.LooksLikeMessage(json)) g.OutputMessageList.Add(MessageJson.Read(json, source, "assistant"));
            else g.OutputMessageList.Add(new GenAiMessage("assistant", [new MessagePart(PartKind.Text, source, value.AsString)], source));
            break;
        }

        if (g.InputMessages.Count == 0 && g.OutputMessages.Count == 0) ReadPlainLlm(g, a);
    }

    /// <summary>
    /// A hand-rolled model span that writes what it was handed as plain text (<c>llm.input</c>), its answer as plain text
    /// (<c>llm.output</c>) and the tools it asked for as a list (<c>llm.output.tool_calls</c>: <c>[{"name": …, "arguments":
    /// {…}}]</c>): read as one user message and one assistant message with its tool calls. Only on a span that names a
    /// model or a vendor, so a step's own plain input and output stay the step's.
    /// </summary>
    private static void ReadPlainLlm(GenAiSpan g, AttributeSet a)
    {
        if (g.RequestModel is null && g.Provider is null) return;
        if (a.GetString("llm.input") is { Length: > 0 } input)
        {
            var at = AttributeSource("llm.input");
            g.InputMessageList.Add(new GenAiMessage("user", [new MessagePart(PartKind.Text, at, input)], at));
        }

        ReadPlainOutput(g, a);
    }

    /// <summary>
    /// A hand-rolled span's answer as plain text (<c>llm.output</c>, <c>llm.output_text</c>) and the tools it asked for as
    /// a list (<c>llm.output.tool_calls</c>, <c>llm.output_tool_calls</c>: <c>[{"name": …, "arguments": {…}}]</c>, or
    /// OpenAI's <c>{"id": …, "function": {"name": …, "arguments": "…"}}</c>), read as one assistant message.
    /// </summary>
    private static void ReadPlainOutput(GenAiSpan g, AttributeSet a)
    {
        var parts = new List<MessagePart>();
        foreach (var key in (ReadOnlySpan<string>)["llm.output", "llm.output_text"])
        {
            if (a.GetString(key) is not { Length: > 0 } output) continue;
            parts.Add(new MessagePart(PartKind.Text, AttributeSource(key), output));
            break;
        }

        foreach (var key in (ReadOnlySpan<string>)["llm.output.tool_calls", "llm.output_tool_calls"])
        {
            if (!a.TryGetValue(key, out var calls) || !TryRead(calls, out var list) || list.ValueKind != JsonValueKind.Array) continue;
            var source = AttributeSource(key);
            var i = 0;
            foreach (var call in list.EnumerateArray())
            {
                var at = $"{source} $[{(i++).ToString(CultureInfo.InvariantCulture)}]";
                if (call.ValueKind != JsonValueKind.Object) continue;
                var named = JsonContent.TryGet(call, "function", out var function) && function.ValueKind == JsonValueKind.Object ? function : call;
                if (JsonContent.String(named, "name") is not { } name) continue;
                var arguments = JsonContent.TryGet(named, "arguments", out var args) ? args.ValueKind == JsonValueKind.String ? args.GetString() : args.GetRawText() : null;
                parts.Add(new MessagePart(PartKind.ToolCall, at, null, JsonContent.String(call, "id"), name, arguments));
            }

            break;
        }

        if (parts.Count > 0) g.OutputMessageList.Add(new GenAiMessage("assistant", parts, parts[0].Source));
    }

    /// <summary>
    /// A prompt written as a list of strings, each a message as <c>role: content</c> (<c>["system: You are ...", "user:
    /// Hi", "tool: {...}"]</c>, as Spring AI writes it): each string read as a message of its role. Left as it was when
    /// any string does not open with a role.
    /// </summary>
    private static bool SplitRolePrefixes(List<GenAiMessage> messages, int from)
    {
        if (messages.Count == from) return false;
        for (var i = from; i < messages.Count; i++)
        {
            if (messages[i] is not { Role: "user", Parts: [{ Kind: PartKind.Text, Content: { } text }] } || RolePrefix(text) is null) return false;
        }

        for (var i = from; i < messages.Count; i++)
        {
            var part = messages[i].Parts[0];
            var role = RolePrefix(part.Content!)!;
            var content = part.Content![(role.Length + 2)..];
            messages[i] = new GenAiMessage(role, [role == "tool" ? new MessagePart(PartKind.ToolCallResponse, part.Source, content) : part with { Content = content }], messages[i].Source);
        }

        return true;
    }

    /// <summary>
    /// A prompt written as a list of the messages' texts alone, as Spring AI's observation writes it: the model's own turns
    /// as <c>AssistantMessage [messageType=ASSISTANT, toolCalls=[ToolCall[id=…, type=function, name=…, arguments={…}]],
    /// textContent=…]</c>, each tool's result as its bare text right after the turn that called it, and the instructions
    /// and the user's words as plain strings (the first of two or more before the model's first turn is the system
    /// prompt). Left as it was when no string is such an assistant turn and the span is not Spring AI's.
    /// </summary>
    private static void SplitSpringAiMessages(List<GenAiMessage> messages, int from, bool springAi)
    {
        var firstAssistant = -1;
        for (var i = from; i < messages.Count; i++)
        {
            if (messages[i] is not { Role: "user", Parts: [{ Kind: PartKind.Text, Content: { } text }] }) return;
            if (firstAssistant < 0 && text.StartsWith("AssistantMessage [", StringComparison.Ordinal)) firstAssistant = i;
        }

        // A first call has no turn of the model's yet: its instructions and the user's words are all there is, read so
        // only on a span of Spring AI's own.
        if (firstAssistant < 0)
        {
            if (!springAi) return;
            firstAssistant = messages.Count;
        }
        var pending = new Queue<string?>();
        for (var i = from; i < messages.Count; i++)
        {
            var part = messages[i].Parts[0];
            var text = part.Content!;
            if (SpringAiAssistant(text, part.Source) is { } parts)
            {
                messages[i] = new GenAiMessage("assistant", parts, messages[i].Source);
                pending.Clear();
                foreach (var call in parts)
                {
                    if (call.Kind == PartKind.ToolCall) pending.Enqueue(call.Id);
                }
            }
            else if (pending.Count > 0 && text.TrimStart() is ['{' or '[', ..])
            {
                messages[i] = new GenAiMessage("tool", [new MessagePart(PartKind.ToolCallResponse, part.Source, text, pending.Dequeue())], messages[i].Source);
            }
            else if (i == from && firstAssistant - from >= 2)
            {
                messages[i] = messages[i] with { Role = "system" };
            }
        }
    }

    // The model's answers written as Spring AI's AssistantMessage text, from the given position on: read as the turns
    // they are, with their tool calls.
    private static void ReadSpringAiAssistantTurns(List<GenAiMessage> messages, int from)
    {
        for (var i = from; i < messages.Count; i++)
        {
            if (messages[i] is { Parts: [{ Kind: PartKind.Text, Content: { } text } part] } m && SpringAiAssistant(text, part.Source) is { } parts)
                messages[i] = m with { Role = "assistant", Parts = parts };
        }
    }

    // A span of Spring AI's own instrumentation (its scope, or the scope tag Jaeger and Zipkin keep of it).
    private static bool SpringAi(Span span) =>
        (span.ScopeName ?? span.Attributes.GetString("otel.scope.name") ?? span.Attributes.GetString("otel.library.name")) is { } scope
        && scope.StartsWith("org.springframework.ai", StringComparison.Ordinal);

    // "ToolCall[id=call_1, type=function, name=find_slots, arguments={...}]": the call's id, name and where its arguments open.
    [GeneratedRegex(@"ToolCall\[id=(?<id>[^,\]]*), type=[a-z]+, name=(?<name>[^,\]]+), arguments=", RegexOptions.CultureInvariant)]
    private static partial Regex SpringAiToolCall();

    /// <summary>The parts of a Spring AI <c>AssistantMessage [...]</c> written as text; null for any other text.</summary>
    private static List<MessagePart>? SpringAiAssistant(string text, string source)
    {
        if (!text.StartsWith("AssistantMessage [", StringComparison.Ordinal)) return null;
        var parts = new List<MessagePart>();
        var content = text.IndexOf("textContent=", StringComparison.Ordinal);
        if (content >= 0)
        {
            var start = content + "textContent=".Length;
            var end = text.IndexOf(", metadata={", start, StringComparison.Ordinal);
            var said = (end < 0 ? text[start..] : text[start..end]).Trim();
            if (said.Length > 0 && said != "null") parts.Add(new MessagePart(PartKind.Text, source, said));
        }

        foreach (Match m in SpringAiToolCall().Matches(text))
        {
            // The arguments run to the brace that closes the one they open with.
            var open = m.Index + m.Length;
            var close = open;
            if (open < text.Length && text[open] == '{')
            {
                var depth = 0;
                var quoted = false;
                for (; close < text.Length; close++)
                {
                    var c = text[close];
                    if (quoted) { if (c == '\\') close++; else if (c == '"') quoted = false; continue; }
                    if (c == '"') quoted = true;
                    else if (c == '{') depth++;
                    else if (c == '}' && --depth == 0) { close++; break; }
                }
            }

            parts.Add(new MessagePart(PartKind.ToolCall, source, null, m.Groups["id"].Value, m.Groups["name"].Value.Trim(), text[open..close]));
        }

        return parts.Count > 0 ? parts : [new MessagePart(PartKind.Text, source, "")];
    }

    private static string? RolePrefix(string text)
    {
        foreach (var role in (ReadOnlySpan<string>)["system", "user", "assistant", "tool"])
        {
            if (text.Length > role.Length + 1 && text.StartsWith(role, StringComparison.Ordinal) && text[role.Length] == ':' && text[role.Length + 1] == ' ') return role;
        }

        return null;
    }

    /// <summary>
    /// A hand-rolled instrumentation's <c>llm.prompt</c> / <c>llm.completion</c> written as the provider's JSON: a list of
    /// role messages in, and out a list of them or of one message's content blocks (Anthropic's <c>text</c> and
    /// <c>tool_use</c>), with the instructions in <c>llm.system</c> when that holds text (OpenInference writes the
    /// provider's name there). False, and nothing read, when the prompt is not such a list.
    /// </summary>
    private static bool ReadLlmMessages(GenAiSpan g, AttributeSet a)
    {
        // The prompt as llm.prompt, or (a hand-rolled span of its own) llm.input_messages, llm.input.messages,
        // llm.messages or llm.request.messages holding the JSON list itself; the answer as llm.completion,
        // llm.output_message(s), llm.output.message(s), llm.output.content, llm.output or llm.response.content (the
        // provider's message or content blocks); the instructions in llm.system, llm.system_prompt or llm.request.system.
        var promptKey = a.TryGetValue("llm.prompt", out _) ? "llm.prompt" : a.TryGetValue("llm.input.messages", out _) ? "llm.input.messages"
            : a.TryGetValue("llm.messages", out _) ? "llm.messages" : a.TryGetValue("llm.request.messages", out _) ? "llm.request.messages" : "llm.input_messages";
        if (!a.TryGetValue(promptKey, out var prompt) || !TryRead(prompt, out var messages)
            || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0 || !messages.EnumerateArray().All(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("role", out _)))
        {
            return false;
        }

        foreach (var systemKey in (ReadOnlySpan<string>)["llm.system", "llm.system_prompt", "llm.request.system"])
        {
            if (a.GetString(systemKey) is not { } system || !system.AsSpan().ContainsAny(' ', '\n')) continue;
            var at = AttributeSource(systemKey);
            g.InputMessageList.Add(new GenAiMessage("system", [new MessagePart(PartKind.Text, at, system)], at));
            break;
        }

        ReadMessageList(g, a, promptKey, "user", output: false);
        var completionKey = "llm.completion";
        foreach (var key in (ReadOnlySpan<string>)["llm.completion", "llm.output_message", "llm.output_messages", "llm.output.message", "llm.output.messages", "llm.output.content", "llm.output", "llm.response.content", "llm.response.message"])
        {
            if (!a.TryGetValue(key, out _)) continue;
            completionKey = key;
            break;
        }

        if (a.TryGetValue(completionKey, out var single) && TryRead(single, out var message)
            && message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out _))
        {
            // One message, as the provider returned it: {"role": "assistant", "content": …, "tool_calls": […]}.
            ReadMessageList(g, a, completionKey, "assistant", output: true);
        }
        else if (a.TryGetValue(completionKey, out var completion) && TryRead(completion, out var answer)
            && answer.ValueKind == JsonValueKind.Array && answer.GetArrayLength() > 0)
        {
            var source = AttributeSource(completionKey);
            if (answer.EnumerateArray().All(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("role", out _)))
            {
                ReadMessageList(g, a, completionKey, "assistant", output: true);
            }
            else
            {
                // One message's content blocks.
                var parts = new List<MessagePart>();
                var i = 0;
                foreach (var block in answer.EnumerateArray())
                {
                    if (MessageJson.ReadPart(block, $"{source} $[{(i++).ToString(CultureInfo.InvariantCulture)}]", null) is { } part) parts.Add(part);
                }

                if (parts.Count > 0) g.OutputMessageList.Add(new GenAiMessage("assistant", parts, source));
            }
        }
        else if (a.GetString(completionKey) is { Length: > 0 } text && !JsonContent.LooksStructured(text))
        {
            var source = AttributeSource(completionKey);
            g.OutputMessageList.Add(new GenAiMessage("assistant", [new MessagePart(PartKind.Text, source, text)], source));
        }

        // No answer under those keys: the answer as plain text and the tool calls as a list (llm.output_text,
        // llm.output_tool_calls).
        if (g.OutputMessageList.Count == 0) ReadPlainOutput(g, a);
        return true;
    }

    /// <summary>The model a hand-rolled span names in <c>llm.model</c> beside its <c>llm.input_messages</c>; null otherwise.</summary>
    private static string? HandRolledModel(AttributeSet a) =>
        a.TryGetValue("llm.input_messages", out var messages) && messages.Kind == AttributeValueKind.String ? a.GetString("llm.model") : null;

    private static GenAiMessage? ReadEventBody(Span span, int index, SpanEvent e, string role, string? id, string? finish)
    {
        foreach (var key in (string[])["gen_ai.event.content", "content", "body", "event.body", "gen_ai.prompt", "gen_ai.completion", "message"])
        {
            if (!e.Attributes.TryGetValue(key, out var value) || value.Kind == AttributeValueKind.Null) continue;
            var source = $"events[{index.ToString(CultureInfo.InvariantCulture)}] {key}";
            if (TryRead(value, out var json) && MessageJson.LooksLikeMessage(json))
            {
                return MessageJson.Read(json, source, role, id, finish);
            }

            if (json.ValueKind == JsonValueKind.Array && MessageJson.IsConverseBlocks(json))
            {
                // Strands Agents: the message's content as Bedrock Converse blocks.
                return MessageJson.ReadConverseBlocks(json, source, role, finish);
            }

            // The content is the message itself: the tool's raw result, or plain text.
            var text = value.ToString();
            var part = role == "tool"
                ? new MessagePart(PartKind.ToolCallResponse, source, text, id)
                : new MessagePart(PartKind.Text, source, text);
            return new GenAiMessage(role, [part], source, finish);
        }

        // Tool calls recorded as flat event attributes (gen_ai.tool.name / arguments) without a body.
        if (e.Attributes.GetString("gen_ai.tool.name") is { } name)
        {
            var source = $"events[{index.ToString(CultureInfo.InvariantCulture)}] gen_ai.tool.name";
            return new GenAiMessage(role, [new MessagePart(PartKind.ToolCall, source, null, id, name, e.Attributes.GetString("gen_ai.tool.call.arguments"))], source, finish);
        }

        return null;
    }

    /// <summary>OpenLLMetry's <c>gen_ai.prompt.N.*</c> / <c>gen_ai.completion.N.*</c> and OpenInference's <c>llm.input_messages.N.message.*</c>.</summary>
    private static void ReadIndexedMessages(GenAiSpan g, AttributeSet a)
    {
        foreach (var (prefix, inner, output, role) in (ReadOnlySpan<(string, string, bool, string)>)[
                     ("gen_ai.prompt.", "", false, "user"), ("gen_ai.completion.", "", true, "assistant"),
                     ("llm.input_messages.", "message.", false, "user"), ("llm.output_messages.", "message.", true, "assistant")])
        {
            foreach (var (index, fields) in Indexed(a, prefix))
            {
                string? Field(string name) => fields.TryGetValue(inner + name, out var f) ? f.Value.ToString() : null;
                var messageRole = Field("role") ?? role;
                var id = Field("tool_call_id");
                var parts = new List<MessagePart>();
                if (fields.TryGetValue(inner + "content", out var content))
                {
                    var source = AttributeSource(content.Key);
                    parts.Add(messageRole == "tool"
                        ? new MessagePart(PartKind.ToolCallResponse, source, content.Value.ToString(), id)
                        : new MessagePart(PartKind.Text, source, content.Value.ToString()));
                }

                // tool_calls.M.name / .arguments / .id (OpenLLMetry) or tool_calls.M.tool_call.function.name (OpenInference).
                var calls = new SortedDictionary<int, Dictionary<string, KeyValuePair<string, AttributeValue>>>();
                foreach (var (field, entry) in fields)
                {
                    if (!field.StartsWith(inner + "tool_calls.", StringComparison.Ordinal)) continue;
                    var rest = field[(inner.Length + "tool_calls.".Length)..];
                    var dot = rest.IndexOf('.');
                    if (dot <= 0 || !int.TryParse(rest.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var m)) continue;
                    if (!calls.TryGetValue(m, out var call)) calls[m] = call = new(StringComparer.Ordinal);
                    call[rest[(dot + 1)..].Replace("tool_call.function.", "", StringComparison.Ordinal).Replace("tool_call.", "", StringComparison.Ordinal)] = entry;
                }

                foreach (var call in calls.Values)
                {
                    if (!call.TryGetValue("name", out var name)) continue;
                    parts.Add(new MessagePart(PartKind.ToolCall, AttributeSource(name.Key), null,
                        call.TryGetValue("id", out var cid) ? cid.Value.ToString() : null, name.Value.ToString(),
                        call.TryGetValue("arguments", out var args) ? args.Value.ToString() : null));
                }

                if (parts.Count == 0) continue;
                var at = AttributeSource($"{prefix}{index.ToString(CultureInfo.InvariantCulture)}");
                var message = new GenAiMessage(messageRole, parts, at, Field("finish_reason"));
                (output ? g.OutputMessageList : g.InputMessageList).Add(message);
            }
        }
    }

    /// <summary>Groups <c>prefix.N.rest</c> attributes by N (ascending), keyed by <c>rest</c>; most spans have none.</summary>
    internal static IReadOnlyList<(int Index, Dictionary<string, KeyValuePair<string, AttributeValue>> Fields)> Indexed(AttributeSet a, string prefix)
    {
        SortedDictionary<int, Dictionary<string, KeyValuePair<string, AttributeValue>>>? groups = null;
        foreach (var entry in a)
        {
            if (!entry.Key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = entry.Key.AsSpan(prefix.Length);
            var dot = rest.IndexOf('.');
            if (dot <= 0 || !int.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) continue;
            groups ??= new();
            if (!groups.TryGetValue(n, out var fields)) groups[n] = fields = new(StringComparer.Ordinal);
            fields[rest[(dot + 1)..].ToString()] = entry;
        }

        if (groups is null) return [];
        var list = new List<(int, Dictionary<string, KeyValuePair<string, AttributeValue>>)>(groups.Count);
        foreach (var (index, fields) in groups) list.Add((index, fields));
        return list;
    }
}
