using TraceRegress.Engine;

namespace TraceRegress;

/// <summary>
/// What the attribution engine may be told: model context windows, latency budgets, the repetition
/// threshold for loops, extra detectors, detectors to switch off, and the taxonomy (with its remappings).
/// The engine copies the options when it is created; changing them afterwards does not affect it.
/// </summary>
public sealed class AttributionOptions
{
    /// <summary>Creates options with the defaults.</summary>
    public AttributionOptions()
    {
        foreach (var (model, window) in ContextWindowTable.Defaults) ContextWindowsByModel[model] = window;
    }

    private Dictionary<string, long> ContextWindowsByModel { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Input-token context window by model name prefix (longest prefix wins: <c>gpt-4o</c> covers
    /// <c>gpt-4o-2024-08-06</c>). Prefilled with common models; add or override entries.
    /// </summary>
    public IDictionary<string, long> ContextWindows => ContextWindowsByModel;

    /// <summary>
    /// Latency budget by operation: a span name (<c>execute_tool search_web</c>), a tool name (<c>search_web</c>)
    /// or a gen-ai operation (<c>chat</c>, <c>execute_tool</c>). A span over its budget is a Timeout Issues finding.
    /// </summary>
    public IDictionary<string, TimeSpan> LatencyBudgets { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    /// <summary>A budget for gen-ai model calls and tool executions that match no entry of <see cref="LatencyBudgets"/>; null for none.</summary>
    public TimeSpan? DefaultLatencyBudget { get; set; }

    /// <summary>How many identical tool calls (same tool, same arguments) make a loop. Default 3.</summary>
    public int RepetitionThreshold { get; set; } = 3;

    /// <summary>
    /// How old a retrieved document or tool record may be, by the date it gives itself (effective, as of, last updated,
    /// indexed, published), before a price or percentage the answer takes from it counts as out of date for the
    /// question (detector <c>stale-source</c>). A record past its own "valid until" or "expires" date is out of date
    /// whatever this says. Default one year.
    /// </summary>
    public TimeSpan StaleSourceAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Findings below this confidence are cited only when nothing surer was found. Default 0.5.</summary>
    public double MinimumConfidence { get; set; } = 0.5;

    /// <summary>Detectors to run after the built-in ones.</summary>
    public IList<IDetector> Detectors { get; } = new List<IDetector>();

    /// <summary>Ids of built-in (or added) detectors not to run.</summary>
    public ISet<string> DisabledDetectors { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The taxonomy categories come from; <see cref="Taxonomy.Default"/> (TRAIL) unless set. Remap leaves with <see cref="Taxonomy.Remap(string, string)"/>.</summary>
    public Taxonomy Taxonomy { get; set; } = Taxonomy.Default;

    /// <summary>The context window of a model by longest prefix; null when the table has no entry for it.</summary>
    public long? ContextWindowOf(string model) => ContextWindowTable.Find(ContextWindowsByModel, model);

    /// <summary>The latency budget that applies to a span, if any.</summary>
    internal TimeSpan? LatencyBudgetOf(string spanName, string? toolName, string operation)
    {
        if (LatencyBudgets.TryGetValue(spanName, out var budget)) return budget;
        if (toolName is not null && LatencyBudgets.TryGetValue(toolName, out budget)) return budget;
        if (operation.Length > 0 && LatencyBudgets.TryGetValue(operation, out budget)) return budget;
        return operation.Length > 0 ? DefaultLatencyBudget : null;
    }

    internal AttributionOptions Clone()
    {
        var copy = new AttributionOptions
        {
            DefaultLatencyBudget = DefaultLatencyBudget,
            RepetitionThreshold = RepetitionThreshold,
            MinimumConfidence = MinimumConfidence,
            StaleSourceAge = StaleSourceAge,
            Taxonomy = Taxonomy,
        };
        copy.ContextWindowsByModel.Clear();
        foreach (var (k, v) in ContextWindowsByModel) copy.ContextWindowsByModel[k] = v;
        foreach (var (k, v) in LatencyBudgets) copy.LatencyBudgets[k] = v;
        foreach (var d in Detectors) copy.Detectors.Add(d);
        foreach (var d in DisabledDetectors) copy.DisabledDetectors.Add(d);
        return copy;
    }
}
