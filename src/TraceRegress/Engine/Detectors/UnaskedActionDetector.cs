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
        var found = false;
        foreach (var f in Unasked(context))
        {
            found = true;
            yield return f;
        }

        if (!found && ExtraAction(context) is { } extra) yield return extra;
    }

    /// <summary>
    /// The user asked for one action, a tool did it, and afterwards a model call, with nothing more said by the user,
    /// asked another tool for another action on a thing the user never named (<c>update_recurring_plan</c> after
    /// <c>reschedule_visit</c> did the move the user asked for, the model saying "I'll also move your regular weekly
    /// slot"): an action of the run's own. Goal Deviation at that call, quoting the request and the call. A tool whose
    /// verb or thing the user names ("and send me a confirmation"), or whose whole thing the instructions name ("then let
    /// the manager know" for <c>notify_manager</c>), was asked for.
    /// </summary>
    private Finding? ExtraAction(DetectionContext context)
    {
        if (context.Turns.Task is not { } task) return null;
        var view = context.View;
        ToolCall? done = null;
        foreach (var call in view.ToolCalls.Calls.Where(c => c.OriginSpan is not null).OrderBy(c => view.Rank(c.OriginSpan!)).ThenBy(c => c.Ordinal))
        {
            if (call.Name.Length == 0 || ToolNames.Reads(call.Name) || HandOff().IsMatch(call.Name) || Answers().IsMatch(call.Name)) continue;
            if (ToolNames.Verb(call.Name) is not { } verb || !Requests.Acting.Contains(verb) || call.RequestedBy is not { IsModelCall: true } chooser) continue;
            if (done is null)
            {
                if (call.Error is null && call.Results.Count > 0) done = call;
                continue;
            }

            if (call.Name == done.Name || done.RequestedBy is not { } first) continue;
            // Nothing more from the user since the action they asked for was chosen.
            if (UserMessages.Count(chooser) != UserMessages.Count(first)) return null;
            var said = new List<SourcedText> { task };
            said.AddRange(UserMessages.Parts(chooser).Where(p => p.Part.Content != task.Text).Select(p => new SourcedText(chooser.Span, p.Part.Source, p.Part.Content!)));
            if (said.Find(t => Requests.AsksAction(t.Text)) is not { } request) return null;
            var thing = NameWords.Word().Matches(call.Name).Select(m => m.Value.ToLowerInvariant()).Where(w => w.Length >= 3 && w != verb).ToList();
            if (thing.Count == 0) return null;
            var instructions = string.Join("\n", chooser.InputMessages.Where(m => m.Role is "system" or "developer").SelectMany(m => m.Parts).Select(p => p.Content ?? ""));
            // A prompt's list of the tools on offer (CrewAI's "Tool Name: ... Tool Description: ...", a ReAct format's "Action:
            // the action to take, only one name of [...]") names every tool and asks for none.
            if (instructions.Contains("Tool Name:", StringComparison.Ordinal) || instructions.Contains("Action: the action to take", StringComparison.Ordinal)) instructions = string.Join("\n", instructions.Split('\n').Where(line => !ToolListing().IsMatch(line)));
            bool Named(string text) => thing.Exists(w => WholeWords.Find(text.ToLowerInvariant(), w) >= 0 || WholeWords.Find(text.ToLowerInvariant(), w + "s") >= 0) || Requests.Mentions(text, verb) >= 0;
            // Instructions that name the whole thing ("then let the manager know" for notify_manager) make it a step of the work,
            // unless they name it as something on offer ("Optional extras: damage waiver ..."), which waits for a request.
            // Nor do a catalogue's lines ("Plans (per month): Basic Single £14.99, ...") or the way a kind of change is made.
            var lowered = string.Join("\n", Requests.Sentences(instructions.ToLowerInvariant()).Where(x => !OnOffer().IsMatch(x) && !Catalogue().IsMatch(x) && !Routing().IsMatch(x)));
            // An action the user or the instructions asked for too is one more step of the work: look on at the rest.
            if (said.Exists(t => Named(t.Text)) || StepOfWork(instructions, call.Name)
                || thing.TrueForAll(w => WholeWords.Find(lowered, w) >= 0 || WholeWords.Find(lowered, w + "s") >= 0)) continue;
            var evidence = new List<Evidence> { new(request.Span.SpanId, request.Source, Quote.Cut(request.Text, 200)) };
            if (call.Arguments is { } a) evidence.Add(new Evidence(a.Span.SpanId, a.Source, Quote.Cut(a.Text)));
            return context.CreateFinding(this, chooser.Span, "Goal Deviation",
                $"The user asked for one action, {done.Name} did it, and {chooser.Span.Name} went on to call {call.Name}, an action on what the user never named.",
                evidence, 0.6) with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId, call.RespondedIn?.Span.SpanId }.OfType<string>().ToArray() };
        }

        return null;
    }

    [GeneratedRegex(@"^\s*(?:Tool (?:Name|Arguments|Description):|Action: the action to take\b)", RegexOptions.CultureInvariant)]
    private static partial Regex ToolListing();

    private IEnumerable<Finding> Unasked(DetectionContext context)
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
            foreach (var (_, part) in UserMessages.Parts(chooser))
            {
                if (part.Content != task.Text) said.Add(new SourcedText(chooser.Span, part.Source, part.Content!));
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

    // Instructions that name the tool as a step of the work ("Finish by adding a case note with AddCaseNote", "then call
    // notify_manager"), not only as the way a kind of change is made ("plan changes through change_plan"), which waits
    // for the user to ask for one.
    private static bool StepOfWork(string instructions, string tool)
    {
        for (var at = instructions.IndexOf(tool, StringComparison.Ordinal); at >= 0; at = instructions.IndexOf(tool, at + 1, StringComparison.Ordinal))
        {
            if (!Routing().IsMatch(Requests.Sentence(instructions, at))) return true;
        }

        return false;
    }

    // "Vehicle changes go through add_vehicle / remove_vehicle; plan changes through change_plan", "cancellations are
    // handled by cancel_booking".
    [GeneratedRegex(@"\b[a-z]+ (?:changes|updates|cancellations|amendments|requests) (?:go |goes |are made |are handled )?(?:through|via|with|by)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Routing();

    // A line of a catalogue or a notice, opened by its heading: "plans (per month): ...", "current offer: ...".
    [GeneratedRegex(@"^\s*[a-z][a-z ]{0,30}(?:\([^)]{0,30}\))?\s*:", RegexOptions.CultureInvariant)]
    private static partial Regex Catalogue();

    // A sentence of the instructions that names something as on offer, for the user to ask for.
    [GeneratedRegex(@"\b(?:optional|on request|if (?:the (?:customer|user|client) )?(?:asks|requests|wants)|only if asked|available on request|can be added)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OnOffer();

    // A rule that holds an action back until the user agrees: "Never transfer ... until the parent has explicitly
    // confirmed that specific change", "do not book without a yes".
    [GeneratedRegex(@"\b(?:until|unless|without|before)\b[^.]{0,80}\b(?:confirm\w*|agree\w*|approv\w*|consent\w*|a yes|says? yes)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConfirmationRule();

    /// <summary>
    /// A sentence of the system or developer instructions that forbids the call: a prohibition ("never", "do not") in a
    /// sentence that names the tool, or its verb and a word of its thing ("do not book a test until ..."), or its verb in a
    /// rule that holds the action back until the user confirms ("Never transfer, withdraw or rebook a child until the
    /// parent has explicitly confirmed").
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
                                || (m.Groups["verb"].Value.Equals(verb, StringComparison.OrdinalIgnoreCase)
                                    && (ForbiddenActionDetector.NamesThing(sentence, tool[Math.Min(tool.Length, verb.Length)..]) || ConfirmationRule().IsMatch(sentence)));
                    if (named) return new Evidence(chooser.Span.SpanId, part.Source, sentence);
                }
            }
        }

        return null;
    }
}
