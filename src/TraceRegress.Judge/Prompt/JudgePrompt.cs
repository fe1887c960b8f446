using System.Globalization;
using System.Text;
using TraceRegress.Model;

namespace TraceRegress.Judge.Prompt;

/// <summary>
/// The request the judge receives: instructions with the taxonomy and the answer's shape (system), then the
/// rules' findings as hints and the trace rendered within the token budget (user). Raising
/// <see cref="Version"/> whenever the wording changes makes every recording stale, as it should: a recorded
/// answer holds only for the prompt it answered.
/// </summary>
internal static class JudgePrompt
{
    /// <summary>The version of the prompt's wording and rendering, part of every recording's request hash.</summary>
    public const string Version = "1";

    /// <summary>The name of the response format given to clients that support structured output.</summary>
    public const string SchemaName = "trace_attribution";

    /// <summary>The JSON schema of an answer.</summary>
    public const string Schema = """
        {
          "type": "object",
          "properties": {
            "spanId": { "type": ["string", "null"], "description": "The id of the span where the failure started, as shown in brackets; null when the trace shows no failure." },
            "category": { "type": ["string", "null"], "description": "One leaf (l4) of the taxonomy, exactly as listed; null when the trace shows no failure." },
            "evidence": { "type": "array", "items": { "type": "string" }, "description": "Passages copied verbatim from the cited span's content." },
            "reasoning": { "type": "string", "description": "One or two sentences." },
            "confidence": { "type": "number", "minimum": 0, "maximum": 1 }
          },
          "required": ["spanId", "category", "evidence", "reasoning", "confidence"],
          "additionalProperties": false
        }
        """;

    /// <summary>Builds the first request for a trace.</summary>
    /// <exception cref="JudgeConfigurationException">The budget does not even hold the instructions and the taxonomy.</exception>
    public static JudgeRequest Build(AgentTrace trace, Attribution rules, Taxonomy taxonomy, int tokenBudget)
    {
        var system = Instructions(taxonomy);
        var hints = Hints(rules);
        var fixedTokens = TokenEstimate.Of(system) + TokenEstimate.Of(hints) + 16;
        var left = tokenBudget - fixedTokens;
        if (left < 256)
        {
            throw new JudgeConfigurationException(string.Create(CultureInfo.InvariantCulture,
                $"the judge's token budget ({tokenBudget}) leaves no room for the trace: the instructions and the taxonomy alone take about {fixedTokens} tokens; raise TokenBudget"));
        }

        var flagged = new HashSet<string>(StringComparer.Ordinal);
        if (rules.Cited is not null) flagged.Add(rules.Cited.SpanId);
        foreach (var finding in rules.OtherFindings) flagged.Add(finding.Span.SpanId);
        foreach (var id in rules.Chain) flagged.Add(id);

        var rendered = CompactTraceRenderer.Render(trace, flagged, TokenEstimate.Characters(left));
        var user = hints + "\n\n" + rendered;
        return new JudgeRequest(system, user);
    }

    /// <summary>The follow-up when an answer cannot be used: every reason, and the same request for the shape.</summary>
    public static string Retry(IReadOnlyList<string> problems)
    {
        var builder = new StringBuilder("Your answer cannot be used:\n");
        foreach (var problem in problems) builder.Append("- ").Append(problem).Append('\n');
        builder.Append("Answer again with one JSON object of the required shape and nothing else. Cite a span id shown in brackets, a category leaf exactly as listed, and quotes copied verbatim from that span's content.");
        return builder.ToString();
    }

    private static string Instructions(Taxonomy taxonomy)
    {
        var builder = new StringBuilder();
        builder.Append("""
            You review a failed run of an LLM agent, recorded as a trace of spans (model calls, tool calls, agent steps).
            Find the span where the failure started: the root cause, not the span where the error surfaced later.
            Read the content: a plan that misread the task, a retrieval that returned the wrong document, an agent that
            stopped early or stated what no tool returned can fail a run with every status OK.

            Answer with one JSON object and nothing else:
            {"spanId": "<id of the cited span, as shown in brackets>", "category": "<one leaf of the taxonomy, exactly as listed>", "evidence": ["<passage copied verbatim from the cited span's content>"], "reasoning": "<one or two sentences>", "confidence": <0 to 1>}
            Every evidence passage must be copied character for character from one value of the cited span (values are shown
            as JSON strings; a value cut short ends with "…(+n chars)", which is not part of it). Quote at least one passage.
            If the trace shows no failure, answer {"spanId": null, "category": null, "evidence": [], "reasoning": "<why>", "confidence": <0 to 1>}.

            """);
        builder.Append(CultureInfo.InvariantCulture, $"Taxonomy \"{taxonomy.Name}\" (leaf: owner › group › family: meaning):\n");
        foreach (var leaf in taxonomy.Categories)
        {
            builder.Append("- ").Append(leaf.L4).Append(": ").Append(leaf.L1).Append(" › ").Append(leaf.L2).Append(" › ").Append(leaf.L3);
            if (taxonomy.Describe(leaf.L4) is { Length: > 0 } description) builder.Append(": ").Append(description);
            builder.Append('\n');
        }

        return builder.ToString();
    }

    private static string Hints(Attribution rules)
    {
        if (!rules.FailureFound && rules.OtherFindings.Count == 0)
        {
            return "Hints: the rules engine found no explicit failure signal in this trace.";
        }

        var builder = new StringBuilder("Hints: the rules engine's findings, which may be wrong or incomplete (decide from the content):\n");
        if (rules.FailureFound)
        {
            builder.Append(Hint(rules.Cited!, rules.Category!, rules.Detector, rules.Confidence, rules.Summary));
        }

        foreach (var finding in rules.OtherFindings)
        {
            builder.Append(Hint(finding.Span, finding.Category, finding.Detector, finding.Confidence, finding.Summary));
        }

        return builder.ToString().TrimEnd('\n');
    }

    private static string Hint(CitedSpan span, FailureCategory category, string? detector, double confidence, string summary) =>
        string.Create(CultureInfo.InvariantCulture,
            $"- [{span.SpanId}] {span.Path}: {category.L4} ({detector ?? "rules"}, confidence {confidence:0.00}): {summary}\n");
}

/// <summary>The two messages of a judge request.</summary>
internal sealed record JudgeRequest(string System, string User)
{
    /// <summary>The estimated size of the request in tokens.</summary>
    public int EstimatedTokens => TokenEstimate.Of(System) + TokenEstimate.Of(User);
}
