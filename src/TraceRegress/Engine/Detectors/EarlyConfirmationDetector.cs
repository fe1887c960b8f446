using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A message sent to someone (<c>send_customer_email</c>, <c>notify_member</c>, <c>send_sms</c>) says an action is done
/// ("Your window clean ... has been moved from Tuesday 25 March to Thursday 27 March. The crew will start at 07:00"),
/// and the tool that does that action (<c>reschedule_visit</c>) runs only after it, on the same thing (the day the message
/// names, a reference it quotes). The confirmation was written before anything was done, from what the agent meant to
/// do rather than from what the action returned (<c>"start": "10:30"</c>): Task Orchestration at the model call that sent
/// it, quoting the message's claim and the later action. A message sent after its action, or one that says the action
/// will be done, is no finding.
/// </summary>
internal sealed partial class EarlyConfirmationDetector : IDetector
{
    public const string DetectorId = "early-confirmation";

    // A claim that the action is done: "has been moved", "is now booked", "we've cancelled", "I have rescheduled".
    [GeneratedRegex(@"\b(?:(?:has|have) (?:now |also |already |successfully )?been |(?:is|are) (?:now |all )?|(?:I|we)(?:'ve| have) (?:now |also |already )?)(?<done>moved|rescheduled|rebooked|booked|reserved|scheduled|cancell?ed|refunded|renewed|extended|paid|charged|upgraded|confirmed|changed|updated|applied|credited)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoneClaim();

    // An ISO day in an action's arguments, read to find the same day written in words in the message.
    [GeneratedRegex(@"\b\d{4}-(?<m>\d{2})-(?<d>\d{2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDay();

    // The verbs of the tools that do what a claim says was done.
    private static string[] ActionVerbs(string done) => done.ToLowerInvariant() switch
    {
        "moved" or "rescheduled" or "rebooked" => ["move", "reschedule", "rebook", "change", "transfer", "shift", "update"],
        "booked" or "reserved" or "scheduled" or "confirmed" => ["book", "reserve", "schedule", "create", "confirm", "hold"],
        "cancelled" or "canceled" => ["cancel", "delete", "void", "remove", "terminate"],
        "refunded" or "credited" => ["refund", "credit", "issue"],
        "renewed" or "extended" => ["renew", "extend"],
        "paid" or "charged" => ["pay", "charge", "capture", "take"],
        "upgraded" => ["upgrade", "change"],
        "changed" or "updated" or "applied" => ["change", "update", "set", "edit", "apply", "add"],
        _ => [],
    };

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var ordered = context.CallsInOrder;
        if (ordered.Count < 2) yield break;
        // Whether a tool sends a message, read once per name (a long run calls the same few tools many times).
        var sends = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool Sending(string name) => sends.TryGetValue(name, out var known) ? known : sends[name] = Sends(name);
        for (var i = 0; i < ordered.Count; i++)
        {
            var send = ordered[i];
            if (!Sending(send.Name) || send.RequestedBy is not { } sender || send.Arguments is not { Json: { ValueKind: JsonValueKind.Object } json } args) continue;
            var message = string.Join("\n", json.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).Select(p => p.Value.GetString()));
            foreach (Match claim in DoneClaim().Matches(message))
            {
                var verbs = ActionVerbs(claim.Groups["done"].Value);
                bool Does(ToolCall c) => !Sending(c.Name) && !ToolNames.Reads(c.Name) && ToolNames.Verb(c.Name) is { } v && Array.IndexOf(verbs, v) >= 0;
                // Done before the message: the claim may report it.
                if (ordered.Take(i).Any(Does)) continue;
                var action = ordered.Skip(i + 1).FirstOrDefault(c => Does(c) && c.Arguments is { } a && SameThing(a.Text, message));
                if (action?.Arguments is not { } acted) continue;
                var sentence = Requests.Sentence(message, claim.Index).Trim();
                var evidence = new List<Evidence>
                {
                    // The arguments as recorded escape what the message's text holds (line breaks, quotes): quote them whole then.
                    new(args.Span.SpanId, args.Source, args.Text.Contains(sentence, StringComparison.Ordinal) ? Quote.Cut(sentence) : Quote.Cut(args.Text)),
                    new(acted.Span.SpanId, acted.Source, Quote.Cut(acted.Text)),
                };
                if (action.Result is { } result) evidence.Add(new Evidence(result.Span.SpanId, result.Source, Quote.Cut(result.Text)));
                yield return context.CreateFinding(this, sender.Span, "Task Orchestration",
                    $"{sender.Span.Name} sent {send.Name} saying it was {claim.Groups["done"].Value.ToLowerInvariant()} (\"{Quote.Cut(sentence)}\") before {action.Name} ran; the confirmation came before the action it confirms, not from its result.",
                    evidence, 0.6) with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(sender.Span).Select(g => g.Span.SpanId).ToArray() };
                yield break;
            }
        }
    }

    // A tool that sends a message to someone: its verb, or a word of its name.
    private static bool Sends(string name)
    {
        if (ToolNames.Reads(name)) return false;
        if (ToolNames.Verb(name) is "send" or "email" or "notify" or "text" or "sms" or "message" or "reply" or "mail") return true;
        return NameWords.Word().Matches(name).Any(w => w.Value.ToLowerInvariant() is "email" or "sms" or "notification" or "notify");
    }

    // The action's arguments name what the message names: a reference it quotes, or a day it writes in words.
    private static bool SameThing(string arguments, string message)
    {
        foreach (var fact in Facts.Extract(arguments))
        {
            if (fact.Kind == FactKind.Identifier && message.Contains(fact.Written, StringComparison.Ordinal)) return true;
        }

        foreach (Match day in IsoDay().Matches(arguments))
        {
            if (DaysOfMonth.Writes(message, int.Parse(day.Groups["m"].Value, CultureInfo.InvariantCulture), int.Parse(day.Groups["d"].Value, CultureInfo.InvariantCulture))) return true;
        }

        return false;
    }
}
