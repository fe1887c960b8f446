using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The user asks for an action ("can we move it to Saturday morning instead?"), a tool offered to the model is declared
/// for exactly that (<c>transfer_booking</c>: "Move an existing booking to a different slot ... The original payment carries
/// over"), and the model never calls it: it acts on the same thing with other tools instead (<c>cancel_booking</c>, then
/// <c>create_booking</c>), which do something else on the way (the fee forfeited, a second one charged). Tool Selection
/// Errors at the first such call, quoting the request, the declaration passed over and the call made. A run that calls the
/// declared tool, or acts on another thing, is no finding; nor is a call whose own action the user asked for too ("book
/// Biscuit in ... and move Miso's check": the booking answers the first request).
/// </summary>
internal sealed partial class PassedOverToolDetector : IDetector
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

    public IEnumerable<Finding> Detect(DetectionContext context) => Verbs(context).Concat(Frequency(context)).Take(1);

    // How often the user wants the thing done, and how often a tool's declaration says it does it.
    [GeneratedRegex(@"\b(?:one-off|one off|one-time|one time|just (?:this )?once|a single (?:visit|job|time|occasion|date|day|week)|(?:for )?(?:this|next) (?:week|time|month|date) only|(?:only|just) (?:for )?(?:this|next) (?:week|time|month|once))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Once();

    [GeneratedRegex(@"\b(?:every (?:week|month|fortnight|visit)|each (?:week|month|visit)|weekly|fortnightly|monthly|on a regular basis|ongoing|from now on)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Repeatedly();

    [GeneratedRegex(@"(?<!non-|non )\brecurring\b|\b(?:every|each) (?:scheduled |regular |plan )?(?:visit|delivery|collection|service|week|month)\b|\bregular plan\b|\bsubscription\b|\bfor the rest of the (?:season|year|term|contract)\b|\bpermanently\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DeclaredRecurring();

    [GeneratedRegex(@"\b(?:non-recurring|non recurring|one-off|one-time|single|charged once|once only)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DeclaredOnce();

    /// <summary>
    /// The user says how often ("Just a one-off", "every week from now on"), the model calls a tool whose declaration does it
    /// the other way ("Adds a recurring add-on ... carried out and charged at every scheduled visit"), and another declared
    /// tool, never called, does it the way asked ("Books a single, non-recurring job"). Tool Selection Errors at the call,
    /// quoting the user, the declaration passed over and the call.
    /// </summary>
    private IEnumerable<Finding> Frequency(DetectionContext context)
    {
        if (context.Turns.Task is not { } task) yield break;
        var once = Once().Match(task.Text);
        var repeated = once.Success ? Match.Empty : Repeatedly().Match(task.Text);
        var said = once.Success ? once : repeated;
        if (!said.Success) yield break;
        var called = new HashSet<string>(context.View.ToolCalls.Calls.Select(c => c.Name), StringComparer.Ordinal);
        foreach (var call in context.CallsInOrder)
        {
            if (call.Name.Length == 0 || ToolNames.Reads(call.Name) || ToolNames.Verb(call.Name) is not { } made || !Requests.Acting.Contains(made)) continue;
            if (call.RequestedBy is not { ToolDefinitionsKnown: true } chooser || ToolDeclarations.Definition(chooser, call.Name)?.Description is not { Length: > 0 } description) continue;
            bool Recurring(string d) => DeclaredRecurring().IsMatch(d) && !DeclaredOnce().IsMatch(d);
            bool Single(string d) => DeclaredOnce().IsMatch(d) && !DeclaredRecurring().IsMatch(d.Replace("non-recurring", "", StringComparison.OrdinalIgnoreCase).Replace("non recurring", "", StringComparison.OrdinalIgnoreCase));
            if (once.Success ? !Recurring(description) : !Single(description)) continue;
            // The other tool need not be named for an acting verb ("report_absence" records one): its declaration says how often.
            var other = chooser.ToolDefinitions.FirstOrDefault(d => d.Name != call.Name && !called.Contains(d.Name) && !ToolNames.Reads(d.Name)
                && d.Description is { Length: > 0 } dd && (once.Success ? Single(dd) : Recurring(dd)));
            if (other is null) continue;
            var request = Requests.Sentence(task.Text, said.Index).Trim();
            var evidence = new List<Evidence>
            {
                new(task.Span.SpanId, task.Source, request),
                new(chooser.Span.SpanId, ToolDeclarations.OfferedAt(chooser, other.Name), Quote.Cut(other.Description!)),
                new(chooser.Span.SpanId, ToolDeclarations.OfferedAt(chooser, call.Name), Quote.Cut(description)),
            };
            if (call.Arguments is { } a) evidence.Add(new Evidence(a.Span.SpanId, a.Source, Quote.Cut(a.Text)));
            yield return context.CreateFinding(this, chooser.Span, "Tool Selection Errors",
                $"The user asked for it {(once.Success ? "once" : "to repeat")} (\"{said.Value}\"), {other.Name} is declared for that, and {chooser.Span.Name} called {call.Name}, declared {(once.Success ? "to go on beyond once" : "for one time")}, and never {other.Name}.",
                evidence, 0.6) with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(chooser.Span).Select(g => g.Span.SpanId).ToArray() };
            yield break;
        }
    }

    private IEnumerable<Finding> Verbs(DetectionContext context)
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
            // The user asked for this call's action too ("could you book him in ..."): it answers that request, no stand-in for another.
            if (asked.Exists(a => a.Verb == made)) continue;
            foreach (var (verb, index) in asked)
            {
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
