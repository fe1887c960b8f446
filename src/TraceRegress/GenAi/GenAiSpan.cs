using TraceRegress.Model;

namespace TraceRegress.GenAi;

/// <summary>The gen-ai operation a span performs, from <c>gen_ai.operation.name</c> or inferred from its content.</summary>
public static class GenAiOperation
{
    /// <summary>A chat completion.</summary>
    public const string Chat = "chat";

    /// <summary>A text completion.</summary>
    public const string TextCompletion = "text_completion";

    /// <summary>Gemini's generate_content.</summary>
    public const string GenerateContent = "generate_content";

    /// <summary>A tool execution.</summary>
    public const string ExecuteTool = "execute_tool";

    /// <summary>An agent invocation.</summary>
    public const string InvokeAgent = "invoke_agent";

    /// <summary>An agent's creation.</summary>
    public const string CreateAgent = "create_agent";

    /// <summary>An embeddings call.</summary>
    public const string Embeddings = "embeddings";

    /// <summary>Not a gen-ai operation.</summary>
    public const string Other = "";

    /// <summary>True for operations in which a model produces text (the spans whose output can hallucinate).</summary>
    public static bool IsModelCall(string operation) => operation is Chat or TextCompletion or GenerateContent;
}

/// <summary>
/// A span seen through the gen-ai semantic conventions, whatever version or vendor wrote it:
/// the operation, provider, models, token usage, finish reasons, tool definitions, the chat messages
/// in and out, and for tool executions the tool's name, call id, arguments and result. Read once per
/// trace (see <see cref="TraceView"/>) and immutable after that.
/// </summary>
public sealed class GenAiSpan
{
    private string? _outputText;
    private List<SourcedText>? _finishReasonList;
    private List<ToolDefinition>? _toolDefinitionList;
    private List<GenAiMessage>? _inputMessageList;
    private List<GenAiMessage>? _outputMessageList;

    internal GenAiSpan(Span span) => Span = span;

    /// <summary>The span itself.</summary>
    public Span Span { get; }

    /// <summary>One of <see cref="GenAiOperation"/>'s values; <see cref="GenAiOperation.Other"/> for spans that are not gen-ai.</summary>
    public string Operation { get; internal set; } = GenAiOperation.Other;

    /// <summary>The provider (<c>gen_ai.provider.name</c>, <c>gen_ai.system</c>, …).</summary>
    public string? Provider { get; internal set; }

    /// <summary>The model asked for.</summary>
    public string? RequestModel { get; internal set; }

    /// <summary>The model that answered.</summary>
    public string? ResponseModel { get; internal set; }

    /// <summary>The input token count as written, with where.</summary>
    public SourcedText? InputTokens { get; internal set; }

    /// <summary>The input token count.</summary>
    public long? InputTokenCount { get; internal set; }

    /// <summary>The output token count.</summary>
    public long? OutputTokenCount { get; internal set; }

    internal List<SourcedText> FinishReasonList => _finishReasonList ??= [];

    internal List<ToolDefinition> ToolDefinitionList => _toolDefinitionList ??= [];

    internal List<GenAiMessage> InputMessageList => _inputMessageList ??= [];

    internal List<GenAiMessage> OutputMessageList => _outputMessageList ??= [];

    /// <summary>Finish reasons from <c>gen_ai.response.finish_reasons</c>, choices and output messages.</summary>
    public IReadOnlyList<SourcedText> FinishReasons => (IReadOnlyList<SourcedText>?)_finishReasonList ?? [];

    /// <summary>Tools the model was offered; empty when the span does not say.</summary>
    public IReadOnlyList<ToolDefinition> ToolDefinitions => (IReadOnlyList<ToolDefinition>?)_toolDefinitionList ?? [];

    /// <summary>True when the span declares its tools (an empty list then means "no tools").</summary>
    public bool ToolDefinitionsKnown { get; internal set; }

    /// <summary>
    /// True when the span declares tools but at least one declaration has no readable name (a schema of <c>"{}"</c>):
    /// the list is then incomplete, and a call to a tool missing from it proves nothing.
    /// </summary>
    public bool ToolDefinitionsIncomplete { get; internal set; }

    /// <summary>System instructions, then the conversation sent to the model.</summary>
    public IReadOnlyList<GenAiMessage> InputMessages => (IReadOnlyList<GenAiMessage>?)_inputMessageList ?? [];

    /// <summary>What the model answered.</summary>
    public IReadOnlyList<GenAiMessage> OutputMessages => (IReadOnlyList<GenAiMessage>?)_outputMessageList ?? [];

    /// <summary>A structured output the request asked for (<c>json</c>), with where it was requested.</summary>
    public SourcedText? RequestedOutputType { get; internal set; }

    /// <summary>For a tool execution: the tool's name.</summary>
    public string? ToolName { get; internal set; }

    /// <summary>For a tool execution: the call id.</summary>
    public string? ToolCallId { get; internal set; }

    /// <summary>For a tool execution: the arguments it ran with, when recorded on the span.</summary>
    public SourcedText? ToolCallArguments { get; internal set; }

    /// <summary>For a tool execution: the result, when recorded on the span.</summary>
    public SourcedText? ToolCallResult { get; internal set; }

    /// <summary>The response model, else the request model, else empty.</summary>
    public string Model => ResponseModel ?? RequestModel ?? "";

    /// <summary>True for a model call (chat, text completion, generate_content).</summary>
    public bool IsModelCall => GenAiOperation.IsModelCall(Operation);

    /// <summary>True for a tool execution.</summary>
    public bool IsToolExecution => Operation == GenAiOperation.ExecuteTool;

    /// <summary>The model's answer as text (text parts of the output messages).</summary>
    public string OutputText => _outputText ??= JoinOutputText();

    /// <summary>Every part of the output messages, in order.</summary>
    public IEnumerable<MessagePart> OutputParts
    {
        get
        {
            foreach (var m in OutputMessages)
            {
                foreach (var p in m.Parts) yield return p;
            }
        }
    }

    /// <summary>Every part of the input messages, in order.</summary>
    public IEnumerable<MessagePart> InputParts
    {
        get
        {
            foreach (var m in InputMessages)
            {
                foreach (var p in m.Parts) yield return p;
            }
        }
    }

    private string JoinOutputText()
    {
        var output = OutputMessages;
        if (output.Count == 0) return "";
        if (output.Count == 1) return output[0].Text;
        return string.Join('\n', output.Select(m => m.Text).Where(t => t.Length > 0));
    }
}
