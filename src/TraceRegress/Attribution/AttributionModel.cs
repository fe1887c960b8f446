using TraceRegress.Model;

namespace TraceRegress;

/// <summary>The span an attribution cites: its id in this recording, its stable path and its name.</summary>
/// <param name="SpanId">The span id in the trace file.</param>
/// <param name="Path">The stable path (see <see cref="Span.Path"/>).</param>
/// <param name="Name">The operation name.</param>
public sealed record CitedSpan(string SpanId, string Path, string Name)
{
    /// <summary>The agent the span belongs to: <c>gen_ai.agent.name</c> of the span or of its nearest agent ancestor; null when there is none.</summary>
    public string? Agent { get; init; }

    /// <summary>Describes a span of a loaded trace, with its agent.</summary>
    public static CitedSpan Of(Span span) => new(span.SpanId, span.Path, span.Name) { Agent = AgentOf(span) };

    /// <summary>
    /// <c>gen_ai.agent.name</c> of the span or of its nearest ancestor that has one, without a trailing message-kind note
    /// (see <see cref="AgentName"/>).
    /// </summary>
    public static string? AgentOf(Span span)
    {
        for (Span? s = span; s is not null; s = s.Parent)
        {
            if (OwnAgent(s) is { } name) return name;
        }

        return null;
    }

    /// <summary>
    /// The agent a span itself names: its <c>gen_ai.agent.name</c> (or <c>agent.name</c>, <c>gen_ai.agent.id</c>), else,
    /// for an agent invocation that records no name attribute, the name in its span name as the gen-ai semantic
    /// conventions write it (<c>invoke_agent {gen_ai.agent.name}</c>); null when it names none.
    /// </summary>
    internal static string? OwnAgent(Span span)
    {
        if (span.Attributes.GetString("gen_ai.agent.name", "agent.name", "gen_ai.agent.id") is { } name && !string.IsNullOrWhiteSpace(name)) return AgentName(name);
        // Pydantic AI's agent run (agent_name) and OpenLLMetry's @agent span (traceloop.entity.name) name their agent so.
        if (span.Attributes.GetString("agent_name") is { } runAgent && !string.IsNullOrWhiteSpace(runAgent)
            && (span.Attributes.TryGetValue("all_messages_events", out _) || span.Attributes.TryGetValue("pydantic_ai.all_messages", out _) || span.Attributes.TryGetValue("final_result", out _)))
        {
            return AgentName(runAgent);
        }

        if (span.Attributes.GetString("traceloop.span.kind") == "agent" && span.Attributes.GetString("traceloop.entity.name") is { } entity && !string.IsNullOrWhiteSpace(entity))
        {
            return AgentName(entity);
        }

        const string invoke = "invoke_agent ";
        if (span.Name.StartsWith(invoke, StringComparison.Ordinal) && span.Name.Length > invoke.Length
            && span.Attributes.GetString("gen_ai.operation.name") is null or "invoke_agent" && !string.IsNullOrWhiteSpace(span.Name[invoke.Length..]))
        {
            return AgentName(span.Name[invoke.Length..]);
        }

        return null;
    }

    /// <summary>
    /// The agent a logged name stands for. Some frameworks log one agent's messages under names that add what kind of
    /// message it is: Magentic-One's orchestrator speaks as <c>Orchestrator (thought)</c>, <c>Orchestrator (-&gt; WebSurfer)</c>
    /// and <c>Orchestrator (termination condition)</c>. A trailing parenthesis that starts with <c>-&gt;</c> or a lower-case
    /// word is such a note and is dropped; any other name is kept as written (<c>Planner (EU)</c> stays).
    /// </summary>
    public static string AgentName(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length < 4 || trimmed[^1] != ')') return trimmed;
        var open = trimmed.LastIndexOf(" (", StringComparison.Ordinal);
        if (open <= 0 || open + 2 >= trimmed.Length - 1) return trimmed;
        var note = trimmed.AsSpan(open + 2, trimmed.Length - open - 3).TrimStart();
        var isNote = note.StartsWith("->", StringComparison.Ordinal) || (note.Length > 0 && char.IsLower(note[0]));
        return isNote ? trimmed[..open].TrimEnd() : trimmed;
    }
}

/// <summary>
/// A failure category in four levels (TRAIL by default): <c>l1</c> whose fix it is (<c>agent</c> or
/// <c>environment</c>), <c>l2</c> the group, <c>l3</c> the family, <c>l4</c> the leaf.
/// </summary>
public sealed record FailureCategory(string L1, string L2, string L3, string L4)
{
    /// <summary>The levels from coarse to fine.</summary>
    public IReadOnlyList<string> Levels => [L1, L2, L3, L4];

    /// <inheritdoc />
    public override string ToString() => $"{L1} › {L2} › {L3} › {L4}";
}

/// <summary>A quote from a span's content that supports a finding, and where in the span it was found.</summary>
/// <param name="SpanId">The span the quote comes from.</param>
/// <param name="Source">Where in the span, e.g. <c>events[0] gen_ai.event.content $.error</c> or <c>attributes["http.response.status_code"]</c>.</param>
/// <param name="Quote">The quoted text.</param>
public sealed record Evidence(string SpanId, string Source, string Quote);

/// <summary>One thing a detector found in a trace.</summary>
/// <param name="Span">The span the finding is about.</param>
/// <param name="Category">The failure category.</param>
/// <param name="Detector">The detector's id (for example <c>tool-error-payload</c>).</param>
/// <param name="Summary">One readable sentence on what was found.</param>
/// <param name="Evidence">Quotes supporting it.</param>
/// <param name="Confidence">How sure the detector is, from 0 to 1.</param>
public sealed record Finding(CitedSpan Span, FailureCategory Category, string Detector, string Summary, IReadOnlyList<Evidence> Evidence, double Confidence)
{
    /// <summary>What the finding rests on; explicit error evidence unless the detector says otherwise.</summary>
    public AttributionBasis Basis { get; init; } = AttributionBasis.ErrorEvidence;

    /// <summary>
    /// Ids of spans where this finding's consequence shows (a tool that choked on malformed arguments, a parser that
    /// failed on a truncated answer): a finding on one of them is a symptom, and this finding is cited instead.
    /// </summary>
    public IReadOnlyList<string> Explains { get; init; } = [];
}
