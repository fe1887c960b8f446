using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The user asks for an action ("can we move it to Saturday morning instead?"), a tool offered to the model is declared
/// for exactly that (<c>transfer_booking</c>: "Move an existing booking to a different slot ... The original payment carries
/// over"), and the model never calls it: it acts on the same thing with other tools instead (<c>cancel_booking</c>, then
/// <c>create_booking</c>), which do something else on the way (the fee forfeited, a second one charged). Tool Selection
/// Errors at the first such call, quoting the request, the declaration passed over and the call made. A run that calls the
/// declared tool, or acts on another thing, is no finding.
/// </summary>
internal sealed class PassedOverToolDetector : IDetector
{
    public const string DetectorId = "passed-over-tool";

    // Verbs too general to say which tool a request is for.
    private static readonly HashSet<string> Vague = new(StringComparer.Ordinal)
    {
        "make", "do", "put", "sort", "handle", "take", "start", "stop", "run", "go", "get", "arrange", "organise", "organize", "ask", "tell", "set", "log", "record", "save", "file", "open",
    };

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        if (context.Turns.Task is not { } task) yield break;
        var asked = Requests.Verbs(task.Text).Where(v => Requests.Acting.Contains(v.Verb) && !Vague.Contains(v.Verb)).ToList();
        if (asked.Count == 0) yield break;
        var called = new HashSet<string>(view.ToolCalls.Calls.Select(c => c.Name), StringComparer.Ordinal);
        foreach (var call in context.CallsInOrder)
        {
            if (call.Name.Length == 0 || ToolNames.Reads(call.Name) || ToolNames.Verb(call.Name) is not { } made || !Requests.Acting.Contains(made)) continue;
            if (call.RequestedBy is not { ToolDefinitionsKnown: true } chooser) continue;
            var thing = Thing(call.Name, made);
            if (thing.Count == 0) continue;
            foreach (var (verb, index) in asked)
            {
                if (verb == made) continue;
                // A tool declared for the verb asked for, on the same thing, never called.
                var declared = chooser.ToolDefinitions.FirstOrDefault(d => d.Name != call.Name && !called.Contains(d.Name) && ToolNames.Verb(d.Name) is { } v && v != made
                    && (v == verb || d.Description is { } dd && Opens(dd, verb)) && Thing(d.Name, v).Overlaps(thing));
                if (declared is null) continue;
                var request = Requests.Sentence(task.Text, index).Trim();
                var evidence = new List<Evidence>
                {
                    new(task.Span.SpanId, task.Source, request),
                    new(chooser.Span.SpanId, ToolDeclarations.OfferedAt(chooser, declared.Name), declared.Description is { Length: > 0 } text ? Quote.Cut(text) : declared.Name),
                };
                if (call.Arguments is { } a) evidence.Add(new Evidence(a.Span.SpanId, a.Source, Quote.Cut(a.Text)));
                yield return context.CreateFinding(this, chooser.Span, "Tool Selection Errors",
                    $"The user asked to {verb} (\"{request}\"), {declared.Name} is declared for that, and {chooser.Span.Name} called {call.Name} instead and never {declared.Name}.",
                    evidence, 0.6) with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(chooser.Span).Select(g => g.Span.SpanId).ToArray() };
                yield break;
            }
        }
    }

    // The words of a tool's name after its verb: booking of cancel_booking.
    private static HashSet<string> Thing(string name, string verb) =>
        NameWords.Word().Matches(name).Select(m => m.Value.ToLowerInvariant()).Where(w => w != verb && w.Length >= 3).ToHashSet(StringComparer.Ordinal);

    // A description that opens with the verb: "Move an existing booking ...".
    private static bool Opens(string description, string verb)
    {
        var d = description.TrimStart();
        return d.StartsWith(verb, StringComparison.OrdinalIgnoreCase) && (d.Length == verb.Length || !char.IsLetter(d[verb.Length]));
    }
}
