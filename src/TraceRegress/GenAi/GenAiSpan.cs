namespace TraceRegress.GenAi;

/// <summary>The gen-ai operation a span performs, from <c>gen_ai.operation.name</c> or inferred from its content.</summary>
internal static class GenAiOperation
{
    public const string Chat = "chat";
    public const string TextCompletion = "text_completion";
    public const string GenerateContent = "generate_content";
    public const string ExecuteTool = "execute_tool";
    public const string InvokeAgent = "invoke_agent";
    public const string CreateAgent = "create_agent";
    public const string Embeddings = "embeddings";
    public const string Other = "";

    /// <summary>True for operations in which a model produces text (the spans whose output can hallucinate).</summary>
    public static bool IsModelCall(string operation) => operation is Chat or TextCompletion or GenerateContent;
}

/// <summary>
/// A span seen through the gen-ai semantic conventions, whatever version or vendor wrote it:
/// the operation, provider, models, token usage, finish reasons, tool definitions, the chat messages
/// in and out, and for tool executions the tool's name, call id, arguments and result.
/// </summary>
internal sealed class GenAiSpan
{
    public GenAiSpan(Span span) => Span = span;

    public Span Span { get; }

    /// <summary>One of <see cref="GenAiOperation"/>'s values; <see cref="GenAiOperation.Other"/> for spans that are not gen-ai.</summary>
    public string Operation { get; set; } = GenAiOperation.Other;

    public string? Provider { get; set; }
    public string? RequestModel { get; set; }
    public string? ResponseModel { get; set; }
    public SourcedText? InputTokens { get; set; }
    public long? InputTokenCount { get; set; }
    public long? OutputTokenCount { get; set; }

    /// <summary>Finish reasons from <c>gen_ai.response.finish_reasons</c>, choices and output messages.</summary>
    public List<SourcedText> FinishReasons { get; } = [];

    /// <summary>Tools the model was offered; empty when the span does not say.</summary>
    public List<ToolDefinition> ToolDefinitions { get; } = [];

    /// <summary>True when the span declares its tools (an empty list then means "no tools").</summary>
    public bool ToolDefinitionsKnown { get; set; }

    /// <summary>
    /// True when the span declares tools but at least one declaration has no readable name (a schema of <c>"{}"</c>):
    /// the list is then incomplete, and a call to a tool missing from it proves nothing.
    /// </summary>
    public bool ToolDefinitionsIncomplete { get; set; }

    /// <summary>System instructions, then the conversation sent to the model.</summary>
    public List<ChatMessage> InputMessages { get; } = [];

    /// <summary>What the model answered.</summary>
    public List<ChatMessage> OutputMessages { get; } = [];

    /// <summary>A structured output the request asked for (<c>json</c>), with where it was requested.</summary>
    public SourcedText? RequestedOutputType { get; set; }

    public string? ToolName { get; set; }
    public string? ToolCallId { get; set; }
    public SourcedText? ToolCallArguments { get; set; }
    public SourcedText? ToolCallResult { get; set; }

    public string Model => ResponseModel ?? RequestModel ?? "";

    public bool IsModelCall => GenAiOperation.IsModelCall(Operation);

    public bool IsToolExecution => Operation == GenAiOperation.ExecuteTool;

    /// <summary>The model's answer as text (text parts of the output messages).</summary>
    public string OutputText => string.Join('\n', OutputMessages.Select(m => m.Text).Where(t => t.Length > 0));

    public IEnumerable<MessagePart> OutputParts => OutputMessages.SelectMany(m => m.Parts);

    public IEnumerable<MessagePart> InputParts => InputMessages.SelectMany(m => m.Parts);
}
