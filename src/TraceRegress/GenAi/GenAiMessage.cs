using System.Text.Json;
using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.GenAi;

/// <summary>
/// A piece of text read from a span, with where in the span it was found. The text is parsed as JSON at most
/// once, on first use (<see cref="Json"/>), and shared by everything that reads it.
/// </summary>
public sealed class SourcedText
{
    private static readonly object NotJson = new();
    private static readonly object NoError = new();
    private object? _json;
    private object? _error;

    /// <summary>Creates a located text.</summary>
    /// <param name="span">The span holding the text.</param>
    /// <param name="source">Where in the span, e.g. <c>events[2] gen_ai.event.content</c> or <c>attributes["gen_ai.output.messages"] $[0].parts[1]</c>.</param>
    /// <param name="text">The text itself.</param>
    public SourcedText(Span span, string source, string text)
    {
        Span = span;
        Source = source;
        Text = text;
    }

    /// <summary>The span holding the text.</summary>
    public Span Span { get; }

    /// <summary>Where in the span, e.g. <c>events[2] gen_ai.event.content</c> or <c>attributes["gen_ai.output.messages"] $[0].parts[1]</c>.</summary>
    public string Source { get; }

    /// <summary>The text itself.</summary>
    public string Text { get; }

    /// <summary>The same text located deeper, at a JSON path inside it (<c>$.error</c>).</summary>
    public string At(string jsonPath) => jsonPath is "" or "$" ? Source : $"{Source} {jsonPath}";

    /// <summary>
    /// The text as JSON when it is a JSON object or array; null for plain text, scalars and invalid JSON.
    /// Parsed once, on first use; nesting is bounded and parsing never throws.
    /// </summary>
    public JsonElement? Json
    {
        get
        {
            var state = Volatile.Read(ref _json);
            if (state is null)
            {
                // The document stays alive with this text (no copy): it is read by every detector that looks at it.
                state = JsonContent.TryParseStructured(Text, out var root) ? root : NotJson;
                Volatile.Write(ref _json, state);
            }

            return state is JsonElement element ? element : null;
        }
    }

    /// <summary>
    /// The error this text reports when it is a tool's output: an error field (<c>error</c>, <c>isError: true</c>,
    /// <c>status: "error"</c>, an HTTP status of 400 or more) or error wording (a traceback, an <c>…Error:</c> line).
    /// Null when it reports none. Found once, on first use.
    /// </summary>
    public ErrorPayloadMatch? ErrorPayload
    {
        get
        {
            var state = Volatile.Read(ref _error);
            if (state is null)
            {
                state = (object?)Engine.Text.ErrorPayload.Find(this) ?? NoError;
                Volatile.Write(ref _error, state);
            }

            return state as ErrorPayloadMatch;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Source}: {Text}";
}

/// <summary>What a message part holds.</summary>
public enum PartKind
{
    /// <summary>Text (a prompt, an answer, instructions).</summary>
    Text,

    /// <summary>A call the model asked for: a tool's name, call id and arguments.</summary>
    ToolCall,

    /// <summary>A tool's result handed back to the model, with the call id.</summary>
    ToolCallResponse,
}

/// <summary>
/// One part of a chat message, normalised across semantic-convention versions and vendor formats.
/// A tool call carries <see cref="Id"/>, <see cref="Name"/> and <see cref="Arguments"/>; a tool call
/// response carries <see cref="Id"/> and <see cref="Content"/> (the tool's result); text carries <see cref="Content"/>.
/// </summary>
/// <param name="Kind">What the part holds.</param>
/// <param name="Source">Where in the span the part was read.</param>
/// <param name="Content">The text, or the tool's result for a response; null for a tool call.</param>
/// <param name="Id">The tool call id, when the part belongs to a tool call.</param>
/// <param name="Name">The tool's name, for a tool call.</param>
/// <param name="Arguments">The call's arguments as written (usually JSON), for a tool call.</param>
public sealed record MessagePart(PartKind Kind, string Source, string? Content, string? Id = null, string? Name = null, string? Arguments = null)
{
    /// <summary>Text, arguments or response, whichever the part carries.</summary>
    public string Body => Kind == PartKind.ToolCall ? Arguments ?? "" : Content ?? "";
}

/// <summary>A chat message: its role, its parts and (for model output) its finish reason.</summary>
/// <param name="Role">The role (<c>system</c>, <c>user</c>, <c>assistant</c>, <c>tool</c>).</param>
/// <param name="Parts">The message's parts, in order.</param>
/// <param name="Source">Where in the span the message was read.</param>
/// <param name="FinishReason">Why the model stopped, for an output message that says.</param>
public sealed record GenAiMessage(string Role, IReadOnlyList<MessagePart> Parts, string Source, string? FinishReason = null)
{
    /// <summary>The message's text parts joined by new lines.</summary>
    public string Text
    {
        get
        {
            string? single = null;
            List<string>? many = null;
            foreach (var p in Parts)
            {
                if (p.Kind != PartKind.Text || string.IsNullOrEmpty(p.Content)) continue;
                if (single is null) single = p.Content;
                else (many ??= [single]).Add(p.Content);
            }

            return many is not null ? string.Join('\n', many) : single ?? "";
        }
    }
}

/// <summary>A tool the model was offered: its name and, when the definition gives them, its required parameters.</summary>
/// <param name="Name">The tool's name.</param>
/// <param name="RequiredParameters">Parameters the definition marks as required.</param>
/// <param name="Parameters">Every parameter the definition names.</param>
/// <param name="Source">Where in the span the definition was read.</param>
public sealed record ToolDefinition(string Name, IReadOnlyList<string> RequiredParameters, IReadOnlyList<string> Parameters, string Source)
{
    /// <summary>What the definition says the tool does and takes: its description and its parameters' descriptions, as written; null when it gives none.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// The top-level parameters whose definition constrains the form of their value, by name: a JSON Schema <c>pattern</c>,
    /// or a description that asks for digits only or no spaces (with the description as written). Empty when none does.
    /// </summary>
    public IReadOnlyDictionary<string, (string? Description, string? Pattern)> ParameterRules { get; init; } = NoRules;

    internal static readonly IReadOnlyDictionary<string, (string? Description, string? Pattern)> NoRules = new Dictionary<string, (string?, string?)>();

    /// <summary>
    /// The top-level parameters whose definition lists the values they take (a JSON Schema <c>enum</c> of strings), by
    /// name, in the order declared. Empty when none does.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ParameterChoices { get; init; } = NoChoices;

    internal static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoChoices = new Dictionary<string, IReadOnlyList<string>>();
}
