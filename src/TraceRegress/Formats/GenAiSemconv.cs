using System.Text.RegularExpressions;
using TraceRegress.Model;

namespace TraceRegress.Formats;

/// <summary>
/// The OpenTelemetry gen-ai semantic-convention attributes (newest names) that readers of non-OpenTelemetry
/// formats add beside the source's own attributes, so the attribution engine reads one vocabulary.
/// Source attributes of the same name win: values are only added when absent.
/// </summary>
internal sealed partial class GenAiSemconv
{
    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string System = "gen_ai.system";
    public const string RequestModel = "gen_ai.request.model";
    public const string ResponseModel = "gen_ai.response.model";
    public const string InputTokens = "gen_ai.usage.input_tokens";
    public const string OutputTokens = "gen_ai.usage.output_tokens";
    public const string FinishReasons = "gen_ai.response.finish_reasons";
    public const string InputMessages = "gen_ai.input.messages";
    public const string OutputMessages = "gen_ai.output.messages";
    public const string ToolName = "gen_ai.tool.name";
    public const string ToolDescription = "gen_ai.tool.description";
    public const string ToolCallId = "gen_ai.tool.call.id";
    public const string ToolCallArguments = "gen_ai.tool.call.arguments";
    public const string ToolCallResult = "gen_ai.tool.call.result";
    public const string ToolDefinitions = "gen_ai.tool.definitions";
    public const string AgentName = "gen_ai.agent.name";

    public const string Chat = "chat";
    public const string ExecuteTool = "execute_tool";
    public const string InvokeAgent = "invoke_agent";
    public const string Embeddings = "embeddings";

    /// <summary>The operation: <see cref="Chat"/>, <see cref="ExecuteTool"/>, <see cref="InvokeAgent"/>, <see cref="Embeddings"/> or null.</summary>
    public string? Operation { get; set; }
    public string? Provider { get; set; }
    public string? SystemName { get; set; }
    public string? RequestModelName { get; set; }
    public string? ResponseModelName { get; set; }
    public long? InputTokenCount { get; set; }
    public long? OutputTokenCount { get; set; }
    public List<string> FinishReasonList { get; } = [];
    public List<AttributeValue> Input { get; } = [];
    public List<AttributeValue> Output { get; } = [];
    public string? Tool { get; set; }
    public string? ToolDescriptionText { get; set; }
    public string? CallId { get; set; }
    public string? Arguments { get; set; }
    public string? Result { get; set; }
    public List<AttributeValue> Tools { get; } = [];
    public string? Agent { get; set; }
    /// <summary>Request parameters (temperature, max_tokens, top_p…) as given by the source.</summary>
    public AttributeValue? RequestParameters { get; set; }

    /// <summary>Writes what is known onto the span, never overwriting an attribute the source set.</summary>
    public void ApplyTo(SpanData span)
    {
        if (Operation is null) return;
        span.AddIfAbsent(OperationName, Operation);
        AddText(span, System, SystemName);
        AddText(span, ProviderName, Provider ?? SystemName);
        AddText(span, RequestModel, RequestModelName ?? ResponseModelName);
        AddText(span, ResponseModel, ResponseModelName);
        if (InputTokenCount is { } input) span.AddIfAbsent(InputTokens, input);
        if (OutputTokenCount is { } output) span.AddIfAbsent(OutputTokens, output);
        if (RequestParameters is { Kind: AttributeValueKind.Map } parameters)
        {
            AddNumber(span, "gen_ai.request.temperature", parameters.Get("temperature"));
            AddNumber(span, "gen_ai.request.top_p", parameters.Get("top_p"));
            if (parameters.GetInt("max_tokens", "max_output_tokens", "max_completion_tokens") is { } maxTokens) span.AddIfAbsent("gen_ai.request.max_tokens", maxTokens);
            // JSON mode asked through the request (OpenAI's response_format json_object / json_schema).
            if (parameters.Get("response_format") is { } format && ExportJson.Text(format) is var text
                && (text.Contains("json_object", StringComparison.Ordinal) || text.Contains("json_schema", StringComparison.Ordinal)))
            {
                span.AddIfAbsent("gen_ai.output.type", "json");
            }
        }

        var outputMessages = Output;
        if (FinishReasonList.Count == 0)
        {
            foreach (var message in Output)
            {
                if (message.GetText("finish_reason") is { } reason) FinishReasonList.Add(reason);
            }
        }
        else if (FinishReasonList.Count == Output.Count)
        {
            outputMessages = Output.Select((m, i) => GenAiMessages.WithFinishReason(m, FinishReasonList[i])).ToList();
        }

        if (FinishReasonList.Count > 0) span.AddIfAbsent(FinishReasons, AttributeValue.FromArray(FinishReasonList.Select(AttributeValue.FromString)));
        if (Input.Count > 0) span.AddIfAbsent(InputMessages, AttributeValue.FromArray(Input).ToJson());
        if (outputMessages.Count > 0) span.AddIfAbsent(OutputMessages, AttributeValue.FromArray(outputMessages).ToJson());
        if (Tools.Count > 0) span.AddIfAbsent(ToolDefinitions, AttributeValue.FromArray(Tools).ToJson());
        AddText(span, ToolName, Tool);
        AddText(span, ToolDescription, ToolDescriptionText);
        AddText(span, ToolCallId, CallId);
        AddText(span, ToolCallArguments, Arguments);
        AddText(span, ToolCallResult, Result);
        AddText(span, AgentName, Agent);
    }

    private static void AddText(SpanData span, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value)) span.AddIfAbsent(key, value);
    }

    private static void AddNumber(SpanData span, string key, AttributeValue? value)
    {
        if (value is not null && value.TryGetDouble(out var number)) span.AddIfAbsent(key, value.Kind == AttributeValueKind.Int ? value : AttributeValue.FromDouble(number));
    }

    /// <summary>
    /// Marks a span failed: status Error with the message, and an <c>exception</c> event
    /// (<c>exception.type</c> when the text names one, <c>exception.message</c>, <c>exception.stacktrace</c> for
    /// multi-line texts) unless the source already recorded one.
    /// </summary>
    public static void SetError(SpanData span, string? errorText, DateTimeOffset? at)
    {
        var text = errorText?.Trim();
        var message = string.IsNullOrEmpty(text) ? null : MessageLine(text);
        span.Status = new SpanStatus(SpanStatusCode.Error, message ?? span.Status.Message);
        if (message is null || span.Events.Any(e => e.Name == "exception")) return;
        var attributes = new List<KeyValuePair<string, AttributeValue>>();
        if (ExceptionType(message) is { } type) attributes.Add(new("exception.type", type));
        attributes.Add(new("exception.message", message));
        if (text!.Length > message.Length) attributes.Add(new("exception.stacktrace", text));
        span.Events.Add(new SpanEvent("exception", at, AttributeSet.Create(attributes)));
    }

    /// <summary>
    /// The line that says what failed: the first line, or for a Python traceback (LangSmith and Langfuse store the whole
    /// of it) the last unindented <c>Type: message</c> line, the exception that was raised in the end.
    /// </summary>
    private static string MessageLine(string text)
    {
        if (!text.StartsWith("Traceback (most recent call last)", StringComparison.Ordinal)) return FirstLine(text);
        var lines = text.Split('\n');
        for (var i = lines.Length - 1; i > 0; i--)
        {
            var line = lines[i].TrimEnd('\r', ' ');
            if (line.Length == 0 || char.IsWhiteSpace(line[0])) continue;
            if (ExceptionType(line) is not null) return line;
        }

        return FirstLine(text);
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n');
        return (newline < 0 ? text : text[..newline]).TrimEnd('\r', ' ');
    }

    /// <summary>The exception type a Python or .NET error text starts with (<c>RateLimitError('…')</c>, <c>openai.APIError: …</c>).</summary>
    public static string? ExceptionType(string message)
    {
        var match = ExceptionTypePattern().Match(message);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*(?:Error|Exception|Timeout|Exceeded|Interrupt|Failure|Fault))\b(?:\(|:|$)", RegexOptions.CultureInvariant)]
    private static partial Regex ExceptionTypePattern();

    /// <summary>
    /// Gives <c>execute_tool</c> spans without a call id the id of the tool call that caused them: the
    /// not-yet-claimed <c>tool_call</c> part of the same tool name in the output of the latest chat span
    /// that started before the tool (equal arguments preferred). Deterministic: spans are visited in
    /// start-time then id order.
    /// </summary>
    public static void LinkToolCalls(List<SpanData> spans)
    {
        var ordered = spans.OrderBy(s => s.StartTimeUnixNano).ThenBy(s => s.SpanId, StringComparer.Ordinal).ToList();
        var calls = new List<(long Start, string Id, string Name, string? Arguments)>();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var span in ordered)
        {
            if (Attribute(span, ToolCallId) is { } known) claimed.Add(known.ToString());
            if (Attribute(span, OutputMessages) is not { Kind: AttributeValueKind.String } json || !ExportJson.TryParse(json.AsString, out var messages)) continue;
            foreach (var message in messages.Items)
            {
                if (message.Get("parts") is not { Kind: AttributeValueKind.Array } parts) continue;
                foreach (var part in parts.Items)
                {
                    if (part.GetText("type") == "tool_call" && part.GetText("id") is { } id)
                    {
                        calls.Add((span.StartTimeUnixNano, id, part.GetText("name") ?? "", part.Get("arguments") is { } a ? Canonical(a) : null));
                    }
                }
            }
        }

        if (calls.Count == 0) return;
        foreach (var span in ordered)
        {
            if (Attribute(span, OperationName)?.AsString != ExecuteTool || Attribute(span, ToolCallId) is not null) continue;
            var name = Attribute(span, ToolName)?.ToString();
            if (name is null) continue;
            var arguments = Attribute(span, ToolCallArguments) is { } a ? Canonical(a) : null;
            (long Start, string Id, string Name, string? Arguments)? best = null;
            foreach (var call in calls)
            {
                if (call.Name != name || call.Start > span.StartTimeUnixNano || claimed.Contains(call.Id)) continue;
                var better = best is not { } b
                    || (call.Arguments == arguments && b.Arguments != arguments)
                    || ((call.Arguments == arguments) == (b.Arguments == arguments) && call.Start > b.Start);
                if (better) best = call;
            }

            if (best is { } chosen)
            {
                claimed.Add(chosen.Id);
                span.Add(ToolCallId, chosen.Id);
            }
        }
    }

    /// <summary>
    /// Steps recorded around a tool call without saying so (Langfuse SPAN observations from <c>@observe</c>): a step with no
    /// gen-ai operation of its own, named after a tool that a model call which started before it asked for (or after it
    /// with a kind before it: <c>tool:check_account_status</c>), is that
    /// tool's execution. Its input (the decorator's <c>{"args": [], "kwargs": {…}}</c>, the keyword arguments read) is the
    /// call's arguments and its output the result.
    /// </summary>
    public static void PromoteToolSteps(List<SpanData> spans, string inputKey, string outputKey)
    {
        // Each tool name a model call asked for, with the earliest start of such a call.
        Dictionary<string, long>? requested = null;
        foreach (var span in spans)
        {
            if (Attribute(span, OutputMessages) is not { Kind: AttributeValueKind.String } json || !ExportJson.TryParse(json.AsString, out var messages)) continue;
            foreach (var message in messages.Items)
            {
                foreach (var part in message.Get("parts")?.Items ?? [])
                {
                    if (part.GetText("type") != "tool_call" || part.GetText("name") is not { Length: > 0 } name) continue;
                    requested ??= new(StringComparer.Ordinal);
                    requested[name] = requested.TryGetValue(name, out var start) ? Math.Min(start, span.StartTimeUnixNano) : span.StartTimeUnixNano;
                }
            }
        }

        if (requested is null) return;
        foreach (var span in spans)
        {
            // The step is named for the tool, or for the tool after a kind ("tool:check_account_status", "tool.lookup").
            var tool = span.Name;
            if (!requested.ContainsKey(tool) && tool.StartsWith("tool", StringComparison.OrdinalIgnoreCase) && tool.Length > 5 && tool[4] is ':' or '.' or '-' or '_' or ' ')
            {
                tool = tool[5..].TrimStart();
            }

            if (Attribute(span, OperationName) is not null || !requested.TryGetValue(tool, out var asked) || asked > span.StartTimeUnixNano) continue;
            var facts = new GenAiSemconv { Operation = ExecuteTool, Tool = tool };
            if (Attribute(span, inputKey) is { } input)
            {
                var parsed = input.Kind == AttributeValueKind.String && ExportJson.TryParse(input.AsString, out var value) ? value : input;
                var arguments = parsed.Get("kwargs") is { Kind: AttributeValueKind.Map } kwargs && parsed.Get("args") is null or { Items.Count: 0 } ? kwargs : parsed;
                facts.Arguments = ExportJson.Text(arguments);
            }

            if (Attribute(span, outputKey) is { } output) facts.Result = ExportJson.Text(output);
            facts.ApplyTo(span);
        }
    }

    private static string Canonical(AttributeValue value) =>
        value.Kind == AttributeValueKind.String && ExportJson.TryParse(value.AsString, out var parsed) ? parsed.ToJson() : value.ToJson();

    private static AttributeValue? Attribute(SpanData span, string key)
    {
        AttributeValue? found = null;
        foreach (var entry in span.Attributes)
        {
            if (entry.Key == key) found = entry.Value;
        }

        return found;
    }
}
