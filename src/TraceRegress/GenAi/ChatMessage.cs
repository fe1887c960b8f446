namespace TraceRegress.GenAi;

/// <summary>A piece of text read from a span, with where in the span it was found.</summary>
/// <param name="Span">The span holding the text.</param>
/// <param name="Source">Where in the span, e.g. <c>events[2] gen_ai.event.content</c> or <c>attributes["gen_ai.output.messages"] $[0].parts[1]</c>.</param>
/// <param name="Text">The text itself.</param>
internal sealed record SourcedText(Span Span, string Source, string Text)
{
    /// <summary>The same text located deeper, at a JSON path inside it (<c>$.error</c>).</summary>
    public string At(string jsonPath) => jsonPath is "" or "$" ? Source : $"{Source} {jsonPath}";
}

/// <summary>What a message part holds.</summary>
internal enum PartKind
{
    Text,
    ToolCall,
    ToolCallResponse,
}

/// <summary>
/// One part of a chat message, normalised across semantic-convention versions and vendor formats.
/// A tool call carries <see cref="Id"/>, <see cref="Name"/> and <see cref="Arguments"/>; a tool call
/// response carries <see cref="Id"/> and <see cref="Content"/> (the tool's result); text carries <see cref="Content"/>.
/// </summary>
internal sealed record MessagePart(PartKind Kind, string Source, string? Content, string? Id = null, string? Name = null, string? Arguments = null)
{
    /// <summary>Text, arguments or response, whichever the part carries.</summary>
    public string Body => Kind == PartKind.ToolCall ? Arguments ?? "" : Content ?? "";
}

/// <summary>A chat message: its role, its parts and (for model output) its finish reason.</summary>
internal sealed record ChatMessage(string Role, IReadOnlyList<MessagePart> Parts, string Source, string? FinishReason = null)
{
    /// <summary>The message's text parts joined by new lines.</summary>
    public string Text => string.Join('\n', Parts.Where(p => p.Kind == PartKind.Text && !string.IsNullOrEmpty(p.Content)).Select(p => p.Content));
}

/// <summary>A tool the model was offered: its name and, when the definition gives them, its required parameters.</summary>
internal sealed record ToolDefinition(string Name, IReadOnlyList<string> RequiredParameters, IReadOnlyList<string> Parameters, string Source);
