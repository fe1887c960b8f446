using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The user holds every change back ("Please don't change anything yet - I need finance to sign it off first", "don't book
/// anything until I've checked with my partner"), and a model call given that message as the user's latest calls a tool
/// that acts (<c>update_contract</c>) anyway: the user's explicit instruction was broken. Instruction Non-compliance at
/// that call, quoting the user's sentence and the call. A hold the user lifted in a later message ("go ahead"), or a call
/// that only reads, is no finding; a prohibition of one choice ("don't book the 9am") is no hold. A user who says they
/// will decide with someone else first ("I'll check with my wife which day suits and get back to you") holds it too.
/// </summary>
internal sealed partial class UserHoldDetector : IDetector
{
    public const string DetectorId = "user-hold";

    // "don't change anything yet", "do not make any changes", "please don't book it until ...", "hold off on booking".
    [GeneratedRegex(@"\b(?:don't|do not|dont|don’t|please don't|please do not)\s+(?:change|book|order|cancel|update|submit|confirm|process|place|make|apply|charge|buy|pay|amend|modify|touch|action|schedule|arrange|go ahead)\b[^.!?\n]{0,30}?\b(?:anything|any changes?|yet|for now|until|before)\b|\bhold off (?:on )?(?:any|making|booking|changing|ordering|placing)\b|\b(?:I'll|I will|I’ll|let me|we'll|we will|we’ll)\s+(?:check|talk|speak|confirm|see)\s+with\s+[^.!?\n]{2,40}?\s+(?:and|then)\s+(?:get back to you|come back to you|let you know|confirm)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Hold();

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var call in context.CallsInOrder)
        {
            if (call.Name.Length == 0 || ToolNames.Reads(call.Name) || ToolNames.Verb(call.Name) is not { } verb || !Requests.Acting.Contains(verb)) continue;
            // A verb too general to change anything of the user's (run_report, get_quote, ask_expert) is no change.
            if (verb is "run" or "go" or "get" or "do" or "take" or "handle" or "sort" or "ask" or "tell" or "log" or "record") continue;
            if (call.RequestedBy is not { IsModelCall: true } chooser) continue;
            var users = UserMessages.Count(chooser);
            if (users == 0) continue;
            // The hold is in the latest thing the user said to the call: nothing since has lifted it.
            foreach (var (message, part) in UserMessages.Parts(chooser))
            {
                if (message != users - 1 || Hold().Match(part.Content!) is not { Success: true } hold) continue;
                var sentence = Requests.Sentence(part.Content!, hold.Index).Trim();
                var evidence = new List<Evidence> { new(chooser.Span.SpanId, part.Source, sentence) };
                if (call.Arguments is { } a) evidence.Add(new Evidence(a.Span.SpanId, a.Source, Quote.Cut(a.Text)));
                yield return context.CreateFinding(this, chooser.Span, "Instruction Non-compliance",
                    $"The user held every change back (\"{sentence}\"), and {chooser.Span.Name} called {call.Name} with nothing said since.",
                    evidence, 0.7) with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId, call.RespondedIn?.Span.SpanId }.OfType<string>().ToArray() };
                yield break;
            }
        }
    }
}
