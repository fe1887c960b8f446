using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The user only asked to be told something ("can you check where Maya is on the waitlist? I just need to know how likely
/// a September spot is") and the run changed something anyway: a model call asked a tool named for an action
/// (<c>update_application</c>, <c>cancel_booking</c>, <c>send_email</c>) whose verb the request never uses. Nobody asked for
/// it, so whatever it did (a start date moved, a booking cancelled) is the run's own goal, not the user's: Goal Deviation,
/// cited at the call that chose the action, quoting the request and the call. A question about what the action would
/// cost ("how much would it be to add a line?") names the verb and still only asks to be told. A request that asks for any action ("can you
/// move it", "please cancel") is not read this way; neither are tools named for reading, nor tools that make an answer
/// (an estimate, a quote, a forecast).
/// </summary>
internal sealed partial class UnaskedActionDetector : IDetector
{
    public const string DetectorId = "unasked-action";

    // A hand-off to another agent (transfer_to_research_expert, handoff_to_billing) acts on nothing of the user's.
    [GeneratedRegex(@"(?:transfer|hand_?off|delegate|route)_?to|handoff", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HandOff();

    // What a tool makes may itself be an answer: an estimate, a quote or a forecast tells the user something and changes
    // nothing (create_bill_estimate, generate_quote).
    [GeneratedRegex(@"(?:^|[_\-.]|(?<=[a-z]))(?:estimate|quote|quotation|forecast|projection|preview|simulation|calculation|breakdown)s?(?:$|[_\-.]|(?=[A-Z]))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Answers();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        if (context.Turns.Task is not { } task) yield break;
        var view = context.View;
        foreach (var call in view.ToolCalls.Calls.Where(c => c.OriginSpan is not null).OrderBy(c => view.Rank(c.OriginSpan!)).ThenBy(c => c.Ordinal))
        {
            if (call.Name.Length == 0 || ToolNames.Reads(call.Name) || HandOff().IsMatch(call.Name) || Answers().IsMatch(call.Name)) continue;
            if (ToolNames.Verb(call.Name) is not { } verb || !Requests.Acting.Contains(verb) || verb is "run" or "go" or "get" or "do" or "take" or "handle" or "sort" or "ask" or "tell") continue;
            // An action on something of the user's names the thing (purchase_addon, update_application); a bare verb
            // (add, run) is a calculator's or a sandbox's. A plugin's prefix (Library-) is not part of the name.
            var name = call.Name[(call.Name.LastIndexOfAny(['-', '.']) + 1)..];
            if (!name.AsSpan(Math.Min(verb.Length, name.Length)).ContainsAnyExcept("-_. ") || call.RequestedBy is not { IsModelCall: true } chooser) continue;
            // Everything the user said before the call: the task, and the later turns of a conversation ("yes, go ahead").
            var said = new List<SourcedText> { task };
            foreach (var message in chooser.InputMessages)
            {
                if (message.Role is not ("user" or "human")) continue;
                foreach (var part in message.Parts)
                {
                    if (part.Kind == PartKind.Text && part.Content is { Length: > 0 } text && text != task.Text) said.Add(new SourcedText(chooser.Span, part.Source, text));
                }
            }

            if (said.Exists(t => Requests.AsksAction(t.Text) || Requests.MentionsAsAction(t.Text, verb) >= 0)) yield break;
            string? asking = null;
            var asked = said.Find(t => Requests.OnlyAsks(t.Text, out asking));
            if (asked is null || asking is null) yield break;
            var evidence = new List<Evidence> { new(asked.Span.SpanId, asked.Source, asking) };
            if (call.Arguments is { } a) evidence.Add(new Evidence(a.Span.SpanId, a.Source, Quote.Cut(a.Text)));
            // The instructions themselves forbid the call until the user asks for it ("Never call book_test until the pupil
            // has explicitly confirmed one specific slot"): the rule was broken, not only the user's goal left.
            if (ForbiddingRule(chooser, call.Name, verb) is { } rule)
            {
                evidence.Insert(0, rule);
                yield return context.CreateFinding(this, chooser.Span, "Instruction Non-compliance",
                    $"The instructions forbid {call.Name} until it is asked for (\"{rule.Quote}\"), the user only asked to be told something (\"{asking}\"), and {chooser.Span.Name} called it.",
                    evidence, 0.65) with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId, call.RespondedIn?.Span.SpanId }.OfType<string>().ToArray() };
                yield break;
            }

            yield return context.CreateFinding(this, chooser.Span, "Goal Deviation",
                $"The user only asked to be told something (\"{asking}\"), and {chooser.Span.Name} called {call.Name}, an action nobody asked for.",
                evidence, 0.6) with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId, call.RespondedIn?.Span.SpanId }.OfType<string>().ToArray() };
            yield break;
        }
    }

    /// <summary>
    /// A sentence of the system or developer instructions that forbids the call: a prohibition ("never", "do not") in a
    /// sentence that names the tool, or its verb and a word of its thing ("do not book a test until ...").
    /// </summary>
    private static Evidence? ForbiddingRule(GenAiSpan chooser, string tool, string verb)
    {
        foreach (var message in chooser.InputMessages)
        {
            if (message.Role is not ("system" or "developer")) continue;
            foreach (var part in message.Parts)
            {
                if (part.Kind != PartKind.Text || part.Content is not { } text) continue;
                foreach (Match m in ForbiddenActionDetector.Prohibition().Matches(text))
                {
                    var sentence = Requests.Sentence(text, m.Index).Trim();
                    var named = sentence.Contains(tool, StringComparison.OrdinalIgnoreCase)
                                || (m.Groups["verb"].Value.Equals(verb, StringComparison.OrdinalIgnoreCase) && ForbiddenActionDetector.NamesThing(sentence, tool[Math.Min(tool.Length, verb.Length)..]));
                    if (named) return new Evidence(chooser.Span.SpanId, part.Source, sentence);
                }
            }
        }

        return null;
    }
}
