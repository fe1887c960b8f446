using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress;

/// <summary>
/// What a detector sees: the trace, its gen-ai content view (the same one the built-in detectors read), the engine's
/// options and the taxonomy its categories come from.
/// </summary>
public sealed class DetectionContext
{
    private readonly IReadOnlyDictionary<string, (int Priority, DetectorStanding Standing)> _declared;
    private TraceView? _view;
    private Engine.FactIndex? _facts;
    private Engine.AgentTurns? _turns;
    private string?[]? _recovered;
    private Engine.FailingSpans? _failing;
    private Engine.PickedOptions? _picks;

    internal DetectionContext(AgentTrace trace, AttributionOptions options, IReadOnlyDictionary<string, (int Priority, DetectorStanding Standing)> declared, AttributionRequest? request = null)
    {
        Trace = trace;
        Options = options;
        _declared = declared;
        Request = request ?? AttributionRequest.None;
    }

    /// <summary>What the caller said about the run: its expected answer, whether it is a passing run.</summary>
    public AttributionRequest Request { get; }

    /// <summary>The trace being attributed.</summary>
    public AgentTrace Trace { get; }

    /// <summary>The engine's options (budgets, context windows, thresholds). Read them; do not change them.</summary>
    public AttributionOptions Options { get; }

    /// <summary>The taxonomy categories are resolved against (remappings applied).</summary>
    public Taxonomy Taxonomy => Options.Taxonomy;

    /// <summary>
    /// The gen-ai view of the trace: every span's messages, parts, tool definitions and token counts, the tool calls
    /// linked across spans with their arguments, results and error payloads, and the causal order of spans. Built once
    /// per trace and shared by every detector (built-in or yours) and by root-cause ordering; content in it is parsed once.
    /// </summary>
    public TraceView View => _view ??= Trace.View;

    /// <summary>The priority (<see cref="IDetector.Priority"/>) of the detector with the given id; <see cref="IDetector.DefaultPriority"/> for ids the engine does not run.</summary>
    internal int PriorityOf(string detectorId) => _declared.TryGetValue(detectorId, out var d) ? d.Priority : IDetector.DefaultPriority;

    /// <summary>The standing (<see cref="IDetector.Standing"/>) of the detector with the given id; <see cref="DetectorStanding.Evidence"/> for ids the engine does not run.</summary>
    internal DetectorStanding StandingOf(string detectorId) => _declared.TryGetValue(detectorId, out var d) ? d.Standing : DetectorStanding.Evidence;

    /// <summary>Every fact of the trace, scanned once and judged in causal order; shared by the detectors and root-cause ordering.</summary>
    internal Engine.FactIndex Facts => _facts ??= new Engine.FactIndex(View, Turns);

    /// <summary>
    /// The model calls after a span in causal order: what a step's mistake reaches when every call that followed worked on
    /// it (a misrouted request, a date the service misread).
    /// </summary>
    internal IEnumerable<GenAi.GenAiSpan> ModelCallsAfter(Model.Span span)
    {
        var rank = View.Rank(span);
        return View.Spans.Where(g => g.IsModelCall && View.Rank(g.Span) > rank);
    }

    /// <summary>Spans that show a failure (ERROR status or a parse failure in their text), found once per trace.</summary>
    internal Engine.FailingSpans FailingSpans => _failing ??= new Engine.FailingSpans(this);

    /// <summary>
    /// The named tool calls with a span of their own, in the order they were made: by the span that asked for them (or
    /// ran them), then by their place in its request. Found once per trace; shared, so read only.
    /// </summary>
    /// <summary>
    /// How many calls before a call the detectors that compare a call with earlier results look back over: a record
    /// read further back than that is not what a model acted on, and comparing every pair of a long trace's calls would
    /// cost the square of its length.
    /// </summary>
    internal const int CallLookBack = 64;

    internal List<GenAi.ToolCall> CallsInOrder => _callsInOrder ??= View.ToolCalls.Calls.Where(c => c.Name.Length > 0 && c.OriginSpan is not null)
        .OrderBy(c => View.Rank(c.OriginSpan!)).ThenBy(c => c.Ordinal).ToList();

    private List<GenAi.ToolCall>? _callsInOrder;

    /// <summary>The options model calls picked out of tools' lists, found once per trace.</summary>
    internal Engine.PickedOptions Picks => _picks ??= new Engine.PickedOptions(View);

    /// <summary>For each span index, the tool whose later success recovered a failure there (see <see cref="Engine.RecoveredToolCalls"/>), found once per trace.</summary>
    internal string?[] Recovered => _recovered ??= Engine.RecoveredToolCalls.Find(View);

    /// <summary>The agent turns of the trace, in causal order.</summary>
    internal Engine.AgentTurns Turns => _turns ??= new Engine.AgentTurns(View);

    /// <summary>The category for a leaf name, after remapping.</summary>
    /// <exception cref="ArgumentException">The taxonomy has no such leaf.</exception>
    public FailureCategory Category(string l4) =>
        Taxonomy.Find(l4) ?? throw new ArgumentException($"the taxonomy '{Taxonomy.Name}' has no leaf '{l4}'", nameof(l4));

    /// <summary>Creates a finding about a span of this trace, its category resolved from a leaf name.</summary>
    public Finding CreateFinding(IDetector detector, Span span, string l4, string summary, IEnumerable<Evidence> evidence, double confidence)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(span);
        return new Finding(CitedSpan.Of(span), Category(l4), detector.Id, summary, evidence.ToArray(), Math.Clamp(confidence, 0, 1));
    }
}
